//! When an assignment is due and overdue (issue 10, item 4): due when the
//! last contact (or, never contacted, the assignment's start) is older than
//! the cycle minus [`DUE_AHEAD_DAYS`], overdue when older than the cycle.
//!
//! "Older than n days" means more than n whole days have passed: a contact on
//! 1 March with a 30-day cycle is fine through 31 March (30 days since) and
//! overdue on 1 April (31 days since). The store asks the same question of
//! many assignments at once with [`overdue_before`] and [`due_before`]: a last
//! contact strictly before the bound.

use chrono::{Days, NaiveDate};
use serde::Serialize;

/// How many days before the end of its cycle an assignment becomes due.
pub const DUE_AHEAD_DAYS: i32 = 7;

/// Where an assignment stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactState {
    /// In touch within the cycle, and not yet near its end.
    Ok,
    /// Within [`DUE_AHEAD_DAYS`] of the end of the cycle.
    Due,
    /// The cycle has passed without a contact.
    Overdue,
}

impl ContactState {
    /// The state as a user reads it.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            ContactState::Ok => lang.pick("正常", "On track"),
            ContactState::Due => lang.pick("即将到期", "Due"),
            ContactState::Overdue => lang.pick("已超期", "Overdue"),
        }
    }
}

/// The day the cycle is counted from: the last contact, else the start.
pub fn counted_from(started: NaiveDate, last: Option<NaiveDate>) -> NaiveDate {
    last.unwrap_or(started)
}

/// Whole days from `since` to `as_of` (negative when `since` is later).
pub fn days_since(since: NaiveDate, as_of: NaiveDate) -> i64 {
    (as_of - since).num_days()
}

/// The state on `as_of` of an assignment with a cycle of `cycle_days` that
/// started on `started` and was last contacted on `last`.
pub fn state(cycle_days: i32, started: NaiveDate, last: Option<NaiveDate>, as_of: NaiveDate) -> ContactState {
    let since = days_since(counted_from(started, last), as_of);
    if since > i64::from(cycle_days) {
        ContactState::Overdue
    } else if since > i64::from(cycle_days - DUE_AHEAD_DAYS) {
        ContactState::Due
    } else {
        ContactState::Ok
    }
}

/// Days past the end of the cycle on `as_of`; 0 when not overdue.
pub fn days_overdue(cycle_days: i32, started: NaiveDate, last: Option<NaiveDate>, as_of: NaiveDate) -> i64 {
    (days_since(counted_from(started, last), as_of) - i64::from(cycle_days)).max(0)
}

fn minus(as_of: NaiveDate, days: i32) -> NaiveDate {
    if days >= 0 {
        as_of.checked_sub_days(Days::new(days as u64)).unwrap_or(NaiveDate::MIN)
    } else {
        as_of.checked_add_days(Days::new(days.unsigned_abs() as u64)).unwrap_or(NaiveDate::MAX)
    }
}

/// An assignment is overdue on `as_of` exactly when the day it is counted
/// from is before this bound.
pub fn overdue_before(cycle_days: i32, as_of: NaiveDate) -> NaiveDate {
    minus(as_of, cycle_days)
}

/// An assignment is due or overdue on `as_of` exactly when the day it is
/// counted from is before this bound.
pub fn due_before(cycle_days: i32, as_of: NaiveDate) -> NaiveDate {
    minus(as_of, cycle_days - DUE_AHEAD_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    #[test]
    fn overdue_the_day_after_the_cycle_ends() {
        let last = Some(day(3, 1));
        // 1 March + 30 days = 31 March: still within the cycle.
        assert_eq!(state(30, day(1, 1), last, day(3, 31)), ContactState::Due);
        assert_eq!(days_overdue(30, day(1, 1), last, day(3, 31)), 0);
        assert_eq!(state(30, day(1, 1), last, day(4, 1)), ContactState::Overdue);
        assert_eq!(days_overdue(30, day(1, 1), last, day(4, 1)), 1);
        assert_eq!(days_overdue(30, day(1, 1), last, day(4, 11)), 11);
    }

    #[test]
    fn due_in_the_last_week_of_the_cycle() {
        let last = Some(day(3, 1));
        // 23 days since is cycle - 7: not yet due; 24 days since is.
        assert_eq!(state(30, day(1, 1), last, day(3, 24)), ContactState::Ok);
        assert_eq!(state(30, day(1, 1), last, day(3, 25)), ContactState::Due);
        assert_eq!(state(30, day(1, 1), last, day(3, 1)), ContactState::Ok, "contacted today");
    }

    #[test]
    fn never_contacted_counts_from_the_start() {
        assert_eq!(state(30, day(3, 1), None, day(3, 31)), ContactState::Due);
        assert_eq!(state(30, day(3, 1), None, day(4, 1)), ContactState::Overdue);
        assert_eq!(days_overdue(90, day(1, 1), None, day(4, 10)), 10);
        // A contact before the assignment still counts: it is the last contact.
        assert_eq!(state(30, day(3, 20), Some(day(2, 1)), day(3, 21)), ContactState::Overdue);
    }

    #[test]
    fn short_cycles_are_always_due() {
        assert_eq!(state(7, day(1, 1), Some(day(3, 1)), day(3, 1)), ContactState::Ok);
        assert_eq!(state(7, day(1, 1), Some(day(3, 1)), day(3, 2)), ContactState::Due);
        assert_eq!(state(1, day(1, 1), Some(day(3, 1)), day(3, 1)), ContactState::Due);
        assert_eq!(state(1, day(1, 1), Some(day(3, 1)), day(3, 3)), ContactState::Overdue);
    }

    #[test]
    fn a_contact_after_the_day_asked_about_is_not_overdue() {
        assert_eq!(state(30, day(1, 1), Some(day(5, 1)), day(4, 1)), ContactState::Ok);
        assert_eq!(days_overdue(30, day(1, 1), Some(day(5, 1)), day(4, 1)), 0);
    }

    #[test]
    fn the_bounds_are_the_first_days_that_are_not_late() {
        assert_eq!(overdue_before(30, day(4, 1)), day(3, 2));
        assert_eq!(due_before(30, day(4, 1)), day(3, 9));
        assert_eq!(due_before(1, day(4, 1)), day(4, 7), "a daily cycle is always due");
    }

    proptest! {
        #[test]
        fn the_bounds_agree_with_the_state(cycle in 1i32..=365, since in -30i64..800, never in any::<bool>()) {
            let as_of = day(6, 15);
            let from = as_of - chrono::Duration::days(since);
            let (started, last) = if never { (from, None) } else { (day(1, 1).min(from), Some(from)) };
            let s = state(cycle, started, last, as_of);
            prop_assert_eq!(s == ContactState::Overdue, from < overdue_before(cycle, as_of));
            prop_assert_eq!(s != ContactState::Ok, from < due_before(cycle, as_of));
            prop_assert_eq!(days_overdue(cycle, started, last, as_of) > 0, s == ContactState::Overdue);
        }
    }
}
