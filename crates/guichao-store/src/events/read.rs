//! Reading events: the list filtered by kind, year and place; one event with
//! its attendees; the year's count for the home card; and the choices the
//! forms offer (organising units, chambers, cadres).

use super::write::{kind_of, may_change, unit_name};
use super::{Choice, EventFellow, EventParty, EventQuery, EventRow, EventView, Events, MAX_PAGE_ROWS, visible_events};
use crate::entities::{chamber, event, event_cadre, event_chamber, event_fellow, fellow, org_unit, user};
use crate::fellows::scope::visible;
use crate::like::contains;
use crate::names::{unit_names, user_names};
use crate::{Scope, StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::events::Attendance;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

fn status_of(code: &str) -> Attendance {
    Attendance::parse(code).unwrap_or(Attendance::Invited)
}

/// January 1 and December 31 of `year`, or `None` for a year out of range.
fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?))
}

impl Events<'_> {
    fn read(&self) -> StoreResult<&Scope> {
        self.0.need(Permission::LiaisonRead)
    }

    /// The events the actor sees that meet `q`, newest first, and how many there are.
    pub async fn list(&self, q: &EventQuery) -> StoreResult<(Vec<EventRow>, u64)> {
        let db = &self.store().db;
        let read = self.read()?;
        let t = read.tenant_id();
        let mut find = event::Entity::find().filter(visible_events(read));
        if let Some(kind) = q.kind {
            find = find.filter(event::Column::Kind.eq(kind.code()));
        }
        if let Some(year) = q.year {
            let (from, to) = year_bounds(year).ok_or_else(|| StoreError::field("year", "年份无效", "Bad year"))?;
            find = find.filter(event::Column::StartDate.between(from, to));
        }
        if let Some(place) = q.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            find = find.filter(event::Column::Place.like(contains(place)));
        }
        let total = find.clone().count(db).await?;
        let page = find
            .order_by_desc(event::Column::StartDate)
            .order_by_desc(event::Column::Id)
            .offset(q.offset)
            .limit(q.limit.clamp(1, MAX_PAGE_ROWS))
            .all(db)
            .await?;
        let ids: Vec<Uuid> = page.iter().map(|e| e.id).collect();
        let mut counts: HashMap<(Uuid, String), u64> = HashMap::new();
        for (event_id, status) in event_fellow::Entity::find()
            .select_only()
            .column(event_fellow::Column::EventId)
            .column(event_fellow::Column::Status)
            .filter(event_fellow::Column::TenantId.eq(t))
            .filter(event_fellow::Column::EventId.is_in(ids))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
        {
            *counts.entry((event_id, status)).or_default() += 1;
        }
        let units = unit_names(db, t, page.iter().map(|e| e.organiser_unit_id)).await?;
        let count = |id: Uuid, s: Attendance| counts.get(&(id, s.code().to_string())).copied().unwrap_or(0);
        let rows = page
            .into_iter()
            .map(|e| EventRow {
                attended: count(e.id, Attendance::Attended),
                invited: count(e.id, Attendance::Invited),
                organiser: units.get(&e.organiser_unit_id).cloned().unwrap_or_default(),
                id: e.id,
                title: e.title,
                kind: kind_of(&e.kind),
                start_date: e.start_date,
                end_date: e.end_date,
                place: e.place,
                organiser_unit_id: e.organiser_unit_id,
            })
            .collect();
        Ok((rows, total))
    }

    /// How many events the actor sees that start in `year` (the home card).
    pub async fn count_in_year(&self, year: i32) -> StoreResult<u64> {
        let (from, to) = year_bounds(year).ok_or_else(|| StoreError::field("year", "年份无效", "Bad year"))?;
        Ok(event::Entity::find()
            .filter(visible_events(self.read()?))
            .filter(event::Column::StartDate.between(from, to))
            .count(&self.store().db)
            .await?)
    }

    /// One event with its attendees; `NotFound` when deleted or not seen.
    pub async fn get(&self, id: Uuid) -> StoreResult<EventView> {
        let db = &self.store().db;
        let read = self.read()?;
        let t = read.tenant_id();
        let e = event::Entity::find()
            .filter(event::Column::Id.eq(id))
            .filter(visible_events(read))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let can_edit = match self.actor().scope(Permission::LiaisonWrite) {
            Ok(write) => may_change(db, &write, self.actor().user_id(), &e).await?,
            Err(_) => false,
        };
        let links = event_fellow::Entity::find()
            .filter(event_fellow::Column::TenantId.eq(t))
            .filter(event_fellow::Column::EventId.eq(id))
            .all(db)
            .await?;
        let names: HashMap<Uuid, String> = fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .column(fellow::Column::Name)
            .filter(fellow::Column::Id.is_in(links.iter().map(|l| l.fellow_id).collect::<Vec<_>>()))
            .filter(visible(read))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let mut fellows: Vec<EventFellow> = links
            .into_iter()
            .map(|l| EventFellow {
                name: names.get(&l.fellow_id).cloned(),
                status: status_of(&l.status),
                contact_id: l.contact_id,
                fellow_id: l.fellow_id,
            })
            .collect();
        fellows.sort_by(|a, b| {
            (a.name.is_none(), a.status != Attendance::Attended, &a.name, a.fellow_id).cmp(&(
                b.name.is_none(),
                b.status != Attendance::Attended,
                &b.name,
                b.fellow_id,
            ))
        });
        let cadre_rows = event_cadre::Entity::find()
            .filter(event_cadre::Column::TenantId.eq(t))
            .filter(event_cadre::Column::EventId.eq(id))
            .all(db)
            .await?;
        let user_names = user_names(db, t, cadre_rows.iter().map(|c| c.user_id).chain([e.author_id])).await?;
        let mut cadres: Vec<EventParty> = cadre_rows
            .into_iter()
            .map(|c| EventParty {
                name: user_names.get(&c.user_id).cloned().unwrap_or_default(),
                status: status_of(&c.status),
                id: c.user_id,
            })
            .collect();
        cadres.sort_by(|a, b| {
            (a.status != Attendance::Attended, &a.name).cmp(&(b.status != Attendance::Attended, &b.name))
        });
        let chamber_rows = event_chamber::Entity::find()
            .filter(event_chamber::Column::TenantId.eq(t))
            .filter(event_chamber::Column::EventId.eq(id))
            .all(db)
            .await?;
        let chamber_names: HashMap<Uuid, String> = chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(t))
            .filter(chamber::Column::Id.is_in(chamber_rows.iter().map(|c| c.chamber_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let mut chambers: Vec<EventParty> = chamber_rows
            .into_iter()
            .map(|c| EventParty {
                name: chamber_names.get(&c.chamber_id).cloned().unwrap_or_default(),
                status: status_of(&c.status),
                id: c.chamber_id,
            })
            .collect();
        chambers.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(EventView {
            organiser: unit_name(db, t, e.organiser_unit_id).await?,
            author: user_names.get(&e.author_id).cloned().unwrap_or_default(),
            kind: kind_of(&e.kind),
            id: e.id,
            title: e.title,
            start_date: e.start_date,
            end_date: e.end_date,
            place: e.place,
            organiser_unit_id: e.organiser_unit_id,
            outcomes: e.outcomes,
            leads: e.leads,
            author_id: e.author_id,
            created_at: e.created_at,
            updated_at: e.updated_at,
            fellows,
            cadres,
            chambers,
            can_edit,
        })
    }

    /// The units the actor may organise an event for: their own and those
    /// their `liaison.write` scope covers, county and townships first.
    pub async fn organisers(&self) -> StoreResult<Vec<Choice>> {
        let write = self.0.need(Permission::LiaisonWrite)?;
        let own = self.actor().unit_id();
        let units = org_unit::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(write.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
                    .add(org_unit::Column::Id.eq(own)),
            )
            .filter(org_unit::Column::TenantId.eq(write.tenant_id()))
            .filter(org_unit::Column::Level.ne("village"))
            .order_by_asc(org_unit::Column::Path)
            .all(&self.store().db)
            .await?;
        let mut choices: Vec<Choice> = units.into_iter().map(|u| Choice { id: u.id, name: u.name }).collect();
        if !choices.iter().any(|c| c.id == own) {
            choices.insert(0, Choice { id: own, name: self.actor().unit_name().to_string() });
        }
        Ok(choices)
    }

    /// The county's chambers, by name (chambers are county-wide records).
    pub async fn chambers(&self) -> StoreResult<Vec<Choice>> {
        let t = self.0.need(Permission::LiaisonWrite)?.tenant_id();
        Ok(chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(t))
            .order_by_asc(chamber::Column::Name)
            .all(&self.store().db)
            .await?
            .into_iter()
            .map(|c| Choice { id: c.id, name: c.name })
            .collect())
    }

    /// The active user of the county whose username or display name is
    /// `text`, for the attendance form's "add a cadre" box; a field error on
    /// `cadres` when none or several are.
    pub async fn cadre_named(&self, text: &str) -> StoreResult<Uuid> {
        let t = self.0.need(Permission::LiaisonWrite)?.tenant_id();
        let text = text.trim();
        let found: Vec<Uuid> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::TenantId.eq(t))
            .filter(user::Column::Active.eq(true))
            .filter(
                sea_orm::Condition::any().add(user::Column::Username.eq(text)).add(user::Column::DisplayName.eq(text)),
            )
            .into_tuple()
            .all(&self.store().db)
            .await?;
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(StoreError::field(
                "cadres",
                format!("没有名为“{text}”的干部账号"),
                format!("No cadre is named {text:?}"),
            )),
            _ => Err(StoreError::field(
                "cadres",
                format!("有多位干部名为“{text}”，请填写用户名"),
                format!("Several cadres are named {text:?}: type the username"),
            )),
        }
    }
}
