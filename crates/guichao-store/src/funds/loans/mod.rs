//! Guarantee loans (创业担保贷款): recorded one by one, in bulk (the demo)
//! or from a bank's ledger; repayments against them; each loan's schedule
//! and standing and the totals by year, bank and township computed for the
//! day asked. The borrower's phone and ID number are sealed as a fellow's
//! are and shown masked.

mod read;
mod write;

pub use read::{LoanDetail, LoanQuery, LoanRow, RepaymentRow};
pub use write::{LoanDirectory, LoanDraft};

use crate::entities::loan;
use guichao_domain::funds::loans::{LoanTerms, RepaymentPlan};

/// The terms a stored loan was lent on.
pub(crate) fn terms_of(l: &loan::Model) -> LoanTerms {
    LoanTerms {
        amount_fen: l.amount_fen,
        rate_bp: l.rate_bp,
        subsidy_bp: l.subsidy_bp,
        term_months: l.term_months,
        disbursed: l.disbursed_on,
        plan: RepaymentPlan::parse(&l.plan).unwrap_or(RepaymentPlan::AtMaturity),
    }
}
