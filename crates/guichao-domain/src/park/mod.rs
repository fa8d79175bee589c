//! The county's industrial park (园区): land parcels measured in hundredths
//! of a mu, standard factory units (标准厂房) in m², and their allocation to
//! projects over dated spans.
//!
//! Nothing about a site's state is stored: whether a parcel is in reserve,
//! allocated or built on, and whether a unit is vacant, allocated or
//! occupied, is derived from its allocations for the day asked, and so are
//! the park's figures. A parcel or unit is never allocated twice over the
//! same days ([`overlaps`]).

mod allocation;
mod area;
mod draft;
mod figures;
mod status;
mod zoning;

pub use allocation::{
    ALLOCATION_NOTE, Allocation, NewAllocation, Site, Span, check_allocation, check_release, conflict, double_booking,
    overlaps,
};
pub use area::{format_m2, format_mu, parse_m2, parse_mu};
pub use draft::{
    BUILDING, MAX_FLOOR, MAX_PARCEL_HUNDREDTHS_MU, MAX_UNIT_M2, PARCEL_NAME, ParcelDraft, SITE_NOTES, UNIT_NO,
    UnitDraft,
};
pub use figures::{
    ParcelFacts, ParkAllocations, ParkFigures, ProjectParkFacts, UnitFacts, park_allocations, park_figures,
};
pub use status::{ParcelStatus, UnitStatus, holding, parcel_status, unit_status};
pub use zoning::Zoning;
