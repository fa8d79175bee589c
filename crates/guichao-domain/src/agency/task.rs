//! A task (代办事项) as typed, and when it is late. A task is *overdue* on a
//! day when it is not done and its due date is before that day; it is
//! *flagged* for the cockpit when it is overdue by more than its grace days
//! (宽限天数). It is *due this week* when it is not done and its due date
//! falls from Monday to Sunday of the day's week.

use super::TaskStatus;
use crate::fellows::FormError;
use crate::text::TextField;
use chrono::{Datelike, Days, NaiveDate};
use uuid::Uuid;

/// The task's name, e.g. 环评批复.
pub const TASK_NAME: TextField = TextField::line("事项名称", "task name", 100).required();
/// The longest grace a task may have.
pub const MAX_GRACE_DAYS: i32 = 365;
/// The grace of a task added by hand when none is given.
pub const DEFAULT_GRACE_DAYS: i32 = 7;

/// A task as the form or the API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDraft {
    pub name: String,
    pub due: NaiveDate,
    /// The unit that handles it (责任单位), e.g. 县自然资源局.
    pub owner_unit_id: Option<Uuid>,
    /// The person who handles it (责任人), a user of the county.
    pub owner_user_id: Option<Uuid>,
    /// Days past the due date before the cockpit flags it.
    pub grace_days: i32,
}

impl TaskDraft {
    /// The draft with its name trimmed, or every field that breaks a rule.
    /// Whether the owners exist is the store's to check.
    pub fn check(self) -> Result<TaskDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let name = TASK_NAME.check(&self.name).unwrap_or_else(|message| {
            errors.push(FormError { field: "name", message });
            String::new()
        });
        if let Err(e) = check_grace(self.grace_days) {
            errors.push(e);
        }
        if errors.is_empty() { Ok(TaskDraft { name, ..self }) } else { Err(errors) }
    }
}

/// Refuses a grace that is negative or longer than [`MAX_GRACE_DAYS`].
pub(super) fn check_grace(days: i32) -> Result<(), FormError> {
    if (0..=MAX_GRACE_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(FormError::new(
            "grace_days",
            format!("宽限天数应在 0 到 {MAX_GRACE_DAYS} 之间"),
            format!("Grace days are 0 to {MAX_GRACE_DAYS}"),
        ))
    }
}

/// Whether a task due on `due` whose status on `as_of` is `status` is overdue then.
pub fn is_overdue(due: NaiveDate, status: TaskStatus, as_of: NaiveDate) -> bool {
    status != TaskStatus::Done && due < as_of
}

/// Whole days from the due date to `as_of`; 0 when not yet past.
pub fn days_overdue(due: NaiveDate, as_of: NaiveDate) -> i64 {
    (as_of - due).num_days().max(0)
}

/// Whether the task is overdue on `as_of` by more than `grace_days`.
pub fn is_flagged(due: NaiveDate, grace_days: i32, status: TaskStatus, as_of: NaiveDate) -> bool {
    is_overdue(due, status, as_of) && days_overdue(due, as_of) > i64::from(grace_days)
}

/// Monday and Sunday of the week `day` falls in.
pub fn week_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = day - Days::new(u64::from(day.weekday().num_days_from_monday()));
    (monday, monday + Days::new(6))
}

/// Whether the task is not done on `as_of` and due in that day's week.
pub fn due_this_week(due: NaiveDate, status: TaskStatus, as_of: NaiveDate) -> bool {
    let (monday, sunday) = week_of(as_of);
    status != TaskStatus::Done && (monday..=sunday).contains(&due)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn overdue_means_not_done_and_due_before_the_day() {
        let due = day(3, 10);
        assert!(!is_overdue(due, TaskStatus::Doing, day(3, 10)), "due today is not late yet");
        assert!(is_overdue(due, TaskStatus::Doing, day(3, 11)));
        assert!(is_overdue(due, TaskStatus::Waiting, day(3, 11)), "waiting on the applicant is still late");
        assert!(!is_overdue(due, TaskStatus::Done, day(9, 1)));
        assert_eq!((days_overdue(due, day(3, 11)), days_overdue(due, day(3, 1))), (1, 0));
    }

    #[test]
    fn flagged_means_overdue_beyond_the_grace() {
        let due = day(3, 10);
        assert!(!is_flagged(due, 5, TaskStatus::Todo, day(3, 15)), "5 days late with 5 days' grace");
        assert!(is_flagged(due, 5, TaskStatus::Todo, day(3, 16)));
        assert!(is_flagged(due, 0, TaskStatus::Todo, day(3, 11)), "no grace: flagged once late");
        assert!(!is_flagged(due, 0, TaskStatus::Done, day(3, 30)));
    }

    #[test]
    fn the_week_runs_monday_to_sunday() {
        // 2026-12-07 is a Monday.
        assert_eq!(week_of(day(12, 7)), (day(12, 7), day(12, 13)));
        assert_eq!(week_of(day(12, 13)), (day(12, 7), day(12, 13)), "Sunday ends the week");
        assert_eq!(week_of(day(12, 10)), (day(12, 7), day(12, 13)));
        let today = day(12, 10);
        assert!(due_this_week(day(12, 7), TaskStatus::Todo, today), "Monday, already past, still this week");
        assert!(due_this_week(day(12, 13), TaskStatus::Waiting, today));
        assert!(!due_this_week(day(12, 14), TaskStatus::Todo, today));
        assert!(!due_this_week(day(12, 6), TaskStatus::Todo, today));
        assert!(!due_this_week(day(12, 11), TaskStatus::Done, today));
    }

    #[test]
    fn a_draft_needs_a_name_and_a_sane_grace() {
        let draft = TaskDraft {
            name: "  环评批复 ".into(),
            due: day(5, 1),
            owner_unit_id: None,
            owner_user_id: None,
            grace_days: 7,
        };
        assert_eq!(draft.clone().check().unwrap().name, "环评批复");
        let bad = TaskDraft { name: " ".into(), grace_days: -1, ..draft.clone() }.check().unwrap_err();
        assert_eq!(bad.iter().map(|e| e.field).collect::<Vec<_>>(), ["name", "grace_days"]);
        assert_eq!(bad[1].message.zh, "宽限天数应在 0 到 365 之间");
        assert!(TaskDraft { grace_days: 366, ..draft.clone() }.check().is_err());
        assert!(TaskDraft { grace_days: 365, ..draft }.check().is_ok());
    }
}
