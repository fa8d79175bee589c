//! xlsx and xls sheets as rows of [`Cell`]s.
//!
//! An xlsx sheet is streamed cell by cell (calamine's cell reader), so the
//! `<dimension>` a sheet claims is never allocated and memory stays at one row.
//! An xls sheet is read whole; the format caps it at 65,536 rows, and
//! [`crate::guard`] has already refused forged sizes.

use crate::SheetError;
use crate::cell::{Cell, RawRow};
use crate::guard::{MAX_COLUMNS, MAX_ROWS};
use calamine::{Data, DataRef, ExcelDateTime, Range, XlsxCellReader};
use chrono::NaiveDate;
use std::io::{Read, Seek};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs a third-party parser on untrusted bytes: a panic inside it (an index
/// out of bounds on a forged record) becomes a damaged-file error rather than
/// the end of the caller's thread.
pub(crate) fn guarded<T>(f: impl FnOnce() -> Result<T, SheetError>) -> Result<T, SheetError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| Err(SheetError::Broken("the reader failed".into())))
}

fn date(d: &ExcelDateTime) -> Cell {
    if !d.is_datetime() {
        return Cell::Number(d.as_f64());
    }
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(day)).map_or(Cell::Number(d.as_f64()), Cell::Date)
}

fn from_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => date(d),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

fn from_data(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => date(d),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// Puts a cell in its column, refusing columns past the limit.
fn place(cells: &mut Vec<Cell>, row: u64, col: usize, cell: Cell) -> Result<(), SheetError> {
    if col >= MAX_COLUMNS {
        return Err(SheetError::TooManyColumns { row, limit: MAX_COLUMNS });
    }
    if cells.len() <= col {
        cells.resize(col + 1, Cell::Empty);
    }
    cells[col] = cell;
    Ok(())
}

/// The rows of an xlsx sheet, assembled from its stream of cells.
pub(crate) struct XlsxRows<'a, RS: Read + Seek> {
    reader: XlsxCellReader<'a, RS>,
    /// The first cell of the next row, read while finishing the current one.
    next: Option<(u64, usize, Cell)>,
    /// The reader has passed the end of the sheet's data.
    ended: bool,
    rows: u64,
    done: bool,
}

impl<'a, RS: Read + Seek> XlsxRows<'a, RS> {
    pub(crate) fn new(reader: XlsxCellReader<'a, RS>) -> XlsxRows<'a, RS> {
        XlsxRows { reader, next: None, ended: false, rows: 0, done: false }
    }

    fn read(&mut self) -> Result<Option<RawRow>, SheetError> {
        let mut row = RawRow { row: 0, cells: Vec::new() };
        if let Some((r, c, cell)) = self.next.take() {
            row.row = r;
            place(&mut row.cells, r, c, cell)?;
        }
        while !self.ended {
            let next = guarded(|| self.reader.next_cell().map_err(|e| SheetError::Broken(e.to_string())))?;
            let Some(cell) = next else {
                self.ended = true;
                break;
            };
            let value = from_ref(cell.get_value());
            if value == Cell::Empty {
                continue;
            }
            let (r, c) = cell.get_position();
            let (r, c) = (u64::from(r) + 1, c as usize);
            if row.row == 0 {
                row.row = r;
            }
            if r != row.row {
                self.next = Some((r, c, value));
                break;
            }
            place(&mut row.cells, r, c, value)?;
        }
        if row.row == 0 {
            return Ok(None);
        }
        self.rows += 1;
        if self.rows > MAX_ROWS {
            return Err(SheetError::TooManyRows { limit: MAX_ROWS });
        }
        Ok(Some(row))
    }
}

impl<RS: Read + Seek> Iterator for XlsxRows<'_, RS> {
    type Item = Result<RawRow, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.read().transpose();
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

/// The rows of an xls sheet, read whole by calamine.
pub(crate) struct XlsRows<'a> {
    range: &'a Range<Data>,
    at: usize,
}

impl<'a> XlsRows<'a> {
    pub(crate) fn new(range: &'a Range<Data>) -> XlsRows<'a> {
        XlsRows { range, at: 0 }
    }
}

impl Iterator for XlsRows<'_> {
    type Item = Result<RawRow, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        let (first_row, first_col) = self.range.start()?;
        let (height, width) = self.range.get_size();
        while self.at < height {
            let at = self.at;
            self.at += 1;
            let row = u64::from(first_row) + at as u64 + 1;
            let mut cells = Vec::new();
            for (i, value) in self.range.rows().nth(at)?.iter().enumerate().take(width) {
                let cell = from_data(value);
                if cell != Cell::Empty
                    && let Err(e) = place(&mut cells, row, first_col as usize + i, cell)
                {
                    self.at = height;
                    return Some(Err(e));
                }
            }
            if !cells.is_empty() {
                return Some(Ok(RawRow { row, cells }));
            }
        }
        None
    }
}
