//! What the fellow API accepts. A record's fields are text, checked by the
//! same parse as the form (so the API gives the same messages, per field);
//! vocabularies take their codes or the words people write (工商企, 男).

use super::form::PERSONAL;
use crate::api::vocab::{
    CategoryCode, CompanyRoleCode, FellowStatusCode, GenderCode, HeldRoleCode, PersonalFieldCode, RelationKindCode,
};
use chrono::NaiveDate;
use guichao_domain::fellows::FellowForm;
use guichao_store::fellows::{FellowView, PersonalField};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Tags as a list, or as one text separated by spaces, commas or 、.
#[derive(Deserialize, serde::Serialize, ToSchema)]
#[serde(untagged)]
pub enum FellowTags {
    List(Vec<String>),
    Text(String),
}

impl Default for FellowTags {
    fn default() -> FellowTags {
        FellowTags::Text(String::new())
    }
}

impl FellowTags {
    fn text(&self) -> String {
        match self {
            FellowTags::List(tags) => tags.join(" "),
            FellowTags::Text(text) => text.clone(),
        }
    }
}

/// The fields of a fellow's record besides the personal ones.
#[derive(Deserialize, serde::Serialize, ToSchema, Default)]
#[serde(default)]
pub struct FellowFields {
    /// Required. As written, surname first.
    pub name: String,
    /// `male`/`female` (or 男/女); empty or left out for unknown.
    #[schema(value_type = GenderCode)]
    pub gender: String,
    /// 1975-03-05, 1975.03, 1975年3月...
    pub birth_date: String,
    /// Required: a category code (or the words people write: 党政军, 工商企...).
    #[schema(value_type = CategoryCode)]
    pub category: String,
    /// Required: a township of the county (org unit id).
    pub township_id: String,
    /// A village of that township, or empty.
    pub village_id: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub employer: String,
    pub title: String,
    pub industry: String,
    pub tags: FellowTags,
    /// `active` when empty or left out (or the words people write: 已故, 失联...).
    #[schema(value_type = FellowStatusCode, default = "active")]
    pub status: String,
    pub source: String,
    pub notes: String,
    pub consent: bool,
}

impl FellowFields {
    fn form(&self) -> FellowForm {
        FellowForm {
            name: self.name.clone(),
            gender: self.gender.clone(),
            birth_date: self.birth_date.clone(),
            category: self.category.clone(),
            township_id: self.township_id.clone(),
            village_id: self.village_id.clone(),
            province: self.province.clone(),
            city: self.city.clone(),
            district: self.district.clone(),
            employer: self.employer.clone(),
            title: self.title.clone(),
            industry: self.industry.clone(),
            tags: self.tags.text(),
            status: self.status.clone(),
            source: self.source.clone(),
            notes: self.notes.clone(),
            consent: self.consent,
            ..Default::default()
        }
    }
}

/// A new fellow.
#[derive(Deserialize, ToSchema)]
pub struct NewFellowBody {
    #[serde(flatten)]
    pub fields: FellowFields,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub wechat: String,
    #[serde(default)]
    pub email: String,
    /// Save even when the record resembles stored ones (after a 409 listing them).
    #[serde(default)]
    pub confirm_duplicates: bool,
}

impl NewFellowBody {
    pub fn form(&self) -> FellowForm {
        FellowForm {
            phone: self.phone.clone(),
            id_number: self.id_number.clone(),
            wechat: self.wechat.clone(),
            email: self.email.clone(),
            ..self.fields.form()
        }
    }
}

/// An edit: the whole record, as PUT replaces it, except that personal fields
/// left out (or null, or sent back exactly as the masked value a GET showed)
/// keep their stored values; `""` deletes one.
#[derive(Deserialize, ToSchema)]
pub struct FellowEditBody {
    #[serde(flatten)]
    pub fields: FellowFields,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
    /// The `version` the edit is based on.
    pub version: i32,
    #[serde(default)]
    pub confirm_duplicates: bool,
}

impl FellowEditBody {
    /// The form to parse, and the personal fields to keep as stored.
    pub fn form(&self, stored: &FellowView) -> (FellowForm, Vec<PersonalField>) {
        let mut form = self.fields.form();
        let mut keep = Vec::new();
        for (name, field) in PERSONAL {
            let sent = match field {
                PersonalField::Phone => &self.phone,
                PersonalField::IdNumber => &self.id_number,
                PersonalField::WeChat => &self.wechat,
                PersonalField::Email => &self.email,
            };
            let shown = super::form::masked(stored, field);
            let value = match sent {
                None => None,
                Some(v) if shown == Some(v.trim()) => None,
                Some(v) => Some(v.clone()),
            };
            match value {
                None => {
                    if shown.is_some() {
                        keep.push(field);
                    }
                }
                Some(v) => match name {
                    "phone" => form.phone = v,
                    "id_number" => form.id_number = v,
                    "wechat" => form.wechat = v,
                    _ => form.email = v,
                },
            }
        }
        (form, keep)
    }
}

#[derive(Deserialize, ToSchema)]
pub struct RevealFieldBody {
    #[schema(value_type = PersonalFieldCode)]
    pub field: String,
}

#[derive(Deserialize, ToSchema)]
pub struct FellowCompanyBody {
    pub name: String,
    /// Unified social credit code (18 characters, checked), or empty.
    #[serde(default)]
    pub credit_code: Option<String>,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub city: String,
    /// A code (or the words people write: 法定代表人, 高管, 员工).
    #[schema(value_type = CompanyRoleCode)]
    pub role: String,
}

#[derive(Deserialize, ToSchema)]
pub struct FellowRelationBody {
    /// The other fellow.
    pub other_id: Uuid,
    /// A code (or the words people write: 亲属, 同学...).
    #[schema(value_type = RelationKindCode)]
    pub kind: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct HeldRoleBody {
    /// A code (or the words people write: 产业顾问...).
    #[schema(value_type = HeldRoleCode)]
    pub role: String,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct EndHeldRoleBody {
    /// Defaults to today.
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
}

#[derive(Deserialize, ToSchema)]
pub struct FellowMergeBody {
    /// The record that stays.
    pub keep: Uuid,
    /// The record merged into it (archived, and marked as merged).
    pub drop: Uuid,
}
