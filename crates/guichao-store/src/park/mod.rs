//! The industrial park (园区): land parcels, standard factory units and their
//! allocations to projects, with the park's figures computed from them.
//!
//! Parcels and units are the county's: anyone with `project.read` sees them
//! all, and only a writer whose `project.write` reaches the whole county
//! adds them. Allocating a site to a project needs `project.write` on that
//! project (the projects handle's own rule), and a project is named beside
//! an allocation only to a reader who may see it
//! (`projects::scope::visible`). A site's status is derived from its
//! allocations for the day asked, never stored.

mod allocate;
mod facts;
mod read;
mod sites;
mod write;

pub use facts::ParkFacts;

use crate::entities::park_allocation;
use crate::{Actor, Scoped, Store, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::Permission;
use guichao_domain::park::{Allocation, ParcelStatus, Span, UnitStatus, Zoning};
use serde::Serialize;
use uuid::Uuid;

/// The permissions a [`Park`] handle is made with (those of projects).
const AREA: [Permission; 2] = [Permission::ProjectRead, Permission::ProjectWrite];

/// The most rows one page of a parcel or unit list holds.
pub const MAX_PAGE_ROWS: u64 = 200;

/// The most projects offered to allocate a site to, by name.
pub const MAX_PROJECT_CHOICES: u64 = 1_000;

/// The park as one actor reaches it with one permission.
pub struct Park<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// The park for work that needs `permission` (`project.read` or
    /// `project.write`), or `Forbidden`.
    pub fn park<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Park<'a>> {
        Ok(Park(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Park<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }
}

/// A parcel or a unit, by id: what an allocation is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteId {
    Parcel(Uuid),
    Unit(Uuid),
}

impl SiteId {
    /// The parcel's or the unit's id.
    pub fn id(self) -> Uuid {
        match self {
            SiteId::Parcel(id) | SiteId::Unit(id) => id,
        }
    }
}

/// The orders a parcel or unit list can take; ties go by id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SiteSort {
    /// Parcels by name in pinyin order; units by building, floor and number.
    #[default]
    Name,
    /// By area.
    Area,
}

/// Which page of a parcel or unit list, and the day its statuses are for.
#[derive(Debug, Clone, Copy)]
pub struct SiteQuery {
    pub as_of: NaiveDate,
    pub sort: SiteSort,
    pub descending: bool,
    pub offset: u64,
    /// 1 to [`MAX_PAGE_ROWS`].
    pub limit: u64,
}

/// One allocation of a site, as the reader may know it.
#[derive(Debug, Clone, Serialize)]
pub struct AllocationRow {
    pub id: Uuid,
    /// The project it went to, when the reader may see it; `None` for a
    /// project of someone else's (shown as 已分配（其他项目）).
    pub project_id: Option<Uuid>,
    pub project: Option<String>,
    pub from: NaiveDate,
    /// The last day held; `None` while still held.
    pub until: Option<NaiveDate>,
    /// The day its project built (a parcel) or moved in (a unit).
    pub moved_in: Option<NaiveDate>,
    pub note: String,
    /// Who recorded it; empty for the system.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    /// Whether the reader may release it: it is still held and they may
    /// write its project.
    pub can_release: bool,
}

/// One line of the parcel list, with its status on the day asked.
#[derive(Debug, Clone, Serialize)]
pub struct ParcelRow {
    pub id: Uuid,
    pub name: String,
    pub area_hundredths_mu: i64,
    pub zoning: Zoning,
    pub status: ParcelStatus,
    /// The allocation holding it on the day, if any.
    pub holder: Option<AllocationRow>,
}

/// One line of the factory unit list, with its status on the day asked.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub id: Uuid,
    pub building: String,
    pub unit_no: String,
    pub floor: i32,
    pub area_m2: i64,
    pub status: UnitStatus,
    pub holder: Option<AllocationRow>,
}

/// A parcel with its allocation history.
#[derive(Debug, Clone, Serialize)]
pub struct ParcelDetail {
    #[serde(flatten)]
    pub row: ParcelRow,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    /// Every allocation, by start date.
    pub allocations: Vec<AllocationRow>,
}

/// A factory unit with its allocation history.
#[derive(Debug, Clone, Serialize)]
pub struct UnitDetail {
    #[serde(flatten)]
    pub row: UnitRow,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub allocations: Vec<AllocationRow>,
}

/// A site allocated to a project, for the project's page.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectAllocationRow {
    pub id: Uuid,
    /// Exactly one of the two is set.
    pub parcel_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    /// The parcel's name, or the unit as 3号厂房 201.
    pub site: String,
    /// The parcel's area in hundredths of a mu, or 0 for a unit.
    pub area_hundredths_mu: i64,
    /// The unit's floor space in m², or 0 for a parcel.
    pub area_m2: i64,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub moved_in: Option<NaiveDate>,
    pub note: String,
}

/// A project a site may be allocated to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectChoice {
    pub id: Uuid,
    pub name: String,
}

/// A site's allocation as typed: the project, the site and the span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParkAllocation {
    pub project_id: Uuid,
    pub site: SiteId,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub moved_in: Option<NaiveDate>,
    pub note: String,
}

/// A stored allocation as the domain reads it; the project kept only when
/// `seen` says the reader may see it.
fn allocation(a: &park_allocation::Model, seen: impl Fn(Uuid) -> bool) -> Allocation {
    Allocation {
        id: a.id,
        project_id: seen(a.project_id).then_some(a.project_id),
        span: Span { from: a.from_date, until: a.until_date },
        moved_in: a.moved_in,
    }
}

/// A unit as people name it: 3号厂房 201.
fn unit_label(building: &str, unit_no: &str) -> String {
    format!("{building} {unit_no}")
}

fn zoning_of(code: &str) -> Zoning {
    Zoning::parse(code).unwrap_or(Zoning::Other)
}
