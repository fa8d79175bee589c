//! The "211" households (211户): a couple farming about 100 mu of grain and
//! earning over 100,000 yuan a year, each recorded with the year it was
//! verified. Their count by township as of a day is counted from those
//! records; nothing is stored.

use crate::Msg;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The income a "211" household earns at least in a year: 10万元 in fen.
pub const MIN_INCOME_FEN: i64 = 10_000_000;
/// The most land one household records: 10,000 mu, in hundredths.
pub const MAX_AREA_HUNDREDTHS: i64 = 1_000_000;
/// The first year the program verified households.
pub const FIRST_YEAR: i32 = 2000;

/// What the count needs of a household: where it is and when it was verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified<K> {
    pub township: K,
    pub year: i32,
}

/// The households verified by `as_of`'s year, by township (only townships
/// with one or more appear).
pub fn count_by_township<K: Ord + Copy>(records: &[Verified<K>], as_of: NaiveDate) -> BTreeMap<K, i64> {
    let mut out = BTreeMap::new();
    for r in records.iter().filter(|r| r.year <= as_of.year()) {
        *out.entry(r.township).or_insert(0) += 1;
    }
    out
}

/// The households verified by `as_of`'s year, over every township.
pub fn count<K: Ord + Copy>(records: &[Verified<K>], as_of: NaiveDate) -> i64 {
    count_by_township(records, as_of).values().sum()
}

/// A household's figures as typed, checked on `today`: the land in
/// hundredths of a mu, the yearly income in fen and the year verified.
pub fn check(area_hundredths_mu: i64, income_fen: i64, year: i32, today: NaiveDate) -> Vec<(&'static str, Msg)> {
    let mut errors = Vec::new();
    if !(1..=MAX_AREA_HUNDREDTHS).contains(&area_hundredths_mu) {
        errors
            .push(("area", Msg::new("种植面积应大于0亩、不超过10000亩", "The area is above 0 and at most 10,000 mu")));
    }
    if !(MIN_INCOME_FEN..=crate::funds::MAX_RECORD_FEN).contains(&income_fen) {
        errors.push((
            "income",
            Msg::new("211户年收入应不少于10万元", "A 211 household earns at least 100,000 yuan a year"),
        ));
    }
    if !(FIRST_YEAR..=today.year()).contains(&year) {
        errors.push((
            "year",
            Msg::new(format!("认定年度应在{FIRST_YEAR}年到今年之间"), format!("The year is {FIRST_YEAR} to this year")),
        ));
    }
    errors
}

/// Mu as typed (`100`, `98.5`, `100亩`) in hundredths of a mu.
pub fn parse_mu(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('亩').trim().replace(',', "");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(frac)
}

/// Hundredths of a mu as 98.5亩.
pub fn show_mu(hundredths: i64) -> String {
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => format!("{whole}亩"),
        f if f % 10 == 0 => format!("{whole}.{}亩", f / 10),
        f => format!("{whole}.{f:02}亩"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, 12, 31).unwrap()
    }

    #[test]
    fn counts_by_township_as_of_a_year() {
        let r = |township, year| Verified { township, year };
        let records = [r(1, 2021), r(1, 2022), r(2, 2023), r(3, 2024)];
        assert_eq!(count_by_township(&records, d(2022)), BTreeMap::from([(1, 2)]));
        assert_eq!(count_by_township(&records, d(2023)), BTreeMap::from([(1, 2), (2, 1)]));
        assert_eq!(count(&records, d(2024)), 4);
        assert_eq!(count(&records, d(2020)), 0);
    }

    #[test]
    fn figures_are_checked() {
        let today = d(2024);
        assert!(check(10_000, 12_000_000, 2023, today).is_empty());
        let fields: Vec<_> = check(0, 9_999_999, 2025, today).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["area", "income", "year"]);
    }

    #[test]
    fn mu_reads_and_shows() {
        assert_eq!(parse_mu("100"), Some(10_000));
        assert_eq!(parse_mu("98.5亩"), Some(9_850));
        assert_eq!(parse_mu("1,200.25"), Some(120_025));
        assert_eq!(parse_mu("abc"), None);
        assert_eq!(parse_mu("1.234"), None);
        assert_eq!(parse_mu("-3"), None);
        assert_eq!(show_mu(9_850), "98.5亩");
        assert_eq!(show_mu(10_000), "100亩");
        assert_eq!(show_mu(10_025), "100.25亩");
    }
}
