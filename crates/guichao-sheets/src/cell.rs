//! One cell and one row as read from any format, before the columns mean anything.

use chrono::NaiveDate;
use std::borrow::Cow;

/// A cell's value as the file stores it. CSV gives only text; Excel also gives
/// numbers (which is how phones and ID numbers get mangled) and dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell, or a formula's cached numeric result.
    Number(f64),
    /// A cell Excel formats as a date (the time of day is dropped).
    Date(NaiveDate),
    Bool(bool),
    /// A formula's error result such as `#N/A`.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as shown, borrowed when it is text.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => Cow::Borrowed(t),
            Cell::Empty => Cow::Borrowed(""),
            other => Cow::Owned(other.display()),
        }
    }

    /// The cell as shown, taking its text rather than copying it.
    pub fn into_display(self) -> String {
        match self {
            Cell::Text(t) => t,
            other => other.display(),
        }
    }

    /// The cell as Excel would show it: what goes back into an error file.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => iso_date(*d),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// `1975-03-05`; quicker than chrono's formatter, which parses its pattern each time.
pub(crate) fn iso_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    if !(0..=9999).contains(&d.year()) {
        return d.to_string();
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let (y, m, day) = (d.year() as u32, d.month(), d.day());
    let mut out = String::with_capacity(10);
    out.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y), '-', digit(m / 10), digit(m), '-']);
    out.extend([digit(day / 10), digit(day)]);
    out
}

/// A number as Excel's General format shows it: whole numbers in full up to
/// Excel's 15 digits, larger ones in scientific notation (`4.30621197503051E+17`,
/// which shows that digits are gone), fractions without float noise.
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    if n.abs() >= 1e15 {
        let text = format!("{n:E}");
        return match text.split_once('E') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}E+{e}"),
            _ => text,
        };
    }
    if n.fract() == 0.0 {
        return format!("{}", n as i64);
    }
    let text = format!("{n:.10}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// One row of a sheet: its number as Excel shows it and its cells from column A.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// 1-based, as in Excel's row headings (for CSV: the record's position).
    pub row: u64,
    pub cells: Vec<Cell>,
}

impl RawRow {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }

    /// The cell in column `col` (0-based); missing cells are empty.
    pub fn cell(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }

    /// Every cell as shown, for an error file.
    pub fn display(&self) -> Vec<String> {
        self.cells.iter().map(Cell::display).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_excel_shows_them() {
        assert_eq!(number_text(13812345678.0), "13812345678");
        assert_eq!(number_text(4.30621197503051e17), "4.30621197503051E+17");
        assert_eq!(number_text(1975.03), "1975.03");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(-5.0), "-5");
    }

    #[test]
    fn dates_show_as_iso() {
        assert_eq!(iso_date(NaiveDate::from_ymd_opt(1975, 3, 5).unwrap()), "1975-03-05");
        assert_eq!(iso_date(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()), "2026-12-31");
    }

    #[test]
    fn cells_display_and_blank() {
        let date = NaiveDate::from_ymd_opt(1975, 3, 5).unwrap();
        assert_eq!(Cell::Date(date).display(), "1975-03-05");
        assert_eq!(Cell::Bool(true).display(), "TRUE");
        assert!(Cell::Text(" \u{3000}".into()).is_blank());
        assert!(!Cell::Number(0.0).is_blank());
        let row = RawRow { row: 4, cells: vec![Cell::Empty, Cell::Text("张三".into())] };
        assert_eq!(row.cell(1), &Cell::Text("张三".into()));
        assert_eq!(row.cell(9), &Cell::Empty);
        assert_eq!(row.display(), vec!["", "张三"]);
    }
}
