//! Reading a project ledger's sheet: the header row under any title rows
//! (`2023年招商引资项目台账`, `填报单位：…`), found by the project name column.

use super::columns::{LedgerColumn, LedgerHeader, classify};
use crate::SheetError;
use crate::cell::{Cell, RawRow};
use crate::row::skip::FOOTER_WORDS;
use crate::table::TableLayout;

/// How a ledger is laid out: the header's row and what each column holds.
pub type LedgerLayout = TableLayout<LedgerColumn>;

/// Finds a ledger's header among the first rows: the row naming the most
/// columns that names the project. Returns the layout and the index in
/// `rows` of the first data row.
pub fn detect(rows: &[RawRow]) -> Result<(LedgerLayout, usize), SheetError> {
    TableLayout::detect(rows, classify, |kinds: &[LedgerHeader]| {
        kinds.contains(&LedgerHeader::Column(LedgerColumn::Name))
    })
}

/// Whether a data row holds a project at all: not blank (a pre-numbered
/// 序号 alone counts as blank), not the header printed again, and not a
/// signature or total under the table (填表人：…, 合计) that names no project.
pub fn is_record(layout: &LedgerLayout, raw: &RawRow) -> bool {
    let counted = |(c, cell): (usize, &Cell)| !cell.is_blank() && layout.columns.get(c) != Some(&LedgerHeader::Ignored);
    if !raw.cells.iter().enumerate().any(counted) {
        return false;
    }
    let name = layout.text(raw, LedgerColumn::Name);
    if name == layout.label(LedgerColumn::Name) {
        return false;
    }
    let footer = |text: &str| FOOTER_WORDS.iter().any(|w| text.contains(w));
    let footer_cell = raw.cells.iter().any(|c| matches!(c, Cell::Text(t) if footer(t)));
    !((name.is_empty() || footer(&name)) && footer_cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: u64, cells: &[&str]) -> RawRow {
        RawRow { row: n, cells: cells.iter().map(|c| Cell::Text(c.to_string())).collect() }
    }

    #[test]
    fn the_header_is_found_under_a_title() {
        let rows = vec![
            row(1, &["岳阳县2023年招商引资项目台账"]),
            row(2, &["填报单位：县招商局", "", "单位：万元"]),
            row(3, &["序号", "项目名称", "投资方", "协议投资（亿元）", "投资额", "签约日期"]),
            row(4, &["1", "汽车内饰件项目", "某某汽车部件有限公司", "3.5", "", "2023-05-08"]),
        ];
        let (layout, first) = detect(&rows).unwrap();
        assert_eq!((layout.header_row, first), (3, 3));
        assert_eq!(layout.column(LedgerColumn::Investment), Some(3), "the first of two investment columns");
        assert_eq!(layout.columns[4], LedgerHeader::Unknown);
        assert_eq!(layout.label(LedgerColumn::Investment), "协议投资（亿元）");
        assert_eq!(layout.label(LedgerColumn::Officer), "项目警官", "the usual header for a column the file lacks");
        assert_eq!(layout.text(&rows[3], LedgerColumn::Company), "某某汽车部件有限公司");
        assert_eq!(layout.title_rows.len(), 2);
        assert!(is_record(&layout, &rows[3]));
        for footer in [&["", "合计", "", "120"][..], &["填表人：张三"], &["7"], &["", "项目名称"], &[]] {
            assert!(!is_record(&layout, &row(9, footer)), "{footer:?}");
        }
        assert!(is_record(&layout, &row(9, &["", "", "某公司"])), "a row without a name is a record to refuse");
        let nameless = vec![row(1, &["投资方", "签约日期"])];
        assert!(matches!(detect(&nameless), Err(SheetError::NoHeader { .. })));
    }
}
