//! What a project's events add up to, in a form that lists and figures can
//! read without the events: each stage's milestone date and where the
//! project stands after its last event.
//!
//! A correction counts for every as-of date (see [`super::events`]), so a
//! milestone's date does not depend on the day asked about: the milestone as
//! known on any day is the milestone, when it falls on or before that day.
//! That is what lets the store keep a project's [`Standing`] beside it,
//! rewritten by the writers of events from [`Standing::of`] in the same
//! transaction, and the figures read it for any as-of date.

use super::{Stage, StageEvent, first_date, stage_as_of};
use chrono::NaiveDate;

/// Each ladder stage's milestone date: the earliest effective event of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Milestones([Option<NaiveDate>; Stage::LADDER.len()]);

impl Milestones {
    /// The milestones the events record.
    pub fn of(events: &[StageEvent]) -> Milestones {
        Milestones(Stage::LADDER.map(|s| first_date(events, s, NaiveDate::MAX)))
    }

    /// The milestone dates in ladder order ([`Stage::LADDER`]), as kept.
    pub fn dates(&self) -> [Option<NaiveDate>; Stage::LADDER.len()] {
        self.0
    }

    /// Milestones as kept, in ladder order.
    pub fn from_dates(dates: [Option<NaiveDate>; Stage::LADDER.len()]) -> Milestones {
        Milestones(dates)
    }

    /// The milestone date of `stage` as known on `as_of`: the same as
    /// [`first_date`] of the events. A dropped project has no milestone here.
    pub fn on(&self, stage: Stage, as_of: NaiveDate) -> Option<NaiveDate> {
        self.0[stage.rank()?].filter(|day| *day <= as_of)
    }

    /// Whether `stage` or a later stage of the ladder had been recorded by
    /// `as_of`: a project recorded in production has started, even if its
    /// start was never entered.
    pub fn reached(&self, stage: Stage, as_of: NaiveDate) -> bool {
        Stage::LADDER.into_iter().filter(|s| *s == stage || stage.is_before(*s)).any(|s| self.on(s, as_of).is_some())
    }
}

/// Where a project stands after its last event, and its milestones; a
/// lead with none when nothing is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub stage: Stage,
    pub milestones: Milestones,
}

impl Default for Standing {
    fn default() -> Standing {
        Standing { stage: Stage::Lead, milestones: Milestones::default() }
    }
}

impl Standing {
    /// The standing the events record. No event is dated after the day it
    /// is recorded, so this is also where the project stands today.
    pub fn of(events: &[StageEvent]) -> Standing {
        Standing { stage: stage_as_of(events, NaiveDate::MAX), milestones: Milestones::of(events) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stage::*;
    use uuid::Uuid;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ev(id: u128, stage: Stage, on: NaiveDate, supersedes: Option<u128>) -> StageEvent {
        StageEvent {
            id: Uuid::from_u128(id),
            stage,
            on,
            note: String::new(),
            supersedes: supersedes.map(Uuid::from_u128),
            reason: if supersedes.is_some() { "更正".into() } else { String::new() },
        }
    }

    /// Re-inspected, signed, a signing corrected twice, started, dropped
    /// and revived.
    fn history() -> Vec<StageEvent> {
        vec![
            ev(1, Inspected, day(2023, 4, 2), None),
            ev(2, Inspected, day(2023, 3, 10), None),
            ev(3, Negotiating, day(2023, 5, 20), None),
            ev(4, Signed, day(2023, 6, 1), None),
            ev(5, Signed, day(2023, 7, 15), Some(4)),
            ev(6, Signed, day(2023, 7, 10), Some(5)),
            ev(7, Started, day(2023, 9, 1), None),
            ev(8, Dropped, day(2023, 10, 1), None),
            ev(9, Started, day(2023, 12, 1), None),
        ]
    }

    #[test]
    fn kept_milestones_answer_as_the_events_do_on_every_day() {
        let events = history();
        let kept = Milestones::of(&events);
        let mut on = day(2023, 1, 1);
        while on <= day(2024, 1, 31) {
            for s in Stage::ALL {
                assert_eq!(kept.on(s, on), if s == Dropped { None } else { first_date(&events, s, on) }, "{s:?} {on}");
            }
            on = on.succ_opt().unwrap();
        }
        assert_eq!(kept.on(Signed, day(2024, 1, 1)), Some(day(2023, 7, 10)), "the last correction stands");
        assert_eq!(Milestones::from_dates(kept.dates()), kept);
    }

    #[test]
    fn reached_counts_later_stages() {
        let kept = Milestones::of(&[ev(1, InProduction, day(2023, 9, 1), None)]);
        assert!(kept.reached(Started, day(2023, 9, 1)) && kept.reached(Signed, day(2023, 9, 1)));
        assert!(!kept.reached(Started, day(2023, 8, 31)), "not yet by then");
        assert!(!Milestones::default().reached(Lead, day(2030, 1, 1)));
        assert!(!kept.reached(Dropped, day(2030, 1, 1)), "a drop is off the ladder");
    }

    #[test]
    fn the_standing_is_where_the_project_stands_after_its_last_event() {
        assert_eq!(Standing::of(&history()).stage, Started, "revived after the drop");
        let dropped = &history()[..8];
        assert_eq!(Standing::of(dropped).stage, Dropped);
        assert_eq!(Standing::of(&[]), Standing::default());
        assert_eq!(Standing::default().stage, Lead);
    }
}
