//! Support money (资金与贷款): the overview with the program's money figures
//! as of a day (`/funds`), the special fund with its budgets, grants and
//! approval steps (`/funds/special`), guarantee loans with their schedules,
//! repayments and totals (`/funds/loans`), the education fund with its
//! branches, donations, disbursements and thank-you letters
//! (`/funds/education`), the imports of loan ledgers, household rolls and
//! market registration sheets (`/funds/{loans,households,market}/import`),
//! and the `/api/v1/funds` routes.

pub mod api;
mod api_households;
mod api_loans;
mod api_types;
mod education;
pub(crate) mod form;
mod households;
mod import;
pub mod import_kinds;
mod loans;
mod market;
mod overview;
mod special;

use crate::AppState;
use crate::areas::FigureFuture;
use crate::error::AppError;
use crate::extract::FormData;
use crate::layout::Ctx;
use axum::Router;
use axum::routing::{get, post};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::funds::show_fen;
use guichao_store::{Actor, Store, StoreError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/funds", get(overview::show))
        .route("/funds/special", get(special::show))
        .route("/funds/special/budgets", post(special::set_budget))
        .route("/funds/special/grants", post(special::apply))
        .route("/funds/special/grants/{id}", get(special::grant))
        .route("/funds/special/grants/{id}/steps", post(special::step))
        .route("/funds/loans", get(loans::show).post(loans::add))
        .route("/funds/loans/{id}", get(loans::loan))
        .route("/funds/loans/{id}/repayments", post(loans::repay))
        .route("/funds/households", get(households::show).post(households::add))
        .route("/funds/households/{id}", get(households::one).post(households::update))
        .route("/funds/market", get(market::show))
        .route("/funds/education", get(education::show))
        .route("/funds/education/donations", post(education::donate))
        .route("/funds/education/donations/{id}/paid", post(education::paid))
        .route("/funds/education/donations/{id}/letter", get(education::letter))
        .route("/funds/education/disbursements", post(education::disburse))
        .merge(import::routes::<import_kinds::LoanLedger>())
        .merge(import::routes::<import_kinds::HouseholdRoll>())
        .merge(import::routes::<import_kinds::MarketSheet>())
}

/// The funds card's figure: the loans the user sees, disbursed by today.
pub fn loans_figure<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> FigureFuture<'a> {
    Box::pin(async move {
        let t = store.funds(actor, Permission::FundRead)?.loan_totals(today()).await?.all;
        Ok(Some(format!(
            "{} {} {} · {}",
            lang.pick("担保贷款", "Guarantee loans:"),
            t.count,
            lang.pick("笔", "loans"),
            show_fen(t.amount_fen, lang)
        )))
    })
}

/// A form that was sent and refused: which one, what was typed, and the
/// problems by field. A page shows it again open, as typed.
#[derive(Debug, Default)]
pub(crate) struct Sent {
    pub form: &'static str,
    pub data: FormData,
    pub errors: Vec<FormError>,
}

impl Sent {
    pub fn refused(form: &'static str, data: FormData, errors: Vec<FormError>) -> Sent {
        Sent { form, data, errors }
    }
}

/// What every funds page shows the same way.
pub(crate) trait FundsView {
    fn ctx(&self) -> &Ctx;
    fn sent(&self) -> &Sent;

    /// An amount as 6,800万元.
    fn money(&self, fen: impl std::borrow::Borrow<i64>) -> String {
        show_fen(*fen.borrow(), self.ctx().lang)
    }

    /// Whether `form` is the one sent and refused.
    fn open(&self, form: &str) -> bool {
        self.sent().form == form
    }

    /// What was typed in `field` of `form`, if it is the one sent.
    fn typed(&self, form: &str, field: &str) -> String {
        if self.open(form) { self.sent().data.get(field) } else { String::new() }
    }

    /// The refusal of `field` of `form`, if it is the one sent.
    fn err(&self, form: &str, field: &str) -> Option<String> {
        if self.open(form) { FormError::first_for(&self.sent().errors, field, self.ctx().lang) } else { None }
    }

    /// A rate in basis points as 3.45%.
    fn rate(&self, bp: &i32) -> String {
        format!("{}.{:02}%", bp / 100, bp % 100)
    }
}

/// A store refusal as field errors to show on a form (a broken rule, or a
/// conflict, under `form`); other errors pass as the page's error.
pub(crate) fn refused(e: StoreError) -> Result<Vec<FormError>, AppError> {
    match e {
        StoreError::Fields(f) => Ok(f),
        StoreError::Invalid(message) | StoreError::Conflict(message) => Ok(vec![FormError { field: "form", message }]),
        other => Err(other.into()),
    }
}

/// Whether the user may write the funds: `fund.write` for the whole county.
fn can_write(actor: &Actor) -> bool {
    actor.scope(Permission::FundWrite).is_ok_and(|s| s.reach() == guichao_domain::access::DataScope::Tenant)
}
