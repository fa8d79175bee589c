//! Importing a bank's guarantee-loan ledger (创业担保贷款台账) from xlsx or
//! csv: one row per loan, the borrower by name with their township, phone
//! and ID number (checked as a fellow's are), the bank and contract number,
//! the amount in 万元 or 元 (the unit from the header or the cell, never
//! guessed), the rate and subsidy in percent, the term, the disbursement
//! day and the repayment plan. The same check, dry run and error file as
//! the fellow and project imports ([`crate::table`],
//! [`crate::registry::import::error_file`]), and a commit of every accepted
//! loan or none through the store's funds handle.
//!
//! A loan is known by its bank and contract number: a row naming a contract
//! recorded already is skipped (the same ledger imported again), and one
//! repeated within the file is refused on its later rows.

mod check;
pub mod columns;

pub use check::{AcceptedLoan, CheckedLoans, check, judge};
pub use columns::LoanColumn;
