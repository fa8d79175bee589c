//! Cell values as county offices type them, brought to the forms the domain's
//! parsers take: half-width text, unit names for matching, phones and ID numbers
//! that Excel stored as numbers, birth dates in a dozen shapes.
//!
//! Names are never changed here: the registry keeps a name as written.

use crate::cell::{Cell, iso_date, number_text};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::date::{DateError, from_excel_serial, parse_date};
use guichao_domain::fellows::{Category, Gender, parse_birth_date};
use guichao_domain::search::normalize;
use std::borrow::Cow;

/// Full-width letters and digits (ＡＢＣ１２３) and the ideographic space to
/// their half-width forms. Chinese punctuation such as （） and ， is left as
/// written, since it belongs in Chinese text.
///
/// A line break inside a cell (Alt+Enter in Excel) or a tab becomes one space:
/// in a roster it is layout, not content, and the registry's fields refuse
/// control characters ([`guichao_domain::text`]). Other control characters are
/// kept, so that the row is refused with a reason rather than changed silently.
pub fn fold_width(text: &str) -> Cow<'_, str> {
    let wide = |c: char| (('\u{FF10}'..='\u{FF5A}').contains(&c) && c.is_alphanumeric()) || c == '\u{3000}';
    let layout = |c: char| matches!(c, '\t' | '\n' | '\r');
    if !text.chars().any(|c| wide(c) || layout(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut after_break = false;
    for c in text.chars() {
        match c {
            c if layout(c) => {
                if !after_break {
                    out.push(' ');
                }
                after_break = true;
                continue;
            }
            '\u{3000}' => out.push(' '),
            c if wide(c) => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
            c => out.push(c),
        }
        after_break = false;
    }
    Cow::Owned(out)
}

/// A township or village name as a resolver should compare it: half-width,
/// simplified (鎮 → 镇), lower case, without white space.
pub fn unit_text(text: &str) -> String {
    normalize(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// The part of a township name that stays when people leave out its kind:
/// `新墙镇`, `新墙` and `新牆鎮` all give `新墙`.
pub fn township_key(text: &str) -> String {
    strip_kind(unit_text(text), &["街道办事处", "办事处", "街道", "镇", "乡"])
}

/// The part of a village name that stays when people leave out its kind:
/// `荣家村`, `荣家` and `荣家村委会` all give `荣家`.
pub fn village_key(text: &str) -> String {
    strip_kind(unit_text(text), &["村民委员会", "居民委员会", "村委会", "居委会", "社区", "村"])
}

fn strip_kind(text: String, suffixes: &[&str]) -> String {
    for suffix in suffixes {
        if let Some(stem) = text.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return stem.to_string();
        }
    }
    text
}

/// A category as people write it (企业家, 文教, 黨政軍...), or `None`.
pub fn category(text: &str) -> Option<Category> {
    Category::from_words(&normalize(text))
}

/// A gender as people write it (男, 女, M, F, 男性...), or `None`.
pub fn gender(text: &str) -> Option<Gender> {
    match text.trim() {
        "男" => Some(Gender::Male),
        "女" => Some(Gender::Female),
        other => Gender::from_words(other),
    }
}

/// A phone cell as text for [`guichao_domain::fellows::Phone::parse`]: a number
/// cell (Excel's float 1.3812345678E10) becomes its digits.
pub fn phone_text(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        other => other.display(),
    }
}

/// An ID number cell as text for [`guichao_domain::fellows::IdNumber::parse_at`].
/// A number cell of 15 digits or more has lost its last digits for good: Excel
/// keeps 15 significant digits of an 18-digit ID. It is refused, never guessed.
pub fn id_number_text(cell: &Cell) -> Result<String, Msg> {
    match cell {
        Cell::Number(n) if n.abs() >= 1e15 => Err(Msg::new(
            "身份证号被 Excel 存成了数字，后几位已丢失，请把该列设为文本后重新填写",
            "Excel stored the ID number as a number and its last digits are lost; format the column as text and enter it again",
        )),
        other => Ok(phone_text(other)),
    }
}

/// Reads a cell that names a day: an Excel date, a serial number (45054),
/// yyyymmdd typed as a number (20230508), or text in any form
/// [`parse_date`] reads (2023年5月8日, 2023.5.8, 2023/5/8, 2023-05-08).
/// The caller names the field when it says what went wrong.
pub fn day_cell(cell: &Cell) -> Result<NaiveDate, DateError> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) if n.fract() == 0.0 && *n < 1e6 => from_excel_serial(*n).ok_or(DateError::Unreadable),
        Cell::Number(n) => parse_date(&number_text(*n)),
        other => parse_date(&other.display()),
    }
}

