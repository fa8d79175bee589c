//! Gender and birth date against the ID number. The ID's digits carry both
//! (GB 11643: the birth date, and an odd sequence for a man), and its check
//! character has already passed, so where a roster's 性别 or 出生日期 cell
//! says otherwise the cell is the likelier slip. An import shows each such
//! row as a warning with both values, and by default takes the ID's; a form
//! typed by hand refuses it instead, since its clerk is right there.

use super::{FellowDraft, Gender, IdNumber};
use crate::{Lang, Msg};
use chrono::{Datelike, NaiveDate};

/// A field the ID number also tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdField {
    Gender,
    BirthDate,
}

/// One field whose value disagrees with the ID number, with both values as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdMismatch {
    pub field: IdField,
    /// The value the row or form gives.
    pub given: Msg,
    /// The value the ID number gives.
    pub from_id: Msg,
}

impl IdMismatch {
    /// `性别：表中为女，身份证号为男`, for a warning or an error file.
    pub fn describe(&self, lang: Lang) -> String {
        let (field, given, from_id) = (self.field_label(lang), self.given.get(lang), self.from_id.get(lang));
        match lang {
            Lang::Zh => format!("{field}：表中为{given}，身份证号为{from_id}"),
            Lang::En => format!("{field}: {given} given, {from_id} by the ID number"),
        }
    }

    pub fn field_label(&self, lang: Lang) -> &'static str {
        match self.field {
            IdField::Gender => lang.pick("性别", "Gender"),
            IdField::BirthDate => lang.pick("出生日期", "Birth date"),
        }
    }
}

/// Whether a birth date agrees with the ID's. A date on the first of the ID's
/// month agrees too: rosters often record only the month (1975.03), which is
/// read as its first day.
fn birth_agrees(id: NaiveDate, given: NaiveDate) -> bool {
    id == given || (id.year() == given.year() && id.month() == given.month() && given.day() == 1)
}

/// The fields of `gender` and `birth` that disagree with `id`.
pub fn id_mismatches(id: &IdNumber, gender: Option<Gender>, birth: Option<NaiveDate>) -> Vec<IdMismatch> {
    let mut out = Vec::new();
    if let Some(given) = gender.filter(|g| *g != id.gender()) {
        let label = |g: Gender| Msg::new(g.label(Lang::Zh), g.label(Lang::En));
        out.push(IdMismatch { field: IdField::Gender, given: label(given), from_id: label(id.gender()) });
    }
    if let Some(given) = birth.filter(|b| !birth_agrees(id.birth_date(), *b)) {
        let day = |d: NaiveDate| {
            let text = d.format("%Y-%m-%d").to_string();
            Msg::new(text.clone(), text)
        };
        out.push(IdMismatch { field: IdField::BirthDate, given: day(given), from_id: day(id.birth_date()) });
    }
    out
}

impl FellowDraft {
    /// Where this draft's gender or birth date disagrees with its ID number.
    pub fn id_mismatches(&self) -> Vec<IdMismatch> {
        match &self.id_number {
            Some(id) => id_mismatches(id, self.gender, self.birth_date),
            None => Vec::new(),
        }
    }

    /// Takes the ID number's gender and birth date where they disagree.
    pub fn follow_id(&mut self) {
        let Some(id) = &self.id_number else { return };
        for m in id_mismatches(id, self.gender, self.birth_date) {
            match m.field {
                IdField::Gender => self.gender = Some(id.gender()),
                IdField::BirthDate => self.birth_date = Some(id.birth_date()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// A man born 1975-03-05.
    fn man() -> IdNumber {
        let body = "43062119750305123";
        let check = IdNumber::check_char(body).unwrap();
        IdNumber::parse_at(&format!("{body}{check}"), day(2026, 1, 1)).unwrap()
    }

    #[test]
    fn agreeing_values_and_missing_values_pass() {
        assert!(id_mismatches(&man(), Some(Gender::Male), Some(day(1975, 3, 5))).is_empty());
        assert!(id_mismatches(&man(), None, None).is_empty());
        assert!(id_mismatches(&man(), None, Some(day(1975, 3, 1))).is_empty(), "a month-only date agrees");
    }

    #[test]
    fn a_male_id_imported_as_female_is_caught_with_both_values() {
        let found = id_mismatches(&man(), Some(Gender::Female), None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, IdField::Gender);
        assert_eq!(found[0].describe(Lang::Zh), "性别：表中为女，身份证号为男");
        assert_eq!(found[0].describe(Lang::En), "Gender: Female given, Male by the ID number");
    }

    #[test]
    fn a_different_birth_date_is_caught() {
        let found = id_mismatches(&man(), Some(Gender::Male), Some(day(1975, 5, 3)));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].describe(Lang::Zh), "出生日期：表中为1975-05-03，身份证号为1975-03-05");
        assert_eq!(id_mismatches(&man(), Some(Gender::Female), Some(day(1976, 3, 1))).len(), 2);
    }

    #[test]
    fn follow_id_takes_the_ids_values_and_only_where_they_disagree() {
        let form = super::super::FellowForm {
            name: "张三".into(),
            category: "工商企".into(),
            township_id: uuid::Uuid::nil().to_string(),
            gender: "女".into(),
            birth_date: "1975.03".into(),
            id_number: man().as_str().into(),
            ..Default::default()
        };
        let mut d = form.read(day(2026, 1, 1)).unwrap();
        assert_eq!(d.id_mismatches().len(), 1);
        d.follow_id();
        assert_eq!(d.gender, Some(Gender::Male));
        assert_eq!(d.birth_date, Some(day(1975, 3, 1)), "an agreeing month-only date stays");
        assert!(d.id_mismatches().is_empty());
    }
}
