//! `/api/v1/funds`: the summary figures as of a day, the special fund's
//! budgets, grants and approval steps, and the education fund's branches,
//! donations and disbursements (loans are in `api_loans`). Refusals name
//! their fields (422); an approval or a disbursement the money cannot cover
//! answers 409; nothing is half-written.

use super::api_types::{
    BranchBody, BudgetBody, BudgetView, DisbursementBody, DisbursementList, DisbursementView, DonationBody,
    DonationList, DonationView, EducationView, GrantBody, GrantList, GrantView, PaidBody, StepBody, SummaryBody,
    YearSizeView,
};
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::{page_offset, page_size};
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use crate::projects::api::day;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::funds::education::DisbursementKind;
use guichao_domain::funds::special::GrantStep;
use guichao_store::funds::education::{DisbursementDraft, DonationDraft};
use guichao_store::funds::special::{GrantDraft, GrantQuery};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(summary))
        .routes(routes!(budgets, set_budget))
        .routes(routes!(grants, apply))
        .routes(routes!(grant))
        .routes(routes!(step))
        .routes(routes!(education))
        .routes(routes!(open_branch))
        .routes(routes!(donations, donate))
        .routes(routes!(paid))
        .routes(routes!(disbursements, disburse))
        .merge(super::api_loans::routes())
        .merge(super::api_households::routes())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfParams {
    /// The day the records are read as of (default today).
    pub as_of: Option<String>,
}

pub(super) fn as_of(p: &Option<String>) -> Result<NaiveDate, AppError> {
    Ok(day(p, "as_of")?.unwrap_or_else(today))
}

/// The program's money figures on `as_of`: loans disbursed (count and
/// amount), the special fund's balance for that year, the education fund's
/// size and the "211" households, counted from the records the caller sees.
#[utoipa::path(get, path = "/funds/summary", tag = "funds", params(AsOfParams),
    responses((status = 200, body = SummaryBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn summary(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<AsOfParams>,
) -> FieldApiResult<Json<SummaryBody>> {
    let s = state.store.funds(&actor, Permission::FundRead)?.summary(as_of(&p.as_of)?).await?;
    Ok(Json(s.into()))
}

/// Every year's budget of the special fund with its balance on `as_of`.
#[utoipa::path(get, path = "/funds/special/budgets", tag = "funds", params(AsOfParams),
    responses((status = 200, body = [BudgetView]), (status = 403, body = ErrorBody)))]
