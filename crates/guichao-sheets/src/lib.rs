//! Spreadsheet import and export of the fellow registry.
//!
//! County offices keep their rosters of fellows in Excel, laid out as each
//! office likes: a title over the table, columns in any order under any of a
//! dozen names, phones and ID numbers that Excel turned into floats, dates in
//! every shape, totals and signatures at the bottom. This crate reads such a
//! file into [`guichao_domain::fellows::FellowDraft`]s, one row at a time, and
//! says for every rejected row which column is wrong and why, in the file's
//! own words:
//!
//! ```no_run
//! # use guichao_sheets::*;
//! # fn run(bytes: Vec<u8>, today: chrono::NaiveDate, resolver: impl UnitResolver) -> Result<(), SheetError> {
//! let mut book = Workbook::open(bytes, "名册.xlsx")?;
//! let mut import = book.import(ImportOptions::new(today), resolver)?;
//! let layout = import.layout().clone();
//! let mut rejected = Vec::new();
//! for row in &mut import {
//!     let row = row?;
//!     match row.result {
//!         Ok(draft) => { /* check duplicates, write */ }
//!         Err(errors) => rejected.push((row.raw, errors)),
//!     }
//! }
//! let error_file = error_workbook(&layout, rejected)?;
//! # Ok(()) }
//! ```
//!
//! The format is told by content (xlsx, xls, CSV in UTF-8, GBK or UTF-16);
//! hostile files (zip bombs, forged sizes, endless quotes) are refused by
//! [`guard`] in bounded time and memory. The parsing modules know nothing of
//! the database: townships and villages are found by a caller's
//! [`UnitResolver`].
//!
//! [`registry`] joins the two: the one import pipeline (check, plan against
//! the registry, commit) and the one export that both the web pages and the
//! `guichao` commands call, over the store.

mod cell;
pub mod checked;
pub mod columns;
pub mod contacts;
mod csv_reader;
mod error;
mod format;
pub mod guard;
mod header;
pub mod households;
mod import;
pub mod loans;
pub mod market;
pub mod normalize;
pub mod projects;
pub mod registry;
mod resolve;
mod row;
pub mod table;
mod write;
mod xlsx_reader;

pub use cell::{Cell, RawRow, number_text};
pub use columns::{ColumnKind, Field};
pub use error::SheetError;
pub use format::{Format, Rows, Workbook};
pub use header::{HEADER_SCAN_ROWS, Layout};
pub use import::Import;
pub use resolve::{UnitError, UnitResolver, Units};
pub use row::{ImportOptions, ParsedRow, RowError, Skipped};
pub use write::{
    ExportWriter, SheetCell, SheetTable, TEMPLATE_SAMPLE, audit_workbook, error_workbook, tables_workbook,
    template_workbook,
};
