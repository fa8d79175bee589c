//! The figures the program reports on its money, for a day and the reader's
//! scope: loans disbursed by then (count and amount), the special fund's
//! balance for that day's year, the education fund's size, and the "211"
//! households verified by that day's year.

use super::Funds;
use crate::StoreResult;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The money figures on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FundsSummary {
    pub as_of: NaiveDate,
    pub loans_count: i64,
    pub loans_amount_fen: i64,
    /// The county's: budget of the day's year less what it has committed.
    pub special_fund_balance_fen: i64,
    /// Paid in less disbursed, over the branches the reader sees.
    pub education_fund_fen: i64,
    pub households: i64,
}

impl Funds<'_> {
    /// The figures on `as_of`.
    pub async fn summary(&self, as_of: NaiveDate) -> StoreResult<FundsSummary> {
        let loans = self.loan_totals(as_of).await?.all;
        let balance = self.balance(as_of.year(), as_of).await?;
        let education = self.education_size(as_of).await?;
        Ok(FundsSummary {
            as_of,
            loans_count: loans.count,
            loans_amount_fen: loans.amount_fen,
            special_fund_balance_fen: balance.left_fen(),
            education_fund_fen: education.size_fen(),
            households: self.households_by_township(as_of).await?.iter().map(|(_, _, n)| n).sum(),
        })
    }
}
