//! Excel's serial day numbers: what a date becomes when a spreadsheet cell
//! loses its date format (45356 is 2024-03-05).

use chrono::{Days, NaiveDate};
use std::ops::RangeInclusive;

/// The serials read as dates: five digits, from 10000 (1927-05-18) to 73415
/// (2100-12-31). Four digits are a year (1980 would be a day in 1905), six
/// digits are yyyymm and eight are yyyymmdd, so no number can be read two ways.
pub const SERIALS: RangeInclusive<u32> = 10_000..=73_415;

/// Day 0 of the serials. Excel counts a 1900-02-29 that never was (kept from
/// Lotus 1-2-3), so serial 61 is 1900-03-01 and counting from 1899-12-30 is
/// right for every serial from 61 on, which covers all of [`SERIALS`].
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).expect("a real date")
}

/// The date of an Excel serial in [`SERIALS`]; a fraction (the time of day) is
/// dropped. `None` outside the range.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() {
        return None;
    }
    let day = serial.floor();
    if !(f64::from(*SERIALS.start())..=f64::from(*SERIALS.end())).contains(&day) {
        return None;
    }
    epoch().checked_add_days(Days::new(day as u64))
}

/// The serial Excel gives `date`, if it is in [`SERIALS`].
#[cfg(test)]
pub(super) fn excel_serial(date: NaiveDate) -> Option<u32> {
    u32::try_from((date - epoch()).num_days()).ok().filter(|s| SERIALS.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn serials_are_the_days_excel_shows() {
        assert_eq!(from_excel_serial(45356.0), Some(ymd(2024, 3, 5)));
        assert_eq!(from_excel_serial(27458.0), Some(ymd(1975, 3, 5)));
        assert_eq!(from_excel_serial(45356.75), Some(ymd(2024, 3, 5)));
        assert_eq!(from_excel_serial(10_000.0), Some(ymd(1927, 5, 18)));
        assert_eq!(from_excel_serial(73_415.0), Some(ymd(2100, 12, 31)));
        assert_eq!(excel_serial(ymd(2024, 3, 5)), Some(45356));
    }

    #[test]
    fn other_numbers_are_not_serials() {
        for n in [1980.0, 9999.0, 73_416.0, 197_503.0, 19_750_305.0, -45356.0, f64::NAN, f64::INFINITY] {
            assert_eq!(from_excel_serial(n), None, "{n}");
        }
        assert_eq!(excel_serial(ymd(1920, 1, 1)), None);
    }
}
