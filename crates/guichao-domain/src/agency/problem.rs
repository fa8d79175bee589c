//! Problems an enterprise raises (企业诉求): what it asked, who owns it, by
//! when, and how it was resolved. A problem is *open* on a day when it had
//! been raised by then and not yet resolved; it is *overdue* when it is open
//! and its deadline is before that day.

use crate::fellows::FormError;
use crate::text::TextField;
use chrono::NaiveDate;
use uuid::Uuid;

/// What the enterprise asked, typed into a textarea.
pub const PROBLEM_TEXT: TextField = TextField::notes("诉求内容", "problem", 1000).required();
/// How it was resolved.
pub const RESOLUTION: TextField = TextField::notes("办理结果", "resolution", 1000).required();

/// A problem as the form or the API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemDraft {
    pub raised_on: NaiveDate,
    pub text: String,
    /// The unit that owns it (责任单位).
    pub owner_unit_id: Option<Uuid>,
    /// The person who owns it (责任人), a user of the county.
    pub owner_user_id: Option<Uuid>,
    /// The day it is to be resolved by (办结时限).
    pub deadline: NaiveDate,
}

impl ProblemDraft {
    /// The draft with its text trimmed, or every field that breaks a rule on
    /// `today`: the text is given, it was raised by today, it has an owner
    /// (a unit or a person), and its deadline is not before the day raised.
    pub fn check(self, today: NaiveDate) -> Result<ProblemDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let text = PROBLEM_TEXT.check(&self.text).unwrap_or_else(|message| {
            errors.push(FormError { field: "text", message });
            String::new()
        });
        if self.raised_on > today {
            errors.push(FormError::new("raised_on", "提出日期不能晚于今天", "The day raised is in the future"));
        }
        if self.owner_unit_id.is_none() && self.owner_user_id.is_none() {
            errors.push(FormError::new("owner_unit_id", "请指定责任单位或责任人", "Choose an owner unit or person"));
        }
        if self.deadline < self.raised_on {
            errors.push(FormError::new(
                "deadline",
                format!("办结时限不能早于提出日期（{}）", self.raised_on),
                format!("The deadline cannot be before the day raised ({})", self.raised_on),
            ));
        }
        if errors.is_empty() { Ok(ProblemDraft { text, ..self }) } else { Err(errors) }
    }
}

/// Whether a problem raised on `raised_on` may be resolved on `on` with
/// `text` on `today`, when it was resolved on `resolved_on` (if ever):
/// once only, not before it was raised, not in the future, and saying how.
/// Returns the text trimmed.
pub fn check_resolution(
    raised_on: NaiveDate,
    resolved_on: Option<NaiveDate>,
    text: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<String, FormError> {
    if let Some(done) = resolved_on {
        return Err(FormError::new(
            "resolution",
            format!("该诉求已于 {done} 办结"),
            format!("The problem was resolved on {done}"),
        ));
    }
    let text = RESOLUTION.check(text).map_err(|message| FormError { field: "resolution", message })?;
    if on > today {
        return Err(FormError::new("resolved_on", "办结日期不能晚于今天", "The day resolved is in the future"));
    }
    if on < raised_on {
        return Err(FormError::new(
            "resolved_on",
            format!("办结日期不能早于提出日期（{raised_on}）"),
            format!("The day resolved cannot be before the day raised ({raised_on})"),
        ));
    }
    Ok(text)
}

/// Whether the problem is open on `as_of`.
pub fn problem_open(raised_on: NaiveDate, resolved_on: Option<NaiveDate>, as_of: NaiveDate) -> bool {
    raised_on <= as_of && resolved_on.is_none_or(|r| r > as_of)
}

/// Whether the problem is open on `as_of` and its deadline has passed.
pub fn problem_overdue(
    raised_on: NaiveDate,
    deadline: NaiveDate,
    resolved_on: Option<NaiveDate>,
    as_of: NaiveDate,
) -> bool {
    problem_open(raised_on, resolved_on, as_of) && deadline < as_of
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn draft() -> ProblemDraft {
        ProblemDraft {
            raised_on: day(11, 2),
            text: " 厂房屋面漏水，影响设备进场 ".into(),
            owner_unit_id: Some(Uuid::nil()),
            owner_user_id: None,
            deadline: day(11, 20),
        }
    }

    #[test]
    fn a_problem_needs_text_an_owner_and_a_deadline_after_it_was_raised() {
        let today = day(12, 7);
        assert_eq!(draft().check(today).unwrap().text, "厂房屋面漏水，影响设备进场");
        let by_person = ProblemDraft { owner_unit_id: None, owner_user_id: Some(Uuid::nil()), ..draft() };
        assert!(by_person.check(today).is_ok());
        let bad = ProblemDraft {
            text: "".into(),
            raised_on: day(12, 8),
            owner_unit_id: None,
            deadline: day(12, 1),
            ..draft()
        };
        let errors = bad.check(today).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["text", "raised_on", "owner_unit_id", "deadline"]);
        assert_eq!(errors[3].message.zh, "办结时限不能早于提出日期（2026-12-08）");
        assert!(ProblemDraft { deadline: day(11, 2), ..draft() }.check(today).is_ok(), "due the same day");
    }

    #[test]
    fn open_and_overdue_read_the_day() {
        let (raised, deadline) = (day(11, 2), day(11, 20));
        assert!(!problem_open(raised, None, day(11, 1)), "not raised yet");
        assert!(problem_open(raised, None, day(11, 2)));
        assert!(!problem_overdue(raised, deadline, None, day(11, 20)), "due today is not late");
        assert!(problem_overdue(raised, deadline, None, day(11, 21)));
        let resolved = Some(day(11, 25));
        assert!(problem_overdue(raised, deadline, resolved, day(11, 24)), "late until resolved");
        assert!(!problem_open(raised, resolved, day(11, 25)));
        assert!(!problem_overdue(raised, deadline, resolved, day(12, 7)));
    }

    #[test]
    fn a_resolution_is_given_once_with_text_between_raising_and_today() {
        let (raised, today) = (day(11, 2), day(12, 7));
        assert_eq!(
            check_resolution(raised, None, " 已协调住建局维修 ", day(11, 30), today),
            Ok("已协调住建局维修".into())
        );
        let twice = check_resolution(raised, Some(day(11, 30)), "再办", day(12, 1), today).unwrap_err();
        assert_eq!((twice.field, twice.message.zh.as_str()), ("resolution", "该诉求已于 2026-11-30 办结"));
        assert_eq!(check_resolution(raised, None, "  ", day(11, 30), today).unwrap_err().field, "resolution");
        assert_eq!(check_resolution(raised, None, "好", day(12, 8), today).unwrap_err().field, "resolved_on");
        let early = check_resolution(raised, None, "好", day(11, 1), today).unwrap_err();
        assert_eq!(early.message.zh, "办结日期不能早于提出日期（2026-11-02）");
    }
}
