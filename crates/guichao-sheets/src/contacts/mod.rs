//! Importing a county's existing contact log (联系台账) from xlsx or csv:
//! one row per contact, the fellow by name and township or by phone, the
//! cadres by username or name, the day, how (电话, 上门走访, 微信...), what
//! was said and where. The same check, dry run and error file as the
//! fellow import, and a commit of all accepted rows or none.
//!
//! `columns` and `sheet` only read the file; `matching` and `check` meet the
//! store, as [`crate::registry`] does for the fellow import.

mod check;
pub mod columns;
mod matching;
pub mod sheet;

pub use check::{AcceptedRow, CheckedLog, LogError, RejectedRow, check};
pub use columns::{LogColumn, LogHeader, kind_of};
pub use sheet::{LogLayout, contact_date, detect};
