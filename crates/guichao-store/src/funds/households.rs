//! The "211" households: recorded one by one (county work, audited with
//! after, or before and after), in bulk from a township's roll (one
//! transaction, one audit event); listed by township and year and counted
//! by township for a day through the domain's count.

use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{household, org_unit};
use crate::funds::{Funds, MAX_PAGE_ROWS, fields, text};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::date::today;
use guichao_domain::funds::households::{Verified, check, count_by_township};
use guichao_domain::ids::new_id;
use guichao_domain::org::UnitLevel;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A household as typed or read from a roll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdDraft {
    pub head_name: String,
    /// Its village, or its township when the village is not known.
    pub unit_id: Uuid,
    pub area_hundredths_mu: i64,
    pub income_fen: i64,
    pub year_verified: i32,
    pub note: String,
}

/// A household as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    pub id: Uuid,
    pub head_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub township_id: Uuid,
    pub township_name: String,
    pub area_hundredths_mu: i64,
    pub income_fen: i64,
    pub year_verified: i32,
    pub note: String,
}

/// Which households to list: by township and year verified, a page of them.
#[derive(Debug, Clone, Default)]
pub struct HouseholdQuery {
    pub township: Option<Uuid>,
    pub year: Option<i32>,
    pub offset: u64,
    pub limit: u64,
}

/// A unit a household may be recorded in: a township or a village, with
/// its township.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdPlace {
    pub id: Uuid,
    pub name: String,
    pub township_id: Uuid,
    pub township_name: String,
}

