//! Rows in a sheet that are not records: blank ones (a pre-numbered 序号
//! with nothing else counts as blank), the header printed again, and the
//! signatures and totals under the table.

use super::{RowParser, slot};
use crate::cell::{Cell, RawRow};
use crate::columns::{ColumnKind, Field};
use guichao_domain::fellows::PersonName;

/// Words that mark a row under the table (signatures, totals, instructions).
pub(crate) const FOOTER_WORDS: &[&str] = &[
    "制表人",
    "审核人",
    "填表人",
    "填报人",
    "负责人签字",
    "签字",
    "盖章",
    "合计",
    "总计",
    "小计",
    "制表日期",
    "填表说明",
    "填报说明",
    "注:",
    "注：",
];

impl RowParser {
    /// Whether a row holds a record at all; counts the ones that do not.
    pub(super) fn is_record(&mut self, row: &RawRow) -> bool {
        let counted =
            |(c, cell): (usize, &Cell)| !cell.is_blank() && self.layout.columns.get(c) != Some(&ColumnKind::Ignored);
        if !row.cells.iter().enumerate().any(counted) {
            self.skipped.blank += 1;
            return false;
        }
        let name = self.cell(row, Field::Name).text();
        let name = name.trim();
        if self.is_repeated_header(row, name) {
            self.skipped.repeated_header += 1;
            return false;
        }
        let footer = |text: &str| FOOTER_WORDS.iter().any(|w| text.contains(w));
        // Most rows have a plain name and are records; only the rest are searched.
        let name_like = PersonName::parse(name).is_ok() && !footer(name);
        if !name_like && row.cells.iter().any(|c| matches!(c, Cell::Text(t) if footer(t))) {
            self.skipped.footer += 1;
            return false;
        }
        true
    }

    /// The header printed again: its name cell and every other filled header
    /// cell repeated in place.
    fn is_repeated_header(&self, row: &RawRow, name: &str) -> bool {
        let Some(name_col) = self.fields[slot(Field::Name)] else { return false };
        if name != self.layout.header[name_col].trim() {
            return false;
        }
        self.layout
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.trim().is_empty())
            .all(|(c, h)| row.cell(c).text().trim() == h.trim())
    }
}

#[cfg(test)]
mod tests {
    use crate::cell::{Cell, RawRow};
    use crate::header::Layout;
    use crate::row::{ImportOptions, RowParser};
    use chrono::NaiveDate;

    fn row(n: u64, cells: &[&str]) -> RawRow {
        let cells = cells.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text(c.to_string()) }).collect();
        RawRow { row: n, cells }
    }

    fn parser() -> RowParser {
        let (layout, _) = Layout::detect(&[row(1, &["序号", "姓名", "手机", "备注"])]).unwrap();
        RowParser::new(layout, ImportOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))
    }

    #[test]
    fn blank_rows_and_bare_counters_are_not_records() {
        let mut p = parser();
        assert!(!p.is_record(&row(2, &[])));
        assert!(!p.is_record(&row(3, &["7", " ", "\u{3000}"])));
        assert_eq!(p.skipped.blank, 2);
    }

    #[test]
    fn footers_are_rows_with_a_footer_word_and_no_name() {
        let mut p = parser();
        assert!(!p.is_record(&row(9, &["", "制表人：示例甲", "", "审核人：示例乙"])));
        assert!(!p.is_record(&row(10, &["合计", "", "", "35人"])));
        assert!(!p.is_record(&row(11, &["", "", "", "注：类别填党政军"])));
        assert_eq!(p.skipped.footer, 3);
        // A name next to a footer word is a record whose notes happen to say so.
        assert!(p.is_record(&row(12, &["1", "张示例", "", "已签字"])));
        // A row without a name and without footer words is a record with an error.
        assert!(p.is_record(&row(13, &["2", "", "13900000001"])));
    }

    #[test]
    fn the_header_printed_again_is_not_a_record() {
        let mut p = parser();
        assert!(!p.is_record(&row(20, &["序号", "姓名", "手机", "备注"])));
        assert_eq!(p.skipped.repeated_header, 1);
        assert!(p.is_record(&row(21, &["", "姓名", "13900000001", ""])));
    }
}
