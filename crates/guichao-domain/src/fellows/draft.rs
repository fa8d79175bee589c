//! A fellow's record as typed ([`FellowForm`], all text) and as checked
//! ([`FellowDraft`], typed values). One parse serves the form, the API and,
//! later, each spreadsheet row.

use super::{Category, Email, FellowStatus, Gender, IdField, IdNumber, PersonName, Phone, WeChatId, parse_birth_date};
use crate::text::{self, Lines, TextField};
use crate::{Lang, Msg};
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

/// The record as typed. Units are ids (the form offers a choice of them).
#[derive(Debug, Clone, Default)]
pub struct FellowForm {
    pub name: String,
    pub gender: String,
    pub birth_date: String,
    pub category: String,
    pub township_id: String,
    pub village_id: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub employer: String,
    pub title: String,
    pub industry: String,
    pub phone: String,
    pub id_number: String,
    pub wechat: String,
    pub email: String,
    /// Separated by spaces, commas or 、.
    pub tags: String,
    pub status: String,
    pub source: String,
    pub notes: String,
    pub consent: bool,
}

/// The record as checked: every value obeys its rules.
#[derive(Debug, Clone)]
pub struct FellowDraft {
    pub name: String,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub category: Category,
    pub township_id: Uuid,
    pub village_id: Option<Uuid>,
    pub province: String,
    pub city: String,
    pub district: String,
    pub employer: String,
    pub title: String,
    pub industry: String,
    pub phone: Option<Phone>,
    pub id_number: Option<IdNumber>,
    pub wechat: Option<WeChatId>,
    pub email: Option<Email>,
    pub tags: Vec<String>,
    pub status: FellowStatus,
    pub source: String,
    pub notes: String,
    pub consent: bool,
}

impl FellowDraft {
    pub fn birth_year(&self) -> Option<i32> {
        self.birth_date.map(|d| d.year())
    }
}

/// A field that broke a rule, named as the form names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub field: &'static str,
    pub message: Msg,
}

impl FormError {
    /// The message `zh` / `en` for the form field `field`.
    pub fn new(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> FormError {
        FormError { field, message: Msg::new(zh, en) }
    }

    /// The first message of `errors` for the field `field`, in `lang`: what a
    /// form shows under that field.
    pub fn first_for(errors: &[FormError], field: &str, lang: Lang) -> Option<String> {
        errors.iter().find(|e| e.field == field).map(|e| e.message.get(lang).to_string())
    }

    fn from_field(field: &'static str, e: super::FieldError) -> FormError {
        FormError { field, message: Msg::new(e.message(Lang::Zh), e.message(Lang::En)) }
    }
}

// The rules of the form's free-text fields. Only the notes are typed into a
// textarea and may span lines.
const PROVINCE: TextField = TextField::line("省份", "province", 20);
const CITY: TextField = TextField::line("城市", "city", 30);
const DISTRICT: TextField = TextField::line("区县", "district", 30);
const EMPLOYER: TextField = TextField::line("工作单位", "employer", 100);
const TITLE: TextField = TextField::line("职务", "title", 50);
const INDUSTRY: TextField = TextField::line("行业", "industry", 50);
const SOURCE: TextField = TextField::line("来源", "source", 50);
const NOTES: TextField = TextField::notes("备注", "notes", 2000);

fn limited(field: &'static str, rule: TextField, text: &str) -> Result<String, FormError> {
    rule.check(text).map_err(|message| FormError { field, message })
}

impl FellowForm {
    /// Checks every field and collects every broken rule, so a form can show
    /// them all at once. A gender or birth date that disagrees with the ID
    /// number is one of them: the clerk typing the form can correct it.
    pub fn parse(&self, today: NaiveDate) -> Result<FellowDraft, Vec<FormError>> {
        let draft = self.read(today)?;
        let errors: Vec<FormError> = draft
            .id_mismatches()
            .into_iter()
            .map(|m| {
                let field = match m.field {
                    IdField::Gender => "gender",
                    IdField::BirthDate => "birth_date",
                };
                let message = Msg::new(
                    format!("{}与身份证号不一致（身份证号为{}）", m.field_label(Lang::Zh), m.from_id.get(Lang::Zh)),
                    format!(
                        "{} does not match the ID number ({} by the ID)",
                        m.field_label(Lang::En),
                        m.from_id.get(Lang::En)
                    ),
                );
                FormError { field, message }
            })
            .collect();
        if errors.is_empty() { Ok(draft) } else { Err(errors) }
    }

