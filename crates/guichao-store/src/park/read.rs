//! Reading the park: a page of parcels or units with each one's status and
//! holder on a day, one site with its allocation history, the sites a
//! project holds, and the projects a writer may allocate a site to.

use super::sites::Seen;
use super::{
    AllocationRow, MAX_PAGE_ROWS, MAX_PROJECT_CHOICES, ParcelDetail, ParcelRow, Park, ProjectAllocationRow,
    ProjectChoice, SiteId, SiteQuery, SiteSort, UnitDetail, UnitRow, unit_label, zoning_of,
};
use crate::entities::{park_allocation, park_parcel, park_unit, project};
use crate::projects::scope::visible;
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::park::{Allocation, holding, parcel_status, unit_status};
use sea_orm::sea_query::Order;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// The allocations of one site, and the one holding it on `as_of` as a row.
fn history(
    mine: &[&park_allocation::Model],
    seen: &Seen,
    as_of: NaiveDate,
) -> (Vec<Allocation>, Option<AllocationRow>) {
    let domain: Vec<Allocation> = mine.iter().map(|a| seen.domain(a)).collect();
    let holder = holding(&domain, as_of).and_then(|h| mine.iter().find(|a| a.id == h.id)).map(|a| seen.row(a));
    (domain, holder)
}

fn parcel_row(p: &park_parcel::Model, mine: &[&park_allocation::Model], seen: &Seen, as_of: NaiveDate) -> ParcelRow {
    let (domain, holder) = history(mine, seen, as_of);
    ParcelRow {
        id: p.id,
        name: p.name.clone(),
        area_hundredths_mu: p.area_hundredths_mu,
        zoning: zoning_of(&p.zoning),
        status: parcel_status(&domain, as_of),
        holder,
    }
}

fn unit_row(u: &park_unit::Model, mine: &[&park_allocation::Model], seen: &Seen, as_of: NaiveDate) -> UnitRow {
    let (domain, holder) = history(mine, seen, as_of);
    UnitRow {
        id: u.id,
        building: u.building.clone(),
        unit_no: u.unit_no.clone(),
        floor: u.floor,
        area_m2: u.area_m2,
        status: unit_status(&domain, as_of),
        holder,
    }
}

/// The allocations of `rows` grouped by the site `site_of` names.
fn by_site(
    rows: &[park_allocation::Model],
    site_of: impl Fn(&park_allocation::Model) -> Option<Uuid>,
) -> HashMap<Uuid, Vec<&park_allocation::Model>> {
    let mut out: HashMap<Uuid, Vec<&park_allocation::Model>> = HashMap::new();
    for a in rows {
        if let Some(site) = site_of(a) {
            out.entry(site).or_default().push(a);
        }
    }
    out
}

