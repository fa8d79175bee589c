//! The contact form as typed: kept as text so a refused form shows again with
//! what the user wrote, and turned into a [`ContactDraft`] on save. What
//! cannot be read (no kind, a date that is not a date, an id that is not one)
//! is a field error under the same names the domain's rules use, so the page
//! shows every refusal beside its input.

use crate::extract::FormData;
use guichao_domain::date::parse_optional_date;
use guichao_domain::fellows::FormError;
use guichao_domain::liaison::{ContactDraft, ContactKind, FollowUpDraft};
use guichao_store::contacts::ContactRow;
use uuid::Uuid;

/// The create/edit form of a contact record. Input names are the field
/// names of the rules (`date`, `fellow_ids`, `follow_up_due`...).
#[derive(Debug, Clone, Default)]
pub struct ContactForm {
    /// A `ContactKind` code.
    pub kind: String,
    pub date: String,
    pub place: String,
    pub fellow_ids: Vec<String>,
    pub cadre_ids: Vec<String>,
    pub chamber_id: String,
    pub notes: String,
    pub outcome: String,
    pub follow_up_what: String,
    pub follow_up_owner: String,
    pub follow_up_due: String,
}

/// Ids as typed; an unreadable one is a field error.
fn ids(typed: &[String], name: &'static str, errors: &mut Vec<FormError>) -> Vec<Uuid> {
    let parsed: Result<Vec<Uuid>, _> = typed.iter().filter(|t| !t.is_empty()).map(|t| Uuid::parse_str(t)).collect();
    parsed.unwrap_or_else(|_| {
        errors.push(FormError::new(name, "所选项目无效，请重新选择", "A choice is not valid; choose again"));
        vec![]
    })
}

impl ContactForm {
    /// A new record's form: today, the user as the cadre and the follow-up's
    /// owner, and the fellows given (the quick entry from 我的联系).
    pub fn new(today: &str, user: Uuid, fellows: &[Uuid]) -> ContactForm {
        ContactForm {
            kind: ContactKind::Visit.code().into(),
            date: today.into(),
            fellow_ids: fellows.iter().map(Uuid::to_string).collect(),
            cadre_ids: vec![user.to_string()],
            follow_up_owner: user.to_string(),
            ..Default::default()
        }
    }

    pub fn from_form(f: &FormData) -> ContactForm {
        ContactForm {
            kind: f.get("kind"),
            date: f.get("date"),
            place: f.get("place"),
            fellow_ids: f.all("fellow_ids"),
            cadre_ids: f.all("cadre_ids"),
            chamber_id: f.get("chamber_id"),
            notes: f.get("notes"),
            outcome: f.get("outcome"),
            follow_up_what: f.get("follow_up_what"),
            follow_up_owner: f.get("follow_up_owner"),
            follow_up_due: f.get("follow_up_due"),
        }
    }

    /// The form filled with a stored record, for editing. Its open follow-up
    /// (if any) fills the follow-up fields.
    pub fn from_row(c: &ContactRow, open: Option<(&str, Uuid, chrono::NaiveDate)>, user: Uuid) -> ContactForm {
        ContactForm {
            kind: c.kind.code().into(),
            date: c.date.to_string(),
            place: c.place.clone(),
            fellow_ids: c.fellows.iter().filter(|f| f.name.is_some()).map(|f| f.fellow_id.to_string()).collect(),
            cadre_ids: c.cadres.iter().map(|c| c.user_id.to_string()).collect(),
            chamber_id: c.chamber_id.map(|c| c.to_string()).unwrap_or_default(),
            notes: c.notes.clone(),
            outcome: c.outcome.clone(),
            follow_up_what: open.map(|o| o.0.to_string()).unwrap_or_default(),
            follow_up_owner: open.map(|o| o.1).unwrap_or(user).to_string(),
            follow_up_due: open.map(|o| o.2.to_string()).unwrap_or_default(),
        }
    }

    /// Whether the form asks for a follow-up (what or due typed).
    fn has_follow_up(&self) -> bool {
        !self.follow_up_what.trim().is_empty() || !self.follow_up_due.trim().is_empty()
    }

