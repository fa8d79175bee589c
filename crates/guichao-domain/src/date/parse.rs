//! The one reader of typed dates. Every form field, API text and spreadsheet
//! cell that holds a date goes through [`parse_day_or_month`].

use super::{DateError, SERIALS, YEARS, from_excel_serial};
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// A date as typed: a day, or a year and month where the writer gave no day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateText {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
}

impl DateText {
    /// The day, or the first day of the month.
    pub fn first_day(self) -> NaiveDate {
        match self {
            DateText::Day(day) => day,
            DateText::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1).expect("a checked month"),
        }
    }
}

/// Reads a date that must name a day; a month alone is [`DateError::NoDay`].
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    match parse_day_or_month(text)? {
        DateText::Day(day) => Ok(day),
        DateText::Month { .. } => Err(DateError::NoDay),
    }
}

/// Reads an optional date field: blank is `None`, anything else must be a day.
pub fn parse_optional_date(text: &str) -> Result<Option<NaiveDate>, DateError> {
    if text.trim().is_empty() { Ok(None) } else { parse_date(text).map(Some) }
}

/// Reads a day (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 2024年3月5号,
/// 20240305, Excel serial 45356) or a month (2024-03, 2024/3, 2024.3,
/// 2024年3月, 202403). Full-width characters are folded first (NFKC), spaces
/// around the parts are ignored, and so is a trailing time of day
/// (`2024-03-05 08:30:00`, `2024-03-05T08:30`). The year comes first and has
/// four digits: 05/03/2024 is refused, since day-first and month-first
/// writers would read it differently.
pub fn parse_day_or_month(text: &str) -> Result<DateText, DateError> {
    let folded = fold(text);
    let text = strip_time(folded.trim());
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return compact(text);
    }
    use Token::{Num, Sep};
    match tokens(text).ok_or(DateError::Unreadable)?.as_slice() {
        [Num(y), Sep(a), Num(m), Sep(b), Num(d)] if a == b && is_separator(*a) => day(y, m, d),
        [Num(y), Sep(a), Num(m)] if is_separator(*a) => month(y, m),
        [Num(y), Sep('年'), Num(m), Sep('月'), Num(d)]
        | [Num(y), Sep('年'), Num(m), Sep('月'), Num(d), Sep('日' | '号' | '號')] => day(y, m, d),
        [Num(y), Sep('年'), Num(m)] | [Num(y), Sep('年'), Num(m), Sep('月')] => month(y, m),
        _ => Err(DateError::Unreadable),
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | '/' | '.')
}

/// Full-width digits and separators to ASCII (NFKC), and the dashes people
/// paste from word processors to `-`.
fn fold(text: &str) -> String {
    text.nfkc().map(|c| if matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}') { '-' } else { c }).collect()
}

/// Digits only: yyyymmdd, yyyymm or an Excel serial (see [`SERIALS`]).
fn compact(text: &str) -> Result<DateText, DateError> {
    match text.len() {
        8 => day(&text[..4], &text[4..6], &text[6..]),
        6 => month(&text[..4], &text[4..]),
        5 => {
            let serial: u32 = text.parse().map_err(|_| DateError::Unreadable)?;
            if serial < *SERIALS.start() {
                return Err(DateError::Unreadable);
            }
            from_excel_serial(f64::from(serial)).map(DateText::Day).ok_or(DateError::OutOfRange)
        }
        _ => Err(DateError::Unreadable),
    }
}

/// A year of four digits within [`YEARS`], and a month of one or two digits.
fn year_month(y: &str, m: &str) -> Result<(i32, u32), DateError> {
    if y.len() != 4 || !(1..=2).contains(&m.len()) {
        return Err(DateError::Unreadable);
    }
    let (year, month) = (y.parse::<i32>(), m.parse::<u32>());
    let (Ok(year), Ok(month)) = (year, month) else { return Err(DateError::Unreadable) };
    if !YEARS.contains(&year) {
        return Err(DateError::OutOfRange);
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::NoSuchDate);
    }
    Ok((year, month))
}

fn month(y: &str, m: &str) -> Result<DateText, DateError> {
    year_month(y, m).map(|(year, month)| DateText::Month { year, month })
}

fn day(y: &str, m: &str, d: &str) -> Result<DateText, DateError> {
    let (year, month) = year_month(y, m)?;
    if !(1..=2).contains(&d.len()) {
        return Err(DateError::Unreadable);
    }
    let day = d.parse::<u32>().map_err(|_| DateError::Unreadable)?;
    NaiveDate::from_ymd_opt(year, month, day).map(DateText::Day).ok_or(DateError::NoSuchDate)
}

/// The text without a trailing time of day (`08:30`, `08:30:00`, `08:30:00.000`)
/// after a space or a `T`.
fn strip_time(text: &str) -> &str {
    match text.rfind([' ', 'T']) {
        Some(at) if is_time(&text[at + 1..]) => text[..at].trim_end(),
        _ => text,
    }
}

fn is_time(text: &str) -> bool {
    let digits = |s: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let mut parts = text.split(':');
    let (Some(h), Some(m)) = (parts.next(), parts.next()) else { return false };
    let seconds_ok = match parts.next() {
        None => true,
        Some(s) => {
            let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
            digits(whole, 2..=2) && digits(fraction, 1..=9)
        }
    };
    digits(h, 1..=2) && digits(m, 2..=2) && seconds_ok && parts.next().is_none()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Num(&'a str),
    Sep(char),
}

/// Runs of digits and single other characters, white space dropped. `None`
/// past the longest form (six tokens), so a pasted paragraph costs nothing.
fn tokens(text: &str) -> Option<Vec<Token<'_>>> {
    let mut out = Vec::with_capacity(6);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
            out.push(Token::Num(&rest[..end]));
            rest = &rest[end..];
        } else {
            if !c.is_whitespace() {
                out.push(Token::Sep(c));
            }
            rest = &rest[c.len_utf8()..];
        }
        if out.len() > 6 {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;
