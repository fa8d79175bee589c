//! A service request as staff or the public form type it, and the rules it
//! keeps before the store writes it. Whether the fellow, unit, assignee and
//! township exist and are in the writer's reach is the store's to check.

use super::ServiceKind;
use crate::Msg;
use crate::fellows::{FormError, PersonName, Phone};
use crate::text::TextField;
use chrono::NaiveDate;
use uuid::Uuid;

/// What is asked, in a line: 孩子转学到荣家湾镇中心小学.
pub const SUBJECT: TextField = TextField::line("诉求事项", "subject", 100).required();
/// The details of what is asked.
pub const DETAILS: TextField = TextField::notes("具体情况", "details", 2000);
/// A reply or an internal note.
pub const REPLY: TextField = TextField::notes("回复内容", "reply", 2000).required();
/// Why a request is declined, or a note on a step.
pub const REASON: TextField = TextField::notes("说明", "note", 500);
/// The requester's comment on the service.
pub const COMMENT: TextField = TextField::notes("评价意见", "comment", 500);

/// Who asks: a fellow in the registry, or a returnee not in it yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requester {
    Fellow(Uuid),
    Returnee { name: String, phone: String, township_id: Option<Uuid> },
}

/// A request as staff type it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceDraft {
    pub kind: ServiceKind,
    pub requester: Requester,
    pub subject: String,
    pub details: String,
    pub unit_id: Uuid,
    pub assignee_id: Option<Uuid>,
    pub received_on: NaiveDate,
}

/// A returnee checked: the name as written and the phone normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedReturnee {
    pub name: String,
    pub phone: Phone,
    pub township_id: Option<Uuid>,
}

/// A draft that keeps every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedDraft {
    pub kind: ServiceKind,
    pub fellow_id: Option<Uuid>,
    pub returnee: Option<CheckedReturnee>,
    pub subject: String,
    pub details: String,
    pub unit_id: Uuid,
    pub assignee_id: Option<Uuid>,
    pub received_on: NaiveDate,
}

fn text(errors: &mut Vec<FormError>, field: &'static str, rule: TextField, value: &str) -> String {
    rule.check(value).unwrap_or_else(|message| {
        errors.push(FormError { field, message });
        String::new()
    })
}

/// A returnee's name and phone, with refusals under `name` and `phone`.
pub fn check_returnee(errors: &mut Vec<FormError>, name: &str, phone: &str) -> Option<(String, Phone)> {
    let name = PersonName::parse(name)
        .map_err(|e| {
            errors.push(FormError {
                field: "name",
                message: Msg::new(e.message(crate::Lang::Zh), e.message(crate::Lang::En)),
            })
        })
        .ok();
    let phone = Phone::parse(phone)
        .map_err(|e| {
            errors.push(FormError {
                field: "phone",
                message: Msg::new(e.message(crate::Lang::Zh), e.message(crate::Lang::En)),
            })
        })
        .ok();
    Some((name?.as_str().to_string(), phone?))
}

impl ServiceDraft {
    /// The draft trimmed and checked, or every broken rule by field.
    pub fn check(&self, today: NaiveDate) -> Result<CheckedDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let subject = text(&mut errors, "subject", SUBJECT, &self.subject);
        let details = text(&mut errors, "details", DETAILS, &self.details);
        let (fellow_id, returnee) = match &self.requester {
            Requester::Fellow(id) => (Some(*id), None),
            Requester::Returnee { name, phone, township_id } => {
                let checked = check_returnee(&mut errors, name, phone);
                (None, checked.map(|(name, phone)| CheckedReturnee { name, phone, township_id: *township_id }))
            }
        };
        if self.received_on > today {
            errors.push(FormError::new(
                "received_on",
                "受理日期不能晚于今天",
                "The day received cannot be after today",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CheckedDraft {
            kind: self.kind,
            fellow_id,
            returnee,
            subject,
            details,
            unit_id: self.unit_id,
            assignee_id: self.assignee_id,
            received_on: self.received_on,
        })
    }
}

/// A request as the public form sends it: no account, no unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicDraft {
    pub name: String,
    pub phone: String,
    pub kind: ServiceKind,
    pub subject: String,
    pub details: String,
}

