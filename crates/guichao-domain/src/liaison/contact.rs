//! A contact record (联系记录) as typed: its kind, its day, who met whom, and
//! the follow-up it may leave; and the rules a record keeps before the store
//! writes it.

use crate::Msg;
use crate::fellows::FormError;
use crate::text::TextField;
use crate::vocab::vocabulary;
use chrono::NaiveDate;
use uuid::Uuid;

vocabulary! {
    /// How a cadre kept in touch with a fellow.
    pub enum ContactKind {
        Visit = "visit", "上门拜访", "Home visit", ["拜访", "走访", "上门", "登门拜访"];
        Call = "call", "电话", "Phone call", ["电话联系", "打电话", "通话"];
        Forum = "forum", "座谈", "Forum", ["座谈会", "恳谈会"];
        Letter = "letter", "信函", "Letter", ["书信", "写信", "慰问信"];
        Sms = "sms", "短信", "SMS", ["短消息", "发短信"];
        Gift = "gift", "慰问品/礼品", "Gift", ["慰问品", "礼品", "慰问"];
        Inspection = "inspection", "招商考察", "Inspection tour", ["考察", "回乡考察"];
        WeChat = "wechat", "微信", "WeChat", ["微信联系", "视频通话"];
        Other = "other", "其他", "Other", ["其它"];
    }
}

/// The earliest day a contact may be recorded on: older logs are not kept.
pub const EARLIEST_CONTACT: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date");
/// The most fellows one record names (a large forum).
pub const MAX_FELLOWS: usize = 500;
/// The most cadres one record names.
pub const MAX_CADRES: usize = 50;

/// Where the contact took place.
pub const PLACE: TextField = TextField::line("地点", "place", 100);
/// What was talked about, typed into a textarea.
pub const NOTES: TextField = TextField::notes("联系内容", "notes", 2000);
/// What came of it.
pub const OUTCOME: TextField = TextField::notes("成效", "outcome", 1000);
/// What the follow-up is to do.
pub const FOLLOW_UP_WHAT: TextField = TextField::line("跟进事项", "follow-up", 200).required();
/// The one line that closes a follow-up.
pub const FOLLOW_UP_RESULT: TextField = TextField::line("办理结果", "result", 200).required();

/// A to-do a contact leaves: what, for whom, by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpDraft {
    pub what: String,
    pub owner_id: Uuid,
    pub due: NaiveDate,
}

/// A contact record as the form or the API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDraft {
    pub kind: ContactKind,
    pub date: NaiveDate,
    pub place: String,
    /// The cadres who took part (users of the county).
    pub cadre_ids: Vec<Uuid>,
    /// The fellows met; a forum names many.
    pub fellow_ids: Vec<Uuid>,
    pub chamber_id: Option<Uuid>,
    pub notes: String,
    pub outcome: String,
    pub follow_up: Option<FollowUpDraft>,
}

fn field(field: &'static str, message: Msg) -> FormError {
    FormError { field, message }
}

/// Ids in their first order, each once.
fn distinct(ids: &[Uuid]) -> Vec<Uuid> {
    let mut seen = Vec::with_capacity(ids.len());
    for id in ids {
        if !seen.contains(id) {
            seen.push(*id);
        }
    }
    seen
}

