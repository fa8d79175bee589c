//! `/funds`: the program's money figures as of a day (today unless
//! `?as_of=` says otherwise): loans disbursed, the special fund's balance,
//! the education fund's size and the "211" households, then the loans by
//! year, the education fund year by year and the special fund's budgets.

use super::{FundsView, Sent};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::projects::api::day;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::funds::education::FundSize;
use guichao_domain::funds::loans::Tally;
use guichao_store::funds::FundsSummary;
use guichao_store::funds::special::BudgetRow;
use serde::Deserialize;

/// The first year the education fund's table shows.
const FIRST_YEAR: i32 = 2020;

#[derive(Debug, Deserialize)]
pub(super) struct AsOfArgs {
    as_of: Option<String>,
}

#[derive(Template)]
#[template(path = "funds/overview.html")]
struct OverviewPage {
    ctx: Ctx,
    sent: Sent,
    as_of: NaiveDate,
    s: FundsSummary,
    loans_by_year: Vec<(i32, Tally)>,
    education: Vec<(i32, FundSize)>,
    budgets: Vec<BudgetRow>,
}

impl FundsView for OverviewPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
    fn sent(&self) -> &Sent {
        &self.sent
    }
}

/// `GET /funds?as_of=`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<AsOfArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    let as_of = day(&args.as_of, "as_of")?.unwrap_or_else(today);
    let funds = state.store.funds(&user.actor, Permission::FundRead)?;
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or(as_of).min(as_of);
    let page = OverviewPage {
        ctx: Ctx::new(&user, "/funds"),
        sent: Sent::default(),
        as_of,
        s: funds.summary(as_of).await?,
        loans_by_year: funds.loan_totals(as_of).await?.by_year,
        education: funds.education_by_year(first, as_of).await?,
        budgets: funds.budgets(as_of).await?,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