impl PublicDraft {
    /// The name, the phone, the subject and the details checked.
    pub fn check(&self) -> Result<(String, Phone, String, String), Vec<FormError>> {
        let mut errors = Vec::new();
        let who = check_returnee(&mut errors, &self.name, &self.phone);
        let subject = text(&mut errors, "subject", SUBJECT, &self.subject);
        let details = text(&mut errors, "details", DETAILS, &self.details);
        match who {
            Some((name, phone)) if errors.is_empty() => Ok((name, phone, subject, details)),
            _ => Err(errors),
        }
    }
}

/// A satisfaction score as typed: 1 to 5.
pub fn check_score(score: i64) -> Result<u8, FormError> {
    if (1..=5).contains(&score) {
        Ok(score as u8)
    } else {
        Err(FormError::new("score", "满意度须为 1 到 5 分", "The score must be 1 to 5"))
    }
}

/// The alphabet of request numbers: no 0/O, 1/I/L, so one read over the
/// phone is typed back right.
const NUMBER_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A request number (受理编号) from 50 random bits: `FW` and ten characters.
/// Random rather than counted, so that numbers say nothing of how many
/// requests there are and cannot be walked through on the lookup page.
pub fn request_number(random: u64) -> String {
    let mut n = random;
    let mut out = String::from("FW");
    for _ in 0..10 {
        out.push(NUMBER_ALPHABET[(n % NUMBER_ALPHABET.len() as u64) as usize] as char);
        n /= NUMBER_ALPHABET.len() as u64;
    }
    out
}

/// A number as typed back: upper-cased, spaces and dashes dropped; `None`
/// when it cannot be one.
pub fn normalise_number(typed: &str) -> Option<String> {
    let n: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
    let ok = n.len() == 12 && n.starts_with("FW") && n.bytes().skip(2).all(|b| NUMBER_ALPHABET.contains(&b));
    ok.then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    fn draft(requester: Requester) -> ServiceDraft {
        ServiceDraft {
            kind: ServiceKind::Schooling,
            requester,
            subject: " 孩子转学 ".into(),
            details: String::new(),
            unit_id: Uuid::from_u128(9),
            assignee_id: None,
            received_on: day(3, 1),
        }
    }

    #[test]
    fn a_returnee_needs_a_name_and_a_phone() {
        let ok = draft(Requester::Returnee { name: "李四".into(), phone: "138 0000 0001".into(), township_id: None });
        let checked = ok.check(day(3, 1)).unwrap();
        assert_eq!(checked.subject, "孩子转学");
        assert_eq!(checked.returnee.unwrap().phone.as_str(), "13800000001");
        let bad = draft(Requester::Returnee { name: "".into(), phone: "12".into(), township_id: None });
        let fields: Vec<&str> = bad.check(day(3, 1)).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "phone"]);
    }

    #[test]
    fn a_future_day_and_an_empty_subject_are_refused() {
        let mut d = draft(Requester::Fellow(Uuid::from_u128(1)));
        d.subject = "  ".into();
        d.received_on = day(3, 2);
        let fields: Vec<&str> = d.check(day(3, 1)).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["subject", "received_on"]);
    }

    #[test]
    fn the_public_form_refuses_scripts_in_names() {
        let d = PublicDraft {
            name: "<script>".into(),
            phone: "13800000001".into(),
            kind: ServiceKind::Other,
            subject: "x".into(),
            details: String::new(),
        };
        assert_eq!(d.check().unwrap_err()[0].field, "name");
    }

    #[test]
    fn scores_are_one_to_five() {
        assert_eq!(check_score(5), Ok(5));
        assert!(check_score(0).is_err() && check_score(6).is_err());
    }

    #[test]
    fn numbers_round_trip_as_typed_back() {
        let n = request_number(0x3_FFFF_FFFF_FFFF);
        assert_eq!(n.len(), 12);
        assert_eq!(normalise_number(&n.to_lowercase()), Some(n.clone()));
        assert_eq!(normalise_number(&format!(" {}-{} ", &n[..6], &n[6..])), Some(n));
        assert_eq!(normalise_number("FW000000000O"), None);
        assert_eq!(normalise_number("<script>"), None);
        assert_ne!(request_number(1), request_number(2));
    }
}
