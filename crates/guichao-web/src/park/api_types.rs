//! The JSON shapes of `/api/v1/park`, with their OpenAPI schemas. Land is in
//! hundredths of a mu (86.5亩 is 8650), floor space in m², money in fen.

use super::form::{AllocationForm, ParcelForm};
use crate::api::vocab::{ParcelStatusCode, UnitStatusCode, ZoningCode};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::fellows::FormError;
use guichao_domain::park::{ParkAllocations, ParkFigures};
use guichao_domain::projects::Period;
use guichao_store::park::{AllocationRow, NewParkAllocation, ParcelDetail, ParcelRow, SiteId, UnitDetail, UnitRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The projects given a site over a period.
#[derive(Serialize, ToSchema)]
pub struct ParkAllocationsBody {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Whether only projects a fellow invested in or introduced count.
    pub via_fellows: bool,
    /// Distinct projects (that the caller sees) given a parcel or a unit
    /// from a day in the period, on or before `as_of`.
    pub projects: u64,
    /// Their agreed investment, each project once.
    pub investment_fen: i64,
}

impl ParkAllocationsBody {
    pub fn new(period: Period, via_fellows: bool, a: ParkAllocations) -> ParkAllocationsBody {
        ParkAllocationsBody {
            from: period.from,
            to: period.to,
            via_fellows,
            projects: a.projects,
            investment_fen: a.investment_fen,
        }
    }
}

/// The park's land and factory space as they stood on a day. The land
/// figures add up to `land_hundredths_mu`, the space figures to `space_m2`.
#[derive(Serialize, ToSchema)]
pub struct ParkFiguresBody {
    pub as_of: NaiveDate,
    pub parcels: u64,
    pub land_hundredths_mu: i64,
    /// Held by no project (储备).
    pub reserve_hundredths_mu: i64,
    /// Held by a project not yet built on (已供地).
    pub allocated_hundredths_mu: i64,
    /// Held by a project that has built (已建成).
    pub built_hundredths_mu: i64,
    pub units: u64,
    pub space_m2: i64,
    pub vacant_m2: i64,
    /// Held by a project that has not moved in.
    pub allocated_m2: i64,
    pub occupied_m2: i64,
    /// Occupied space over all space (入驻率), 0 to 1; null without space.
    pub occupancy_rate: Option<f64>,
    /// With `from` and `to`: the projects given a site in that period.
    pub allocations: Option<ParkAllocationsBody>,
}

impl ParkFiguresBody {
    pub fn new(f: ParkFigures, allocations: Option<ParkAllocationsBody>) -> ParkFiguresBody {
        ParkFiguresBody {
            as_of: f.as_of,
            parcels: f.parcels,
            land_hundredths_mu: f.land_hundredths_mu,
            reserve_hundredths_mu: f.reserve_hundredths_mu,
            allocated_hundredths_mu: f.allocated_hundredths_mu,
            built_hundredths_mu: f.built_hundredths_mu,
            units: f.units,
            space_m2: f.space_m2,
            vacant_m2: f.vacant_m2,
            allocated_m2: f.allocated_m2,
            occupied_m2: f.occupied_m2,
            occupancy_rate: f.occupancy_rate,
            allocations,
        }
    }
}

/// An allocation of a parcel or a unit to a project.
#[derive(Serialize, ToSchema)]
pub struct AllocationItem {
    pub id: Uuid,
    /// The project, when the caller may see it; null for someone else's.
    pub project_id: Option<Uuid>,
    pub project: Option<String>,
    pub from: NaiveDate,
    /// The last day held; null while still held.
    pub until: Option<NaiveDate>,
    /// The day the project built on the parcel or moved into the unit.
    pub moved_in: Option<NaiveDate>,
    pub note: String,
    /// Who recorded it.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    /// Whether the caller may release it.
    pub can_release: bool,
}

impl From<AllocationRow> for AllocationItem {
    fn from(a: AllocationRow) -> AllocationItem {
        AllocationItem {
            id: a.id,
            project_id: a.project_id,
            project: a.project,
            from: a.from,
            until: a.until,
            moved_in: a.moved_in,
            note: a.note,
            recorded_by: a.recorded_by,
            recorded_at: a.recorded_at,
            can_release: a.can_release,
        }
    }
}

/// An allocation with the site it is of (one of the two ids is set).
#[derive(Serialize, ToSchema)]
pub struct SiteAllocation {
    pub parcel_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    #[serde(flatten)]
    pub allocation: AllocationItem,
}

impl SiteAllocation {
    pub fn new(site: SiteId, a: AllocationRow) -> SiteAllocation {
        let (parcel_id, unit_id) = match site {
            SiteId::Parcel(id) => (Some(id), None),
            SiteId::Unit(id) => (None, Some(id)),
        };
        SiteAllocation { parcel_id, unit_id, allocation: a.into() }
    }
}

/// A land parcel with its status on the day asked.
#[derive(Serialize, ToSchema)]
pub struct ParcelItem {
    pub id: Uuid,
    pub name: String,
    pub area_hundredths_mu: i64,
    #[schema(value_type = ZoningCode)]
    pub zoning: String,
    #[schema(value_type = ParcelStatusCode)]
    pub status: String,
    /// The allocation holding it on the day.
    pub holder: Option<AllocationItem>,
}

impl From<ParcelRow> for ParcelItem {
    fn from(p: ParcelRow) -> ParcelItem {
        ParcelItem {
            id: p.id,
            name: p.name,
            area_hundredths_mu: p.area_hundredths_mu,
            zoning: p.zoning.code().into(),
            status: p.status.code().into(),
            holder: p.holder.map(Into::into),
        }
    }
}

/// A page of parcels and how many there are in all.
#[derive(Serialize, ToSchema)]
pub struct ParcelList {
    pub items: Vec<ParcelItem>,
    pub total: u64,
}

/// A parcel with its allocation history.
#[derive(Serialize, ToSchema)]
pub struct ParcelView {
    #[serde(flatten)]
    pub parcel: ParcelItem,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    /// Every allocation, by start date.
    pub allocations: Vec<AllocationItem>,
}

impl From<ParcelDetail> for ParcelView {
    fn from(p: ParcelDetail) -> ParcelView {
        ParcelView {
            parcel: p.row.into(),
            notes: p.notes,
            created_at: p.created_at,
            allocations: p.allocations.into_iter().map(Into::into).collect(),
        }
    }
}

/// A standard factory unit with its status on the day asked.
#[derive(Serialize, ToSchema)]
pub struct UnitItem {
    pub id: Uuid,
    pub building: String,
    pub unit_no: String,
    pub floor: i32,
    pub area_m2: i64,
    #[schema(value_type = UnitStatusCode)]
    pub status: String,
    pub holder: Option<AllocationItem>,
}

impl From<UnitRow> for UnitItem {
    fn from(u: UnitRow) -> UnitItem {
        UnitItem {
            id: u.id,
            building: u.building,
            unit_no: u.unit_no,
            floor: u.floor,
            area_m2: u.area_m2,
            status: u.status.code().into(),
            holder: u.holder.map(Into::into),
        }
    }
}

/// A page of factory units and how many there are in all.
#[derive(Serialize, ToSchema)]
pub struct UnitList {
    pub items: Vec<UnitItem>,
    pub total: u64,
}

/// A factory unit with its allocation history.
#[derive(Serialize, ToSchema)]
pub struct UnitView {
    #[serde(flatten)]
    pub unit: UnitItem,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub allocations: Vec<AllocationItem>,
}

impl From<UnitDetail> for UnitView {
    fn from(u: UnitDetail) -> UnitView {
        UnitView {
            unit: u.row.into(),
            notes: u.notes,
            created_at: u.created_at,
            allocations: u.allocations.into_iter().map(Into::into).collect(),
        }
    }
}

/// A new land parcel.
#[derive(Deserialize, ToSchema)]
pub struct ParcelBody {
    /// Unique in the county: 荣家湾工业园A-03.
    pub name: String,
    /// The area in 亩, to two decimals: a number (86.5) or text ("86.5亩").
    #[schema(value_type = String, example = "86.5")]
    pub area_mu: serde_json::Value,
    #[schema(value_type = ZoningCode)]
    pub zoning: String,
    #[serde(default)]
    pub notes: String,
}

impl ParcelBody {
    /// The body as the add-parcel form reads it.
    pub fn form(&self) -> Result<ParcelForm, Vec<FormError>> {
        let area_mu = match &self.area_mu {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            _ => return Err(vec![FormError::new("area_mu", "面积应为数字，如 86.5", "area_mu is a number like 86.5")]),
        };
        Ok(ParcelForm { name: self.name.clone(), area_mu, zoning: self.zoning.clone(), notes: self.notes.clone() })
    }
}

/// A new standard factory unit.
#[derive(Deserialize, ToSchema)]
pub struct UnitBody {
    /// The building: 3号厂房.
    pub building: String,
    /// Unique within the building: 201.
    pub unit_no: String,
    pub floor: i32,
    pub area_m2: i64,
    #[serde(default)]
    pub notes: String,
}

/// A parcel or a unit (exactly one) allocated to a project. Dates as 2023-03-01.
#[derive(Deserialize, ToSchema)]
pub struct AllocationBody {
    pub project_id: Uuid,
    pub parcel_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub from: String,
    /// The last day; absent while held.
    pub until: Option<String>,
    /// The day built on (a parcel) or moved in (a unit).
    pub moved_in: Option<String>,
    #[serde(default)]
    pub note: String,
}

impl AllocationBody {
    /// The allocation, or every problem by field.
    pub fn allocation(&self) -> Result<NewParkAllocation, Vec<FormError>> {
        let site = match (self.parcel_id, self.unit_id) {
            (Some(id), None) => SiteId::Parcel(id),
            (None, Some(id)) => SiteId::Unit(id),
            _ => {
                return Err(vec![FormError::new(
                    "parcel_id",
                    "请指定一个地块（parcel_id）或一个厂房单元（unit_id），二者取其一",
                    "Give either parcel_id or unit_id, one of the two",
                )]);
            }
        };
        let form = AllocationForm {
            project_id: self.project_id.to_string(),
            from: self.from.clone(),
            until: self.until.clone().unwrap_or_default(),
            moved_in: self.moved_in.clone().unwrap_or_default(),
            note: self.note.clone(),
        };
        form.allocation(site)
    }
}

/// The last day a held allocation is held.
#[derive(Deserialize, ToSchema)]
pub struct ReleaseBody {
    /// A date such as 2024-02-29.
    pub until: String,
}
