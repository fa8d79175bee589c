//! The error file of an import: the rejected rows as the clerk wrote them,
//! under the same title and header, with a 错误原因 column, ready to fix and
//! import again (the reason column is ignored on the way back in).

use super::{clip, header_format, set_columns, text_format, xlsx_error};
use crate::SheetError;
use crate::columns::ColumnKind;
use crate::header::Layout;
use crate::row::RowError;
use guichao_domain::Lang;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook};

/// Writes the rejected rows in the file's own layout. Each item is a row's
/// cells as shown ([`crate::ParsedRow::raw`]) and its reasons; cells past the
/// header's last column are left out. Rows are streamed to a temporary file,
/// so any number of them costs constant memory.
pub fn error_workbook<I, C>(layout: &Layout, rejected: I) -> Result<Vec<u8>, SheetError>
where
    I: IntoIterator<Item = (C, Vec<RowError>)>,
    C: AsRef<[String]>,
{
    let mut book = Workbook::new();
    let mut sheet = book.new_worksheet_with_constant_memory().map_err(xlsx_error)?;
    sheet.set_name("错误行").map_err(xlsx_error)?;
    let width = layout.header.len();
    let reason_col = width as u16;
    let columns = layout.columns.iter().copied().zip(layout.header.iter().map(String::as_str));
    set_columns(&mut sheet, columns.chain([(ColumnKind::Unknown, "")])).map_err(xlsx_error)?;
    sheet.set_column_width(reason_col, 60).map_err(xlsx_error)?;
    let title = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let text = text_format();
    let reason = Format::new().set_font_color(Color::Red).set_text_wrap();

    let mut r: u32 = 0;
    for cells in &layout.title_rows {
        let filled: Vec<(usize, &String)> = cells.iter().enumerate().filter(|(_, t)| !t.trim().is_empty()).collect();
        match filled.as_slice() {
            // A title on its own was most likely merged across the table; merge it again.
            [(0, only)] if width > 0 => {
                sheet.merge_range(r, 0, r, reason_col, clip(only), &title).map_err(xlsx_error)?;
            }
            _ => {
                for (c, t) in filled.into_iter().filter(|(c, _)| *c <= width) {
                    sheet.write_string(r, c as u16, clip(t)).map_err(xlsx_error)?;
                }
            }
        }
        r += 1;
    }
    let bold = header_format();
    for (c, h) in layout.header.iter().enumerate() {
        sheet.write_string_with_format(r, c as u16, clip(h), &bold).map_err(xlsx_error)?;
    }
    sheet
        .write_string_with_format(r, reason_col, "错误原因", &bold.clone().set_font_color(Color::Red))
        .map_err(xlsx_error)?;
    sheet.set_freeze_panes(r + 1, 0).map_err(xlsx_error)?;

    for (cells, errors) in rejected {
        r += 1;
        if r >= 1_048_576 {
            return Err(SheetError::TooManyRows { limit: 1_048_575 });
        }
        for (c, value) in cells.as_ref().iter().enumerate().take(width) {
            if !value.is_empty() {
                sheet.write_string_with_format(r, c as u16, clip(value), &text).map_err(xlsx_error)?;
            }
        }
        let reasons: Vec<String> = errors.iter().map(|e| e.describe(Lang::Zh)).collect();
        sheet.write_string_with_format(r, reason_col, clip(&reasons.join("；")), &reason).map_err(xlsx_error)?;
    }
    book.push_worksheet(sheet);
    book.save_to_buffer().map_err(xlsx_error)
}
