//! Importing fellows from spreadsheets through the browser: the county's
//! rosters (xlsx, xls, csv) uploaded, their columns' reading confirmed,
//! checked, previewed and committed in one transaction, with the rejected rows given back as an error file. The
//! pipeline itself is `guichao_sheets::registry::import`; this module holds
//! the pages and the jobs that follow it.

pub mod jobs;
pub mod mapping;
pub mod pages;
mod tasks;
