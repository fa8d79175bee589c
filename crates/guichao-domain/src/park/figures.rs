//! The park's figures, computed from the dated records as of any day: land
//! in reserve, allocated and built on; factory space vacant, allocated and
//! occupied with the occupancy rate; and the projects the park took in over
//! a period with their agreed investment (ARCHITECTURE section 7, "park
//! allocations"). Each status's total is disjoint from the others', so they
//! add up to the whole.

use super::{Allocation, ParcelStatus, UnitStatus, parcel_status, unit_status};
use crate::projects::{Period, ratio};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// What the figures need to know about one parcel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParcelFacts {
    pub id: Uuid,
    pub area_hundredths_mu: i64,
    pub allocations: Vec<Allocation>,
}

/// What the figures need to know about one factory unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFacts {
    pub id: Uuid,
    pub area_m2: i64,
    pub allocations: Vec<Allocation>,
}

/// What the allocation figures need to know about a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectParkFacts {
    /// The agreed investment.
    pub investment_fen: i64,
    /// Whether a fellow invested in it or introduced it.
    pub via_fellows: bool,
}

/// Land and factory space as they stood on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParkFigures {
    pub as_of: NaiveDate,
    pub parcels: u64,
    /// All the parcels' land, in hundredths of a mu.
    pub land_hundredths_mu: i64,
    /// Held by no project (储备).
    pub reserve_hundredths_mu: i64,
    /// Held by a project not yet built on (已供地).
    pub allocated_hundredths_mu: i64,
    /// Held by a project that has built (已建成).
    pub built_hundredths_mu: i64,
    pub units: u64,
    /// All the standard factory units' floor space.
    pub space_m2: i64,
    pub vacant_m2: i64,
    /// Held by a project that has not moved in.
    pub allocated_m2: i64,
    pub occupied_m2: i64,
    /// Occupied space over all space (入驻率); `None` when there is none.
    pub occupancy_rate: Option<f64>,
}

/// The figures of `parcels` and `units` on `as_of`.
pub fn park_figures(parcels: &[ParcelFacts], units: &[UnitFacts], as_of: NaiveDate) -> ParkFigures {
    let land = |status: ParcelStatus| {
        parcels
            .iter()
            .filter(|p| parcel_status(&p.allocations, as_of) == status)
            .map(|p| p.area_hundredths_mu)
            .sum::<i64>()
    };
    let space = |status: UnitStatus| {
        units.iter().filter(|u| unit_status(&u.allocations, as_of) == status).map(|u| u.area_m2).sum::<i64>()
    };
    let space_m2: i64 = units.iter().map(|u| u.area_m2).sum();
    let occupied_m2 = space(UnitStatus::Occupied);
    ParkFigures {
        as_of,
        parcels: parcels.len() as u64,
        land_hundredths_mu: parcels.iter().map(|p| p.area_hundredths_mu).sum(),
        reserve_hundredths_mu: land(ParcelStatus::Reserve),
        allocated_hundredths_mu: land(ParcelStatus::Allocated),
        built_hundredths_mu: land(ParcelStatus::Built),
        units: units.len() as u64,
        space_m2,
        vacant_m2: space(UnitStatus::Vacant),
        allocated_m2: space(UnitStatus::Allocated),
        occupied_m2,
        occupancy_rate: ratio(occupied_m2 as f64, space_m2 as f64),
    }
}

/// The projects the park took in over a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ParkAllocations {
    /// Distinct projects given a parcel or a unit from a day in the period.
    pub projects: u64,
    /// Their agreed investment, each project once.
    pub investment_fen: i64,
}

