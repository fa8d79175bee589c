//! Reading a contact log's sheet: the header row under any title rows, each
//! data row's cells by column, and the contact date in the forms people and
//! Excel write it.

use super::columns::{LogColumn, LogHeader, classify};
use crate::cell::{Cell, RawRow};
use crate::columns::{ColumnKind, Field};
use crate::header::{HEADER_SCAN_ROWS, Layout};
use crate::{SheetError, number_text};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::date::{DateError, from_excel_serial, parse_date};
use guichao_domain::liaison::EARLIEST_CONTACT;

/// How a log is laid out: the header's row and what each column holds.
#[derive(Debug, Clone)]
pub struct LogLayout {
    /// The rows above the header, as shown.
    pub title_rows: Vec<Vec<String>>,
    pub header_row: u64,
    pub header: Vec<String>,
    pub columns: Vec<LogHeader>,
}

impl LogLayout {
    /// Finds the header among the first rows: the row naming the most
    /// columns that names the fellow (or their phone) and the date. Returns
    /// the layout and the index in `rows` of the first data row.
    pub fn detect(rows: &[RawRow]) -> Result<(LogLayout, usize), SheetError> {
        let scan = &rows[..rows.len().min(HEADER_SCAN_ROWS)];
        let mut best: Option<(usize, usize)> = None;
        for (i, row) in scan.iter().enumerate() {
            let kinds: Vec<LogHeader> = row.cells.iter().map(|c| classify(&c.display())).collect();
            let has = |c: LogColumn| kinds.contains(&LogHeader::Column(c));
            if !(has(LogColumn::Fellow) || has(LogColumn::Phone)) || !has(LogColumn::Date) {
                continue;
            }
            let score = kinds.iter().filter(|k| matches!(k, LogHeader::Column(_))).count();
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((i, score));
            }
        }
        let (at, _) = best.ok_or(SheetError::NoHeader { scanned: scan.len() })?;
        let header: Vec<String> = rows[at].cells.iter().map(|c| c.display().trim().to_string()).collect();
        let mut columns: Vec<LogHeader> = header.iter().map(|h| classify(h)).collect();
        // A column named twice is read from its first place only.
        for i in 0..columns.len() {
            if let LogHeader::Column(c) = columns[i]
                && columns[..i].contains(&LogHeader::Column(c))
            {
                columns[i] = LogHeader::Unknown;
            }
        }
        let title_rows = rows[..at].iter().map(RawRow::display).collect();
        Ok((LogLayout { title_rows, header_row: rows[at].row, header, columns }, at + 1))
    }

    /// The column holding `column`.
    pub fn column(&self, column: LogColumn) -> Option<usize> {
        self.columns.iter().position(|k| *k == LogHeader::Column(column))
    }

    /// The header of `column` as the file writes it, or the usual one.
    pub fn label(&self, column: LogColumn) -> String {
        self.column(column).and_then(|c| self.header.get(c)).cloned().unwrap_or_else(|| column.header().to_string())
    }

    /// The cell of `column` in `row`, trimmed text; empty when the file has no such column.
    pub fn text(&self, row: &RawRow, column: LogColumn) -> String {
        self.column(column).map(|c| row.cell(c).display().trim().to_string()).unwrap_or_default()
    }

    /// The layout as the shared error file writer takes it (phone columns as text).
    pub fn as_layout(&self) -> Layout {
        let columns = self
            .columns
            .iter()
            .map(|k| match k {
                LogHeader::Column(LogColumn::Phone) => ColumnKind::Field(Field::Phone),
                LogHeader::Ignored => ColumnKind::Ignored,
                _ => ColumnKind::Unknown,
            })
            .collect();
        Layout {
            title_rows: self.title_rows.clone(),
            header_row: self.header_row,
            header_rows: 1,
            header: self.header.clone(),
            columns,
            unknown: vec![],
            missing: vec![],
        }
    }
}

/// A contact date cell: an Excel date, a serial number, yyyymmdd typed as a
/// number, or text in any form [`parse_date`] reads; not after `today` and
/// not before [`EARLIEST_CONTACT`].
pub fn contact_date(cell: &Cell, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let shown = cell.display();
    let date = match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) if n.fract() == 0.0 && *n < 1e6 => from_excel_serial(*n).ok_or(DateError::Unreadable),
        Cell::Number(n) => parse_date(&number_text(*n)),
        _ => parse_date(&shown),
    }
    .map_err(|e| e.msg("联系日期", "contact date", &shown))?;
    if date > today {
        return Err(Msg::new(format!("联系日期{date}晚于今天"), format!("The contact date {date} is in the future")));
    }
    if date < EARLIEST_CONTACT {
        return Err(Msg::new("联系日期不能早于2000年1月1日", "The contact date is before 1 January 2000"));
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn row(n: u64, cells: &[&str]) -> RawRow {
        RawRow { row: n, cells: cells.iter().map(|c| Cell::Text(c.to_string())).collect() }
    }

    #[test]
    fn dates_in_every_form_and_never_in_the_future() {
        let today = day(2026, 3, 10);
        let text = |t: &str| contact_date(&Cell::Text(t.into()), today);
        assert_eq!(text("2026-03-05"), Ok(day(2026, 3, 5)));
        assert_eq!(text("2026/3/5"), Ok(day(2026, 3, 5)));
        assert_eq!(text("2026年3月5日"), Ok(day(2026, 3, 5)));
        assert_eq!(text("２０２６．３．５"), Ok(day(2026, 3, 5)));
        assert_eq!(contact_date(&Cell::Date(day(2025, 12, 1)), today), Ok(day(2025, 12, 1)));
        assert_eq!(contact_date(&Cell::Number(45356.0), today), Ok(day(2024, 3, 5)), "an Excel serial");
        assert_eq!(contact_date(&Cell::Number(20240305.0), today), Ok(day(2024, 3, 5)), "yyyymmdd as a number");
        assert_eq!(text("2026-03-10"), Ok(today));
        assert_eq!(text("2026-03-11").unwrap_err().zh, "联系日期2026-03-11晚于今天");
        assert!(text("1999-12-31").unwrap_err().zh.contains("2000年"));
        assert!(text("上周").unwrap_err().zh.contains("无法识别"));
        assert!(text("2026-02-30").is_err());
        assert!(text("").unwrap_err().zh.contains("不能为空"));
    }

    #[test]
    fn the_header_is_found_under_a_title() {
        let rows = vec![
            row(1, &["新墙镇乡友联系台账"]),
            row(2, &["填报单位：新墙镇", "", "填报日期：2026年3月"]),
            row(3, &["序号", "乡友", "所属乡镇", "联系日期", "方式", "内容", "内容"]),
            row(4, &["1", "张三", "新墙", "2026-03-01", "电话", "问候"]),
        ];
        let (layout, first) = LogLayout::detect(&rows).unwrap();
        assert_eq!((layout.header_row, first), (3, 3));
        assert_eq!(layout.column(LogColumn::Fellow), Some(1));
        assert_eq!(layout.column(LogColumn::Notes), Some(5), "the first of two");
        assert_eq!(layout.column(LogColumn::Cadre), None);
        assert_eq!(layout.text(&rows[3], LogColumn::Township), "新墙");
        assert_eq!(layout.label(LogColumn::Date), "联系日期");
        assert_eq!(layout.title_rows.len(), 2);
        let no_date = vec![row(1, &["姓名", "乡镇", "内容"])];
        assert!(matches!(LogLayout::detect(&no_date), Err(SheetError::NoHeader { .. })));
    }
}
