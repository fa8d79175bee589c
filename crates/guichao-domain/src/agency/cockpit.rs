//! The cockpit's figure of a scope's tasks on a day: how many are due that
//! week, overdue, and flagged (overdue beyond their grace). A task counts
//! from the day of its first status entry (the day it was created), and
//! with the status its trail gives on that day, so a task added or an entry
//! recorded later never changes an earlier day's answer.
//!
//! Every count is of tasks due by the Sunday of the day's week
//! ([`week_of`]), so a store may read only those.

#[cfg(doc)]
use super::week_of;
use super::{StatusEntry, TaskStatus, due_this_week, is_flagged, is_overdue, status_as_of};
use chrono::NaiveDate;
use serde::Serialize;

/// What the cockpit reads of a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskFacts {
    pub due: NaiveDate,
    pub grace_days: i32,
    pub trail: Vec<StatusEntry>,
}

impl TaskFacts {
    /// The task's status on `as_of`, or `None` before it existed.
    fn status_on(&self, as_of: NaiveDate) -> Option<TaskStatus> {
        let created = self.trail.iter().map(|e| e.on).min()?;
        (created <= as_of).then(|| status_as_of(&self.trail, as_of))
    }
}

/// The figure of a scope's tasks on a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AgencyFigure {
    /// Not done and due Monday to Sunday of the day's week.
    pub due_this_week: usize,
    /// Not done and due before the day.
    pub overdue: usize,
    /// Overdue by more than their grace days.
    pub flagged: usize,
}

/// The figure of `tasks` on `as_of`.
pub fn agency_figure(tasks: &[TaskFacts], as_of: NaiveDate) -> AgencyFigure {
    let mut figure = AgencyFigure::default();
    for task in tasks {
        let Some(status) = task.status_on(as_of) else { continue };
        if status == TaskStatus::Done {
            continue;
        }
        figure.due_this_week += usize::from(due_this_week(task.due, status, as_of));
        figure.overdue += usize::from(is_overdue(task.due, status, as_of));
        figure.flagged += usize::from(is_flagged(task.due, task.grace_days, status, as_of));
    }
    figure
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn task(due: NaiveDate, grace_days: i32, trail: &[(TaskStatus, NaiveDate)]) -> TaskFacts {
        let at = |i: usize| Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, i as u32).unwrap();
        let trail = trail.iter().enumerate().map(|(i, (status, on))| StatusEntry {
            status: *status,
            on: *on,
            recorded_at: at(i),
        });
        TaskFacts { due, grace_days, trail: trail.collect() }
    }

    #[test]
    fn the_figure_counts_due_overdue_and_flagged_tasks() {
        use TaskStatus::*;
        let tasks = [
            // Late by 10 days with 5 days' grace: flagged.
            task(day(11, 27), 5, &[(Todo, day(11, 1))]),
            // Late by 3 days with 5 days' grace: overdue, not flagged.
            task(day(12, 4), 5, &[(Todo, day(11, 1)), (Waiting, day(12, 1))]),
            // Due this Friday.
            task(day(12, 11), 0, &[(Todo, day(11, 1)), (Doing, day(12, 2))]),
            // Done, though late: counts nowhere.
            task(day(11, 1), 0, &[(Todo, day(10, 1)), (Done, day(11, 20))]),
            // Due next year.
            task(day(12, 31), 0, &[(Todo, day(11, 1))]),
        ];
        let figure = agency_figure(&tasks, day(12, 7));
        assert_eq!(figure, AgencyFigure { due_this_week: 1, overdue: 2, flagged: 1 });
    }

    #[test]
    fn an_earlier_day_reads_only_what_was_known_then() {
        use TaskStatus::*;
        let tasks = [
            // Done on 20 November: on 15 November it was still open and late.
            task(day(11, 1), 3, &[(Todo, day(10, 1)), (Done, day(11, 20))]),
            // Created on 1 December: not there on 15 November.
            task(day(11, 10), 0, &[(Todo, day(12, 1))]),
        ];
        assert_eq!(agency_figure(&tasks, day(11, 15)), AgencyFigure { due_this_week: 0, overdue: 1, flagged: 1 });
        assert_eq!(agency_figure(&tasks, day(12, 7)), AgencyFigure { due_this_week: 0, overdue: 1, flagged: 1 });
        assert_eq!(agency_figure(&[], day(12, 7)), AgencyFigure::default());
    }
}
