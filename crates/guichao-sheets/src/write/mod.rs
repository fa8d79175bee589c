//! Writing xlsx: the error file of an import, a fellow list export, the
//! blank template and the audit log. Phone and ID number columns are always
//! text, so that Excel neither shows them in scientific notation nor drops
//! their last digits when someone types into them.

mod audit;
mod errors;
mod export;
mod tables;
mod template;

pub use audit::audit_workbook;
pub use errors::error_workbook;
pub use export::ExportWriter;
pub use tables::{SheetCell, SheetTable, tables_workbook};
pub use template::{TEMPLATE_SAMPLE, template_workbook};

use crate::SheetError;
use crate::columns::{ColumnKind, Field};
use crate::guard::MAX_CELL_CHARS;
use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet, XlsxError};

pub(crate) fn xlsx_error(e: XlsxError) -> SheetError {
    SheetError::Io(e.to_string())
}

/// At most as much text as an Excel cell holds.
pub(crate) fn clip(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// The cell format `@`: text, whatever is typed.
pub(crate) fn text_format() -> Format {
    Format::new().set_num_format("@")
}

pub(crate) fn header_format() -> Format {
    Format::new().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_border(FormatBorder::Thin)
}

/// A width that fits what a column usually holds.
fn width(kind: ColumnKind, header: &str) -> f64 {
    let by_field = match kind {
        ColumnKind::Field(Field::IdNumber) => 21.0,
        ColumnKind::Field(Field::Phone) => 15.0,
        ColumnKind::Field(Field::Employer | Field::Notes | Field::Chamber) => 28.0,
        ColumnKind::Field(Field::Gender) => 6.0,
        ColumnKind::Field(Field::Email | Field::WeChat | Field::Tags) => 20.0,
        ColumnKind::Ignored => 6.0,
        _ => 12.0,
    };
    // A Chinese character is about two widths wide.
    let header = header.chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum::<f64>() + 2.0;
    f64::max(by_field, header.min(40.0))
}

/// Sets each column's width and makes long-number columns text.
pub(crate) fn set_columns<'h>(
    sheet: &mut Worksheet,
    columns: impl IntoIterator<Item = (ColumnKind, &'h str)>,
) -> Result<(), XlsxError> {
    for (c, (kind, header)) in columns.into_iter().enumerate() {
        let c = c as u16;
        sheet.set_column_width(c, width(kind, header))?;
        if matches!(kind, ColumnKind::Field(f) if f.is_long_number()) {
            sheet.set_column_format(c, &text_format())?;
        }
    }
    Ok(())
}
