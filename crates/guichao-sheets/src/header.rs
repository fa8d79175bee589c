//! Finding the header row of a roster under its title rows, and what each
//! column means.
//!
//! A county roster often starts with a title (`岳阳县新墙镇寓外乡友名录`), a
//! line such as `填报单位：新墙镇 填报日期：2026年3月`, and sometimes a
//! group heading merged over two header cells (`联系方式` over `手机` and
//! `微信`). The header is the row among the first [`HEADER_SCAN_ROWS`] whose
//! cells name the most fields; it must name the person.

use crate::SheetError;
use crate::cell::RawRow;
use crate::columns::{ColumnKind, Field, classify};

/// How many rows from the top are searched for the header.
pub const HEADER_SCAN_ROWS: usize = 30;

/// Title rows above a header further down than this are kept without the
/// blank rows between them.
const MAX_TITLE_ROWS: u64 = 100;

/// How a sheet is laid out: what is above the header, the header itself and
/// what each column holds. Built once per import.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The rows above the header, as shown, from row 1 (blank rows are empty).
    pub title_rows: Vec<Vec<String>>,
    /// The header's row number as Excel shows it.
    pub header_row: u64,
    /// 1, or 2 when the next row names columns under merged group headings.
    pub header_rows: u64,
    /// Each column's header as written (a sub-header's where it names the column).
    pub header: Vec<String>,
    /// What each column holds, in column order.
    pub columns: Vec<ColumnKind>,
    /// The headers of columns no synonym matches, and of second columns for a
    /// field already taken; their values are not imported.
    pub unknown: Vec<String>,
    /// Fields every record needs that no column holds (the resolver may still
    /// supply the township).
    pub missing: Vec<Field>,
}

impl Layout {
    /// Finds the header among the first rows of a sheet. Returns the layout
    /// and the index in `rows` of the first row after the header.
    pub fn detect(rows: &[RawRow]) -> Result<(Layout, usize), SheetError> {
        let scan = &rows[..rows.len().min(HEADER_SCAN_ROWS)];
        let read = |row: &RawRow| -> (Vec<String>, Vec<ColumnKind>) {
            let texts: Vec<String> = row.cells.iter().map(|c| c.display().trim().to_string()).collect();
            let kinds = texts.iter().map(|t| classify(t)).collect();
            (texts, kinds)
        };
        let mut best: Option<(usize, usize)> = None;
        for (i, row) in scan.iter().enumerate() {
            let (_, kinds) = read(row);
            if !kinds.contains(&ColumnKind::Field(Field::Name)) {
                continue;
            }
            let score = distinct_fields(&kinds);
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((i, score));
            }
        }
        let (at, _) = best.ok_or(SheetError::NoHeader { scanned: scan.len() })?;
        let (mut header, mut columns) = read(&rows[at]);
        let mut header_rows = 1;
        if let Some(next) = rows.get(at + 1).filter(|n| n.row == rows[at].row + 1) {
            let (texts, kinds) = read(next);
            if complete_from_sub_header(&mut header, &mut columns, &texts, &kinds) {
                header_rows = 2;
            }
        }
        let mut layout = Layout {
            title_rows: title_rows(&rows[..at], rows[at].row),
            header_row: rows[at].row,
            header_rows,
            header,
            columns,
            unknown: Vec::new(),
            missing: Vec::new(),
        };
        layout.remap(&[]);
        Ok((layout, at + header_rows as usize))
    }

    /// Takes the clerk's reading of the columns instead of the detected one:
    /// `mapping[c]` is column `c`'s field, or `None` to leave it out. A
    /// detected field left out is not imported; an unknown column left out
    /// stays unknown (kept in the notes when the import asks for that).
    /// Columns past the mapping keep their detected meaning, and a field
    /// chosen twice is taken from its first column.
    pub fn remap(&mut self, mapping: &[Option<Field>]) {
        for (kind, chosen) in self.columns.iter_mut().zip(mapping) {
            *kind = match (chosen, *kind) {
                (Some(field), _) => ColumnKind::Field(*field),
                (None, ColumnKind::Field(_)) => ColumnKind::Ignored,
                (None, other) => other,
            };
        }
        self.unknown = drop_repeats(&self.header, &mut self.columns);
        self.missing = [Field::Township, Field::Category]
            .into_iter()
            .filter(|f| !self.columns.contains(&ColumnKind::Field(*f)))
            .collect();
    }

    /// The column holding `field`.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|k| *k == ColumnKind::Field(field))
    }

    /// The header of `field`'s column as the file writes it, or the template's
    /// header when the file has no such column.
    pub fn field_label(&self, field: Field) -> String {
        self.column(field).map_or_else(|| field.header().to_string(), |c| self.column_label(c))
    }

    /// The header of column `col` (0-based), or `第N列` when it has none.
    pub fn column_label(&self, col: usize) -> String {
        match self.header.get(col).map(|h| h.trim()) {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => format!("第{}列", col + 1),
        }
    }
}

fn distinct_fields(kinds: &[ColumnKind]) -> usize {
    let mut seen = Vec::new();
    for kind in kinds {
        if let ColumnKind::Field(f) = kind
            && !seen.contains(f)
        {
            seen.push(*f);
        }
    }
    seen.len()
}

