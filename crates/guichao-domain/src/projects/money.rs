//! Amounts of money: integer fen (分) inside, 元 / 万元 / 亿元 as people
//! write and read them.
//!
//! Reading is exact decimal arithmetic on the digits typed, never a float:
//! 3.5 in a 亿元 column is exactly 35,000,000,000 fen. A unit written in the
//! cell itself (3.5亿, 8000万元) is explicit and wins over the column's.

use crate::fellows::text::fold_width;
use crate::vocab::vocabulary;
use crate::{Lang, Msg};

vocabulary! {
    /// The unit a spreadsheet column or a form field gives its amounts in.
    pub enum AmountUnit {
        Yuan = "yuan", "元", "Yuan", ["人民币元"];
        Wan = "wan", "万元", "10,000 yuan", ["万"];
        Yi = "yi", "亿元", "100 million yuan", ["亿"];
    }
}

impl AmountUnit {
    /// The decimal places between this unit and a fen.
    fn places(self) -> usize {
        match self {
            AmountUnit::Yuan => 2,
            AmountUnit::Wan => 6,
            AmountUnit::Yi => 10,
        }
    }
}

/// Fen in one 万元.
pub const FEN_PER_WAN: i64 = 1_000_000;
/// Fen in one 亿元.
pub const FEN_PER_YI: i64 = 10_000_000_000;
/// The largest amount read: 1万亿元. More is a wrong unit, not a county's project.
pub const MAX_FEN: i64 = 10_000 * FEN_PER_YI;

/// The units a cell may end with, longest first, traditional forms included.
const SUFFIXES: [(&str, AmountUnit); 9] = [
    ("亿元", AmountUnit::Yi),
    ("億元", AmountUnit::Yi),
    ("亿", AmountUnit::Yi),
    ("億", AmountUnit::Yi),
    ("万元", AmountUnit::Wan),
    ("萬元", AmountUnit::Wan),
    ("万", AmountUnit::Wan),
    ("萬", AmountUnit::Wan),
    ("元", AmountUnit::Yuan),
];

/// Reads an amount typed in a column or field whose unit is `column`, as fen.
/// Accepts thousands separators in their places (1,200.5), full-width
/// digits, and a trailing unit that overrides the column's (3.5亿, 8000万元).
/// Refuses blanks, negative amounts, fractions of a fen and amounts above
/// [`MAX_FEN`].
pub fn parse_amount(text: &str, column: AmountUnit) -> Result<i64, Msg> {
    let folded = fold_width(text);
    let shown = folded.trim();
    if shown.is_empty() {
        return Err(Msg::new("金额不能为空", "Enter the amount"));
    }
    let (number, unit) =
        SUFFIXES.iter().find_map(|(s, u)| shown.strip_suffix(s).map(|n| (n.trim(), *u))).unwrap_or((shown, column));
    if number.starts_with('-') {
        return Err(Msg::new("金额不能为负数", "The amount cannot be negative"));
    }
    let unreadable = || {
        Msg::new(
            format!("金额“{shown}”无法识别，请写成 1200.5、1,200.5 或 3.5亿"),
            format!("Cannot read the amount {shown:?}; write 1200.5, 1,200.5 or 3.5亿"),
        )
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let whole = ungroup(whole).ok_or_else(unreadable)?;
    if whole.is_empty() && fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unreadable());
    }
    let places = unit.places();
    let (kept, beyond) = fraction.split_at(fraction.len().min(places));
    if beyond.bytes().any(|b| b != b'0') {
        return Err(Msg::new(
            format!("金额“{shown}”小数位过多：最小到分，按{}最多{places}位小数", unit.label(Lang::Zh)),
            format!(
                "The amount {shown:?} is finer than a fen: at most {places} decimals when the unit is {}",
                unit.label(Lang::En)
            ),
        ));
    }
    let digits = format!("{whole}{kept:0<places$}");
    let digits = digits.trim_start_matches('0');
    match digits.parse::<i64>() {
        Ok(fen) if fen <= MAX_FEN => Ok(fen),
        _ if digits.is_empty() => Ok(0),
        _ => Err(Msg::new(
            format!("金额“{shown}”超过1万亿元，请检查单位"),
            format!("The amount {shown:?} is over 1 trillion yuan; check the unit"),
        )),
    }
}

/// The unit a typed amount states itself (`3.5亿`, `8000万元`, `1,200元`), if any.
pub fn stated_unit(text: &str) -> Option<AmountUnit> {
    let folded = fold_width(text);
    let shown = folded.trim();
    SUFFIXES.iter().find(|(s, _)| shown.ends_with(s)).map(|(_, u)| *u)
}

