//! Areas as the county writes them: land in 亩 to two decimals, kept as
//! whole hundredths of a mu (12.5亩 is 1250), and factory floor space in
//! whole square metres.
//!
//! Reading is exact decimal arithmetic on the digits typed, as amounts of
//! money are read (`crate::projects::parse_amount`), never a float.

use crate::Msg;
use crate::fellows::text::fold_width;
use crate::projects::{two_decimals, ungroup};

/// The units a land area may end with.
const MU: [&str; 2] = ["亩", "畝"];
/// The units a floor area may end with, longest first.
const SQUARE_METRES: [&str; 6] = ["平方米", "平米", "㎡", "m²", "M²", "m2"];

/// Reads a land area in 亩 as hundredths of a mu: "12.5", "1,200.25亩",
/// full-width digits. Refuses blanks, negative areas, finer than 0.01亩 and
/// numbers too large to keep.
pub fn parse_mu(text: &str) -> Result<i64, Msg> {
    let folded = fold_width(text);
    let shown = folded.trim();
    let number = MU.iter().find_map(|u| shown.strip_suffix(u)).unwrap_or(shown).trim();
    let hundredths = decimal(number, 2).map_err(|e| e.msg(shown, "亩", "mu"))?;
    Ok(hundredths)
}

/// Reads a floor area in whole m²: "1,200", "1200平方米", "850 m²".
pub fn parse_m2(text: &str) -> Result<i64, Msg> {
    let folded = fold_width(text);
    let shown = folded.trim();
    let number = SQUARE_METRES.iter().find_map(|u| shown.strip_suffix(u)).unwrap_or(shown).trim();
    decimal(number, 0).map_err(|e| e.msg(shown, "平方米", "m²"))
}

/// Hundredths of a mu as the county reads them, without trailing zeros:
/// 1250 is "12.5", 100000 is "1000".
pub fn format_mu(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    format!("{sign}{}", two_decimals(hundredths.unsigned_abs()))
}

/// Square metres with thousands separators: 49000 is "49,000".
pub fn format_m2(m2: i64) -> String {
    let digits = m2.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    if m2 < 0 { format!("-{out}") } else { out }
}

/// Why a typed area was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AreaError {
    Empty,
    Negative,
    Unreadable,
    /// More decimals than the unit keeps.
    TooFine(usize),
    TooLarge,
}

impl AreaError {
    /// The refusal of `shown`, whose unit is `zh` / `en`.
    fn msg(self, shown: &str, zh: &str, en: &str) -> Msg {
        match self {
            AreaError::Empty => Msg::new("面积不能为空", "Enter the area"),
            AreaError::Negative => Msg::new("面积不能为负数", "The area cannot be negative"),
            AreaError::Unreadable => Msg::new(
                format!("面积“{shown}”无法识别，请写成 12.5 或 1,200 这样的数字（单位：{zh}）"),
                format!("Cannot read the area {shown:?}; write a number like 12.5 or 1,200 ({en})"),
            ),
            AreaError::TooFine(0) => {
                Msg::new(format!("面积“{shown}”请填整数{zh}"), format!("Give the area {shown:?} in whole {en}"))
            }
            AreaError::TooFine(places) => Msg::new(
                format!("面积“{shown}”最多保留{places}位小数"),
                format!("The area {shown:?} has more than {places} decimals"),
            ),
            AreaError::TooLarge => Msg::new(
                format!("面积“{shown}”过大，请检查单位（{zh}）"),
                format!("The area {shown:?} is too large; check the unit ({en})"),
            ),
        }
    }
}

/// A non-negative decimal with at most `places` decimals, as a whole number
/// of 10^-places.
fn decimal(number: &str, places: usize) -> Result<i64, AreaError> {
    if number.is_empty() {
        return Err(AreaError::Empty);
    }
    if number.starts_with('-') {
        return Err(AreaError::Negative);
    }
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let whole = ungroup(whole).ok_or(AreaError::Unreadable)?;
    if whole.is_empty() && fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AreaError::Unreadable);
    }
    let (kept, beyond) = fraction.split_at(fraction.len().min(places));
    if beyond.bytes().any(|b| b != b'0') {
        return Err(AreaError::TooFine(places));
    }
    let digits = format!("{whole}{kept:0<places$}");
    match digits.trim_start_matches('0') {
        "" => Ok(0),
        digits => digits.parse::<i64>().map_err(|_| AreaError::TooLarge),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn land_is_read_in_hundredths_of_a_mu() {
        assert_eq!(parse_mu("12.5"), Ok(1_250));
        assert_eq!(parse_mu("12.5亩"), Ok(1_250));
        assert_eq!(parse_mu(" 1,200.25 亩 "), Ok(120_025));
        assert_eq!(parse_mu("１２．５"), Ok(1_250), "full-width");
        assert_eq!(parse_mu("0.01"), Ok(1));
        assert_eq!(parse_mu(".5"), Ok(50));
        assert_eq!(parse_mu("30"), Ok(3_000));
        assert_eq!(parse_mu("7.500"), Ok(750), "zeros past the hundredth are harmless");
        assert_eq!(parse_mu("0"), Ok(0));
    }

    #[test]
    fn bad_land_areas_are_refused_in_words() {
        assert_eq!(parse_mu(" ").unwrap_err().zh, "面积不能为空");
        assert_eq!(parse_mu("亩").unwrap_err().zh, "面积不能为空");
        assert_eq!(parse_mu("-3").unwrap_err().zh, "面积不能为负数");
        for text in ["abc", "3,5", "1.2.3", "12.5公顷", "1e3", "."] {
            let err = parse_mu(text).unwrap_err();
            assert!(err.zh.contains("无法识别") && err.en.starts_with("Cannot read"), "{text}: {}", err.zh);
        }
        assert_eq!(parse_mu("12.345").unwrap_err().zh, "面积“12.345”最多保留2位小数");
        assert!(parse_mu("99999999999999999999").unwrap_err().zh.contains("过大"), "no overflow");
    }

    #[test]
    fn floor_space_is_read_in_whole_square_metres() {
        assert_eq!(parse_m2("1200"), Ok(1_200));
        assert_eq!(parse_m2("1,200平方米"), Ok(1_200));
        assert_eq!(parse_m2("850 m²"), Ok(850));
        assert_eq!(parse_m2("850㎡"), Ok(850));
        assert_eq!(parse_m2("850.0"), Ok(850));
        assert_eq!(parse_m2("850.5").unwrap_err().zh, "面积“850.5”请填整数平方米");
        assert!(parse_m2("八百").unwrap_err().zh.contains("无法识别"));
    }

    #[test]
    fn areas_display_as_the_county_reads_them() {
        assert_eq!(format_mu(1_250), "12.5");
        assert_eq!(format_mu(120_025), "1200.25");
        assert_eq!(format_mu(100_000), "1000");
        assert_eq!(format_mu(5), "0.05");
        assert_eq!(format_mu(0), "0");
        assert_eq!(format_mu(-1_250), "-12.5");
        assert_eq!(format_m2(49_000), "49,000");
        assert_eq!(format_m2(1_234_567), "1,234,567");
        assert_eq!(format_m2(850), "850");
        assert_eq!(format_m2(0), "0");
        assert_eq!(format_m2(-1_200), "-1,200");
        for text in ["12.5", "0.05", "1000", "1200.25"] {
            assert_eq!(format_mu(parse_mu(text).unwrap()), text);
        }
    }
}