impl ContactDraft {
    /// The draft with its rules applied on `today`: text trimmed, ids named
    /// once. Every broken rule is returned, each under the field the form and
    /// the API name (`date`, `fellow_ids`, `follow_up_due`...).
    pub fn check(&self, today: NaiveDate) -> Result<ContactDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        if self.date > today {
            errors.push(field("date", Msg::new("联系日期不能晚于今天", "The contact date is in the future")));
        } else if self.date < EARLIEST_CONTACT {
            errors.push(field(
                "date",
                Msg::new("联系日期不能早于2000年1月1日", "The contact date is before 1 January 2000"),
            ));
        }
        let fellow_ids = distinct(&self.fellow_ids);
        if fellow_ids.is_empty() {
            errors.push(field("fellow_ids", Msg::new("请至少选择一位乡友", "Choose at least one fellow")));
        } else if fellow_ids.len() > MAX_FELLOWS {
            errors.push(field(
                "fellow_ids",
                Msg::new(
                    format!("一条联系记录最多{MAX_FELLOWS}位乡友"),
                    format!("A contact names at most {MAX_FELLOWS} fellows"),
                ),
            ));
        }
        let cadre_ids = distinct(&self.cadre_ids);
        if cadre_ids.is_empty() {
            errors.push(field("cadre_ids", Msg::new("请至少选择一位联系干部", "Choose at least one cadre")));
        } else if cadre_ids.len() > MAX_CADRES {
            errors.push(field(
                "cadre_ids",
                Msg::new(
                    format!("一条联系记录最多{MAX_CADRES}位干部"),
                    format!("A contact names at most {MAX_CADRES} cadres"),
                ),
            ));
        }
        let mut text = |name: &'static str, rule: TextField, value: &str| {
            rule.check(value).unwrap_or_else(|message| {
                errors.push(field(name, message));
                String::new()
            })
        };
        let place = text("place", PLACE, &self.place);
        let notes = text("notes", NOTES, &self.notes);
        let outcome = text("outcome", OUTCOME, &self.outcome);
        let follow_up = self
            .follow_up
            .as_ref()
            .map(|f| FollowUpDraft { what: text("follow_up_what", FOLLOW_UP_WHAT, &f.what), ..f.clone() });
        if let Some(f) = &follow_up
            && f.due < self.date
        {
            errors.push(field(
                "follow_up_due",
                Msg::new("跟进期限不能早于联系日期", "The follow-up is due before the contact date"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ContactDraft { place, notes, outcome, follow_up, fellow_ids, cadre_ids, ..self.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn draft() -> ContactDraft {
        ContactDraft {
            kind: ContactKind::Visit,
            date: day(2024, 3, 5),
            place: " 深圳 ".into(),
            cadre_ids: vec![Uuid::from_u128(1)],
            fellow_ids: vec![Uuid::from_u128(2), Uuid::from_u128(3), Uuid::from_u128(2)],
            chamber_id: None,
            notes: "谈了回乡投资\r\n意向".into(),
            outcome: String::new(),
            follow_up: Some(FollowUpDraft {
                what: "寄送招商资料".into(),
                owner_id: Uuid::from_u128(1),
                due: day(2024, 3, 5),
            }),
        }
    }

    fn fields(errors: Vec<FormError>) -> Vec<&'static str> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(ContactKind);
        let codes: Vec<&str> = ContactKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, ["visit", "call", "forum", "letter", "sms", "gift", "inspection", "wechat", "other"]);
        assert_eq!(ContactKind::from_words("走访"), Some(ContactKind::Visit));
        assert_eq!(ContactKind::from_words("座谈会"), Some(ContactKind::Forum));
        assert_eq!(ContactKind::from_words("吃饭"), None);
    }

    #[test]
    fn a_good_draft_is_cleaned() {
        let today = day(2024, 3, 5);
        let checked = draft().check(today).unwrap();
        assert_eq!(checked.place, "深圳");
        assert_eq!(checked.fellow_ids, [Uuid::from_u128(2), Uuid::from_u128(3)], "named once, in order");
        assert_eq!(checked.notes, "谈了回乡投资\r\n意向");
    }

    #[test]
    fn the_date_has_come_and_is_not_ancient() {
        let today = day(2024, 3, 5);
        let on = |date| ContactDraft { date, follow_up: None, ..draft() }.check(today);
        assert!(on(today).is_ok());
        assert!(on(EARLIEST_CONTACT).is_ok());
        let future = on(day(2024, 3, 6)).unwrap_err();
        assert_eq!((future[0].field, future[0].message.zh.as_str()), ("date", "联系日期不能晚于今天"));
        assert_eq!(fields(on(day(1999, 12, 31)).unwrap_err()), ["date"]);
    }

    #[test]
    fn someone_met_someone() {
        let today = day(2024, 3, 5);
        let empty = ContactDraft { fellow_ids: vec![], cadre_ids: vec![], ..draft() };
        let errors = empty.check(today).unwrap_err();
        assert_eq!(errors[0].message.zh, "请至少选择一位乡友");
        assert_eq!(fields(errors), ["fellow_ids", "cadre_ids"]);
        let many = |n: u128| (0..n).map(Uuid::from_u128).collect::<Vec<_>>();
        let big =
            ContactDraft { fellow_ids: many(MAX_FELLOWS as u128), cadre_ids: many(MAX_CADRES as u128), ..draft() };
        assert!(big.check(today).is_ok());
        let huge = ContactDraft {
            fellow_ids: many(MAX_FELLOWS as u128 + 1),
            cadre_ids: many(MAX_CADRES as u128 + 1),
            ..draft()
        };
        assert_eq!(fields(huge.check(today).unwrap_err()), ["fellow_ids", "cadre_ids"]);
    }

    #[test]
    fn text_keeps_its_limits() {
        let today = day(2024, 3, 5);
        let long =
            ContactDraft {
                place: "深\n圳".into(), notes: "字".repeat(2001), outcome: "\u{1b}[2J".into(), ..draft()
            };
        assert_eq!(fields(long.check(today).unwrap_err()), ["place", "notes", "outcome"]);
    }

    #[test]
    fn a_follow_up_says_what_and_is_not_due_before_the_contact() {
        let today = day(2024, 3, 5);
        let with = |what: &str, due| ContactDraft {
            follow_up: Some(FollowUpDraft { what: what.into(), owner_id: Uuid::from_u128(1), due }),
            ..draft()
        };
        assert!(with("回访", day(2024, 4, 1)).check(today).is_ok(), "due later than today is the point");
        assert_eq!(fields(with(" ", day(2024, 3, 5)).check(today).unwrap_err()), ["follow_up_what"]);
        let early = with("回访", day(2024, 3, 4)).check(today).unwrap_err();
        assert_eq!((early[0].field, early[0].message.zh.as_str()), ("follow_up_due", "跟进期限不能早于联系日期"));
    }
}
