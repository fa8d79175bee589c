//! Spreadsheets meet the registry: the fellow import pipeline (read and
//! check a roster, plan it against the registry, commit it in one
//! transaction), the resolution of its townships and villages among the
//! county's units, and the export of the fellow list.
//!
//! Whoever starts the work (the upload page, `guichao import fellows`,
//! `guichao export fellows`, the benchmark) calls these, so a roster is
//! judged the same way everywhere. This is the only part of the crate that
//! touches the store; the parsing modules stay free of it.

pub mod export;
mod homes;
pub mod import;

use chrono::{FixedOffset, NaiveDate, Utc};

/// Today in the county (Beijing time): the date birth dates are checked against.
fn today() -> NaiveDate {
    let beijing = FixedOffset::east_opt(8 * 3600).expect("valid offset");
    Utc::now().with_timezone(&beijing).date_naive()
}