/// Reads an amount whose unit is the one the text states, else its column's
/// (`column`, from a header such as 协议投资（万元）). With neither, the amount
/// is refused rather than guessed: a bare 3.5 may mean 3.5万 or 3.5亿.
pub fn parse_amount_in(text: &str, column: Option<AmountUnit>) -> Result<i64, Msg> {
    match column.or_else(|| stated_unit(text)) {
        Some(unit) => parse_amount(text, unit),
        None if text.trim().is_empty() => Err(Msg::new("金额不能为空", "Enter the amount")),
        None => {
            let shown = fold_width(text).trim().to_string();
            Err(Msg::new(
                format!("金额“{shown}”没有单位：请在表头注明（万元）或（亿元），或写成 {shown}万、{shown}亿"),
                format!(
                    "The amount {shown:?} has no unit: put (万元) or (亿元) in the header, or write {shown}万 or {shown}亿"
                ),
            ))
        }
    }
}

/// The whole part's digits without thousands separators, or `None` when it
/// holds anything else or a separator out of place (3,5 is not 35). Land
/// areas are read with it too (`crate::park`).
pub(crate) fn ungroup(whole: &str) -> Option<String> {
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped = whole.contains(',');
    let fits = |g: &str, sizes: std::ops::RangeInclusive<usize>| {
        sizes.contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit())
    };
    if !fits(first, if grouped { 1..=3 } else { 0..=usize::MAX }) {
        return None;
    }
    let mut digits = first.to_string();
    for group in groups {
        if !fits(group, 3..=3) {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

/// An amount as the county reads it: 亿元 from 1亿 up (10.6亿元, 110亿元),
/// else 万元 from 1万 up (500万元, 12.5万元), else 元; rounded half up to
/// two decimals of the unit shown, trailing zeros dropped.
pub fn format_amount(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let (wan, yi) = (FEN_PER_WAN.unsigned_abs(), FEN_PER_YI.unsigned_abs());
    let hundredths_of_wan = (fen + wan / 200) / (wan / 100);
    if hundredths_of_wan >= 100 * (yi / wan) {
        format!("{sign}{}亿元", two_decimals((fen + yi / 200) / (yi / 100)))
    } else if fen >= wan {
        format!("{sign}{}万元", two_decimals(hundredths_of_wan))
    } else {
        format!("{sign}{}元", two_decimals(fen))
    }
}

/// Hundredths written as a decimal without trailing zeros: 1060 is 10.6.
pub(crate) fn two_decimals(hundredths: u64) -> String {
    match (hundredths / 100, hundredths % 100) {
        (whole, 0) => whole.to_string(),
        (whole, tenths) if tenths % 10 == 0 => format!("{whole}.{}", tenths / 10),
        (whole, part) => format!("{whole}.{part:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmountUnit::*;

    #[test]
    fn the_column_unit_scales_exactly() {
        assert_eq!(parse_amount("3.5", Yi), Ok(35_000_000_000));
        assert_eq!(parse_amount("0.1", Yi), Ok(1_000_000_000), "no float error in 0.1");
        assert_eq!(parse_amount("1,200.5", Wan), Ok(1_200_500_000));
        assert_eq!(parse_amount("1,234,567", Yuan), Ok(123_456_700));
        assert_eq!(parse_amount("12.34", Yuan), Ok(1_234));
        assert_eq!(parse_amount("１２００．５", Wan), Ok(1_200_500_000), "full-width");
        assert_eq!(parse_amount(" 500 ", Wan), Ok(500_000_000));
        assert_eq!(parse_amount(".5", Wan), Ok(500_000));
        assert_eq!(parse_amount("7.", Yuan), Ok(700));
        assert_eq!(parse_amount("0", Yi), Ok(0));
        assert_eq!(parse_amount("1.5000", Yuan), Ok(150), "zeros past the fen are harmless");
    }

    #[test]
    fn a_unit_in_the_text_wins() {
        assert_eq!(parse_amount("10.6亿", Yuan), Ok(106_000_000_000));
        assert_eq!(parse_amount("1.2亿元", Wan), Ok(12_000_000_000));
        assert_eq!(parse_amount("8000万元", Yuan), Ok(8_000_000_000));
        assert_eq!(parse_amount("8000万", Yi), Ok(8_000_000_000), "explicit, though the column says 亿元");
        assert_eq!(parse_amount("8000 萬元", Yi), Ok(8_000_000_000));
        assert_eq!(parse_amount("3.5億", Yuan), Ok(35_000_000_000));
        assert_eq!(parse_amount("1,200元", Wan), Ok(120_000));
    }

    #[test]
    fn an_amount_needs_a_unit_from_its_text_or_its_column() {
        assert_eq!(stated_unit("3.5亿"), Some(Yi));
        assert_eq!(stated_unit(" 12000萬元 "), Some(Wan));
        assert_eq!(stated_unit("1,200元"), Some(Yuan));
        assert_eq!(stated_unit("3.5"), None);
        assert_eq!(parse_amount_in("3.5", Some(Yi)), Ok(35_000_000_000), "3.5 in a 亿元 column is 3.5亿");
        assert_eq!(parse_amount_in("3.5亿", None), Ok(35_000_000_000));
        assert_eq!(parse_amount_in("12000万", None), Ok(12_000 * FEN_PER_WAN));
        assert_eq!(parse_amount_in("12000万", Some(Yi)), Ok(12_000 * FEN_PER_WAN), "the text's unit wins");
        let bare = parse_amount_in("3.5", None).unwrap_err();
        assert_eq!(bare.zh, "金额“3.5”没有单位：请在表头注明（万元）或（亿元），或写成 3.5万、3.5亿");
        assert!(bare.en.contains("has no unit"));
        assert_eq!(parse_amount_in(" ", None).unwrap_err().zh, "金额不能为空");
        assert_eq!(parse_amount_in("-3.5亿", None).unwrap_err().zh, "金额不能为负数");
        assert_eq!(parse_amount_in("-3.5", Some(Wan)).unwrap_err().zh, "金额不能为负数");
    }

    #[test]
    fn bad_amounts_are_refused_in_both_languages() {
        assert_eq!(parse_amount("  ", Wan).unwrap_err().zh, "金额不能为空");
        for text in ["-5", "-3.5亿", "－5"] {
            assert_eq!(parse_amount(text, Wan).unwrap_err().zh, "金额不能为负数", "{text}");
        }
        for text in ["abc", "3,5", "1,20", "12,3456", "1.2.3", "1亿2000万", "亿", ".", "1e5", "3 5", "1,200.5,0"] {
            let err = parse_amount(text, Wan).unwrap_err();
            assert!(err.zh.contains("无法识别") && err.en.starts_with("Cannot read"), "{text}: {}", err.zh);
        }
        let fine = parse_amount("12.345", Yuan).unwrap_err();
        assert!(fine.zh.contains("最小到分") && fine.zh.contains("按元最多2位小数"), "{}", fine.zh);
        assert!(parse_amount("1.0000001", Wan).is_err());
        assert_eq!(parse_amount("1.000001", Wan), Ok(1_000_001), "to the fen");
        assert!(parse_amount("3.50000000000000004", Yi).is_err(), "float noise is not silently rounded");
        assert_eq!(parse_amount("10000亿", Yuan), Ok(MAX_FEN));
        let absurd = parse_amount("10000.01亿", Yuan).unwrap_err();
        assert!(absurd.zh.contains("超过1万亿元") && absurd.en.contains("check the unit"));
        assert!(parse_amount("99999999999999999999999", Yuan).is_err(), "no overflow");
    }

    #[test]
    fn amounts_display_in_the_countys_units() {
        assert_eq!(format_amount(110 * FEN_PER_YI), "110亿元");
        assert_eq!(format_amount(106_000_000_000), "10.6亿元");
        assert_eq!(format_amount(189_000_000_000), "18.9亿元");
        assert_eq!(format_amount(123_456_789_000), "12.35亿元", "rounded half up");
        assert_eq!(format_amount(FEN_PER_YI), "1亿元");
        assert_eq!(format_amount(500 * FEN_PER_WAN), "500万元");
        assert_eq!(format_amount(12_500_000), "12.5万元");
        assert_eq!(format_amount(12_050_000), "12.05万元");
        assert_eq!(format_amount(9_999_995_000), "1亿元", "rounds up into 亿");
        assert_eq!(format_amount(9_999_900_000), "9999.9万元");
        assert_eq!(format_amount(FEN_PER_WAN), "1万元");
        assert_eq!(format_amount(999_999), "9999.99元");
        assert_eq!(format_amount(0), "0元");
        assert_eq!(format_amount(-500 * FEN_PER_WAN), "-500万元");
        assert_eq!(format_amount(i64::MIN).chars().next(), Some('-'), "no overflow");
    }

    #[test]
    fn what_is_read_displays_as_typed() {
        for (text, unit) in [("10.6亿", Yuan), ("500", Wan), ("12.5", Wan), ("8000万元", Yi), ("18.9", Yi)] {
            let shown = format_amount(parse_amount(text, unit).unwrap());
            let again = parse_amount(&shown, Yuan).unwrap();
            assert_eq!(again, parse_amount(text, unit).unwrap(), "{text} -> {shown}");
        }
    }

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(AmountUnit);
        assert_eq!(AmountUnit::from_words("（万元）"), Some(Wan));
    }
}
