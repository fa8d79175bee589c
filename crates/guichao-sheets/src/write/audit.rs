//! The audit log as xlsx: a bold, frozen header, then one event a row, the
//! details column wide and wrapped (a sentence and a line per changed field).

use super::{clip, header_format, xlsx_error};
use crate::SheetError;
use rust_xlsxwriter::{Format, FormatAlign, Workbook};

/// Column widths, in the order of the page's columns: number, time, who,
/// unit, action, record, details, address.
const WIDTHS: [f64; 8] = [8.0, 17.0, 22.0, 14.0, 16.0, 24.0, 60.0, 15.0];

/// A workbook of one sheet named `sheet_name`: `headers`, then `rows`.
pub fn audit_workbook<S: AsRef<str>>(
    sheet_name: &str,
    headers: &[&str; 8],
    rows: impl Iterator<Item = [S; 8]>,
) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
    sheet.set_name(sheet_name).map_err(xlsx_error)?;
    let bold = header_format();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    for (c, (header, width)) in headers.iter().zip(WIDTHS).enumerate() {
        sheet.set_column_width(c as u16, width).map_err(xlsx_error)?;
        sheet.write_string_with_format(0, c as u16, *header, &bold).map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    for (r, cells) in rows.enumerate() {
        let r =
            u32::try_from(r + 1).ok().filter(|r| *r < 1_048_576).ok_or(SheetError::TooManyRows { limit: 1_048_575 })?;
        for (c, cell) in cells.iter().enumerate() {
            let format = if c == 6 { &wrap } else { &top };
            sheet.write_string_with_format(r, c as u16, clip(cell.as_ref()), format).map_err(xlsx_error)?;
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};
    use std::io::Cursor;

    #[test]
    fn the_log_reads_back_row_by_row() {
        let headers = ["序号", "时间", "操作人", "所属单位", "操作", "对象", "详情", "地址"];
        let row = [
            "7",
            "2026-12-06 10:45",
            "王县（wang）",
            "岳阳县",
            "导入乡友名册",
            "《名册.xlsx》",
            "导入名册《名册.xlsx》：新增 2 人\n姓名：张三",
            "",
        ];
        let bytes = audit_workbook("审计日志", &headers, [row].into_iter()).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("审计日志").unwrap();
        assert_eq!(range.get_size(), (2, 8));
        assert_eq!(range.get((0, 4)).unwrap().to_string(), "操作");
        assert_eq!(range.get((1, 6)).unwrap().to_string(), row[6]);
    }
}
