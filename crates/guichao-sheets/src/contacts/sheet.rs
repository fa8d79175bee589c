//! Reading a contact log's sheet: the header row under any title rows, each
//! data row's cells by column, and the contact date in the forms people and
//! Excel write it.

use super::columns::{LogColumn, LogHeader, classify};
use crate::SheetError;
use crate::cell::{Cell, RawRow};
use crate::normalize::day_cell;
use crate::table::TableLayout;
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::liaison::EARLIEST_CONTACT;

/// How a log is laid out: the header's row and what each column holds.
pub type LogLayout = TableLayout<LogColumn>;

/// Finds a log's header among the first rows: the row naming the most
/// columns that names the fellow (or their phone) and the date. Returns the
/// layout and the index in `rows` of the first data row.
pub fn detect(rows: &[RawRow]) -> Result<(LogLayout, usize), SheetError> {
    let is_header = |kinds: &[LogHeader]| {
        let has = |c: LogColumn| kinds.contains(&LogHeader::Column(c));
        (has(LogColumn::Fellow) || has(LogColumn::Phone)) && has(LogColumn::Date)
    };
    TableLayout::detect(rows, classify, is_header)
}

/// A contact date cell, read by [`day_cell`]; not after `today` and not
/// before [`EARLIEST_CONTACT`].
pub fn contact_date(cell: &Cell, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let date = day_cell(cell).map_err(|e| e.msg("联系日期", "contact date", &cell.display()))?;
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
        let (layout, first) = detect(&rows).unwrap();
        assert_eq!((layout.header_row, first), (3, 3));
        assert_eq!(layout.column(LogColumn::Fellow), Some(1));
        assert_eq!(layout.column(LogColumn::Notes), Some(5), "the first of two");
        assert_eq!(layout.column(LogColumn::Cadre), None);
        assert_eq!(layout.text(&rows[3], LogColumn::Township), "新墙");
        assert_eq!(layout.label(LogColumn::Date), "联系日期");
        assert_eq!(layout.title_rows.len(), 2);
        let no_date = vec![row(1, &["姓名", "乡镇", "内容"])];
        assert!(matches!(detect(&no_date), Err(SheetError::NoHeader { .. })));
    }
}