/// Reads a birth date cell: an Excel date, a number (a serial such as 27458,
/// yyyymm, yyyymmdd, or year.month typed as 1975.03), or text in any form
/// [`parse_birth_date`] reads. An empty cell is `Ok(None)`.
pub fn birth_date(cell: &Cell, today: NaiveDate) -> Result<Option<NaiveDate>, Msg> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(d) => iso_date(*d),
        Cell::Number(n) => number_date_text(*n)?,
        other => {
            let shown = other.display();
            if shown.trim().is_empty() {
                return Ok(None);
            }
            shown
        }
    };
    parse_birth_date(&text, today).map(Some)
}

/// A number cell as date text for the shared reader: whole numbers as typed
/// (the reader tells serials, yyyymm and yyyymmdd apart by their digits), a
/// serial with a time of day as its date, other fractions as year.month.
/// 1975.1 is refused: Excel stores 1975.10 as 1975.1, so October and January
/// look the same.
fn number_date_text(n: f64) -> Result<String, Msg> {
    if n.fract() == 0.0 || !n.is_finite() {
        return Ok(number_text(n));
    }
    if !(1900.0..2101.0).contains(&n.trunc()) {
        return Ok(from_excel_serial(n).map_or_else(|| number_text(n), iso_date));
    }
    let text = number_text(n);
    if text.split_once('.').map(|(_, m)| m) == Some("1") {
        return Err(Msg::new(
            format!(
                "出生年月“{text}”可能是1月也可能是10月（Excel 会把 {text}0 存成 {text}），请把该列设为文本后写成 {text:.5}01 或 {text}0"
            ),
            format!(
                "The birth month {text} may be January or October (Excel stores {text}0 as {text}); format the column as text and write {text:.5}01 or {text}0"
            ),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn text(t: &str) -> Cell {
        Cell::Text(t.to_string())
    }

    #[test]
    fn full_width_letters_digits_and_spaces_fold() {
        assert_eq!(fold_width("ＡＢＣ　１２３ｘ"), "ABC 123x");
        assert_eq!(fold_width("华为（深圳）有限公司，研发部"), "华为（深圳）有限公司，研发部");
        assert!(matches!(fold_width("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn line_breaks_in_a_cell_become_one_space() {
        assert_eq!(fold_width("华为技术\r\n总经理"), "华为技术 总经理");
        assert_eq!(fold_width("深圳\t南山\n\n区"), "深圳 南山 区");
        assert_eq!(fold_width("深圳\u{0}南山"), "深圳\u{0}南山", "other controls are left for the form to refuse");
    }

    #[test]
    fn townships_match_with_or_without_their_kind() {
        for t in ["新墙镇", "新墙", " 新牆鎮 ", "新墙 镇", "新墙乡"] {
            assert_eq!(township_key(t), "新墙", "{t}");
        }
        assert_eq!(township_key("荣家湾街道"), "荣家湾");
        assert_eq!(township_key("镇"), "镇");
        assert_eq!(unit_text("新牆鎮"), "新墙镇");
        for v in ["荣家村", "荣家", "荣家村委会", "榮家村"] {
            assert_eq!(village_key(v), "荣家", "{v}");
        }
        assert_eq!(village_key("城南社区"), "城南");
    }

    #[test]
    fn categories_read_roster_words() {
        for (t, c) in [
            ("企业家", Category::IndustryCommerce),
            ("商界", Category::IndustryCommerce),
            ("工商", Category::IndustryCommerce),
            ("企业", Category::IndustryCommerce),
            ("文教", Category::CultureEducationArts),
            ("教育", Category::CultureEducationArts),
            ("文化", Category::CultureEducationArts),
            ("艺术", Category::CultureEducationArts),
            ("藝術", Category::CultureEducationArts),
            ("政界", Category::PartyGovMilitary),
            ("军人", Category::PartyGovMilitary),
            ("党政", Category::PartyGovMilitary),
            ("公务员", Category::PartyGovMilitary),
            ("公務員", Category::PartyGovMilitary),
            ("ＰＡＲＴＹ＿ＧＯＶ＿ＭＩＬＩＴＡＲＹ", Category::PartyGovMilitary),
        ] {
            assert_eq!(category(t), Some(c), "{t}");
        }
        assert_eq!(category("农民"), None);
    }

    #[test]
    fn genders_read_letters_and_words() {
        assert_eq!(gender("男"), Some(Gender::Male));
        assert_eq!(gender(" 女 "), Some(Gender::Female));
        assert_eq!(gender("M"), Some(Gender::Male));
        assert_eq!(gender("f"), Some(Gender::Female));
        assert_eq!(gender("Ｆ"), Some(Gender::Female));
        assert_eq!(gender("未知"), None);
    }

    #[test]
    fn phones_stored_as_numbers_keep_their_digits() {
        assert_eq!(phone_text(&Cell::Number(1.3812345678E10)), "13812345678");
        assert_eq!(phone_text(&text("+86 138-1234-5678")), "+86 138-1234-5678");
        assert_eq!(phone_text(&Cell::Empty), "");
    }

    #[test]
    fn id_numbers_stored_as_numbers_are_refused() {
        let err = id_number_text(&Cell::Number(4.30621E17)).unwrap_err();
        assert!(err.zh.contains("后几位已丢失") && err.zh.contains("设为文本"), "{}", err.zh);
        assert!(id_number_text(&Cell::Number(1e15)).is_err());
        assert_eq!(id_number_text(&Cell::Number(12345.0)).unwrap(), "12345");
        assert_eq!(id_number_text(&text("990102197503051234")).unwrap(), "990102197503051234");
    }

    #[test]
    fn days_in_the_usual_chinese_forms() {
        let may8 = ymd(2023, 5, 8).unwrap();
        for t in ["2023年5月8日", "2023.5.8", "2023/5/8", "2023-05-08", "20230508", "２０２３．５．８", "45054"]
        {
            assert_eq!(day_cell(&text(t)), Ok(may8), "{t}");
        }
        assert_eq!(day_cell(&Cell::Date(may8)), Ok(may8));
        assert_eq!(day_cell(&Cell::Number(45054.0)), Ok(may8), "an Excel serial");
        assert_eq!(day_cell(&Cell::Number(20230508.0)), Ok(may8), "yyyymmdd as a number");
        assert_eq!(day_cell(&text("")), Err(DateError::Empty));
        assert_eq!(day_cell(&text("2023年5月")), Err(DateError::NoDay));
        assert_eq!(day_cell(&text("去年")), Err(DateError::Unreadable));
        assert_eq!(day_cell(&text("2023-02-30")), Err(DateError::NoSuchDate));
    }

    #[test]
    fn birth_dates_in_every_shape() {
        let d = |c: Cell| birth_date(&c, today());
        assert_eq!(d(Cell::Date(ymd(1975, 3, 5).unwrap())), Ok(ymd(1975, 3, 5)));
        assert_eq!(d(Cell::Number(27458.0)), Ok(ymd(1975, 3, 5)));
        assert_eq!(d(text("27458")), Ok(ymd(1975, 3, 5)));
        assert_eq!(d(Cell::Number(1975.03)), Ok(ymd(1975, 3, 1)));
        assert_eq!(d(Cell::Number(1975.3)), Ok(ymd(1975, 3, 1)));
        assert_eq!(d(Cell::Number(1975.12)), Ok(ymd(1975, 12, 1)));
        assert_eq!(d(Cell::Number(197503.0)), Ok(ymd(1975, 3, 1)));
        assert_eq!(d(Cell::Number(19750305.0)), Ok(ymd(1975, 3, 5)));
        assert_eq!(d(Cell::Number(27458.625)), Ok(ymd(1975, 3, 5)));
        for t in [
            "1975.03",
            "1975.3",
            "1975年3月",
            "1975-3-5",
            "1975/03/05",
            "197503",
            "１９７５．０３",
            "1975-03-05 00:00:00",
            "1975年3月5号",
        ] {
            assert!(d(text(t)).unwrap().is_some(), "{t}");
        }
        assert_eq!(d(text("1975-3-5")), Ok(ymd(1975, 3, 5)));
        assert_eq!(d(text("1975/03/05")), Ok(ymd(1975, 3, 5)));
        assert_eq!(d(text("197503")), Ok(ymd(1975, 3, 1)));
        assert_eq!(d(text("1975-03-05T00:00:00")), Ok(ymd(1975, 3, 5)));
        assert_eq!(d(Cell::Empty), Ok(None));
        assert_eq!(d(text("  ")), Ok(None));
        assert!(d(text("明年")).is_err());
        assert!(d(Cell::Number(1975.0)).is_err());
        assert!(d(Cell::Number(2100.05)).is_err());
        // Four digits are a year, never a serial (1975 would be a day in 1905).
        assert!(d(text("1975")).is_err());
        assert!(d(Cell::Number(1975.5)).is_ok_and(|d| d == ymd(1975, 5, 1)));
    }

    #[test]
    fn a_month_excel_may_have_cut_is_refused() {
        let err = birth_date(&Cell::Number(1975.1), today()).unwrap_err();
        assert!(err.zh.contains("1975.01") && err.zh.contains("1975.10"), "{}", err.zh);
        // Typed as text, 1975.1 is what the person wrote: January.
        assert_eq!(birth_date(&text("1975.1"), today()), Ok(ymd(1975, 1, 1)));
    }
}
