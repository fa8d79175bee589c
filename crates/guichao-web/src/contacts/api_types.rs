//! The bodies and answers of `/api/v1/contacts`.

use crate::api::vocab::ContactKindCode;
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::Lang;
use guichao_domain::date::parse_date;
use guichao_domain::fellows::FormError;
use guichao_domain::liaison::{ContactDraft, ContactKind, FollowUpDraft};
use guichao_store::contacts::{ContactDetail, ContactRow, FollowUpRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A contact record to create, or the whole of one to replace.
#[derive(Deserialize, ToSchema)]
pub struct ContactBody {
    #[schema(value_type = ContactKindCode)]
    pub kind: String,
    /// `YYYY-MM-DD`, not in the future.
    #[schema(example = "2025-01-20")]
    pub date: String,
    /// The fellows met: one or more (at most 500), each in the caller's scope.
    pub fellow_ids: Vec<Uuid>,
    /// The cadres present (at most 50); the caller when absent.
    pub cadre_ids: Option<Vec<Uuid>>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub outcome: String,
    pub chamber_id: Option<Uuid>,
    /// A to-do the contact leaves. On a replacement, it takes the place of the
    /// record's open follow-up; without it the open one is withdrawn.
    pub follow_up: Option<FollowUpBody>,
}

#[derive(Deserialize, ToSchema)]
pub struct FollowUpBody {
    pub what: String,
    pub owner_id: Uuid,
    /// `YYYY-MM-DD`, not before the contact's date.
    #[schema(example = "2025-02-20")]
    pub due: String,
}

fn day(text: &str, name: &'static str, zh: &str, en: &str, errors: &mut Vec<FormError>) -> Option<NaiveDate> {
    parse_date(text.trim()).map_err(|e| errors.push(FormError { field: name, message: e.msg(zh, en, text) })).ok()
}

impl ContactBody {
    /// The draft, `caller` as the cadre when none are named; or every field
    /// that cannot be read. The draft's rules are the store's to check.
    pub fn draft(self, caller: Uuid) -> Result<ContactDraft, Vec<FormError>> {
        let mut errors = vec![];
        let kind = ContactKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.push(FormError::new(
                "kind",
                "联系方式应为 visit、call、forum、letter、sms、gift、inspection、wechat 或 other",
                "kind is one of visit, call, forum, letter, sms, gift, inspection, wechat, other",
            ));
        }
        let date = day(&self.date, "date", "联系日期", "contact date", &mut errors);
        let follow_up = match self.follow_up {
            None => None,
            Some(f) => day(&f.due, "follow_up_due", "跟进期限", "follow-up due date", &mut errors)
                .map(|due| FollowUpDraft { what: f.what, owner_id: f.owner_id, due }),
        };
        match (kind, date) {
            (Some(kind), Some(date)) if errors.is_empty() => Ok(ContactDraft {
                kind,
                date,
                place: self.place,
                cadre_ids: self.cadre_ids.unwrap_or_else(|| vec![caller]),
                fellow_ids: self.fellow_ids,
                chamber_id: self.chamber_id,
                notes: self.notes,
                outcome: self.outcome,
                follow_up,
            }),
            _ => Err(errors),
        }
    }
}

/// A fellow a record names; `name` is null when the caller may not see them.
#[derive(Serialize, ToSchema)]
pub struct ContactFellowItem {
    pub fellow_id: Uuid,
    pub name: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactCadreItem {
    pub user_id: Uuid,
    pub name: String,
}

/// A contact record as a list shows it.
#[derive(Serialize, ToSchema)]
pub struct ContactItem {
    pub id: Uuid,
    #[schema(value_type = ContactKindCode)]
    pub kind: String,
    /// The kind in the request's language.
    pub kind_label: String,
    pub date: NaiveDate,
    pub place: String,
    pub fellows: Vec<ContactFellowItem>,
    pub cadres: Vec<ContactCadreItem>,
    pub chamber_id: Option<Uuid>,
    /// The chamber's name, empty without one.
    pub chamber: String,
    pub notes: String,
    pub outcome: String,
    pub author_id: Uuid,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ContactItem {
    pub fn new(r: ContactRow, lang: Lang) -> ContactItem {
        ContactItem {
            id: r.id,
            kind: r.kind.code().into(),
            kind_label: r.kind.label(lang).into(),
            date: r.date,
            place: r.place,
            fellows: r
                .fellows
                .into_iter()
                .map(|f| ContactFellowItem { fellow_id: f.fellow_id, name: f.name })
                .collect(),
            cadres: r.cadres.into_iter().map(|c| ContactCadreItem { user_id: c.user_id, name: c.name }).collect(),
            chamber_id: r.chamber_id,
            chamber: r.chamber,
            notes: r.notes,
            outcome: r.outcome,
            author_id: r.author_id,
            author: r.author,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A follow-up a record left.
#[derive(Serialize, ToSchema)]
pub struct ContactFollowUp {
    pub id: Uuid,
    pub what: String,
    pub owner_id: Uuid,
    pub owner: String,
    pub due: NaiveDate,
    pub done_at: Option<DateTime<Utc>>,
    pub result: String,
}

impl From<FollowUpRow> for ContactFollowUp {
    fn from(f: FollowUpRow) -> ContactFollowUp {
        ContactFollowUp {
            id: f.id,
            what: f.what,
            owner_id: f.owner_id,
            owner: f.owner,
            due: f.due,
            done_at: f.done_at,
            result: f.result,
        }
    }
}

/// One record with its follow-ups, how often it was edited, and whether the
/// caller may edit and delete it.
#[derive(Serialize, ToSchema)]
pub struct Contact {
    #[serde(flatten)]
    pub contact: ContactItem,
    pub follow_ups: Vec<ContactFollowUp>,
    pub edits: usize,
    pub can_edit: bool,
}

impl Contact {
    pub fn new(d: ContactDetail, lang: Lang) -> Contact {
        Contact {
            edits: d.history.len(),
            can_edit: d.can_edit,
            follow_ups: d.follow_ups.into_iter().map(Into::into).collect(),
            contact: ContactItem::new(d.contact, lang),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ContactList {
    pub items: Vec<ContactItem>,
    /// How many records the filters select in all.
    pub total: u64,
    /// The path of the next page, or null on the last page.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactParams {
    /// Records naming this fellow.
    pub fellow_id: Option<Uuid>,
    /// Records this cadre took part in.
    pub cadre_id: Option<Uuid>,
    /// From this day (`YYYY-MM-DD`), inclusive.
    pub from: Option<NaiveDate>,
    /// To this day, inclusive.
    pub to: Option<NaiveDate>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// Records per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}