/// Takes a second header row that names columns the first leaves open (under a
/// merged `联系方式`, say). It must look like a header: every filled cell a
/// known heading, one at least naming a field not yet found.
fn complete_from_sub_header(
    header: &mut Vec<String>,
    columns: &mut Vec<ColumnKind>,
    texts: &[String],
    kinds: &[ColumnKind],
) -> bool {
    let looks_like_header = texts.iter().zip(kinds).all(|(t, k)| t.is_empty() || *k != ColumnKind::Unknown);
    let adds = |col: usize, kind: &ColumnKind| {
        matches!(kind, ColumnKind::Field(_))
            && !columns.contains(kind)
            && !matches!(columns.get(col), Some(ColumnKind::Field(_)))
    };
    if !looks_like_header || !kinds.iter().enumerate().any(|(c, k)| adds(c, k)) {
        return false;
    }
    // A sub-header also names more precisely a column the group heading
    // already gave (手机 under 联系方式).
    let fills = |col: usize, kind: &ColumnKind| {
        adds(col, kind) || (columns.get(col) == Some(kind) && *kind != ColumnKind::Ignored)
    };
    let filled: Vec<usize> = kinds.iter().enumerate().filter(|(c, k)| fills(*c, k)).map(|(c, _)| c).collect();
    for col in filled {
        if header.len() <= col {
            header.resize(col + 1, String::new());
            columns.resize(col + 1, ColumnKind::Unknown);
        }
        header[col] = texts[col].clone();
        columns[col] = kinds[col];
    }
    true
}

/// A second column for a field already taken becomes unknown. Returns the
/// headers of all unknown, non-empty columns.
fn drop_repeats(header: &[String], columns: &mut [ColumnKind]) -> Vec<String> {
    for i in 0..columns.len() {
        if matches!(columns[i], ColumnKind::Field(_)) && columns[..i].contains(&columns[i]) {
            columns[i] = ColumnKind::Unknown;
        }
    }
    columns
        .iter()
        .zip(header)
        .filter(|(k, h)| **k == ColumnKind::Unknown && !h.is_empty())
        .map(|(_, h)| h.clone())
        .collect()
}

/// The rows above the header, from row 1 with blank rows filled in, so that an
/// error file looks like the original.
fn title_rows(above: &[RawRow], header_row: u64) -> Vec<Vec<String>> {
    let shown = |r: &RawRow| r.cells.iter().map(|c| c.display()).collect::<Vec<_>>();
    if header_row > MAX_TITLE_ROWS {
        return above.iter().map(shown).collect();
    }
    let mut out = vec![Vec::new(); header_row.saturating_sub(1) as usize];
    for row in above {
        if let Some(slot) = out.get_mut(row.row as usize - 1) {
            *slot = shown(row);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::Cell;

    fn row(n: u64, cells: &[&str]) -> RawRow {
        let cells = cells.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text(c.to_string()) }).collect();
        RawRow { row: n, cells }
    }

    #[test]
    fn the_header_is_found_under_title_rows() {
        let rows = vec![
            row(1, &["岳阳县新墙镇寓外乡友名录"]),
            row(2, &["填报单位：新墙镇", "", "填报日期：2026年3月"]),
            row(3, &["序号", "姓名", "性别", "手机号码", "爱好"]),
            row(4, &["1", "张三", "男", "13812345678", "钓鱼"]),
        ];
        let (layout, data) = Layout::detect(&rows).unwrap();
        assert_eq!(data, 3);
        assert_eq!(layout.header_row, 3);
        assert_eq!(layout.title_rows.len(), 2);
        assert_eq!(layout.title_rows[0], vec!["岳阳县新墙镇寓外乡友名录"]);
        assert_eq!(layout.columns[0], ColumnKind::Ignored);
        assert_eq!(layout.column(Field::Phone), Some(3));
        assert_eq!(layout.unknown, vec!["爱好"]);
        assert_eq!(layout.missing, vec![Field::Township, Field::Category]);
        assert_eq!(layout.field_label(Field::Phone), "手机号码");
        assert_eq!(layout.field_label(Field::Category), "类别");
    }

    #[test]
    fn the_row_naming_most_fields_wins_and_needs_a_name() {
        let rows =
            vec![row(1, &["手机", "微信", "邮箱", "性别"]), row(2, &["姓名", "单位"]), row(3, &["张三", "某公司"])];
        let (layout, data) = Layout::detect(&rows).unwrap();
        assert_eq!((layout.header_row, data), (2, 2));
        let none = vec![row(1, &["手机", "微信"]), row(2, &["13812345678", "x"])];
        assert_eq!(Layout::detect(&none).unwrap_err(), SheetError::NoHeader { scanned: 2 });
    }

    #[test]
    fn a_sub_header_under_a_merged_group_completes_the_header() {
        let rows = vec![
            row(1, &["姓名", "性别", "联系方式", "", "类别"]),
            row(2, &["", "", "手机", "微信", ""]),
            row(3, &["张三", "男", "13812345678", "zhangsan01", "企业家"]),
        ];
        let (layout, data) = Layout::detect(&rows).unwrap();
        assert_eq!((layout.header_rows, data), (2, 2));
        assert_eq!(layout.column(Field::Phone), Some(2));
        assert_eq!(layout.column(Field::WeChat), Some(3));
        assert_eq!(layout.header[2], "手机");
        assert_eq!(layout.unknown, Vec::<String>::new());
    }

    #[test]
    fn a_second_column_for_a_field_is_unknown() {
        let (layout, _) = Layout::detect(&[row(1, &["姓名", "手机", "联系电话"])]).unwrap();
        assert_eq!(layout.column(Field::Phone), Some(1));
        assert_eq!(layout.columns[2], ColumnKind::Unknown);
        assert_eq!(layout.unknown, vec!["联系电话"]);
        assert_eq!(layout.column_label(7), "第8列");
    }
}
