//! Reading the funds forms: amounts in 万元 (or with their own unit, 3500元),
//! days, rates in percent, and the party a grant, loan or donation names.
//! Each problem comes back under its field, all at once.

use crate::extract::FormData;
use chrono::NaiveDate;
use guichao_domain::date::{parse_date, parse_optional_date};
use guichao_domain::fellows::FormError;
use guichao_domain::funds::PartyKind;
use guichao_domain::funds::loans::parse_percent_bp;
use guichao_domain::projects::{AmountUnit, parse_amount};
use guichao_store::funds::Party;
use uuid::Uuid;

/// Collects problems while a form is read.
#[derive(Default)]
pub(crate) struct Reader {
    pub errors: Vec<FormError>,
}

impl Reader {
    /// An amount typed in 万元 (a unit typed in the field wins).
    pub fn amount(&mut self, f: &FormData, field: &'static str) -> i64 {
        parse_amount(&f.get(field), AmountUnit::Wan).unwrap_or_else(|message| {
            self.errors.push(FormError { field, message });
            0
        })
    }

    pub fn date(&mut self, f: &FormData, field: &'static str, zh: &str, en: &str) -> NaiveDate {
        let text = f.get(field);
        parse_date(&text).unwrap_or_else(|e| {
            self.errors.push(FormError { field, message: e.msg(zh, en, &text) });
            NaiveDate::MIN
        })
    }

    pub fn optional_date(&mut self, f: &FormData, field: &'static str, zh: &str, en: &str) -> Option<NaiveDate> {
        let text = f.get(field);
        parse_optional_date(&text).unwrap_or_else(|e| {
            self.errors.push(FormError { field, message: e.msg(zh, en, &text) });
            None
        })
    }

    /// A percentage (3.45 or 3.45%) as basis points.
    pub fn rate(&mut self, f: &FormData, field: &'static str) -> i32 {
        let text = f.get(field);
        parse_percent_bp(&text).unwrap_or_else(|| {
            self.errors.push(FormError::new(field, "请填写百分比，如 3.45", "Enter a percentage such as 3.45"));
            0
        })
    }

    pub fn whole(&mut self, f: &FormData, field: &'static str) -> i32 {
        f.get(field).parse::<i32>().unwrap_or_else(|_| {
            self.errors.push(FormError::new(field, "请填写整数", "Enter a whole number"));
            0
        })
    }

    pub fn id(&mut self, f: &FormData, field: &'static str, zh: &'static str, en: &'static str) -> Uuid {
        Uuid::parse_str(&f.get(field)).unwrap_or_else(|_| {
            self.errors.push(FormError::new(field, zh, en));
            Uuid::nil()
        })
    }

    /// The party named by `party_kind` and its fields.
    pub fn party(&mut self, f: &FormData) -> Party {
        let unit = |r: &mut Reader| r.id(f, "unit_id", "请选择所属乡镇", "Choose the township");
        match PartyKind::parse(&f.get("party_kind")) {
            Some(PartyKind::Fellow) => {
                Party::Fellow(self.id(f, "fellow_id", "请从查找结果中选择乡友", "Pick a fellow"))
            }
            Some(PartyKind::Company) => Party::Company {
                id: self.id(f, "company_id", "请填写企业编号", "Enter the company id"),
                unit_id: unit(self),
            },
            Some(PartyKind::Person) => Party::Person { name: f.get("name"), unit_id: unit(self) },
            None => {
                self.errors.push(FormError::new("party_kind", "请选择对象类型", "Choose who it is"));
                Party::Person { name: String::new(), unit_id: Uuid::nil() }
            }
        }
    }

    /// `Ok(value)` when nothing was refused, else every problem.
    pub fn done<T>(self, value: T) -> Result<T, Vec<FormError>> {
        if self.errors.is_empty() { Ok(value) } else { Err(self.errors) }
    }
}
