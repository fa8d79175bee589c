//! Where a parcel or a unit stands on a day, derived from its allocations
//! and never stored: nobody holds it (储备 / 空置), a project holds it
//! (已供地 / 已分配), or the project holding it has built on it or moved in
//! (已建成 / 已入驻).

use super::Allocation;
use crate::vocab::vocabulary;
use chrono::NaiveDate;

vocabulary! {
    /// Where a land parcel stands on a day.
    pub enum ParcelStatus {
        Reserve = "reserve", "储备", "Reserve", ["储备用地", "未供地"];
        Allocated = "allocated", "已供地", "Allocated", ["已出让"];
        Built = "built", "已建成", "Built", ["建成"];
    }
}

vocabulary! {
    /// Where a standard factory unit stands on a day.
    pub enum UnitStatus {
        Vacant = "vacant", "空置", "Vacant", ["闲置", "未分配"];
        Allocated = "allocated", "已分配", "Allocated", ["待入驻"];
        Occupied = "occupied", "已入驻", "Occupied", ["入驻"];
    }
}

/// The allocation that holds the site on `day`: the one whose span covers
/// it (the latest started, should records ever overlap).
pub fn holding(allocations: &[Allocation], day: NaiveDate) -> Option<&Allocation> {
    allocations.iter().filter(|a| a.span.covers(day)).max_by_key(|a| (a.span.from, a.id))
}

/// Whether the allocation's project had built or moved in by `day`.
fn in_use(a: &Allocation, day: NaiveDate) -> bool {
    a.moved_in.is_some_and(|m| m <= day)
}

/// A parcel's status on `day`.
pub fn parcel_status(allocations: &[Allocation], day: NaiveDate) -> ParcelStatus {
    match holding(allocations, day) {
        None => ParcelStatus::Reserve,
        Some(a) if in_use(a, day) => ParcelStatus::Built,
        Some(_) => ParcelStatus::Allocated,
    }
}

/// A factory unit's status on `day`.
pub fn unit_status(allocations: &[Allocation], day: NaiveDate) -> UnitStatus {
    match holding(allocations, day) {
        None => UnitStatus::Vacant,
        Some(a) if in_use(a, day) => UnitStatus::Occupied,
        Some(_) => UnitStatus::Allocated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::park::Span;
    use uuid::Uuid;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn allocation(id: u128, from: NaiveDate, until: Option<NaiveDate>, moved_in: Option<NaiveDate>) -> Allocation {
        Allocation { id: Uuid::from_u128(id), project_id: None, span: Span { from, until }, moved_in }
    }

    #[test]
    fn the_status_follows_the_dated_records() {
        let history = [
            allocation(1, day(2021, 1, 1), Some(day(2022, 6, 30)), Some(day(2021, 9, 1))),
            allocation(2, day(2023, 3, 1), None, Some(day(2024, 1, 15))),
        ];
        let on = |d| (parcel_status(&history, d), unit_status(&history, d));
        assert_eq!(on(day(2020, 12, 31)), (ParcelStatus::Reserve, UnitStatus::Vacant));
        assert_eq!(on(day(2021, 1, 1)), (ParcelStatus::Allocated, UnitStatus::Allocated));
        assert_eq!(on(day(2021, 9, 1)), (ParcelStatus::Built, UnitStatus::Occupied));
        assert_eq!(on(day(2022, 6, 30)), (ParcelStatus::Built, UnitStatus::Occupied), "the last day is held");
        assert_eq!(on(day(2022, 7, 1)), (ParcelStatus::Reserve, UnitStatus::Vacant), "released");
        assert_eq!(on(day(2023, 3, 1)), (ParcelStatus::Allocated, UnitStatus::Allocated));
        assert_eq!(on(day(2024, 1, 15)), (ParcelStatus::Built, UnitStatus::Occupied));
        assert_eq!(holding(&history, day(2030, 1, 1)).map(|a| a.id), Some(Uuid::from_u128(2)), "still held");
        assert_eq!(parcel_status(&[], day(2024, 1, 1)), ParcelStatus::Reserve);
    }

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(ParcelStatus, UnitStatus);
        assert_eq!(UnitStatus::ALL.map(UnitStatus::code), ["vacant", "allocated", "occupied"]);
    }
}