async fn budgets(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<AsOfParams>,
) -> FieldApiResult<Json<Vec<BudgetView>>> {
    let rows = state.store.funds(&actor, Permission::FundRead)?.budgets(as_of(&p.as_of)?).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Sets a year's budget (county `fund.write`); never below what the year
/// has approved.
#[utoipa::path(put, path = "/funds/special/budgets", tag = "funds", request_body = BudgetBody,
    responses((status = 200, body = [BudgetView]), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn set_budget(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<BudgetBody>,
) -> FieldApiResult<Json<Vec<BudgetView>>> {
    state.store.funds(&actor, Permission::FundWrite)?.set_budget(b.year, b.amount_fen, &b.note).await?;
    let rows = state.store.funds(&actor, Permission::FundRead)?.budgets(today()).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GrantParams {
    /// Applied for in this year.
    pub year: Option<i32>,
    /// The last step: `applied`, `reviewed`, `approved`, `paid`, `rejected`.
    pub status: Option<String>,
    /// `date` (the default) or `amount`.
    pub sort: Option<String>,
    /// `asc` (the default) or `desc`.
    pub dir: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// The grants the caller sees (a township user: their township's).
#[utoipa::path(get, path = "/funds/special/grants", tag = "funds", params(GrantParams),
    responses((status = 200, body = GrantList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn grants(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<GrantParams>,
) -> FieldApiResult<Json<GrantList>> {
    let order = crate::list::Order::parse(&p.sort, &p.dir, &["date", "amount"])?;
    let status = match p.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(GrantStep::parse(s).ok_or_else(|| AppError::invalid("状态无效", "Unknown status"))?),
    };
    let q = GrantQuery {
        year: p.year,
        status,
        by_amount: order.column == "amount",
        descending: order.descending,
        offset: page_offset(p.offset)?,
        limit: page_size(p.limit)?,
    };
    let (rows, total) = state.store.funds(&actor, Permission::FundRead)?.grants(&q).await?;
    Ok(Json(GrantList { items: rows.into_iter().map(Into::into).collect(), total }))
}

/// Records a grant applied for (county `fund.write`).
#[utoipa::path(post, path = "/funds/special/grants", tag = "funds", request_body = GrantBody,
    responses((status = 201, body = GrantView), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn apply(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<GrantBody>,
) -> FieldApiResult<(StatusCode, Json<GrantView>)> {
    let funds = state.store.funds(&actor, Permission::FundWrite)?;
    let party = b.recipient.party().map_err(FieldApiError::Fields)?;
    let draft = GrantDraft { party, amount_fen: b.amount_fen, date: b.date, purpose: b.purpose, policy: b.policy };
    let id = funds.apply_grant(draft).await?;
    let made = state.store.funds(&actor, Permission::FundRead)?.grant(id).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// One grant with its steps.
#[utoipa::path(get, path = "/funds/special/grants/{id}", tag = "funds", params(("id" = Uuid, Path, description = "Grant id")),
    responses((status = 200, body = GrantView), (status = 404, body = ErrorBody)))]
async fn grant(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FieldApiResult<Json<GrantView>> {
    Ok(Json(state.store.funds(&actor, Permission::FundRead)?.grant(id).await?.into()))
}

/// Records a grant's next step. An approval the year's balance cannot
/// cover answers 409 (also when approvals come at once: they pass one at a
/// time); a step out of order answers 409; a rejection needs `reason`.
#[utoipa::path(post, path = "/funds/special/grants/{id}/steps", tag = "funds", params(("id" = Uuid, Path, description = "Grant id")), request_body = StepBody,
    responses((status = 200, body = GrantView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn step(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<StepBody>,
) -> FieldApiResult<Json<GrantView>> {
    let funds = state.store.funds(&actor, Permission::FundWrite)?;
    let step = GrantStep::parse(&b.step).ok_or_else(|| {
        FieldApiError::Fields(vec![FormError::new(
            "step",
            "审批环节无效",
            "step is reviewed, approved, paid or rejected",
        )])
    })?;
    funds.record_step(id, step, b.date, &b.reason).await?;
    Ok(Json(state.store.funds(&actor, Permission::FundRead)?.grant(id).await?.into()))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EducationParams {
    /// The day the fund is read as of (default today).
    pub as_of: Option<String>,
    /// The first day whose year the `by_year` list starts with (default 2020-01-01).
    pub from: Option<String>,
}

/// The education fund on `as_of`: the branches the caller sees, their size
/// together, and the size at each year's end.
#[utoipa::path(get, path = "/funds/education", tag = "funds", params(EducationParams),
    responses((status = 200, body = EducationView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn education(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<EducationParams>,
) -> FieldApiResult<Json<EducationView>> {
    let as_of = as_of(&p.as_of)?;
    let from = day(&p.from, "from")?.or(NaiveDate::from_ymd_opt(2020, 1, 1)).unwrap_or(as_of).min(as_of);
    let funds = state.store.funds(&actor, Permission::FundRead)?;
    let by_year = funds.education_by_year(from, as_of).await?;
    Ok(Json(EducationView {
        as_of,
        size: by_year.last().map(|(_, s)| *s).unwrap_or_default().into(),
        branches: funds.branches(as_of).await?.into_iter().map(Into::into).collect(),
        by_year: by_year.into_iter().map(|(year, s)| YearSizeView { year, size: s.into() }).collect(),
    }))
}

/// Opens the county fund or a township's branch (one per unit; the
/// existing one's id when there is one).
#[utoipa::path(post, path = "/funds/education/branches", tag = "funds", request_body = BranchBody,
    responses((status = 201, body = EducationView), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn open_branch(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<BranchBody>,
) -> FieldApiResult<(StatusCode, Json<EducationView>)> {
    state.store.funds(&actor, Permission::FundWrite)?.open_branch(b.unit_id, &b.name).await?;
    let Json(view) =
        education(State(state), ApiUser(actor), ApiQuery(EducationParams { as_of: None, from: None })).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// The donations of the branches the caller sees, newest pledge first.
#[utoipa::path(get, path = "/funds/education/donations", tag = "funds", params(PageParams),
    responses((status = 200, body = DonationList), (status = 403, body = ErrorBody)))]
async fn donations(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<PageParams>,
) -> FieldApiResult<Json<DonationList>> {
    let funds = state.store.funds(&actor, Permission::FundRead)?;
    let (rows, total) = funds.donations(page_offset(p.offset)?, page_size(p.limit)?).await?;
    Ok(Json(DonationList { items: rows.into_iter().map(Into::into).collect(), total }))
}

/// Records a donation, pledged and perhaps paid in.
#[utoipa::path(post, path = "/funds/education/donations", tag = "funds", request_body = DonationBody,
    responses((status = 201, body = DonationView), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn donate(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<DonationBody>,
) -> FieldApiResult<(StatusCode, Json<DonationView>)> {
    let funds = state.store.funds(&actor, Permission::FundWrite)?;
    let donor = b.donor.party().map_err(FieldApiError::Fields)?;
    let draft = DonationDraft {
        branch_id: b.branch_id,
        donor,
        amount_fen: b.amount_fen,
        pledged: b.pledged_on,
        paid: b.paid_on,
        purpose: b.purpose,
    };
    let id = funds.add_donation(draft).await?;
    let made = state.store.funds(&actor, Permission::FundRead)?.donation(id).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// Marks a pledged donation paid in.
#[utoipa::path(post, path = "/funds/education/donations/{id}/paid", tag = "funds", params(("id" = Uuid, Path, description = "Donation id")), request_body = PaidBody,
    responses((status = 200, body = DonationView), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn paid(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<PaidBody>,
) -> FieldApiResult<Json<DonationView>> {
    state.store.funds(&actor, Permission::FundWrite)?.donation_paid(id, b.paid_on).await?;
    Ok(Json(state.store.funds(&actor, Permission::FundRead)?.donation(id).await?.into()))
}

/// The disbursements of the branches the caller sees, newest first.
#[utoipa::path(get, path = "/funds/education/disbursements", tag = "funds", params(PageParams),
    responses((status = 200, body = DisbursementList), (status = 403, body = ErrorBody)))]
async fn disbursements(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<PageParams>,
) -> FieldApiResult<Json<DisbursementList>> {
    let funds = state.store.funds(&actor, Permission::FundRead)?;
    let (rows, total) = funds.disbursements(page_offset(p.offset)?, page_size(p.limit)?).await?;
    Ok(Json(DisbursementList { items: rows.into_iter().map(Into::into).collect(), total }))
}

/// Pays a scholarship or award out of a branch; more than the branch holds
/// answers 409.
#[utoipa::path(post, path = "/funds/education/disbursements", tag = "funds", request_body = DisbursementBody,
    responses((status = 201, body = DisbursementView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn disburse(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<DisbursementBody>,
) -> FieldApiResult<(StatusCode, Json<DisbursementView>)> {
    let funds = state.store.funds(&actor, Permission::FundWrite)?;
    let kind = DisbursementKind::parse(&b.kind).ok_or_else(|| {
        FieldApiError::Fields(vec![FormError::new(
            "kind",
            "支出类别无效",
            "kind is scholarship, teacher_award or other",
        )])
    })?;
    let draft = DisbursementDraft {
        branch_id: b.branch_id,
        kind,
        recipient: b.recipient,
        amount_fen: b.amount_fen,
        date: b.date,
        note: b.note,
    };
    let id = funds.disburse(draft).await?;
    let (rows, _) = state.store.funds(&actor, Permission::FundRead)?.disbursements(0, 200).await?;
    let made = rows.into_iter().find(|d| d.id == id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(made.into())))
}
