//! A task's status trail: dated entries, the latest of which (by date, then
//! by the time recorded) is the task's status. The rules of a new entry:
//! - it is not dated in the future, nor before the latest entry (the trail
//!   reads in order, and the new entry becomes the status);
//! - it changes the status (recording the status it already has is refused);
//! - a task already done (已办结) is reopened only with a note saying why.

use crate::Lang;
use crate::fellows::FormError;
use crate::text::TextField;
use crate::vocab::vocabulary;
use chrono::{DateTime, NaiveDate, Utc};

vocabulary! {
    /// Where a task stands.
    pub enum TaskStatus {
        Todo = "todo", "待办", "To do", ["未办", "待办理", "未开始"];
        Doing = "doing", "办理中", "In progress", ["在办", "正在办理", "办理"];
        Waiting = "waiting", "待企业补件", "Waiting on applicant", ["待补件", "补件", "待企业补充材料"];
        Done = "done", "已办结", "Done", ["办结", "完成", "已完成"];
    }
}

/// What the entry says: progress, what is missing, or why a task reopens.
pub const STATUS_NOTE: TextField = TextField::notes("说明", "note", 500);

/// One recorded entry of a trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    pub status: TaskStatus,
    /// The day it happened, in China.
    pub on: NaiveDate,
    /// When it was recorded: orders entries of one day.
    pub recorded_at: DateTime<Utc>,
}

/// An entry as the form or the API sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewStatus<'a> {
    pub status: TaskStatus,
    pub on: NaiveDate,
    pub note: &'a str,
}

/// The latest entry: by date, then by the time it was recorded.
pub fn latest(entries: &[StatusEntry]) -> Option<&StatusEntry> {
    entries.iter().max_by_key(|e| (e.on, e.recorded_at))
}

/// The task's status: its latest entry's, and to do when it has none.
pub fn current(entries: &[StatusEntry]) -> TaskStatus {
    latest(entries).map_or(TaskStatus::Todo, |e| e.status)
}

/// The status on `day`: the latest entry dated on or before it; to do when
/// there is none.
pub fn status_as_of(entries: &[StatusEntry], day: NaiveDate) -> TaskStatus {
    entries.iter().filter(|e| e.on <= day).max_by_key(|e| (e.on, e.recorded_at)).map_or(TaskStatus::Todo, |e| e.status)
}

