//! A data row as the domain's [`FellowForm`]: each cell normalised for its
//! field, townships and villages resolved by the caller, refusals of the
//! spreadsheet's own making (a float ID, an ambiguous month) recorded on the way.

use super::{RowError, RowParser};
use crate::cell::{RawRow, iso_date};
use crate::columns::{ColumnKind, Field};
use crate::normalize::{self, unit_text};
use crate::resolve::{UnitError, UnitResolver, Units};
use guichao_domain::Msg;
use guichao_domain::fellows::FellowForm;

/// Most distinct texts remembered for categories and units in one import.
const MEMO_LIMIT: usize = 4096;

impl RowParser {
    fn category_code(&mut self, text: &str) -> String {
        if text.is_empty() {
            return String::new();
        }
        let found = match self.categories.get(text) {
            Some(found) => *found,
            None => {
                let found = normalize::category(text);
                if self.categories.len() < MEMO_LIMIT {
                    self.categories.insert(text.to_string(), found);
                }
                found
            }
        };
        found.map_or_else(|| text.to_string(), |c| c.code().to_string())
    }

    /// The ids of the row's township and village, as text for the form.
    fn units(
        &mut self,
        township: String,
        village: String,
        resolver: &mut impl UnitResolver,
    ) -> Result<(String, String), UnitError> {
        let key = (township, village);
        if let Some(found) = self.units.get(&key) {
            return found.clone();
        }
        let found = resolver
            .resolve(&unit_text(&key.0), &unit_text(&key.1))
            .map(|u: Units| (u.township.to_string(), u.village.map(|v| v.to_string()).unwrap_or_default()));
        if self.units.len() < MEMO_LIMIT {
            self.units.insert(key, found.clone());
        }
        found
    }

    /// The row as the domain's form. Refusals found on the way go to `errors`,
    /// and the fields they make empty to `handled`.
    pub(super) fn form(
        &mut self,
        row: &RawRow,
        errors: &mut Vec<RowError>,
        handled: &mut Vec<Field>,
        resolver: &mut impl UnitResolver,
    ) -> FellowForm {
        let n = row.row;
        let mut form = FellowForm {
            name: self.cell(row, Field::Name).text().trim().to_string(),
            province: self.text(row, Field::Province),
            city: self.text(row, Field::City),
            district: self.text(row, Field::District),
            employer: self.text(row, Field::Employer),
            title: self.text(row, Field::Title),
            industry: self.text(row, Field::Industry),
            phone: normalize::phone_text(self.cell(row, Field::Phone)),
            wechat: self.text(row, Field::WeChat),
            email: self.text(row, Field::Email),
            tags: self.text(row, Field::Tags),
            status: self.text(row, Field::Status),
            source: self.text(row, Field::Source),
            notes: self.text(row, Field::Notes),
            ..FellowForm::default()
        };
        let gender = self.text(row, Field::Gender);
        form.gender = normalize::gender(&gender).map_or(gender, |g| g.code().to_string());
        let category = self.text(row, Field::Category);
        form.category = self.category_code(&category);
        match normalize::birth_date(self.cell(row, Field::BirthDate), self.options.today) {
            Ok(date) => form.birth_date = date.map(iso_date).unwrap_or_default(),
            Err(reason) => {
                errors.push(self.error(n, Field::BirthDate, reason));
                handled.push(Field::BirthDate);
            }
        }
        match normalize::id_number_text(self.cell(row, Field::IdNumber)) {
            Ok(id) => form.id_number = id,
            Err(reason) => {
                errors.push(self.error(n, Field::IdNumber, reason));
                handled.push(Field::IdNumber);
            }
        }
        let (township, village) = (self.text(row, Field::Township), self.text(row, Field::Village));
        match self.units(township, village, resolver) {
            Ok((township, village)) => {
                form.township_id = township;
                form.village_id = village;
            }
            Err(e) => {
                let (field, reason) = match e {
                    UnitError::Township(reason) => (Field::Township, reason),
                    UnitError::Village(reason) => (Field::Village, reason),
                };
                errors.push(self.error(n, field, reason));
                handled.extend([Field::Township, Field::Village]);
            }
        }
        if self.options.unknown_to_notes {
            self.append_unknown(row, &mut form.notes);
        }
        form
    }

    /// Appends `表头：值` for each filled unknown column.
    fn append_unknown(&self, row: &RawRow, notes: &mut String) {
        for (c, kind) in self.layout.columns.iter().enumerate() {
            let value = row.cell(c).display();
            let value = value.trim();
            if *kind != ColumnKind::Unknown || value.is_empty() || self.layout.header[c].trim().is_empty() {
                continue;
            }
            if !notes.is_empty() {
                notes.push('；');
            }
            notes.push_str(self.layout.header[c].trim());
            notes.push('：');
            notes.push_str(value);
        }
    }
}

pub(super) fn category_reason(text: &str) -> Msg {
    if text.is_empty() {
        Msg::new(
            "类别不能为空，请填写党政军、文化教育艺术或工商企",
            "The category is empty; enter 党政军, 文化教育艺术 or 工商企",
        )
    } else {
        Msg::new(
            format!("类别“{text}”无法识别，请填写党政军、文化教育艺术或工商企"),
            format!("Unknown category {text:?}; enter 党政军, 文化教育艺术 or 工商企"),
        )
    }
}
