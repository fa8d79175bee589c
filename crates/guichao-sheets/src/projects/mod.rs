//! Importing a county's existing project ledger (项目台账) from xlsx or csv:
//! one row per project, its investor company, kind, amounts in 万元 or 亿元
//! (the unit from the header or the cell, never guessed), the responsible
//! unit, officer, source, the stage dates in the usual Chinese forms, and the
//! fellows who introduced or invested in it by name and township. The same
//! check, dry run and error file as the fellow and contact imports
//! ([`crate::table`], [`crate::registry::import::error_file`]), and a commit
//! of all accepted projects or none through the store's projects handle.
//!
//! `columns`, `cells` and `sheet` only read the file; `matching` and `check`
//! meet the store, as [`crate::contacts`] does for the contact log.

mod cells;
mod check;
pub mod columns;
mod matching;
mod row;
pub mod sheet;

pub use cells::{NamedFellow, fellows};
pub use check::{AcceptedProject, CheckedLedger, ExistingProject, LedgerError, check, judge};
pub use columns::{LedgerColumn, LedgerHeader, header_unit};
pub use sheet::{LedgerLayout, detect};
