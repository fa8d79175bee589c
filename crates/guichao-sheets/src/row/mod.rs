//! One data row to a fellow draft or to the reasons it cannot be one, each
//! reason named by the column header the file itself uses.

use crate::cell::{Cell, RawRow};
use crate::columns::{ColumnKind, Field};
use crate::guard::MAX_CELL_CHARS;
use crate::header::Layout;
use crate::normalize::fold_width;
use crate::resolve::{UnitError, UnitResolver};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::fellows::{Category, FellowDraft};
use std::collections::HashMap;

mod form;
pub(crate) mod skip;

/// Why one cell of one row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based, as Excel shows it.
    pub row: u64,
    /// The column's header as the file writes it.
    pub column: String,
    pub reason: Msg,
}

impl RowError {
    /// `列名：原因`, as an error file's 错误原因 column shows it.
    pub fn describe(&self, lang: guichao_domain::Lang) -> String {
        let reason = self.reason.get(lang);
        match (self.column.is_empty(), lang) {
            (true, _) => reason.to_string(),
            (false, guichao_domain::Lang::Zh) => format!("{}：{reason}", self.column),
            (false, guichao_domain::Lang::En) => format!("{}: {reason}", self.column),
        }
    }
}

/// One data row, read.
#[derive(Debug, Clone)]
pub struct ParsedRow {
    /// 1-based, as Excel shows it.
    pub row: u64,
    /// The cells as they appear, one per column of the header at least, for an
    /// error file. Cells past Excel's limit are cut to it.
    pub raw: Vec<String>,
    /// The chamber of commerce the row names (所属商会), if any: the record
    /// itself has no such field, the caller links it.
    pub chamber: Option<String>,
    pub result: Result<FellowDraft, Vec<RowError>>,
}

/// Choices of the importing user.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Today in China: birth dates and ID numbers must not be later.
    pub today: NaiveDate,
    /// Keep the values of unknown columns by appending `表头：值` to the notes.
    pub unknown_to_notes: bool,
    /// The clerk's reading of the columns ([`Layout::remap`]), if they corrected the detected one.
    pub mapping: Option<Vec<Option<Field>>>,
}

impl ImportOptions {
    pub fn new(today: NaiveDate) -> ImportOptions {
        ImportOptions { today, unknown_to_notes: false, mapping: None }
    }
}

/// Rows skipped as not being records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    pub blank: u64,
    pub footer: u64,
    /// The header printed again (as on each page of a printed roster).
    pub repeated_header: u64,
}

/// Reads data rows by one layout. Built once per import.
pub(crate) struct RowParser {
    layout: Layout,
    options: ImportOptions,
    /// Each field's column, indexed by the field's position in [`Field::ALL`].
    fields: [Option<usize>; Field::ALL.len()],
    categories: HashMap<String, Option<Category>>,
    /// Resolved units with their ids as the form takes them, so that neither
    /// the resolver nor the id formatting runs again for a repeated pair.
    units: HashMap<(String, String), Result<(String, String), UnitError>>,
    pub(crate) skipped: Skipped,
}

/// A field's index in [`Field::ALL`], which lists the fields in declaration order.
fn slot(field: Field) -> usize {
    field as usize
}

impl RowParser {
    pub(crate) fn new(layout: Layout, options: ImportOptions) -> RowParser {
        let mut fields = [None; Field::ALL.len()];
        for field in Field::ALL {
            fields[slot(field)] = layout.column(field);
        }
        RowParser {
            layout,
            options,
            fields,
            categories: HashMap::new(),
            units: HashMap::new(),
            skipped: Skipped::default(),
        }
    }

    pub(crate) fn layout(&self) -> &Layout {
        &self.layout
    }

    fn cell<'r>(&self, row: &'r RawRow, field: Field) -> &'r Cell {
        self.fields[slot(field)].map_or(&Cell::Empty, |c| row.cell(c))
    }

    fn text(&self, row: &RawRow, field: Field) -> String {
        match self.cell(row, field) {
            Cell::Text(t) => fold_width(t.trim()).into_owned(),
            Cell::Empty => String::new(),
            other => other.display(),
        }
    }

    fn error(&self, row: u64, field: Field, reason: Msg) -> RowError {
        RowError { row, column: self.layout.field_label(field), reason }
    }

    /// Reads one row; `None` for a blank, footer or repeated header row.
    pub(crate) fn parse(&mut self, row: RawRow, resolver: &mut impl UnitResolver) -> Option<ParsedRow> {
        if !self.is_record(&row) {
            return None;
        }
        let n = row.row;
        let mut errors = Vec::new();
        for (c, cell) in row.cells.iter().enumerate() {
            let reason = match cell {
                Cell::Text(t) if t.len() > MAX_CELL_CHARS && t.chars().count() > MAX_CELL_CHARS => Msg::new(
                    format!("内容过长，超过 {MAX_CELL_CHARS} 个字"),
                    format!("The cell is longer than {MAX_CELL_CHARS} characters"),
                ),
                Cell::Error(e) if matches!(self.layout.columns.get(c), Some(ColumnKind::Field(_))) => Msg::new(
                    format!("单元格是公式错误值 {e}，请填写实际内容"),
                    format!("The cell holds the formula error {e}; enter the actual value"),
                ),
                _ => continue,
            };
            errors.push(RowError { row: n, column: self.layout.column_label(c), reason });
        }
        if !errors.is_empty() {
            return Some(ParsedRow { row: n, raw: self.raw(row), chamber: None, result: Err(errors) });
        }
        let mut handled = Vec::new();
        let form = self.form(&row, &mut errors, &mut handled, resolver);
        let chamber = Some(self.text(&row, Field::Chamber)).filter(|c| !c.is_empty());
        let result = match form.read(self.options.today) {
            Ok(draft) if errors.is_empty() => Ok(draft),
            Ok(_) => Err(self.in_column_order(errors)),
            Err(form_errors) => {
                for e in form_errors {
                    let field = Field::from_form_field(e.field).unwrap_or(Field::Notes);
                    // Already said in the words of the spreadsheet, or a consequence of it.
                    if handled.contains(&field) {
                        continue;
                    }
                    let reason = if field == Field::Category {
                        form::category_reason(&self.text(&row, field))
                    } else {
                        e.message
                    };
                    errors.push(self.error(n, field, reason));
                }
                Err(self.in_column_order(errors))
            }
        };
        Some(ParsedRow { row: n, raw: self.raw(row), chamber, result })
    }

    /// The row's cells as shown, as many as the header has at least, each cut
    /// to what an Excel cell holds. The row's own strings are moved, not copied.
    fn raw(&self, row: RawRow) -> Vec<String> {
        let mut raw: Vec<String> = row
            .cells
            .into_iter()
            .map(|cell| {
                let mut text = cell.into_display();
                if text.len() > MAX_CELL_CHARS
                    && let Some((at, _)) = text.char_indices().nth(MAX_CELL_CHARS)
                {
                    text.truncate(at);
                }
                text
            })
            .collect();
        raw.resize(raw.len().max(self.layout.header.len()), String::new());
        raw
    }

    /// Errors in the order of the file's columns, as the clerk reads the row.
    fn in_column_order(&self, mut errors: Vec<RowError>) -> Vec<RowError> {
        let at = |e: &RowError| self.layout.header.iter().position(|h| h.trim() == e.column);
        errors.sort_by_key(|e| at(e).unwrap_or(usize::MAX));
        errors
    }
}
