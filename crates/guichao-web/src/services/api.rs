//! `/api/v1/services`: the lists (mine, my unit's, overdue, all), recording
//! a request, reading one, its steps, replies, reassignment and the
//! requester's satisfaction, and the report for a period. A broken rule
//! answers 422 with the field under `error.fields`; nothing is written. A
//! request outside the caller's reach answers 404.

use super::api_types::{
    AssignBody, ReplyBody, ReportBody, SatisfactionBody, ServiceBody, ServiceList, ServiceView, TransitionBody,
};
use super::{kind_param, status_param};
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::{page_offset, page_size};
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use crate::projects::api::required_day;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::projects::Period;
use guichao_domain::services::{Requester, ServiceDraft};
use guichao_store::Actor;
use guichao_store::services::{ListFilter, ServiceQuery};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(report))
        .routes(routes!(get_one))
        .routes(routes!(transition))
        .routes(routes!(reply))
        .routes(routes!(satisfaction))
        .routes(routes!(assign))
        .merge(super::api_documents::routes())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `mine` (assigned to the caller, the default), `unit` (handled by the
    /// caller's unit), `overdue` (past the deadline and open, as of today)
    /// or `all`.
    pub filter: Option<String>,
    /// Only requests of this kind.
    #[param(value_type = Option<crate::api::vocab::ServiceKindCode>)]
    pub kind: Option<String>,
    /// Requests per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// Requests to skip (default 0).
    pub offset: Option<u64>,
}

/// The filter a query names, or 422.
pub(super) fn filter_param(value: &Option<String>) -> Result<ListFilter, AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(ListFilter::Mine),
        Some(code) => ListFilter::parse(code).ok_or_else(|| {
            AppError::invalid("filter 应为 mine、unit、overdue 或 all", "filter is mine, unit, overdue or all")
        }),
    }
}

/// The requests the caller sees, newest received first.
#[utoipa::path(get, path = "/services", tag = "services", params(ListParams),
    responses((status = 200, body = ServiceList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> FieldApiResult<Json<ServiceList>> {
    let q = ServiceQuery {
        filter: filter_param(&p.filter)?,
        kind: kind_param(&p.kind)?,
        today: today(),
        offset: page_offset(p.offset)?,
        limit: page_size(p.limit)?,
    };
    let (rows, total) = state.store.services(&actor, Permission::ServiceRead)?.list(&q).await?;
    Ok(Json(ServiceList { items: rows.into_iter().map(Into::into).collect(), total }))
}

async fn view(state: &AppState, actor: &Actor, id: Uuid) -> FieldApiResult<ServiceView> {
    Ok(state.store.services(actor, Permission::ServiceRead)?.get(id, today()).await?.into())
}

/// Records a request for a fellow the caller sees (`fellow_id`) or a
/// returnee not in the registry (`returnee`), handled by a unit in the
/// caller's reach. The deadline follows from the kind's time limit.
#[utoipa::path(post, path = "/services", tag = "services", request_body = ServiceBody,
    responses((status = 201, body = ServiceView), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<ServiceBody>,
) -> FieldApiResult<(StatusCode, Json<ServiceView>)> {
    let services = state.store.services(&actor, Permission::ServiceWrite)?;
    let kind = kind_param(&Some(body.kind.clone()))?
        .ok_or_else(|| AppError::invalid("请选择诉求类别", "Choose the kind of request"))?;
    let requester = match (body.fellow_id, body.returnee) {
        (Some(id), None) => Requester::Fellow(id),
        (None, Some(r)) => Requester::Returnee { name: r.name, phone: r.phone, township_id: r.township_id },
        _ => {
            return Err(FieldApiError::Fields(vec![guichao_domain::fellows::FormError::new(
                "fellow_id",
                "请选择乡友，或填写未入库返乡人员的姓名和电话（二者选一）",
                "Give either fellow_id or returnee, not both",
            )]));
        }
    };
    let draft = ServiceDraft {
        kind,
        requester,
        subject: body.subject,
        details: body.details,
        unit_id: body.unit_id,
        assignee_id: body.assignee_id,
        received_on: body.received_on.unwrap_or_else(today),
    };
    let id = services.create(draft).await?;
    Ok((StatusCode::CREATED, Json(view(&state, &actor, id).await?)))
}

/// One request with its trail and replies.
#[utoipa::path(get, path = "/services/{id}", tag = "services", params(("id" = Uuid, Path, description = "Request id")),
    responses((status = 200, body = ServiceView), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FieldApiResult<Json<ServiceView>> {
    Ok(Json(view(&state, &actor, id).await?))
}

/// Records a step of the trail: accepted, in progress, waiting on the
/// requester, done, or declined (with the reason in `note`); a closed
/// request may be reopened (in progress).
#[utoipa::path(post, path = "/services/{id}/transitions", tag = "services", params(("id" = Uuid, Path, description = "Request id")), request_body = TransitionBody,
    responses((status = 200, body = ServiceView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, description = "Another step landed first: reload and try again", body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn transition(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<TransitionBody>,
) -> FieldApiResult<Json<ServiceView>> {
    let services = state.store.services(&actor, Permission::ServiceWrite)?;
    let to = status_param(&body.status)?;
    services.move_to(id, to, body.on.unwrap_or_else(today), &body.note).await?;
    Ok(Json(view(&state, &actor, id).await?))
}

/// Adds a reply to the requester (`public`) or an internal note.
#[utoipa::path(post, path = "/services/{id}/replies", tag = "services", params(("id" = Uuid, Path, description = "Request id")), request_body = ReplyBody,
    responses((status = 201, body = ServiceView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn reply(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ReplyBody>,
) -> FieldApiResult<(StatusCode, Json<ServiceView>)> {
    state.store.services(&actor, Permission::ServiceWrite)?.reply(id, &body.body, body.public).await?;
    Ok((StatusCode::CREATED, Json(view(&state, &actor, id).await?)))
}

/// Records the requester's satisfaction with a done request.
#[utoipa::path(post, path = "/services/{id}/satisfaction", tag = "services", params(("id" = Uuid, Path, description = "Request id")), request_body = SatisfactionBody,
    responses((status = 200, body = ServiceView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn satisfaction(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<SatisfactionBody>,
) -> FieldApiResult<Json<ServiceView>> {
    let services = state.store.services(&actor, Permission::ServiceWrite)?;
    services.rate(id, body.score, &body.comment, body.on.unwrap_or_else(today)).await?;
    Ok(Json(view(&state, &actor, id).await?))
}

/// Sends a request to another handling unit and assignee in the caller's reach.
#[utoipa::path(post, path = "/services/{id}/assign", tag = "services", params(("id" = Uuid, Path, description = "Request id")), request_body = AssignBody,
    responses((status = 200, body = ServiceView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn assign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<AssignBody>,
) -> FieldApiResult<Json<ServiceView>> {
    state.store.services(&actor, Permission::ServiceWrite)?.assign(id, body.unit_id, body.assignee_id).await?;
    Ok(Json(view(&state, &actor, id).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// The period's first day.
    pub from: Option<String>,
    /// The period's last day, included.
    pub to: Option<String>,
}

/// The report by kind and by handling unit for a period: received, done,
/// done on time, median working days to done, average satisfaction.
#[utoipa::path(get, path = "/services/report", tag = "services", params(ReportParams),
    responses((status = 200, body = ReportBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn report(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> FieldApiResult<Json<ReportBody>> {
    let period = Period { from: required_day(&p.from, "from")?, to: required_day(&p.to, "to")? };
    Ok(Json(state.store.services(&actor, Permission::ServiceRead)?.report(period).await?.into()))
}
