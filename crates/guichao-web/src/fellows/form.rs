//! The fellow form's data: what the user typed (kept verbatim to show again),
//! the choices it offers (townships in the user's write scope, the villages of
//! the chosen one), and how an edit keeps personal data the form never shows.

use super::labels;
use crate::AppState;
use crate::error::AppError;
use crate::extract::FormData;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{FellowForm, FormError};
use guichao_domain::org::UnitLevel;
use guichao_store::Actor;
use guichao_store::fellows::{FellowView, PersonalField};
use guichao_store::org::UnitNode;
use std::collections::HashMap;

/// The personal fields: the form's names and the store's fields.
pub const PERSONAL: [(&str, PersonalField); 4] = [
    ("phone", PersonalField::Phone),
    ("id_number", PersonalField::IdNumber),
    ("wechat", PersonalField::WeChat),
    ("email", PersonalField::Email),
];

/// What the form holds: the typed record, plus which stored personal values
/// the user asked to delete (an empty input otherwise means "keep").
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub form: FellowForm,
    pub clear: Vec<PersonalField>,
    pub version: i32,
    pub confirm_duplicates: bool,
    /// The service request of the returnee being registered: tied to the
    /// new fellow once saved.
    pub service_request: Option<uuid::Uuid>,
}

impl Typed {
    pub fn from_form(f: &FormData) -> Typed {
        // Free text keeps its inner line breaks; the rest is trimmed by `get`.
        let form = FellowForm {
            name: f.get("name"),
            gender: f.get("gender"),
            birth_date: f.get("birth_date"),
            category: f.get("category"),
            township_id: f.get("township_id"),
            village_id: f.get("village_id"),
            province: f.get("province"),
            city: f.get("city"),
            district: f.get("district"),
            employer: f.get("employer"),
            title: f.get("title"),
            industry: f.get("industry"),
            phone: f.get("phone"),
            id_number: f.get("id_number"),
            wechat: f.get("wechat"),
            email: f.get("email"),
            tags: f.get("tags"),
            status: f.get("status"),
            source: f.get("source"),
            notes: f.get("notes"),
            consent: f.has("consent"),
        };
        let clear = PERSONAL.iter().filter(|(name, _)| f.has(&format!("clear_{name}"))).map(|(_, p)| *p).collect();
        Typed {
            form,
            clear,
            version: f.get("version").parse().unwrap_or(0),
            confirm_duplicates: f.has("confirm_duplicates"),
            service_request: f.get("service_request").parse().ok(),
        }
    }

    /// The form as it shows a stored fellow: every field but the personal ones,
    /// which start empty (their masked values are placeholders).
    pub fn from_view(v: &FellowView) -> Typed {
        let form = FellowForm {
            name: v.name.clone(),
            gender: v.gender.clone().unwrap_or_default(),
            birth_date: v.birth_date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            category: v.category.clone(),
            township_id: v.township_id.map(|t| t.to_string()).unwrap_or_default(),
            village_id: v.village_id.map(|t| t.to_string()).unwrap_or_default(),
            province: v.province.clone(),
            city: v.city.clone(),
            district: v.district.clone(),
            employer: v.employer.clone(),
            title: v.title.clone(),
            industry: v.industry.clone(),
            tags: v.tags.join(" "),
            status: v.status.clone(),
            source: v.source.clone(),
            notes: v.notes.clone(),
            consent: v.consent,
            ..Default::default()
        };
        Typed { form, clear: vec![], version: v.version, confirm_duplicates: false, service_request: None }
    }

    pub fn value(&self, name: &str) -> &str {
        let f = &self.form;
        match name {
            "name" => &f.name,
            "gender" => &f.gender,
            "birth_date" => &f.birth_date,
            "category" => &f.category,
            "township_id" => &f.township_id,
            "village_id" => &f.village_id,
            "province" => &f.province,
            "city" => &f.city,
            "district" => &f.district,
            "employer" => &f.employer,
            "title" => &f.title,
            "industry" => &f.industry,
            "phone" => &f.phone,
            "id_number" => &f.id_number,
            "wechat" => &f.wechat,
            "email" => &f.email,
            "tags" => &f.tags,
            "status" => &f.status,
            "source" => &f.source,
            "notes" => &f.notes,
            _ => "",
        }
    }

    /// The personal fields an edit keeps: left empty, not marked for deletion,
    /// and holding a stored value.
    pub fn keep(&self, stored: &FellowView) -> Vec<PersonalField> {
        PERSONAL
            .iter()
            .filter(|(name, field)| {
                self.value(name).is_empty() && !self.clear.contains(field) && masked(stored, *field).is_some()
            })
            .map(|(_, field)| *field)
            .collect()
    }
}

/// A stored personal value as the fellow's view shows it (masked).
pub fn masked(v: &FellowView, field: PersonalField) -> Option<&str> {
    match field {
        PersonalField::Phone => v.phone.as_deref(),
        PersonalField::IdNumber => v.id_number.as_deref(),
        PersonalField::WeChat => v.wechat.as_deref(),
        PersonalField::Email => v.email.as_deref(),
    }
}

/// Field errors by field name, in the user's language (the first per field).
pub fn field_errors(errors: &[FormError], lang: Lang) -> HashMap<&'static str, String> {
    let mut out = HashMap::new();
    for e in errors {
        out.entry(e.field).or_insert_with(|| e.message.get(lang).to_string());
    }
    out
}

pub struct Choices {
    pub townships: Vec<UnitNode>,
    pub villages: Vec<UnitNode>,
}

/// Townships the user may file fellows under, and the villages of the chosen one.
pub async fn choices(state: &AppState, actor: &Actor, typed: &Typed) -> Result<Choices, AppError> {
    let store = &state.store;
    let townships = store.units_at_levels(actor, Permission::FellowWrite, &[UnitLevel::Township], 500).await?;
    let chosen = uuid::Uuid::parse_str(&typed.form.township_id).ok();
    let villages = match chosen {
        // A village-level writer reaches only their own village; the org read
        // scope may not reach the township's other children.
        Some(t) => {
            let mut v = store.units_at_levels(actor, Permission::FellowWrite, &[UnitLevel::Village], 2000).await?;
            v.retain(|u| u.parent_id == Some(t));
            v
        }
        None => vec![],
    };
    Ok(Choices { townships, villages })
}

/// One text input of the form.
pub struct Input {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub hint: &'static str,
    pub placeholder: String,
    pub max: usize,
    pub kind: &'static str,
    pub mode: &'static str,
    pub required: bool,
    /// For an edit's personal field holding a value: offer "delete".
    pub clearable: bool,
    pub cleared: bool,
    /// On a conflict: the value someone else saved, when it differs.
    pub theirs: Option<String>,
}

impl Input {
    pub fn new(name: &'static str, max: usize, lang: Lang) -> Input {
        Input {
            name,
            label: labels::field(name, lang),
            value: String::new(),
            error: None,
            hint: "",
            placeholder: String::new(),
            max,
            kind: "text",
            mode: "",
            required: false,
            clearable: false,
            cleared: false,
            theirs: None,
        }
    }
}
