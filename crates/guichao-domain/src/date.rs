//! Dates as the county lives them: today in China, and the one reader of the
//! date forms Chinese users type.
//!
//! China keeps one time zone, UTC+8, with no daylight saving, so "today" is a
//! fixed offset from UTC: until 08:00 Beijing time the UTC date is a day behind.
//! Every "today" in the program (the latest birth date, the default end of a
//! membership, the day of an export's file name) comes from [`today`].
//!
//! [`parse_date`] reads the forms people write: 2024-03-05, 2024/3/5, 2024.3.5,
//! 2024年3月5日 (or 号), 20240305, full-width digits (２０２４／３／５), a
//! trailing time (2024-03-05 00:00:00, as databases export it), and Excel serial
//! numbers (45356). [`parse_day_or_month`] also takes the month-only forms
//! (2024-03, 2024.3, 2024年3月, 202403) for fields where a month is enough.

mod excel;
mod parse;

pub use excel::{SERIALS, from_excel_serial};
pub use parse::{DateText, parse_date, parse_day_or_month, parse_optional_date};

use crate::Msg;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Seconds east of UTC of China Standard Time.
const CHINA_OFFSET_SECS: i32 = 8 * 3600;

/// The earliest and latest years a typed date may name. A person, company or
/// membership of this program falls within them; a year outside is a typo
/// (0224 for 2024), not a date to keep.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// China Standard Time as a chrono offset.
pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(CHINA_OFFSET_SECS).expect("UTC+8 is a valid offset")
}

/// An instant as a clock in China shows it.
pub fn china_time(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&china_offset())
}

/// The calendar date in China at an instant.
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    china_time(at).date_naive()
}

/// Today in China, by the system clock: the one call in the domain that reads
/// it. Rules take the day as a parameter, so tests can fix it.
pub fn today() -> NaiveDate {
    china_date(Utc::now())
}

/// Why a typed date was refused. [`DateError::msg`] says it with the field's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Nothing typed where a date is required.
    Empty,
    /// None of the forms people write.
    Unreadable,
    /// A year and month where the field needs a day (2024-03).
    NoDay,
    /// A form that names a day the calendar lacks (2024-02-30, 2024-13-01).
    NoSuchDate,
    /// A year outside [`YEARS`].
    OutOfRange,
}

impl DateError {
    /// The refusal for the field `zh`/`en` (`入会日期`, `joining date`) that held `text`.
    pub fn msg(self, zh: &str, en: &str, text: &str) -> Msg {
        let text = text.trim();
        match self {
            DateError::Empty => Msg::new(format!("{zh}不能为空"), format!("Enter the {en}")),
            DateError::Unreadable => Msg::new(
                format!("{zh}“{text}”无法识别，请写成 2024-03-05、2024/3/5 或 2024年3月5日"),
                format!("Cannot read the {en} {text:?}; write 2024-03-05, 2024/3/5 or 2024年3月5日"),
            ),
            DateError::NoDay => Msg::new(
                format!("{zh}“{text}”缺少日，请写成 2024-03-05"),
                format!("The {en} {text:?} has no day; write 2024-03-05"),
            ),
            DateError::NoSuchDate => {
                Msg::new(format!("{zh}“{text}”不是有效日期"), format!("The {en} {text:?} is not a real date"))
            }
            DateError::OutOfRange => Msg::new(
                format!("{zh}“{text}”的年份应在{}年至{}年之间", YEARS.start(), YEARS.end()),
                format!("The year of the {en} {text:?} must be between {} and {}", YEARS.start(), YEARS.end()),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn china_is_eight_hours_ahead_all_year() {
        let utc = |m, d, h| Utc.with_ymd_and_hms(2024, m, d, h, 30, 0).unwrap();
        let ymd = |m, d| NaiveDate::from_ymd_opt(2024, m, d).unwrap();
        // 15:30 UTC is 23:30 in China; 16:30 UTC is already the next day.
        assert_eq!(china_date(utc(3, 4, 15)), ymd(3, 4));
        assert_eq!(china_date(utc(3, 4, 16)), ymd(3, 5));
        // No daylight saving: the same in July.
        assert_eq!(china_date(utc(7, 4, 15)), ymd(7, 4));
        assert_eq!(china_date(utc(7, 4, 16)), ymd(7, 5));
        assert_eq!(china_time(utc(1, 1, 0)).format("%H:%M").to_string(), "08:30");
    }

    #[test]
    fn today_is_the_china_date_of_now() {
        let before = china_date(Utc::now());
        let today = today();
        assert!(today == before || today == before.succ_opt().unwrap());
    }

    #[test]
    fn messages_name_the_field_and_the_text() {
        let m = DateError::Unreadable.msg("入会日期", "joining date", " 明年 ");
        assert_eq!(m.zh, "入会日期“明年”无法识别，请写成 2024-03-05、2024/3/5 或 2024年3月5日");
        assert!(m.en.starts_with("Cannot read the joining date \"明年\""), "{}", m.en);
        assert!(DateError::OutOfRange.msg("成立日期", "founding date", "0224-01-01").zh.contains("1900年至2100年"));
        assert_eq!(DateError::Empty.msg("日期", "date", "").zh, "日期不能为空");
    }
}
