//! Liaison coverage (联系覆盖率, issue 10 item 5; ARCHITECTURE section 7):
//! for a scope and an as-of date, how many fellows there are, how many have
//! a live assignment at each level, how many were contacted in the last
//! [`WINDOW_DAYS`] days and how many are overdue, and each as a share.
//!
//! What counts, on the as-of date `as_of` (the store only counts by it):
//! - a **fellow** is one the reader may see and that is not archived;
//! - an assignment is **live** when it started on or before `as_of` and had
//!   not ended by it ([`live_on`]: ended, if at all, after `as_of`), days in
//!   China time;
//! - a fellow is **contacted** when a live (not deleted) contact record names
//!   them, dated within the window `(as_of - 90, as_of]` ([`contacted_within`]);
//! - a fellow is **overdue** when one of their live assignments is overdue by
//!   the due rule ([`super::state`]): its last contact on or before `as_of` by
//!   its cadre, else its start, is older than its cycle.
//!
//! By cadre, a row's fellows are those the cadre holds a live assignment to,
//! and "overdue" asks only that cadre's assignment; by level, a row's fellows
//! are those with a live assignment at that level, and "overdue" asks only
//! assignments at that level. The total row is the whole scope, each fellow
//! once: by township the rows add up to it, by cadre and level a fellow may
//! be in several rows ([`CoverageBy::partitions`]).

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use std::fmt;

use crate::vocab::vocabulary;

/// The days back from the as-of date in which a contact counts.
pub const WINDOW_DAYS: u64 = 90;

vocabulary! {
    /// How a coverage table groups the fellows.
    pub enum CoverageBy {
        Township = "township", "按乡镇", "By township", [];
        Cadre = "cadre", "按干部", "By cadre", [];
        Level = "level", "按层级", "By level", [];
    }
}

impl CoverageBy {
    /// Whether every fellow is in exactly one row, so that the rows add up
    /// to the total (by township: yes; a fellow has several cadres and levels).
    pub fn partitions(self) -> bool {
        self == CoverageBy::Township
    }
}

vocabulary! {
    /// One figure of a coverage row: a column of the table and the fellows
    /// behind it.
    pub enum Measure {
        Fellows = "fellows", "乡友数", "Fellows", [];
        AssignedCounty = "assigned_county", "县级已分配", "County liaison", [];
        AssignedTownship = "assigned_township", "乡镇级已分配", "Township liaison", [];
        AssignedVillage = "assigned_village", "村级已分配", "Village liaison", [];
        Contacted90d = "contacted_90d", "近90天已联系", "Contacted in 90 days", [];
        Overdue = "overdue", "已超期", "Overdue", [];
    }
}

/// The counts of one group (or of the whole scope).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CoverageCounts {
    pub fellows: u64,
    pub assigned_county: u64,
    pub assigned_township: u64,
    pub assigned_village: u64,
    pub contacted_90d: u64,
    pub overdue: u64,
}

impl CoverageCounts {
    /// The count of one measure.
    pub fn get(&self, measure: Measure) -> u64 {
        match measure {
            Measure::Fellows => self.fellows,
            Measure::AssignedCounty => self.assigned_county,
            Measure::AssignedTownship => self.assigned_township,
            Measure::AssignedVillage => self.assigned_village,
            Measure::Contacted90d => self.contacted_90d,
            Measure::Overdue => self.overdue,
        }
    }

    /// The share of the group's fellows a measure covers.
    pub fn share(&self, measure: Measure) -> Share {
        Share { part: self.get(measure), whole: self.fellows }
    }

    /// The sum of two groups' counts (rows of a partition add up to the total).
    pub fn plus(self, other: CoverageCounts) -> CoverageCounts {
        CoverageCounts {
            fellows: self.fellows + other.fellows,
            assigned_county: self.assigned_county + other.assigned_county,
            assigned_township: self.assigned_township + other.assigned_township,
            assigned_village: self.assigned_village + other.assigned_village,
            contacted_90d: self.contacted_90d + other.contacted_90d,
            overdue: self.overdue + other.overdue,
        }
    }
}

/// A part of a whole, shown as a percentage with one decimal ("72.4%"), or
/// "—" when the whole is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub part: u64,
    pub whole: u64,
}

impl Share {
    /// Tenths of a percent, rounded half up; `None` of an empty whole.
    pub fn permille(self) -> Option<u64> {
        (self.whole > 0).then(|| (self.part * 2000 + self.whole) / (self.whole * 2))
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.permille() {
            Some(p) => write!(f, "{}.{}%", p / 10, p % 10),
            None => f.write_str("—"),
        }
    }
}

