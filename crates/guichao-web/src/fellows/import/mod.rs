//! Importing fellows from spreadsheets: the county's rosters (xlsx, xls, csv)
//! checked, previewed and committed in one transaction, with the rejected
//! rows given back as an error file.

mod homes;
pub mod jobs;
pub mod pages;
pub mod pipeline;
