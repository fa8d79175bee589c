//! A land parcel and a standard factory unit as typed, and the rules they
//! keep before the store writes them. That a name (or a building and unit
//! number) is not taken already is the store's to check.

use super::Zoning;
use crate::fellows::FormError;
use crate::text::TextField;

/// A parcel's name, which is also its code on the park's plan: 荣家湾工业园A-03.
pub const PARCEL_NAME: TextField = TextField::line("地块名称", "parcel name", 50).required();
/// The building a unit is in: 3号厂房.
pub const BUILDING: TextField = TextField::line("楼栋", "building", 30).required();
/// The unit's number within its building: 201.
pub const UNIT_NO: TextField = TextField::line("单元号", "unit number", 20).required();
/// Notes on a parcel or a unit.
pub const SITE_NOTES: TextField = TextField::notes("备注", "notes", 1000);
/// The largest parcel, in hundredths of a mu (10,000 亩): more is a wrong unit.
pub const MAX_PARCEL_HUNDREDTHS_MU: i64 = 1_000_000;
/// The largest factory unit, in m².
pub const MAX_UNIT_M2: i64 = 100_000;
/// The highest floor of a standard factory building.
pub const MAX_FLOOR: i32 = 30;

/// A land parcel as the form or the API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParcelDraft {
    pub name: String,
    pub area_hundredths_mu: i64,
    pub zoning: Zoning,
    pub notes: String,
}

/// A standard factory unit as the form or the API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDraft {
    pub building: String,
    pub unit_no: String,
    pub floor: i32,
    pub area_m2: i64,
    pub notes: String,
}

/// Trims `value` by `rule`, or records the refusal under `field`.
fn text(errors: &mut Vec<FormError>, field: &'static str, rule: TextField, value: &str) -> String {
    rule.check(value).unwrap_or_else(|message| {
        errors.push(FormError { field, message });
        String::new()
    })
}

/// Refuses an area that is not positive or above `max`.
fn area(field: &'static str, value: i64, max: i64) -> Option<FormError> {
    if value <= 0 {
        Some(FormError::new(field, "面积须大于零", "The area must be more than zero"))
    } else if value > max {
        Some(FormError::new(field, "面积超出合理范围，请检查单位", "The area is out of range; check the unit"))
    } else {
        None
    }
}

impl ParcelDraft {
    /// The draft with its text trimmed, or every broken rule by field.
    pub fn check(&self) -> Result<ParcelDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let name = text(&mut errors, "name", PARCEL_NAME, &self.name);
        let notes = text(&mut errors, "notes", SITE_NOTES, &self.notes);
        errors.extend(area("area_mu", self.area_hundredths_mu, MAX_PARCEL_HUNDREDTHS_MU));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ParcelDraft { name, notes, ..self.clone() })
    }
}

impl UnitDraft {
    /// The draft with its text trimmed, or every broken rule by field.
    pub fn check(&self) -> Result<UnitDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let building = text(&mut errors, "building", BUILDING, &self.building);
        let unit_no = text(&mut errors, "unit_no", UNIT_NO, &self.unit_no);
        let notes = text(&mut errors, "notes", SITE_NOTES, &self.notes);
        if !(1..=MAX_FLOOR).contains(&self.floor) {
            errors.push(FormError::new(
                "floor",
                format!("楼层应在1到{MAX_FLOOR}之间"),
                format!("The floor is from 1 to {MAX_FLOOR}"),
            ));
        }
        errors.extend(area("area_m2", self.area_m2, MAX_UNIT_M2));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(UnitDraft { building, unit_no, notes, ..self.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parcel(name: &str, hundredths: i64) -> ParcelDraft {
        ParcelDraft {
            name: name.into(),
            area_hundredths_mu: hundredths,
            zoning: Zoning::Industrial,
            notes: String::new(),
        }
    }

    fn unit(floor: i32, m2: i64) -> UnitDraft {
        UnitDraft { building: " 3号厂房 ".into(), unit_no: "201".into(), floor, area_m2: m2, notes: String::new() }
    }

    fn fields<T>(r: Result<T, Vec<FormError>>) -> Vec<&'static str> {
        r.err().unwrap_or_default().iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_parcel_has_a_name_and_a_sensible_area() {
        let ok = parcel(" 荣家湾工业园A-03 ", 8_650).check().unwrap();
        assert_eq!((ok.name.as_str(), ok.area_hundredths_mu), ("荣家湾工业园A-03", 8_650));
        assert_eq!(fields(parcel("", 0).check()), ["name", "area_mu"]);
        assert_eq!(fields(parcel("A-01", MAX_PARCEL_HUNDREDTHS_MU + 1).check()), ["area_mu"]);
        assert!(parcel("A-01", MAX_PARCEL_HUNDREDTHS_MU).check().is_ok());
        let noisy = ParcelDraft { notes: "\u{7}".into(), ..parcel("A-01", 100) };
        assert_eq!(fields(noisy.check()), ["notes"]);
    }

    #[test]
    fn a_unit_has_a_building_a_number_a_floor_and_an_area() {
        let ok = unit(2, 1_200).check().unwrap();
        assert_eq!((ok.building.as_str(), ok.floor, ok.area_m2), ("3号厂房", 2, 1_200));
        assert_eq!(fields(unit(0, 1_200).check()), ["floor"]);
        assert_eq!(fields(unit(MAX_FLOOR + 1, 0).check()), ["floor", "area_m2"]);
        let nameless = UnitDraft { building: " ".into(), unit_no: String::new(), ..unit(1, 10) };
        assert_eq!(fields(nameless.check()), ["building", "unit_no"]);
        assert_eq!(unit(1, -5).check().unwrap_err()[0].message.zh, "面积须大于零");
    }
}