/// The projects given a parcel or a unit from a day within `period` and on
/// or before `as_of`, among those `projects` describes (others, such as
/// projects the reader may not see, do not count); with `only_via_fellows`,
/// of those a fellow invested in or introduced only.
pub fn park_allocations(
    parcels: &[ParcelFacts],
    units: &[UnitFacts],
    projects: &HashMap<Uuid, ProjectParkFacts>,
    period: Period,
    as_of: NaiveDate,
    only_via_fellows: bool,
) -> ParkAllocations {
    let taken_in: BTreeSet<Uuid> = parcels
        .iter()
        .flat_map(|p| &p.allocations)
        .chain(units.iter().flat_map(|u| &u.allocations))
        .filter(|a| period.contains(a.span.from) && a.span.from <= as_of)
        .filter_map(|a| a.project_id)
        .filter(|id| projects.get(id).is_some_and(|p| p.via_fellows || !only_via_fellows))
        .collect();
    ParkAllocations {
        projects: taken_in.len() as u64,
        investment_fen: taken_in.iter().filter_map(|id| projects.get(id)).map(|p| p.investment_fen).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::park::Span;
    use crate::projects::{FEN_PER_YI, format_amount};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn to(project: u128, from: NaiveDate, until: Option<NaiveDate>, moved_in: Option<NaiveDate>) -> Allocation {
        let id = Uuid::now_v7();
        Allocation { id, project_id: Some(Uuid::from_u128(project)), span: Span { from, until }, moved_in }
    }

    fn parcel(mu: i64, allocations: Vec<Allocation>) -> ParcelFacts {
        ParcelFacts { id: Uuid::now_v7(), area_hundredths_mu: mu * 100, allocations }
    }

    fn unit(m2: i64, allocations: Vec<Allocation>) -> UnitFacts {
        UnitFacts { id: Uuid::now_v7(), area_m2: m2, allocations }
    }

    /// 300 亩 in three parcels, 5,000 m² in three units, held by projects 1-4.
    fn park() -> (Vec<ParcelFacts>, Vec<UnitFacts>) {
        let parcels = vec![
            parcel(100, vec![]),
            parcel(120, vec![to(1, day(2023, 3, 1), None, Some(day(2024, 5, 1)))]),
            parcel(80, vec![to(2, day(2022, 1, 1), Some(day(2022, 12, 31)), None)]),
        ];
        let units = vec![
            unit(2_000, vec![to(3, day(2023, 6, 1), None, Some(day(2023, 9, 1)))]),
            unit(1_800, vec![to(4, day(2023, 11, 1), None, None)]),
            unit(1_200, vec![]),
        ];
        (parcels, units)
    }

    #[test]
    fn land_and_space_as_they_stood_on_a_day() {
        let (parcels, units) = park();
        let f = park_figures(&parcels, &units, day(2023, 12, 31));
        assert_eq!((f.parcels, f.land_hundredths_mu), (3, 30_000));
        assert_eq!((f.reserve_hundredths_mu, f.allocated_hundredths_mu, f.built_hundredths_mu), (18_000, 12_000, 0));
        assert_eq!((f.units, f.space_m2, f.vacant_m2, f.allocated_m2, f.occupied_m2), (3, 5_000, 1_200, 1_800, 2_000));
        assert_eq!(f.occupancy_rate, Some(0.4));
        let later = park_figures(&parcels, &units, day(2024, 6, 1));
        assert_eq!((later.allocated_hundredths_mu, later.built_hundredths_mu), (0, 12_000));
        let earlier = park_figures(&parcels, &units, day(2022, 6, 1));
        assert_eq!(earlier.reserve_hundredths_mu, 22_000, "parcel 3 was held in 2022");
        assert_eq!((earlier.vacant_m2, earlier.occupancy_rate), (5_000, Some(0.0)));
        let empty = park_figures(&[], &[], day(2024, 1, 1));
        assert_eq!((empty.space_m2, empty.occupancy_rate), (0, None), "no space, no rate");
    }

    #[test]
    fn projects_taken_in_over_a_period_count_once() {
        let (parcels, mut units) = park();
        units[2].allocations.push(to(3, day(2023, 7, 1), None, None));
        let facts = |id: u128, yi: i64, via: bool| {
            (Uuid::from_u128(id), ProjectParkFacts { investment_fen: yi * FEN_PER_YI, via_fellows: via })
        };
        let projects: HashMap<Uuid, ProjectParkFacts> =
            [facts(1, 5, true), facts(2, 1, true), facts(3, 8, true), facts(4, 2, false)].into();
        let year = Period { from: day(2023, 1, 1), to: day(2023, 12, 31) };
        let all = park_allocations(&parcels, &units, &projects, year, day(2023, 12, 31), false);
        assert_eq!(all, ParkAllocations { projects: 3, investment_fen: 15 * FEN_PER_YI }, "project 3 once");
        let via = park_allocations(&parcels, &units, &projects, year, day(2023, 12, 31), true);
        assert_eq!((via.projects, format_amount(via.investment_fen)), (2, "13亿元".to_string()));
        let mid = park_allocations(&parcels, &units, &projects, year, day(2023, 6, 30), false);
        assert_eq!(mid.projects, 2, "not yet allocated on the day asked");
        let unseen: HashMap<Uuid, ProjectParkFacts> = [facts(1, 5, true)].into();
        let some = park_allocations(&parcels, &units, &unseen, year, day(2023, 12, 31), false);
        assert_eq!(some.projects, 1, "projects without facts do not count");
    }
}