    /// Checks every field as [`FellowForm::parse`] does, but leaves a gender or
    /// birth date that disagrees with the ID number for the caller to weigh
    /// ([`FellowDraft::id_mismatches`]): an import shows it as a warning.
    pub fn read(&self, today: NaiveDate) -> Result<FellowDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let mut keep = |r: Result<String, FormError>| {
            r.unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            })
        };
        let name = keep(
            PersonName::parse(&self.name).map(|n| n.as_str().to_string()).map_err(|e| FormError::from_field("name", e)),
        );
        let province = keep(limited("province", PROVINCE, &self.province));
        let city = keep(limited("city", CITY, &self.city));
        let district = keep(limited("district", DISTRICT, &self.district));
        let employer = keep(limited("employer", EMPLOYER, &self.employer));
        let title = keep(limited("title", TITLE, &self.title));
        let industry = keep(limited("industry", INDUSTRY, &self.industry));
        let source = keep(limited("source", SOURCE, &self.source));
        let notes = keep(limited("notes", NOTES, &self.notes));
        fn optional(text: &str) -> Option<&str> {
            Some(text.trim()).filter(|t| !t.is_empty())
        }
        let gender = optional(&self.gender).map(|g| Gender::parse(g).or_else(|| Gender::from_words(g)));
        let gender = match gender {
            Some(None) => {
                errors.push(FormError::new("gender", "性别应为男或女", "Gender is male or female"));
                None
            }
            other => other.flatten(),
        };
        let category = optional(&self.category).and_then(|c| Category::parse(c).or_else(|| Category::from_words(c)));
        if category.is_none() {
            errors.push(FormError::new("category", "请选择类别：党政军、文化教育艺术或工商企", "Choose a category"));
        }
        let status = match optional(&self.status) {
            None => Some(FellowStatus::Active),
            Some(s) => FellowStatus::parse(s).or_else(|| FellowStatus::from_words(s)),
        };
        if status.is_none() {
            errors.push(FormError::new("status", "状态无法识别", "Unknown status"));
        }
        let township_id = Uuid::parse_str(self.township_id.trim()).ok();
        if township_id.is_none() {
            errors.push(FormError::new("township_id", "请选择所属乡镇", "Choose the home township"));
        }
        let village_id = optional(&self.village_id).and_then(|v| Uuid::parse_str(v).ok());
        let birth_date = match optional(&self.birth_date).map(|d| parse_birth_date(d, today)) {
            Some(Err(message)) => {
                errors.push(FormError { field: "birth_date", message });
                None
            }
            other => other.and_then(Result::ok),
        };
        macro_rules! personal {
            ($field:literal, $ty:ty, $text:expr) => {
                match optional($text).map(<$ty>::parse) {
                    Some(Err(e)) => {
                        errors.push(FormError::from_field($field, e));
                        None
                    }
                    other => other.and_then(Result::ok),
                }
            };
        }
        let phone = personal!("phone", Phone, &self.phone);
        let id_number = match optional(&self.id_number).map(|t| IdNumber::parse_at(t, today)) {
            Some(Err(e)) => {
                errors.push(FormError::from_field("id_number", e));
                None
            }
            other => other.and_then(Result::ok),
        };
        let wechat = personal!("wechat", WeChatId, &self.wechat);
        let email = personal!("email", Email, &self.email);
        let mut tags: Vec<String> = self
            .tags
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| t.chars().take(20).collect())
            .collect();
        tags.dedup();
        if let Err(message) = text::check(&self.tags, Lines::One, "标签", "tags") {
            errors.push(FormError { field: "tags", message });
        }
        if tags.len() > 20 {
            errors.push(FormError::new("tags", "标签不能超过20个", "At most 20 tags"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let (Some(category), Some(status), Some(township_id)) = (category, status, township_id) else {
            unreachable!("missing values were reported above")
        };
        Ok(FellowDraft {
            birth_date: birth_date.or_else(|| id_number.as_ref().map(|i| i.birth_date())),
            gender: gender.or_else(|| id_number.as_ref().map(|i| i.gender())),
            name,
            category,
            township_id,
            village_id,
            province,
            city,
            district,
            employer,
            title,
            industry,
            phone,
            id_number,
            wechat,
            email,
            tags,
            status,
            source,
            notes,
            consent: self.consent,
        })
    }
}

#[cfg(test)]
mod tests;
