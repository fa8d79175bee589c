//! The park's figures, computed by the domain ([`park_figures`],
//! [`park_allocations`]) from the records as they stand: every parcel and
//! unit with its allocations, and for each project the reader sees that
//! holds or held a site, its agreed investment and whether a fellow
//! invested in it or introduced it. Five statements, whatever the size of
//! the park.

use super::Park;
use crate::entities::{park_allocation, park_parcel, park_unit, project, project_fellow};
use crate::projects::scope::visible;
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::park::{
    ParcelFacts, ParkAllocations, ParkFigures, ProjectParkFacts, UnitFacts, park_allocations, park_figures,
};
use guichao_domain::projects::{Period, ProjectRole};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What the park's figures are computed from.
#[derive(Debug, Clone, Default)]
pub struct ParkFacts {
    /// Every parcel of the county, with its allocations (their projects
    /// kept only when the reader sees them).
    pub parcels: Vec<ParcelFacts>,
    pub units: Vec<UnitFacts>,
    /// The projects the reader sees that were ever allocated a site.
    pub projects: HashMap<Uuid, ProjectParkFacts>,
}

impl Park<'_> {
    /// The facts of the park's figures as the records stand.
    pub async fn facts(&self) -> StoreResult<ParkFacts> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let t = read.tenant_id();
        let allocations =
            park_allocation::Entity::find().filter(park_allocation::Column::TenantId.eq(t)).all(db).await?;
        let allocated = Query::select()
            .column(park_allocation::Column::ProjectId)
            .from(park_allocation::Entity)
            .and_where(park_allocation::Column::TenantId.eq(t))
            .to_owned();
        let investments: HashMap<Uuid, i64> = project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .column(project::Column::InvestmentFen)
            .filter(project::Column::Id.in_subquery(allocated.clone()))
            .filter(visible(read))
            .into_tuple::<(Uuid, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let credited = ProjectRole::ALL.into_iter().filter(|r| r.credits_fellows()).map(ProjectRole::code);
        let via: HashSet<Uuid> = project_fellow::Entity::find()
            .select_only()
            .column(project_fellow::Column::ProjectId)
            .distinct()
            .filter(project_fellow::Column::TenantId.eq(t))
            .filter(project_fellow::Column::Role.is_in(credited))
            .filter(project_fellow::Column::ProjectId.in_subquery(allocated))
            .into_tuple::<Uuid>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let projects = investments
            .iter()
            .map(|(&id, &investment_fen)| (id, ProjectParkFacts { investment_fen, via_fellows: via.contains(&id) }))
            .collect();
        let mut of_parcel: HashMap<Uuid, Vec<_>> = HashMap::new();
        let mut of_unit: HashMap<Uuid, Vec<_>> = HashMap::new();
        for a in &allocations {
            let domain = super::allocation(a, |id| investments.contains_key(&id));
            match (a.parcel_id, a.unit_id) {
                (Some(p), _) => of_parcel.entry(p).or_default().push(domain),
                (None, Some(u)) => of_unit.entry(u).or_default().push(domain),
                (None, None) => {}
            }
        }
        let parcels = park_parcel::Entity::find()
            .select_only()
            .column(park_parcel::Column::Id)
            .column(park_parcel::Column::AreaHundredthsMu)
            .filter(park_parcel::Column::TenantId.eq(t))
            .into_tuple::<(Uuid, i64)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, area_hundredths_mu)| ParcelFacts {
                id,
                area_hundredths_mu,
                allocations: of_parcel.remove(&id).unwrap_or_default(),
            })
            .collect();
        let units = park_unit::Entity::find()
            .select_only()
            .column(park_unit::Column::Id)
            .column(park_unit::Column::AreaM2)
            .filter(park_unit::Column::TenantId.eq(t))
            .into_tuple::<(Uuid, i64)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, area_m2)| UnitFacts { id, area_m2, allocations: of_unit.remove(&id).unwrap_or_default() })
            .collect();
        Ok(ParkFacts { parcels, units, projects })
    }

    /// Land and factory space as they stood on `as_of`.
    pub async fn figures(&self, as_of: NaiveDate) -> StoreResult<ParkFigures> {
        let f = self.facts().await?;
        Ok(park_figures(&f.parcels, &f.units, as_of))
    }

    /// The projects the reader sees that the park took in over `period`, as
    /// known on `as_of`; with `only_via_fellows`, of those a fellow invested
    /// in or introduced only.
    pub async fn allocations_in(
        &self,
        period: Period,
        as_of: NaiveDate,
        only_via_fellows: bool,
    ) -> StoreResult<ParkAllocations> {
        if period.to < period.from {
            return Err(StoreError::field("to", "结束日期不能早于开始日期", "The period ends before it starts"));
        }
        let f = self.facts().await?;
        Ok(park_allocations(&f.parcels, &f.units, &f.projects, period, as_of, only_via_fellows))
    }
}
