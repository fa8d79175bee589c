//! `/api/v1/projects` and `/api/v1/metrics/projects`: the projects the caller
//! sees, one project with its history, and the program's project figures,
//! all read through the store's project handle.

use super::api_types::{ProjectList, ProjectMetricsBody, ProjectView};
use super::{SORTS, query, stage_of};
use crate::AppState;
use crate::api::vocab::StageCode;
use crate::api::{page_offset, page_size};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::extract::{ApiId, ApiQuery, ApiUser, request_lang};
use crate::list::Order;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::projects::Period;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_projects))
        .routes(routes!(get_project))
        .routes(routes!(project_metrics))
        .merge(super::api_write::routes())
        .merge(super::rules::api_routes())
        .merge(crate::park::api::routes())
        .merge(crate::agency::api::routes())
        .merge(crate::chains::api::routes())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectParams {
    /// Only projects at this stage today.
    #[param(value_type = Option<StageCode>)]
    pub stage: Option<String>,
    /// `name` (pinyin order, the default) or `signed` (signing date; projects
    /// not signed come last).
    pub sort: Option<String>,
    /// `asc` (the default) or `desc`.
    pub dir: Option<String>,
    /// Projects per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// Projects to skip (default 0).
    pub offset: Option<u64>,
}

/// The projects the caller sees, by name unless `sort` says otherwise.
#[utoipa::path(get, path = "/projects", tag = "projects", params(ProjectParams),
    responses((status = 200, body = ProjectList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_projects(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<ProjectParams>,
) -> ApiResult<Json<ProjectList>> {
    let order = Order::parse(&p.sort, &p.dir, SORTS)?;
    let mut q = query(stage_of(&p.stage)?, order);
    (q.offset, q.limit) = (page_offset(p.offset)?, page_size(p.limit)?);
    let (rows, total) = state.store.projects(&actor, Permission::ProjectRead)?.list(&q).await?;
    Ok(Json(ProjectList { items: rows.into_iter().map(Into::into).collect(), total }))
}

/// One project with its history, credited fellows (null names for fellows the
/// caller may not see), funds in place and team; 404 outside the caller's scope.
#[utoipa::path(get, path = "/projects/{id}", tag = "projects", params(("id" = Uuid, Path, description = "Project id")),
    responses((status = 200, body = ProjectView), (status = 404, body = ErrorBody)))]
async fn get_project(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<ProjectView>> {
    Ok(Json(state.store.projects(&actor, Permission::ProjectRead)?.get(id).await?.into()))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MetricsParams {
    /// The first day of the period, as 2026-01-01.
    pub from: Option<String>,
    /// The last day of the period, included.
    pub to: Option<String>,
    /// The day the records are read as of (default today).
    pub as_of: Option<String>,
    /// Only projects a fellow invested in or introduced.
    pub via_fellows: Option<bool>,
}

/// A date parameter (absent when empty), refused in words when not a date.
pub(crate) fn day(value: &Option<String>, name: &str) -> Result<Option<NaiveDate>, AppError> {
    let Some(text) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Some).map_err(|_| {
        AppError::invalid(
            format!("参数 {name} 应写成 2026-01-31 这样的日期"),
            format!("{name} is a date like 2026-01-31"),
        )
    })
}

/// A date parameter that must be given.
pub(crate) fn required_day(value: &Option<String>, name: &str) -> Result<NaiveDate, AppError> {
    day(value, name)?.ok_or_else(|| {
        AppError::invalid(
            format!("缺少参数 {name}（如 2026-01-31）"),
            format!("{name} is required (a date like 2026-01-31)"),
        )
    })
}

/// The figures of the projects the caller sees that were signed from `from`
/// to `to` (both included), as the records stood on `as_of`.
#[utoipa::path(get, path = "/metrics/projects", tag = "projects", params(MetricsParams),
    responses((status = 200, body = ProjectMetricsBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn project_metrics(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<MetricsParams>,
) -> ApiResult<Json<ProjectMetricsBody>> {
    let (from, to) = (required_day(&p.from, "from")?, required_day(&p.to, "to")?);
    let as_of = day(&p.as_of, "as_of")?.unwrap_or_else(today);
    let via = p.via_fellows.unwrap_or(false);
    let projects = state.store.projects(&actor, Permission::ProjectRead)?;
    let mut body: ProjectMetricsBody = projects.metrics(Period { from, to }, as_of, via).await?.into();
    body.counting_rules = projects.counting_rules().await?.describe(request_lang());
    Ok(Json(body))
}
