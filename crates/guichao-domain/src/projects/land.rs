//! Land in 亩 as the county writes it (12.5), kept as hundredths of a mu
//! (1250) so sums are exact.

use crate::Msg;

/// Reads an area in 亩 with at most two decimals, as hundredths of a mu;
/// empty is zero. Refuses negative amounts and more than two decimals.
pub fn parse_mu(text: &str) -> Result<i64, Msg> {
    let text: String = text.trim().trim_end_matches('亩').trim().replace([',', '，'], "");
    if text.is_empty() {
        return Ok(0);
    }
    let refuse = || {
        Msg::new(
            format!("“{text}”不是有效的亩数，请写成 12.5 这样的数字"),
            format!("“{text}” is not an area in mu; write a number like 12.5"),
        )
    };
    let (whole, part) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() && part.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !part.bytes().all(|b| b.is_ascii_digit())
        || part.len() > 2
        || whole.len() > 12
    {
        return Err(refuse());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| refuse())? };
    let part: i64 = format!("{part:0<2}").parse().map_err(|_| refuse())?;
    Ok(whole * 100 + part)
}

/// Hundredths of a mu as the county writes them: 1250 is "12.5", 1200 is "12".
pub fn format_mu(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let h = hundredths.unsigned_abs();
    let text = format!("{sign}{}.{:02}", h / 100, h % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_read_as_hundredths() {
        assert_eq!(parse_mu("12.5"), Ok(1250));
        assert_eq!(parse_mu(" 1,200 亩"), Ok(120_000));
        assert_eq!(parse_mu("0.05"), Ok(5));
        assert_eq!(parse_mu(".5"), Ok(50));
        assert_eq!(parse_mu(""), Ok(0));
    }

    #[test]
    fn bad_areas_are_refused() {
        for bad in ["-3", "12.345", "十二", "1.2.3", "."] {
            assert!(parse_mu(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hundredths_print_without_trailing_zeros() {
        assert_eq!(format_mu(1250), "12.5");
        assert_eq!(format_mu(1200), "12");
        assert_eq!(format_mu(5), "0.05");
        assert_eq!(format_mu(0), "0");
        assert_eq!(parse_mu(&format_mu(123_456)), Ok(123_456));
    }
}