impl Park<'_> {
    /// A page of the county's parcels with their status on `q.as_of`, and
    /// how many parcels there are.
    pub async fn parcels(&self, q: &SiteQuery) -> StoreResult<(Vec<ParcelRow>, u64)> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let find = || park_parcel::Entity::find().filter(park_parcel::Column::TenantId.eq(read.tenant_id()));
        let total = find().count(db).await?;
        let order = if q.descending { Order::Desc } else { Order::Asc };
        let sorted = match q.sort {
            SiteSort::Name => find(),
            SiteSort::Area => find().order_by(park_parcel::Column::AreaHundredthsMu, order.clone()),
        };
        let parcels = sorted
            .order_by(park_parcel::Column::SortKey, order.clone())
            .order_by(park_parcel::Column::Id, order)
            .offset(q.offset)
            .limit(q.limit.clamp(1, MAX_PAGE_ROWS))
            .all(db)
            .await?;
        let ids = parcels.iter().map(|p| p.id);
        let allocations =
            self.allocations_where(db, Condition::all().add(park_allocation::Column::ParcelId.is_in(ids))).await?;
        let seen = self.seen(db, read, &allocations).await?;
        let mine = by_site(&allocations, |a| a.parcel_id);
        let rows = parcels
            .iter()
            .map(|p| parcel_row(p, mine.get(&p.id).map_or(&[][..], Vec::as_slice), &seen, q.as_of))
            .collect();
        Ok((rows, total))
    }

    /// A page of the county's factory units with their status on `q.as_of`,
    /// and how many units there are.
    pub async fn units(&self, q: &SiteQuery) -> StoreResult<(Vec<UnitRow>, u64)> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let find = || park_unit::Entity::find().filter(park_unit::Column::TenantId.eq(read.tenant_id()));
        let total = find().count(db).await?;
        let order = if q.descending { Order::Desc } else { Order::Asc };
        let sorted = match q.sort {
            SiteSort::Name => find(),
            SiteSort::Area => find().order_by(park_unit::Column::AreaM2, order.clone()),
        };
        let units = sorted
            .order_by(park_unit::Column::Building, order.clone())
            .order_by(park_unit::Column::Floor, order.clone())
            .order_by(park_unit::Column::UnitNo, order.clone())
            .order_by(park_unit::Column::Id, order)
            .offset(q.offset)
            .limit(q.limit.clamp(1, MAX_PAGE_ROWS))
            .all(db)
            .await?;
        let ids = units.iter().map(|u| u.id);
        let allocations =
            self.allocations_where(db, Condition::all().add(park_allocation::Column::UnitId.is_in(ids))).await?;
        let seen = self.seen(db, read, &allocations).await?;
        let mine = by_site(&allocations, |a| a.unit_id);
        let rows =
            units.iter().map(|u| unit_row(u, mine.get(&u.id).map_or(&[][..], Vec::as_slice), &seen, q.as_of)).collect();
        Ok((rows, total))
    }

    /// One parcel with its status on `as_of` and every allocation, or `NotFound`.
    pub async fn parcel(&self, id: Uuid, as_of: NaiveDate) -> StoreResult<ParcelDetail> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let p = park_parcel::Entity::find_by_id((read.tenant_id(), id)).one(db).await?.ok_or(StoreError::NotFound)?;
        let rows = self.allocations_where(db, Condition::all().add(park_allocation::Column::ParcelId.eq(id))).await?;
        let seen = self.seen(db, read, &rows).await?;
        let mine: Vec<&park_allocation::Model> = rows.iter().collect();
        Ok(ParcelDetail {
            row: parcel_row(&p, &mine, &seen, as_of),
            notes: p.notes,
            created_at: p.created_at,
            allocations: rows.iter().map(|a| seen.row(a)).collect(),
        })
    }

    /// One factory unit with its status on `as_of` and every allocation, or `NotFound`.
    pub async fn unit(&self, id: Uuid, as_of: NaiveDate) -> StoreResult<UnitDetail> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let u = park_unit::Entity::find_by_id((read.tenant_id(), id)).one(db).await?.ok_or(StoreError::NotFound)?;
        let rows = self.allocations_where(db, Condition::all().add(park_allocation::Column::UnitId.eq(id))).await?;
        let seen = self.seen(db, read, &rows).await?;
        let mine: Vec<&park_allocation::Model> = rows.iter().collect();
        Ok(UnitDetail {
            row: unit_row(&u, &mine, &seen, as_of),
            notes: u.notes,
            created_at: u.created_at,
            allocations: rows.iter().map(|a| seen.row(a)).collect(),
        })
    }

    /// The sites allocated to a project the reader sees, by start date; `NotFound` otherwise.
    pub async fn project_allocations(&self, project_id: Uuid) -> StoreResult<Vec<ProjectAllocationRow>> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let t = read.tenant_id();
        let seen =
            project::Entity::find().filter(project::Column::Id.eq(project_id)).filter(visible(read)).count(db).await?;
        if seen == 0 {
            return Err(StoreError::NotFound);
        }
        let rows =
            self.allocations_where(db, Condition::all().add(park_allocation::Column::ProjectId.eq(project_id))).await?;
        let parcels: HashMap<Uuid, park_parcel::Model> = park_parcel::Entity::find()
            .filter(park_parcel::Column::TenantId.eq(t))
            .filter(park_parcel::Column::Id.is_in(rows.iter().filter_map(|a| a.parcel_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let units: HashMap<Uuid, park_unit::Model> = park_unit::Entity::find()
            .filter(park_unit::Column::TenantId.eq(t))
            .filter(park_unit::Column::Id.is_in(rows.iter().filter_map(|a| a.unit_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        Ok(rows
            .into_iter()
            .map(|a| {
                let parcel = a.parcel_id.and_then(|id| parcels.get(&id));
                let unit = a.unit_id.and_then(|id| units.get(&id));
                let site = match (parcel, unit) {
                    (Some(p), _) => p.name.clone(),
                    (None, Some(u)) => unit_label(&u.building, &u.unit_no),
                    (None, None) => String::new(),
                };
                ProjectAllocationRow {
                    id: a.id,
                    parcel_id: a.parcel_id,
                    unit_id: a.unit_id,
                    site,
                    area_hundredths_mu: parcel.map_or(0, |p| p.area_hundredths_mu),
                    area_m2: unit.map_or(0, |u| u.area_m2),
                    from: a.from_date,
                    until: a.until_date,
                    moved_in: a.moved_in,
                    note: a.note,
                }
            })
            .collect())
    }

    /// The projects the actor may allocate a site to (those they may write),
    /// by name, at most [`MAX_PROJECT_CHOICES`]; none without `project.write`.
    pub async fn project_choices(&self) -> StoreResult<Vec<ProjectChoice>> {
        let Ok(write) = self.0.also(Permission::ProjectWrite) else { return Ok(vec![]) };
        Ok(project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .column(project::Column::Name)
            .filter(visible(&write))
            .order_by_asc(project::Column::SortKey)
            .order_by_asc(project::Column::Id)
            .limit(MAX_PROJECT_CHOICES)
            .into_tuple::<(Uuid, String)>()
            .all(&self.store().db)
            .await?
            .into_iter()
            .map(|(id, name)| ProjectChoice { id, name })
            .collect())
    }

    /// One allocation with the site it is of, or `NotFound`.
    pub async fn allocation(&self, id: Uuid) -> StoreResult<(SiteId, AllocationRow)> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let rows = self.allocations_where(db, Condition::all().add(park_allocation::Column::Id.eq(id))).await?;
        let a = rows.first().ok_or(StoreError::NotFound)?;
        let site = match (a.parcel_id, a.unit_id) {
            (Some(p), _) => SiteId::Parcel(p),
            (None, Some(u)) => SiteId::Unit(u),
            (None, None) => return Err(StoreError::NotFound),
        };
        let seen = self.seen(db, read, &rows).await?;
        Ok((site, seen.row(a)))
    }
}