/// Whether `new` may follow `entries` on `today` (see the module comment).
/// Returns the note trimmed.
pub fn check_status(entries: &[StatusEntry], new: NewStatus<'_>, today: NaiveDate) -> Result<String, FormError> {
    if new.on > today {
        return Err(FormError::new("on", "日期不能晚于今天", "The date is in the future"));
    }
    let note = STATUS_NOTE.check(new.note).map_err(|message| FormError { field: "note", message })?;
    let Some(last) = latest(entries) else { return Ok(note) };
    if new.on < last.on {
        return Err(FormError::new(
            "on",
            format!("日期不能早于上一条办理记录（{}）", last.on),
            format!("The date cannot be before the last entry ({})", last.on),
        ));
    }
    if new.status == last.status {
        return Err(FormError::new(
            "status",
            format!("该事项已是“{}”", last.status.label(Lang::Zh)),
            format!("The task is already “{}”", last.status.label(Lang::En)),
        ));
    }
    if last.status == TaskStatus::Done && note.is_empty() {
        return Err(FormError::new(
            "note",
            "重新打开已办结的事项须说明原因",
            "Give the reason for reopening a task that is done",
        ));
    }
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn entry(status: TaskStatus, on: NaiveDate, second: u32) -> StatusEntry {
        StatusEntry { status, on, recorded_at: Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, second).unwrap() }
    }

    fn new(status: TaskStatus, on: NaiveDate, note: &str) -> NewStatus<'_> {
        NewStatus { status, on, note }
    }

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(TaskStatus);
        assert_eq!(TaskStatus::ALL.map(TaskStatus::code), ["todo", "doing", "waiting", "done"]);
        assert_eq!(TaskStatus::from_words("待补件"), Some(TaskStatus::Waiting));
        assert_eq!(TaskStatus::from_words("已完成"), Some(TaskStatus::Done));
    }

    #[test]
    fn the_status_is_the_latest_entry_by_date_then_time_recorded() {
        assert_eq!(current(&[]), TaskStatus::Todo);
        // Recorded out of date order: the later date wins.
        let trail = [entry(TaskStatus::Doing, day(3, 5), 2), entry(TaskStatus::Waiting, day(3, 1), 3)];
        assert_eq!(current(&trail), TaskStatus::Doing);
        // Two entries of one day: the one recorded later wins.
        let same_day = [entry(TaskStatus::Done, day(3, 5), 9), entry(TaskStatus::Doing, day(3, 5), 1)];
        assert_eq!(current(&same_day), TaskStatus::Done);
        assert_eq!(status_as_of(&same_day, day(3, 4)), TaskStatus::Todo, "nothing yet on 4 March");
        assert_eq!(status_as_of(&trail, day(3, 2)), TaskStatus::Waiting);
        assert_eq!(status_as_of(&trail, day(3, 5)), TaskStatus::Doing);
    }

    #[test]
    fn any_status_may_follow_any_other_but_not_itself() {
        let today = day(6, 30);
        for from in TaskStatus::ALL.into_iter().filter(|s| *s != TaskStatus::Done) {
            let trail = [entry(from, day(6, 1), 0)];
            for to in TaskStatus::ALL {
                let checked = check_status(&trail, new(to, day(6, 2), ""), today);
                if to == from {
                    assert_eq!(checked.unwrap_err().field, "status", "{from:?} → itself");
                } else {
                    assert_eq!(checked, Ok(String::new()), "{from:?} → {to:?}");
                }
            }
        }
        let err = check_status(&[entry(TaskStatus::Doing, day(6, 1), 0)], new(TaskStatus::Doing, day(6, 2), ""), today)
            .unwrap_err();
        assert_eq!(err.message.zh, "该事项已是“办理中”");
    }

    #[test]
    fn a_done_task_reopens_only_with_a_note() {
        let trail = [entry(TaskStatus::Todo, day(5, 1), 0), entry(TaskStatus::Done, day(6, 1), 1)];
        let today = day(6, 30);
        let bare = check_status(&trail, new(TaskStatus::Doing, day(6, 3), "  "), today).unwrap_err();
        assert_eq!((bare.field, bare.message.zh.as_str()), ("note", "重新打开已办结的事项须说明原因"));
        let why = check_status(&trail, new(TaskStatus::Waiting, day(6, 3), " 验收意见要求补件 "), today);
        assert_eq!(why, Ok("验收意见要求补件".to_string()));
        assert_eq!(check_status(&trail, new(TaskStatus::Done, day(6, 3), "再次"), today).unwrap_err().field, "status");
    }

    #[test]
    fn dates_run_forward_and_stop_at_today() {
        let trail = [entry(TaskStatus::Doing, day(6, 10), 0)];
        let today = day(6, 30);
        let early = check_status(&trail, new(TaskStatus::Done, day(6, 9), ""), today).unwrap_err();
        assert_eq!((early.field, early.message.zh.as_str()), ("on", "日期不能早于上一条办理记录（2026-06-10）"));
        assert!(check_status(&trail, new(TaskStatus::Done, day(6, 10), ""), today).is_ok(), "the same day is fine");
        assert_eq!(check_status(&trail, new(TaskStatus::Done, day(7, 1), ""), today).unwrap_err().field, "on");
        let long = "字".repeat(501);
        assert_eq!(check_status(&trail, new(TaskStatus::Done, day(6, 11), &long), today).unwrap_err().field, "note");
        assert!(check_status(&[], new(TaskStatus::Todo, day(6, 1), ""), today).is_ok(), "a first entry");
    }
}
