//! A fellow's birth date: the shared date reader ([`crate::date`]) plus the
//! two rules of a birth date. Rosters often record only the month of birth
//! (1975.03, 1975年3月, 197503), so a month is read as its first day; and the
//! day falls between 1900-01-01 and today.

use crate::Msg;
use crate::date::{DateError, parse_day_or_month};
use chrono::{Datelike, NaiveDate};

/// Reads a birth date as people write it: every form of
/// [`parse_day_or_month`] (1975-03-05, 1975/3/5, 1975.3.5, 1975年3月5日,
/// 19750305, an Excel serial), and month-only forms, which mean the first of
/// the month. A year alone (1975, 1975年) is refused rather than made up into
/// a day.
pub fn parse_birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let out_of_range = || {
        Msg::new(format!("出生日期“{}”不在合理范围内", text.trim()), format!("The birth date {text:?} is out of range"))
    };
    let date = match parse_day_or_month(text) {
        Ok(read) => read.first_day(),
        Err(DateError::Unreadable | DateError::Empty) => {
            return Err(Msg::new(
                format!("出生日期“{}”无法识别，请写成 1975-03-05 或 1975.03", text.trim()),
                format!("Cannot read the birth date {text:?}; write 1975-03-05 or 1975.03"),
            ));
        }
        Err(DateError::OutOfRange) => return Err(out_of_range()),
        Err(e) => return Err(e.msg("出生日期", "birth date", text)),
    };
    if date.year() < 1900 || date > today {
        return Err(out_of_range());
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn birth_dates_are_read_as_people_write_them() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        for (text, want) in [
            ("1975-03-05", d(1975, 3, 5)),
            ("1975/3/5", d(1975, 3, 5)),
            ("1975.3.5", d(1975, 3, 5)),
            ("1975年3月5日", d(1975, 3, 5)),
            ("1975年3月5号", d(1975, 3, 5)),
            ("19750305", d(1975, 3, 5)),
            ("27458", d(1975, 3, 5)),
            ("1975.03", d(1975, 3, 1)),
            ("1975.3", d(1975, 3, 1)),
            ("1975-3", d(1975, 3, 1)),
            ("1975年3月", d(1975, 3, 1)),
            ("197503", d(1975, 3, 1)),
            ("１９７５－３－５", d(1975, 3, 5)),
            ("2026-11-26", today()),
        ] {
            assert_eq!(parse_birth_date(text, today()), Ok(want), "{text}");
        }
    }

    #[test]
    fn what_cannot_be_a_birth_date_is_refused() {
        for bad in ["1975", "1975年", "1975-13-01", "1899-01-01", "2026-11-27", "2027-01", "abc", "1975-02-30", ""] {
            assert!(parse_birth_date(bad, today()).is_err(), "{bad}");
        }
        let unread = parse_birth_date("明年", today()).unwrap_err();
        assert_eq!(unread.zh, "出生日期“明年”无法识别，请写成 1975-03-05 或 1975.03");
        assert_eq!(parse_birth_date("1899-12-31", today()).unwrap_err().zh, "出生日期“1899-12-31”不在合理范围内");
        assert_eq!(parse_birth_date("1800-01-01", today()).unwrap_err().zh, "出生日期“1800-01-01”不在合理范围内");
        assert_eq!(parse_birth_date("1975-02-30", today()).unwrap_err().zh, "出生日期“1975-02-30”不是有效日期");
    }
}
