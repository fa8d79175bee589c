//! Lists of projects: the pipeline, paged with an exact total, by name or by
//! signing date and optionally at one stage; a fellow's projects; a
//! chamber's projects. Stages and signing dates are derived from the events
//! as known today, so a filter or an order on them reads the events of
//! every visible project (one statement) and pages in memory.

use super::facts::events_by_project;
use super::scope::{visible, visible_ids};
use super::{
    FellowProject, MAX_PAGE_ROWS, ProjectQuery, ProjectRow, ProjectSort, Projects, kind_of, role_of, role_rank,
};
use crate::entities::{chamber, project, project_fellow, project_stage_event};
use crate::names::{unit_names, user_names};
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::projects::{Stage, StageEvent, first_date, stage_as_of};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Where a project stands today and when it was signed, from its events.
fn standing(events: Option<&Vec<StageEvent>>, day: NaiveDate) -> (Stage, Option<NaiveDate>) {
    let events = events.map(Vec::as_slice).unwrap_or_default();
    (stage_as_of(events, day), first_date(events, Stage::Signed, day))
}

/// The list lines of `projects`, in their order.
async fn rows(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    projects: Vec<project::Model>,
) -> StoreResult<Vec<ProjectRow>> {
    let ids: Vec<Uuid> = projects.iter().map(|p| p.id).collect();
    let events =
        events_by_project(db, tenant_id, Condition::all().add(project_stage_event::Column::ProjectId.is_in(ids)))
            .await?;
    let units = unit_names(db, tenant_id, projects.iter().map(|p| p.unit_id)).await?;
    let officers = user_names(db, tenant_id, projects.iter().filter_map(|p| p.officer_id)).await?;
    let day = today();
    Ok(projects
        .into_iter()
        .map(|p| {
            let (stage, signed_on) = standing(events.get(&p.id), day);
            ProjectRow {
                unit: units.get(&p.unit_id).cloned().unwrap_or_default(),
                officer: p.officer_id.and_then(|o| officers.get(&o).cloned()).unwrap_or_default(),
                kind: kind_of(&p.kind),
                stage,
                signed_on,
                id: p.id,
                name: p.name,
                investment_fen: p.investment_fen,
                unit_id: p.unit_id,
                officer_id: p.officer_id,
            }
        })
        .collect())
}

impl Projects<'_> {
    /// The projects the reader sees that meet `q`, one page of them, and how
    /// many there are.
    pub async fn list(&self, q: &ProjectQuery) -> StoreResult<(Vec<ProjectRow>, u64)> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let t = read.tenant_id();
        let limit = q.limit.clamp(1, MAX_PAGE_ROWS);
        let order = if q.descending { Order::Desc } else { Order::Asc };
        if q.stage.is_none() && q.sort == ProjectSort::Name {
            let find = project::Entity::find().filter(visible(read));
            let total = find.clone().count(db).await?;
            let page = find
                .order_by(project::Column::SortKey, order.clone())
                .order_by(project::Column::Id, order)
                .offset(q.offset)
                .limit(limit)
                .all(db)
                .await?;
            return Ok((rows(db, t, page).await?, total));
        }
        let keys: Vec<(Uuid, String)> = project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .column(project::Column::SortKey)
            .filter(visible(read))
            .into_tuple()
            .all(db)
            .await?;
        let seen = Condition::all().add(project_stage_event::Column::ProjectId.in_subquery(visible_ids(read)));
        let events = events_by_project(db, t, seen).await?;
        let day = today();
        let mut kept: Vec<(Option<NaiveDate>, String, Uuid)> = keys
            .into_iter()
            .filter_map(|(id, key)| {
                let (stage, signed) = standing(events.get(&id), day);
                q.stage.is_none_or(|s| s == stage).then_some((signed, key, id))
            })
            .collect();
        kept.sort_by(|a, b| {
            let by = match q.sort {
                ProjectSort::Signed => (a.0.is_none(), a.0).cmp(&(b.0.is_none(), b.0)),
                ProjectSort::Name => std::cmp::Ordering::Equal,
            };
            by.then_with(|| (&a.1, a.2).cmp(&(&b.1, b.2)))
        });
        if q.descending {
            // Reversed, with unsigned projects still last when sorting by signing date.
            let split = kept.iter().position(|k| q.sort == ProjectSort::Signed && k.0.is_none()).unwrap_or(kept.len());
            kept[..split].reverse();
        }
        let total = kept.len() as u64;
        let ids: Vec<Uuid> = kept.into_iter().skip(q.offset as usize).take(limit as usize).map(|k| k.2).collect();
        let mut by_id: HashMap<Uuid, project::Model> = project::Entity::find()
            .filter(project::Column::TenantId.eq(t))
            .filter(project::Column::Id.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let page = ids.iter().filter_map(|id| by_id.remove(id)).collect();
        Ok((rows(db, t, page).await?, total))
    }

    /// The projects the reader sees that credit fellow `fellow_id`, with the
    /// fellow's role, by project name; `NotFound` when the reader may not see
    /// the fellow.
    pub async fn fellow_projects(&self, fellow_id: Uuid) -> StoreResult<Vec<FellowProject>> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        self.seen_fellow(fellow_id).await?;
        let links = project_fellow::Entity::find()
            .filter(project_fellow::Column::TenantId.eq(read.tenant_id()))
            .filter(project_fellow::Column::FellowId.eq(fellow_id))
            .filter(project_fellow::Column::ProjectId.in_subquery(visible_ids(read)))
            .all(db)
            .await?;
        let projects = project::Entity::find()
            .filter(project::Column::TenantId.eq(read.tenant_id()))
            .filter(project::Column::Id.is_in(links.iter().map(|l| l.project_id)))
            .order_by_asc(project::Column::SortKey)
            .order_by_asc(project::Column::Id)
            .all(db)
            .await?;
        let rows = rows(db, read.tenant_id(), projects).await?;
        Ok(rows
            .iter()
            .flat_map(|row| {
                let roles = links.iter().filter(|l| l.project_id == row.id).map(|l| role_of(&l.role));
                let mut roles: Vec<_> = roles.collect();
                roles.sort_by_key(|r| role_rank(*r));
                roles.into_iter().map(|role| FellowProject { project: row.clone(), role })
            })
            .collect())
    }

    /// The projects the reader sees that chamber `chamber_id` brought, by
    /// name; `NotFound` for a chamber the county does not have.
    pub async fn chamber_projects(&self, chamber_id: Uuid) -> StoreResult<Vec<ProjectRow>> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        chamber::Entity::find_by_id((read.tenant_id(), chamber_id)).one(db).await?.ok_or(StoreError::NotFound)?;
        let projects = project::Entity::find()
            .filter(visible(read))
            .filter(project::Column::SourceChamberId.eq(chamber_id))
            .order_by_asc(project::Column::SortKey)
            .order_by_asc(project::Column::Id)
            .all(db)
            .await?;
        rows(db, read.tenant_id(), projects).await
    }
}
