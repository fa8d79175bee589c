//! An event as typed, and the rules it keeps: a title, dates in order and
//! within bounds, a place, text within its limits; and when attendance may
//! be recorded.

use super::EventKind;
use crate::fellows::FormError;
use crate::text::TextField;
use chrono::{Days, NaiveDate};
use uuid::Uuid;

/// The event's name, e.g. 2025年深圳乡友座谈会.
pub const TITLE: TextField = TextField::line("活动名称", "title", 100).required();
/// A city (深圳, 长沙...) or 本县 for an event at home.
pub const PLACE: TextField = TextField::line("举办地点", "place", 50).required();
/// What came of the event. Its limit is the contact record's outcome's, since
/// every attended fellow's contact carries it.
pub const OUTCOMES: TextField = TextField::notes("活动成效", "outcomes", 1000);
/// Investment leads raised, as free text (the projects area links them later).
pub const LEADS: TextField = TextField::notes("线索", "leads", 2000);

/// The earliest day an event may start on, as for contact records.
pub const EARLIEST_EVENT: NaiveDate = crate::liaison::EARLIEST_CONTACT;
/// The longest an event lasts, first and last day counted (an inspection
/// tour of a fortnight is long; a month is a typing mistake).
pub const MAX_DAYS: u64 = 31;
/// How far ahead an event may be planned.
pub const PLANNED_AHEAD_DAYS: u64 = 730;
/// The most attendees of one kind (fellows, cadres, chambers) an event has.
pub const MAX_ATTENDEES: usize = 500;

/// An event as the form or the API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub title: String,
    pub kind: EventKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub place: String,
    /// The org unit that organises it (the county, a township...).
    pub organiser_unit_id: Uuid,
    pub outcomes: String,
    pub leads: String,
}

impl EventDraft {
    /// The draft with its rules applied on `today`, text trimmed. Every
    /// broken rule is returned under the field the form and the API name.
    pub fn check(&self, today: NaiveDate) -> Result<EventDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let mut text = |name: &'static str, rule: TextField, value: &str| {
            rule.check(value).unwrap_or_else(|message| {
                errors.push(FormError { field: name, message });
                String::new()
            })
        };
        let title = text("title", TITLE, &self.title);
        let place = text("place", PLACE, &self.place);
        let outcomes = text("outcomes", OUTCOMES, &self.outcomes);
        let leads = text("leads", LEADS, &self.leads);
        let latest = today.checked_add_days(Days::new(PLANNED_AHEAD_DAYS)).unwrap_or(today);
        if self.start_date < EARLIEST_EVENT {
            errors.push(FormError::new(
                "start_date",
                "开始日期不能早于2000年1月1日",
                "The event starts before 1 January 2000",
            ));
        } else if self.start_date > latest {
            errors.push(FormError::new(
                "start_date",
                "开始日期不能晚于两年以后",
                "The event starts more than two years ahead",
            ));
        }
        if self.end_date < self.start_date {
            errors.push(FormError::new("end_date", "结束日期不能早于开始日期", "The event ends before it starts"));
        } else if (self.end_date - self.start_date).num_days() >= MAX_DAYS as i64 {
            errors.push(FormError::new(
                "end_date",
                format!("一次活动最长{MAX_DAYS}天"),
                format!("An event lasts at most {MAX_DAYS} days"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(EventDraft { title, place, outcomes, leads, ..self.clone() })
    }
}

/// Whether attendance may be recorded: fellows and cadres who attended are
/// contacts on the start day, and a contact is never in the future; and no
/// list is longer than [`MAX_ATTENDEES`]. `lists` are (field, length).
pub fn check_attendance(
    start_date: NaiveDate,
    anyone_attended: bool,
    lists: &[(&'static str, usize)],
    today: NaiveDate,
) -> Result<(), Vec<FormError>> {
    let mut errors = Vec::new();
    if anyone_attended && start_date > today {
        errors.push(FormError::new(
            "attendees",
            "活动尚未开始，只能登记受邀，不能登记出席",
            "The event has not started: attendees can be invited, not marked as attended",
        ));
    }
    for (name, len) in lists {
        if *len > MAX_ATTENDEES {
            errors.push(FormError::new(
                name,
                format!("一次活动最多登记{MAX_ATTENDEES}位"),
                format!("An event lists at most {MAX_ATTENDEES}"),
            ));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn draft() -> EventDraft {
        EventDraft {
            title: " 2024年深圳乡友座谈会 ".into(),
            kind: EventKind::Forum,
            start_date: day(2024, 1, 20),
            end_date: day(2024, 1, 20),
            place: "深圳".into(),
            organiser_unit_id: Uuid::from_u128(1),
            outcomes: "签约意向两项".into(),
            leads: String::new(),
        }
    }

    fn fields(errors: Vec<FormError>) -> Vec<&'static str> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_good_draft_is_trimmed() {
        let checked = draft().check(day(2024, 3, 1)).unwrap();
        assert_eq!(checked.title, "2024年深圳乡友座谈会");
    }

    #[test]
    fn dates_are_in_order_and_within_bounds() {
        let today = day(2024, 3, 1);
        let on = |start, end| EventDraft { start_date: start, end_date: end, ..draft() }.check(today);
        assert!(on(day(2024, 3, 1), day(2024, 3, 31)).is_ok(), "31 days, first and last counted");
        assert!(on(day(2025, 6, 1), day(2025, 6, 2)).is_ok(), "planned ahead");
        let backwards = on(day(2024, 3, 2), day(2024, 3, 1)).unwrap_err();
        assert_eq!((backwards[0].field, backwards[0].message.zh.as_str()), ("end_date", "结束日期不能早于开始日期"));
        assert_eq!(fields(on(day(2024, 3, 1), day(2024, 4, 1)).unwrap_err()), ["end_date"]);
        assert_eq!(fields(on(day(1999, 12, 31), day(2000, 1, 1)).unwrap_err()), ["start_date"]);
        assert_eq!(fields(on(day(2026, 3, 2), day(2026, 3, 2)).unwrap_err()), ["start_date"]);
    }

    #[test]
    fn text_keeps_its_limits() {
        let today = day(2024, 3, 1);
        let bad = EventDraft {
            title: " ".into(),
            place: "深\n圳".into(),
            outcomes: "成".repeat(1001),
            leads: "\u{1b}[2J".into(),
            ..draft()
        };
        let errors = bad.check(today).unwrap_err();
        assert!(!errors[0].message.zh.is_empty());
        assert_eq!(fields(errors), ["title", "place", "outcomes", "leads"]);
    }

    #[test]
    fn attendance_is_recorded_once_the_event_has_begun() {
        let today = day(2024, 3, 1);
        assert!(check_attendance(day(2024, 3, 1), true, &[("fellows", 3)], today).is_ok());
        assert!(check_attendance(day(2024, 3, 2), false, &[("fellows", 3)], today).is_ok(), "invitations ahead");
        let early = check_attendance(day(2024, 3, 2), true, &[], today).unwrap_err();
        assert_eq!(early[0].field, "attendees");
        let long = check_attendance(day(2024, 3, 1), false, &[("fellows", MAX_ATTENDEES + 1)], today).unwrap_err();
        assert_eq!(fields(long), ["fellows"]);
    }
}
