//! A fellow's record as typed ([`FellowForm`], all text) and as checked
//! ([`FellowDraft`], typed values). One parse serves the form, the API and,
//! later, each spreadsheet row.

use super::{Category, Email, FellowStatus, Gender, IdNumber, PersonName, Phone, WeChatId};
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
    fn new(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> FormError {
        FormError { field, message: Msg::new(zh, en) }
    }

    fn from_field(field: &'static str, e: super::FieldError) -> FormError {
        FormError { field, message: Msg::new(e.message(Lang::Zh), e.message(Lang::En)) }
    }
}

/// Reads a birth date as people write it: 1975-03-05, 1975/3/5, 1975.3.5,
/// 1975年3月5日, 19750305, and month-only forms (1975.03, 1975年3月, 1975-3),
/// which mean the first of the month.
pub fn parse_birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let bad = || {
        Msg::new(
            format!("出生日期“{text}”无法识别，请写成 1975-03-05 或 1975.03"),
            format!("Cannot read the birth date {text:?}; write 1975-03-05 or 1975.03"),
        )
    };
    let folded: String = super::text::fold_width(text).trim().trim_end_matches('日').to_string();
    let parts: Vec<&str> = if folded.len() == 8 && folded.chars().all(|c| c.is_ascii_digit()) {
        vec![&folded[0..4], &folded[4..6], &folded[6..8]]
    } else {
        folded.split(['-', '/', '.', '年', '月']).filter(|p| !p.is_empty()).collect()
    };
    let num = |p: &str| p.trim().parse::<u32>().ok();
    let (y, m, d) = match parts.as_slice() {
        [y, m] => (num(y), num(m), Some(1)),
        [y, m, d] => (num(y), num(m), num(d)),
        _ => return Err(bad()),
    };
    let (Some(y), Some(m), Some(d)) = (y, m, d) else { return Err(bad()) };
    let date = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(bad)?;
    if date.year() < 1900 || date > today {
        return Err(Msg::new(
            format!("出生日期“{text}”不在合理范围内"),
            format!("The birth date {text:?} is out of range"),
        ));
    }
    Ok(date)
}

fn limited(field: &'static str, label: &str, text: &str, max: usize) -> Result<String, FormError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(FormError::new(
            field,
            format!("{label}不能超过{max}个字"),
            format!("{field} may have at most {max} characters"),
        ));
    }
    Ok(text.to_string())
}

impl FellowForm {
    /// Checks every field and collects every broken rule, so a form can show
    /// them all at once.
    pub fn parse(&self, today: NaiveDate) -> Result<FellowDraft, Vec<FormError>> {
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
        let province = keep(limited("province", "省份", &self.province, 20));
        let city = keep(limited("city", "城市", &self.city, 30));
        let district = keep(limited("district", "区县", &self.district, 30));
        let employer = keep(limited("employer", "工作单位", &self.employer, 100));
        let title = keep(limited("title", "职务", &self.title, 50));
        let industry = keep(limited("industry", "行业", &self.industry, 50));
        let source = keep(limited("source", "来源", &self.source, 50));
        let notes = keep(limited("notes", "备注", &self.notes, 2000));
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
        if tags.len() > 20 {
            errors.push(FormError::new("tags", "标签不能超过20个", "At most 20 tags"));
        }
        // An ID number tells the birth date and gender; a clash is a typing error.
        if let (Some(id), Some(date)) = (&id_number, birth_date)
            && id.birth_date() != date
            && !(id.birth_date().year() == date.year() && id.birth_date().month() == date.month() && date.day() == 1)
        {
            errors.push(FormError::new(
                "birth_date",
                "出生日期与身份证号不一致",
                "The birth date does not match the ID number",
            ));
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
