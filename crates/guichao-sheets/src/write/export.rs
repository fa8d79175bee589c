//! A fellow list written as xlsx row by row, in constant memory: any number of
//! rows costs one row of memory plus a temporary file.

use super::{clip, header_format, set_columns, text_format, xlsx_error};
use crate::SheetError;
use crate::columns::{ColumnKind, classify};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use std::path::Path;

/// Excel's last row, counting the header.
const EXCEL_ROWS: u32 = 1_048_576;

/// Writes a list: a bold, frozen header, then rows of text. Columns whose
/// header names a phone or an ID number are formatted as text.
pub struct ExportWriter {
    book: Workbook,
    sheet: Worksheet,
    row: u32,
    width: usize,
    /// Per column: whether its values are long numbers kept as text.
    long_numbers: Vec<bool>,
    text: Format,
}

impl ExportWriter {
    /// Starts a workbook with one sheet named `sheet_name` and writes the header.
    pub fn new<S: AsRef<str>>(sheet_name: &str, headers: &[S]) -> Result<ExportWriter, SheetError> {
        let mut book = Workbook::new();
        let mut sheet = book.new_worksheet_with_constant_memory().map_err(xlsx_error)?;
        sheet.set_name(sheet_name).map_err(xlsx_error)?;
        let kinds: Vec<ColumnKind> = headers.iter().map(|h| classify(h.as_ref())).collect();
        set_columns(&mut sheet, kinds.iter().copied().zip(headers.iter().map(AsRef::as_ref))).map_err(xlsx_error)?;
        let bold = header_format();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, clip(h.as_ref()), &bold).map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        let long_numbers = kinds.iter().map(|k| matches!(k, ColumnKind::Field(f) if f.is_long_number())).collect();
        Ok(ExportWriter { book, sheet, row: 0, width: headers.len(), long_numbers, text: text_format() })
    }

    /// Appends a row; cells past the header are left out.
    pub fn write_row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<(), SheetError> {
        if self.row + 1 >= EXCEL_ROWS {
            return Err(SheetError::TooManyRows { limit: u64::from(EXCEL_ROWS - 1) });
        }
        self.row += 1;
        for (c, value) in cells.iter().enumerate().take(self.width) {
            let value = clip(value.as_ref());
            if value.is_empty() {
                continue;
            }
            if self.long_numbers[c] {
                self.sheet.write_string_with_format(self.row, c as u16, value, &self.text)
            } else {
                self.sheet.write_string(self.row, c as u16, value)
            }
            .map_err(xlsx_error)?;
        }
        Ok(())
    }

    /// Rows written so far, not counting the header.
    pub fn rows(&self) -> u32 {
        self.row
    }

    /// The finished file's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, SheetError> {
        self.book.push_worksheet(self.sheet);
        self.book.save_to_buffer().map_err(xlsx_error)
    }

    /// Writes the finished file to `path`.
    pub fn finish_to_path(mut self, path: &Path) -> Result<(), SheetError> {
        self.book.push_worksheet(self.sheet);
        self.book.save(path).map_err(xlsx_error)
    }
}
