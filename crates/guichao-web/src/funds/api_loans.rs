//! `/api/v1/funds/loans`: guarantee loans with their standing on a day,
//! one with its schedule and repayments, the totals by year, bank and
//! township, recording a loan and a repayment.

use super::api::{AsOfParams, as_of};
use super::api_types::{LoanBody, LoanDetailView, LoanList, LoanTotalsView, RepaymentBody};
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::{page_offset, page_size};
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::funds::loans::RepaymentPlan;
use guichao_store::funds::loans::{LoanDraft, LoanQuery};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(loans, add_loan))
        .routes(routes!(totals))
        .routes(routes!(loan))
        .routes(routes!(repay))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LoanParams {
    /// The day the standing is for (default today).
    pub as_of: Option<String>,
    /// Disbursed in this year.
    pub year: Option<i32>,
    pub bank: Option<String>,
    /// `not_yet`, `current`, `overdue` or `repaid` on `as_of`.
    pub status: Option<String>,
    /// `date` (the default) or `amount`.
    pub sort: Option<String>,
    /// `asc` (the default) or `desc`.
    pub dir: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// The loans the caller sees (a township user: their township's), with
/// their standing on `as_of`.
#[utoipa::path(get, path = "/funds/loans", tag = "funds", params(LoanParams),
    responses((status = 200, body = LoanList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn loans(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<LoanParams>,
) -> FieldApiResult<Json<LoanList>> {
    let order = crate::list::Order::parse(&p.sort, &p.dir, &["date", "amount"])?;
    let status = p.status.filter(|s| !s.is_empty());
    if status.as_deref().is_some_and(|s| !["not_yet", "current", "overdue", "repaid"].contains(&s)) {
        return Err(AppError::invalid("状态应为 not_yet、current、overdue 或 repaid", "Unknown status").into());
    }
    let q = LoanQuery {
        as_of: as_of(&p.as_of)?,
        year: p.year,
        bank: p.bank,
        status,
        by_amount: order.column == "amount",
        descending: order.descending,
        offset: page_offset(p.offset)?,
        limit: page_size(p.limit)?,
    };
    let (rows, total) = state.store.funds(&actor, Permission::FundRead)?.loans(&q).await?;
    Ok(Json(LoanList { items: rows.into_iter().map(Into::into).collect(), total }))
}

/// Records a loan (county `fund.write`); phone and ID number are checked
/// and stored encrypted.
#[utoipa::path(post, path = "/funds/loans", tag = "funds", request_body = LoanBody,
    responses((status = 201, body = LoanDetailView), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add_loan(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<LoanBody>,
) -> FieldApiResult<(StatusCode, Json<LoanDetailView>)> {
    let funds = state.store.funds(&actor, Permission::FundWrite)?;
    let draft = LoanDraft {
        party: b.borrower.party().map_err(FieldApiError::Fields)?,
        phone: b.phone,
        id_number: b.id_number,
        bank: b.bank,
        contract_no: b.contract_no,
        amount_fen: b.amount_fen,
        rate_bp: b.rate_bp,
        subsidy_bp: b.subsidy_bp,
        term_months: b.term_months,
        disbursed: b.disbursed,
        plan: match b.plan.as_deref() {
            None | Some("") => RepaymentPlan::AtMaturity,
            Some(code) => RepaymentPlan::parse(code).ok_or_else(|| {
                FieldApiError::Fields(vec![guichao_domain::fellows::FormError::new(
                    "plan",
                    "还款方式应为 maturity 或 equal_principal",
                    "plan is maturity or equal_principal",
                )])
            })?,
        },
        guarantor: b.guarantor,
        note: b.note,
    };
    let id = funds.add_loan(draft).await?;
    let made = state.store.funds(&actor, Permission::FundRead)?.loan(id, today()).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// The loans the caller sees disbursed by `as_of`: count and amount, by
/// year, by bank and by township.
#[utoipa::path(get, path = "/funds/loans/totals", tag = "funds", params(AsOfParams),
    responses((status = 200, body = LoanTotalsView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn totals(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<AsOfParams>,
) -> FieldApiResult<Json<LoanTotalsView>> {
    let as_of = as_of(&p.as_of)?;
    let t = state.store.funds(&actor, Permission::FundRead)?.loan_totals(as_of).await?;
    Ok(Json(LoanTotalsView::new(as_of, t)))
}

/// One loan with its schedule and repayments, standing on `as_of`.
#[utoipa::path(get, path = "/funds/loans/{id}", tag = "funds", params(("id" = Uuid, Path, description = "Loan id"), AsOfParams),
    responses((status = 200, body = LoanDetailView), (status = 404, body = ErrorBody)))]
async fn loan(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiQuery(p): ApiQuery<AsOfParams>,
) -> FieldApiResult<Json<LoanDetailView>> {
    let l = state.store.funds(&actor, Permission::FundRead)?.loan(id, as_of(&p.as_of)?).await?;
    Ok(Json(l.into()))
}

/// Records a repayment; more principal than is owed answers 422 under
/// `principal`.
#[utoipa::path(post, path = "/funds/loans/{id}/repayments", tag = "funds", params(("id" = Uuid, Path, description = "Loan id")), request_body = RepaymentBody,
    responses((status = 201, body = LoanDetailView), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn repay(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<RepaymentBody>,
) -> FieldApiResult<(StatusCode, Json<LoanDetailView>)> {
    let funds = state.store.funds(&actor, Permission::FundWrite)?;
    funds.repay(id, b.date, b.principal_fen, b.interest_fen, &b.note).await?;
    let l = state.store.funds(&actor, Permission::FundRead)?.loan(id, today()).await?;
    Ok((StatusCode::CREATED, Json(l.into())))
}
