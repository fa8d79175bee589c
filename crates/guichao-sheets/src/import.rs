//! An import: a sheet's rows read in order, the header found once, each data
//! row turned into a [`ParsedRow`] as it is asked for.

use crate::SheetError;
use crate::cell::RawRow;
use crate::format::{Rows, Workbook};
use crate::header::{HEADER_SCAN_ROWS, Layout};
use crate::resolve::UnitResolver;
use crate::row::{ImportOptions, ParsedRow, RowParser, Skipped};
use std::collections::VecDeque;

/// The data rows of one sheet, read lazily: memory stays at one row however
/// long the file. After a [`SheetError`] it yields nothing more.
pub struct Import<'a, R> {
    rows: Rows<'a>,
    /// Rows read while looking for the header that come after it.
    ahead: VecDeque<RawRow>,
    parser: RowParser,
    resolver: R,
    failed: bool,
}

impl<'a, R: UnitResolver> Import<'a, R> {
    /// Reads the first rows, finds the header and prepares to read the rest.
    pub fn new(mut rows: Rows<'a>, options: ImportOptions, resolver: R) -> Result<Import<'a, R>, SheetError> {
        let mut head = Vec::with_capacity(HEADER_SCAN_ROWS);
        while head.len() < HEADER_SCAN_ROWS {
            match rows.next() {
                Some(row) => head.push(row?),
                None => break,
            }
        }
        if head.iter().all(RawRow::is_blank) {
            return Err(SheetError::Empty);
        }
        let (mut layout, first_data) = Layout::detect(&head)?;
        if let Some(mapping) = &options.mapping {
            layout.remap(mapping);
        }
        let ahead = head.into_iter().skip(first_data).collect();
        Ok(Import { rows, ahead, parser: RowParser::new(layout, options), resolver, failed: false })
    }

    /// How the sheet is laid out: title rows, header, column meanings.
    pub fn layout(&self) -> &Layout {
        self.parser.layout()
    }

    /// Each column's first value among the rows read with the header, as
    /// shown (empty where those rows leave it blank): what the mapping
    /// preview shows beside each header.
    pub fn samples(&self) -> Vec<String> {
        let mut out = vec![String::new(); self.layout().header.len()];
        for row in &self.ahead {
            for (slot, cell) in out.iter_mut().zip(&row.cells) {
                if slot.is_empty() {
                    *slot = cell.display().trim().to_string();
                }
            }
        }
        out
    }

    /// The rows skipped so far as blank, footer or repeated header rows.
    pub fn skipped(&self) -> Skipped {
        self.parser.skipped
    }
}

impl<R: UnitResolver> Iterator for Import<'_, R> {
    type Item = Result<ParsedRow, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.failed {
            let raw = match self.ahead.pop_front() {
                Some(raw) => raw,
                None => match self.rows.next()? {
                    Ok(raw) => raw,
                    Err(e) => {
                        self.failed = true;
                        return Some(Err(e));
                    }
                },
            };
            if let Some(parsed) = self.parser.parse(raw, &mut self.resolver) {
                return Some(Ok(parsed));
            }
        }
        None
    }
}

impl Workbook {
    /// Starts importing the first sheet's fellows: finds the header, then reads
    /// data rows as the returned iterator is advanced.
    pub fn import<R: UnitResolver>(
        &mut self,
        options: ImportOptions,
        resolver: R,
    ) -> Result<Import<'_, R>, SheetError> {
        Import::new(self.rows()?, options, resolver)
    }
}
