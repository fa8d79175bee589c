//! A workbook of several sheets, each a bold frozen header over rows of text
//! and numbers: the layout counties keep a campaign in (one sheet per
//! township, and a total sheet first).

use super::{clip, header_format, xlsx_error};
use crate::SheetError;
use rust_xlsxwriter::{Format, Workbook};

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetCell {
    Text(String),
    Number(f64),
    /// A share from 0 to 1, shown as a percentage with one decimal.
    Percent(f64),
}

/// One sheet: its tab name, its header and its rows.
#[derive(Debug, Clone)]
pub struct SheetTable {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<SheetCell>>,
}

/// The characters a sheet name may not hold, and its longest length.
const FORBIDDEN: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];
const NAME_CHARS: usize = 31;

/// `name` as Excel takes it: forbidden characters replaced, at most 31
/// characters, not blank, and unlike every name in `taken` (a number is
/// added when it would repeat one).
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name.chars().map(|c| if FORBIDDEN.contains(&c) { '_' } else { c }).collect();
    let clean = clean.trim().trim_matches('\'');
    let base: String = if clean.is_empty() { "Sheet".into() } else { clean.chars().take(NAME_CHARS).collect() };
    let free = |n: &str| !taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    if free(&base) {
        return base;
    }
    (2..)
        .map(|i| {
            let suffix = format!("({i})");
            let head: String = base.chars().take(NAME_CHARS - suffix.chars().count()).collect();
            head + &suffix
        })
        .find(|n| free(n))
        .expect("some number is free")
}

/// The workbook of `tables`, in order.
pub fn tables_workbook(tables: &[SheetTable]) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let bold = header_format();
    let percent = Format::new().set_num_format("0.0%");
    let mut names: Vec<String> = Vec::with_capacity(tables.len());
    for table in tables {
        let name = sheet_name(&table.name, &names);
        let sheet = book.add_worksheet();
        sheet.set_name(&name).map_err(xlsx_error)?;
        names.push(name);
        for (c, h) in table.headers.iter().enumerate() {
            let width = h.chars().map(|ch| if ch.is_ascii() { 1.0 } else { 2.0 }).sum::<f64>() + 4.0;
            sheet.set_column_width(c as u16, width.max(10.0)).map_err(xlsx_error)?;
            sheet.write_string_with_format(0, c as u16, clip(h), &bold).map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        for (r, cells) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1)
                .ok()
                .filter(|r| *r < 1_048_576)
                .ok_or(SheetError::TooManyRows { limit: 1_048_575 })?;
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    SheetCell::Text(t) if t.is_empty() => continue,
                    SheetCell::Text(t) => sheet.write_string(r, c, clip(t)).map(|_| ()),
                    SheetCell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    SheetCell::Percent(p) => sheet.write_number_with_format(r, c, *p, &percent).map(|_| ()),
                }
                .map_err(xlsx_error)?;
            }
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    #[test]
    fn sheet_names_are_made_acceptable_and_distinct() {
        let taken = vec!["新墙镇".to_string()];
        assert_eq!(sheet_name("新墙镇", &taken), "新墙镇(2)");
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        assert_eq!(sheet_name("  ", &[]), "Sheet");
        assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 31);
    }

    #[test]
    fn every_table_is_a_sheet_in_order() {
        let total = SheetTable {
            name: "合计".into(),
            headers: vec!["乡镇".into(), "乡友".into(), "完成率".into()],
            rows: vec![vec![SheetCell::Text("新墙镇".into()), SheetCell::Number(3.0), SheetCell::Percent(0.75)]],
        };
        let township = SheetTable {
            name: "新墙镇".into(),
            headers: vec!["姓名".into(), "登门拜访".into()],
            rows: vec![vec![SheetCell::Text("张一".into()), SheetCell::Text(String::new())]],
        };
        let bytes = tables_workbook(&[total, township]).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["合计", "新墙镇"]);
        let range = book.worksheet_range("合计").unwrap();
        assert_eq!(range.get((1, 1)), Some(&Data::Float(3.0)));
        assert_eq!(range.get((1, 2)), Some(&Data::Float(0.75)));
        let range = book.worksheet_range("新墙镇").unwrap();
        assert_eq!(range.get((1, 0)), Some(&Data::String("张一".into())));
        assert_eq!(range.get((1, 1)), Some(&Data::Empty), "an empty cell is left blank");
    }
}