    /// The draft, or every field that cannot be read. The draft's own rules
    /// (a date in the future, no fellows, text too long) are the store's.
    pub fn draft(&self) -> Result<ContactDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let kind = ContactKind::parse(&self.kind);
        if kind.is_none() {
            errors.push(FormError::new("kind", "请选择联系方式", "Choose how you kept in touch"));
        }
        let date = match parse_optional_date(&self.date) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                errors.push(FormError::new("date", "请填写联系日期", "Enter the contact date"));
                None
            }
            Err(e) => {
                errors.push(FormError { field: "date", message: e.msg("联系日期", "contact date", &self.date) });
                None
            }
        };
        let fellow_ids = ids(&self.fellow_ids, "fellow_ids", &mut errors);
        let cadre_ids = ids(&self.cadre_ids, "cadre_ids", &mut errors);
        let chamber_id = match self.chamber_id.trim() {
            "" => None,
            text => Uuid::parse_str(text).map(Some).unwrap_or_else(|_| {
                errors.push(FormError::new("chamber_id", "所选商会无效", "The chamber chosen is not valid"));
                None
            }),
        };
        let follow_up = if self.has_follow_up() {
            let owner = Uuid::parse_str(self.follow_up_owner.trim()).ok();
            if owner.is_none() {
                errors.push(FormError::new("follow_up_owner", "请选择跟进责任人", "Choose who follows up"));
            }
            let due = match parse_optional_date(&self.follow_up_due) {
                Ok(Some(d)) => Some(d),
                Ok(None) => {
                    errors.push(FormError::new("follow_up_due", "请填写跟进期限", "Enter when the follow-up is due"));
                    None
                }
                Err(e) => {
                    let message = e.msg("跟进期限", "follow-up due date", &self.follow_up_due);
                    errors.push(FormError { field: "follow_up_due", message });
                    None
                }
            };
            owner.zip(due).map(|(owner_id, due)| FollowUpDraft { what: self.follow_up_what.clone(), owner_id, due })
        } else {
            None
        };
        match (kind, date) {
            (Some(kind), Some(date)) if errors.is_empty() => Ok(ContactDraft {
                kind,
                date,
                place: self.place.clone(),
                cadre_ids,
                fellow_ids,
                chamber_id,
                notes: self.notes.clone(),
                outcome: self.outcome.clone(),
                follow_up,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> ContactForm {
        ContactForm::new("2024-03-05", Uuid::from_u128(1), &[Uuid::from_u128(2)])
    }

    fn fields(form: &ContactForm) -> Vec<&'static str> {
        form.draft().unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_quick_entry_reads_as_a_visit_today_by_the_user() {
        let draft = typed().draft().unwrap();
        assert_eq!((draft.kind, draft.date.to_string()), (ContactKind::Visit, "2024-03-05".to_string()));
        assert_eq!((draft.cadre_ids, draft.fellow_ids), (vec![Uuid::from_u128(1)], vec![Uuid::from_u128(2)]));
        assert_eq!(draft.follow_up, None, "the owner alone asks for no follow-up");
    }

    #[test]
    fn what_cannot_be_read_is_named_by_field() {
        let bad = ContactForm {
            kind: "dinner".into(),
            date: "昨天".into(),
            fellow_ids: vec!["x".into()],
            chamber_id: "y".into(),
            ..typed()
        };
        assert_eq!(fields(&bad), ["kind", "date", "fellow_ids", "chamber_id"]);
        assert_eq!(fields(&ContactForm { date: " ".into(), ..typed() }), ["date"]);
        let errors = ContactForm { kind: String::new(), ..typed() }.draft().unwrap_err();
        assert_eq!(errors[0].message.zh, "请选择联系方式");
    }

    #[test]
    fn a_follow_up_needs_a_due_date_and_an_owner() {
        let asked = ContactForm { follow_up_what: "寄资料".into(), ..typed() };
        assert_eq!(fields(&asked), ["follow_up_due"]);
        let unowned = ContactForm { follow_up_due: "2024-04-01".into(), follow_up_owner: String::new(), ..asked };
        assert_eq!(fields(&unowned), ["follow_up_owner"]);
        let whole = ContactForm { follow_up_owner: Uuid::from_u128(1).to_string(), ..unowned };
        let f = whole.draft().unwrap().follow_up.unwrap();
        assert_eq!((f.what.as_str(), f.due.to_string()), ("寄资料", "2024-04-01".to_string()));
    }
}