/// The window of contacts that count on `as_of`: after the first day
/// returned and on or before the second.
pub fn window(as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
    (as_of.checked_sub_days(Days::new(WINDOW_DAYS)).unwrap_or(NaiveDate::MIN), as_of)
}

/// Whether a contact on `date` counts as contacted on `as_of`.
pub fn contacted_within(date: NaiveDate, as_of: NaiveDate) -> bool {
    let (after, until) = window(as_of);
    date > after && date <= until
}

/// Whether an assignment that started on `started` and ended on `ended` (if
/// it has) is live on `as_of`.
pub fn live_on(started: NaiveDate, ended: Option<NaiveDate>, as_of: NaiveDate) -> bool {
    started <= as_of && ended.is_none_or(|e| e > as_of)
}

/// The moment `as_of` ends in China: an assignment whose start and end are
/// moments is live on `as_of` exactly when it started before this moment
/// and had not ended before it (the store compares stored times with it).
pub fn end_of_day(as_of: NaiveDate) -> DateTime<Utc> {
    let next = as_of.checked_add_days(Days::new(1)).unwrap_or(NaiveDate::MAX);
    let midnight = next.and_hms_opt(0, 0, 0).unwrap_or_default();
    midnight.and_local_timezone(crate::date::china_offset()).single().map_or(DateTime::<Utc>::MAX_UTC, |t| t.to_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap()
    }

    #[test]
    fn shares_round_to_a_tenth_of_a_percent() {
        let s = |part, whole| Share { part, whole }.to_string();
        assert_eq!(s(724, 1000), "72.4%");
        assert_eq!(s(1, 3), "33.3%");
        assert_eq!(s(2, 3), "66.7%");
        assert_eq!(s(1, 8), "12.5%", "half a tenth rounds up");
        assert_eq!(s(0, 5), "0.0%");
        assert_eq!(s(5, 5), "100.0%");
        assert_eq!(s(0, 0), "—", "no fellows, no share");
    }

    #[test]
    fn a_share_is_of_the_groups_fellows() {
        let c = CoverageCounts { fellows: 8, assigned_county: 2, contacted_90d: 6, overdue: 1, ..Default::default() };
        assert_eq!(c.share(Measure::AssignedCounty).to_string(), "25.0%");
        assert_eq!(c.share(Measure::Contacted90d).to_string(), "75.0%");
        assert_eq!(c.share(Measure::AssignedVillage).to_string(), "0.0%");
        assert_eq!(c.share(Measure::Fellows).to_string(), "100.0%");
        assert_eq!(c.get(Measure::Overdue), 1);
    }

    #[test]
    fn rows_add_up() {
        let a = CoverageCounts { fellows: 3, assigned_township: 2, overdue: 1, ..Default::default() };
        let b = CoverageCounts { fellows: 4, assigned_township: 1, contacted_90d: 4, ..Default::default() };
        let t = a.plus(b);
        assert_eq!((t.fellows, t.assigned_township, t.contacted_90d, t.overdue), (7, 3, 4, 1));
        assert!(CoverageBy::Township.partitions());
        assert!(!CoverageBy::Cadre.partitions() && !CoverageBy::Level.partitions());
    }

    #[test]
    fn the_window_is_ninety_days_ending_on_the_day() {
        assert_eq!(window(day(4, 1)), (day(1, 1), day(4, 1)));
        assert!(contacted_within(day(4, 1), day(4, 1)));
        assert!(contacted_within(day(1, 2), day(4, 1)));
        assert!(!contacted_within(day(1, 1), day(4, 1)), "90 days before is outside");
        assert!(!contacted_within(day(4, 2), day(4, 1)), "a later contact does not count");
    }

    #[test]
    fn live_means_started_and_not_yet_ended() {
        assert!(live_on(day(3, 1), None, day(3, 1)));
        assert!(!live_on(day(3, 2), None, day(3, 1)));
        assert!(live_on(day(1, 1), Some(day(3, 2)), day(3, 1)));
        assert!(!live_on(day(1, 1), Some(day(3, 1)), day(3, 1)), "ended on the day");
    }

    #[test]
    fn the_day_ends_at_midnight_china_time() {
        let end = end_of_day(day(3, 1));
        assert_eq!(end.to_rfc3339(), "2025-03-01T16:00:00+00:00");
        let started = |at: DateTime<Utc>| crate::date::china_date(at);
        let just_before = end - chrono::Duration::seconds(1);
        assert!(live_on(started(just_before), None, day(3, 1)) && just_before < end);
        assert!(!live_on(started(end), None, day(3, 1)) && end >= end_of_day(day(3, 1)));
    }

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(CoverageBy, Measure);
    }
}