impl Funds<'_> {
    /// The townships and villages the reader sees, townships first, each
    /// with its township.
    pub async fn household_places(&self) -> StoreResult<Vec<HouseholdPlace>> {
        let units = org_unit::Entity::find()
            .filter(self.reading().units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
            .order_by_asc(org_unit::Column::Path)
            .all(&self.store().db)
            .await?;
        let townships: HashMap<Uuid, String> =
            units.iter().filter(|u| u.level == UnitLevel::Township.code()).map(|u| (u.id, u.name.clone())).collect();
        let mut places: Vec<HouseholdPlace> = units
            .iter()
            .filter_map(|u| {
                let township = match u.level.as_str() {
                    l if l == UnitLevel::Township.code() => u.id,
                    l if l == UnitLevel::Village.code() => u.parent_id?,
                    _ => return None,
                };
                let township_name = townships.get(&township)?.clone();
                Some(HouseholdPlace { id: u.id, name: u.name.clone(), township_id: township, township_name })
            })
            .collect();
        places.sort_by_key(|p| (p.id != p.township_id, p.township_name.clone(), p.name.clone()));
        Ok(places)
    }

    async fn place_map(&self) -> StoreResult<HashMap<Uuid, HouseholdPlace>> {
        Ok(self.household_places().await?.into_iter().map(|p| (p.id, p)).collect())
    }

    /// Records one household; answers its id.
    pub async fn add_household(&self, draft: HouseholdDraft) -> StoreResult<Uuid> {
        Ok(self.write_households(vec![draft], AuditAction::HouseholdCreate, json!({})).await?[0])
    }

    /// Writes households in one transaction, all or none, audited as one
    /// event counting them and naming their source (a file, or the demo).
    pub async fn import_households(
        &self,
        drafts: Vec<HouseholdDraft>,
        source: serde_json::Value,
    ) -> StoreResult<usize> {
        Ok(self.write_households(drafts, AuditAction::HouseholdImport, source).await?.len())
    }

    async fn write_households(
        &self,
        drafts: Vec<HouseholdDraft>,
        action: AuditAction,
        source: serde_json::Value,
    ) -> StoreResult<Vec<Uuid>> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let places = self.place_map().await?;
        let mut rows = Vec::with_capacity(drafts.len());
        for d in &drafts {
            rows.push(checked(actor.tenant_id, d, &places, None)?);
        }
        let tx = store.begin_write().await?;
        let mut ids = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(500) {
            let models: Vec<household::ActiveModel> = chunk
                .iter()
                .map(|r| {
                    let mut m = r.clone();
                    m.created_by = Some(actor.user_id);
                    ids.push(m.id);
                    household::ActiveModel::from(m)
                })
                .collect();
            household::Entity::insert_many(models).exec_without_returning(&*tx).await?;
        }
        let detail = match action {
            AuditAction::HouseholdCreate => json!({"after": shown(&rows[0], &places)}),
            _ => {
                let mut d = json!({"households": ids.len()});
                if let (Some(d), Some(src)) = (d.as_object_mut(), source.as_object()) {
                    d.extend(src.clone());
                }
                d
            }
        };
        let subject = if ids.len() == 1 && action == AuditAction::HouseholdCreate { ids[0] } else { Uuid::nil() };
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(action, "household", subject, detail)).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Corrects household `id`, audited with before and after.
    pub async fn update_household(&self, id: Uuid, draft: HouseholdDraft) -> StoreResult<()> {
        self.county_writer()?;
        let (store, actor) = (self.store(), self.actor());
        let places = self.place_map().await?;
        let tx = store.begin_write().await?;
        let old = household::Entity::find_by_id((actor.tenant_id, id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let new = checked(actor.tenant_id, &draft, &places, Some(&old))?;
        let detail = json!({"before": shown(&old, &places), "after": shown(&new, &places)});
        let mut m: household::ActiveModel = old.into();
        m.head_name = Set(new.head_name);
        m.unit_id = Set(new.unit_id);
        m.township_id = Set(new.township_id);
        m.area_hundredths_mu = Set(new.area_hundredths_mu);
        m.income_fen = Set(new.income_fen);
        m.year_verified = Set(new.year_verified);
        m.note = Set(new.note);
        m.update(&*tx).await?;
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::HouseholdUpdate, "household", id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Household `id`, if the reader sees it.
    pub async fn household(&self, id: Uuid) -> StoreResult<HouseholdRow> {
        let q = household::Entity::find().filter(household::Column::Id.eq(id));
        let found = self.scoped_households(q).await?;
        let places = self.place_map().await?;
        found.first().map(|h| row(h, &places)).ok_or(StoreError::NotFound)
    }

    /// A page of the households the reader sees, by township, village and
    /// head; and how many match.
    pub async fn households(&self, q: &HouseholdQuery) -> StoreResult<(Vec<HouseholdRow>, u64)> {
        let mut find = household::Entity::find();
        if let Some(t) = q.township {
            find = find.filter(household::Column::TownshipId.eq(t));
        }
        if let Some(y) = q.year {
            find = find.filter(household::Column::YearVerified.eq(y));
        }
        let places = self.place_map().await?;
        let mut rows: Vec<HouseholdRow> = self.scoped_households(find).await?.iter().map(|h| row(h, &places)).collect();
        rows.sort_by(|a, b| {
            (&a.township_name, &a.unit_name, &a.head_name, a.id).cmp(&(
                &b.township_name,
                &b.unit_name,
                &b.head_name,
                b.id,
            ))
        });
        let total = rows.len() as u64;
        let page = rows.into_iter().skip(q.offset as usize).take(q.limit.clamp(1, MAX_PAGE_ROWS) as usize);
        Ok((page.collect(), total))
    }

    async fn scoped_households(&self, find: sea_orm::Select<household::Entity>) -> StoreResult<Vec<household::Model>> {
        Ok(find
            .filter(self.reading().units_condition(household::Column::TenantId, household::Column::TownshipId))
            .all(&self.store().db)
            .await?)
    }

    /// The households the reader sees verified by `as_of`'s year, by
    /// township (each township the reader sees, with none as 0).
    pub async fn households_by_township(&self, as_of: NaiveDate) -> StoreResult<Vec<(Uuid, String, i64)>> {
        let records: Vec<Verified<Uuid>> = self
            .scoped_households(household::Entity::find())
            .await?
            .iter()
            .map(|h| Verified { township: h.township_id, year: h.year_verified })
            .collect();
        let counts = count_by_township(&records, as_of);
        let places = self.household_places().await?;
        Ok(places
            .into_iter()
            .filter(|p| p.id == p.township_id)
            .map(|p| (p.id, p.name, counts.get(&p.township_id).copied().unwrap_or(0)))
            .collect())
    }
}

/// A draft checked against the places the writer reaches, as the row to
/// store (a new one, or `old` corrected).
fn checked(
    t: Uuid,
    d: &HouseholdDraft,
    places: &HashMap<Uuid, HouseholdPlace>,
    old: Option<&household::Model>,
) -> StoreResult<household::Model> {
    let mut errors = check(d.area_hundredths_mu, d.income_fen, d.year_verified, today());
    let place = places.get(&d.unit_id);
    if place.is_none() {
        errors.push(("unit", guichao_domain::Msg::new("请选择乡镇或村", "Choose a township or village")));
    }
    if !errors.is_empty() {
        return Err(fields(errors));
    }
    let place = place.ok_or(StoreError::NotFound)?;
    let head_name = text("head_name", &d.head_name, 30, true)?;
    let note = text("note", &d.note, 200, false)?;
    Ok(household::Model {
        tenant_id: t,
        id: old.map_or_else(new_id, |o| o.id),
        head_name,
        unit_id: place.id,
        township_id: place.township_id,
        area_hundredths_mu: d.area_hundredths_mu,
        income_fen: d.income_fen,
        year_verified: d.year_verified,
        note,
        created_by: old.and_then(|o| o.created_by),
        created_at: old.map_or_else(now, |o| o.created_at),
    })
}

fn row(h: &household::Model, places: &HashMap<Uuid, HouseholdPlace>) -> HouseholdRow {
    let place = places.get(&h.unit_id);
    HouseholdRow {
        id: h.id,
        head_name: h.head_name.clone(),
        unit_id: h.unit_id,
        unit_name: place.map(|p| p.name.clone()).unwrap_or_default(),
        township_id: h.township_id,
        township_name: place.map(|p| p.township_name.clone()).unwrap_or_default(),
        area_hundredths_mu: h.area_hundredths_mu,
        income_fen: h.income_fen,
        year_verified: h.year_verified,
        note: h.note.clone(),
    }
}

fn shown(h: &household::Model, places: &HashMap<Uuid, HouseholdPlace>) -> serde_json::Value {
    json!({
        "head": h.head_name, "unit": places.get(&h.unit_id).map(|p| p.name.as_str()).unwrap_or(""),
        "area_hundredths_mu": h.area_hundredths_mu, "income_fen": h.income_fen, "year": h.year_verified,
        "note": h.note,
    })
}
