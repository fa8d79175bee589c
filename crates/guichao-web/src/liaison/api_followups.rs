//! `/api/v1/followups`: the caller's follow-ups by filter (due, overdue,
//! done, open) as of a day, a page at a time; closing one with a result.

use super::followups::{code, parse_filter};
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::vocab::ContactKindCode;
use crate::api::{page_offset, page_size};
use crate::error::ErrorBody;
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::Permission;
use guichao_domain::date::{parse_date, today};
use guichao_domain::fellows::FormError;
use guichao_store::contacts::{FollowUpQuery, FollowUpRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_followups)).routes(routes!(finish_followup))
}

/// A fellow a follow-up's contact names; `name` is null for one the caller may not see.
#[derive(Serialize, ToSchema)]
pub struct FollowUpFellow {
    pub fellow_id: Uuid,
    pub name: Option<String>,
}

/// A follow-up with the contact that left it.
#[derive(Serialize, ToSchema)]
pub struct FollowUp {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub contact_date: NaiveDate,
    #[schema(value_type = ContactKindCode)]
    pub kind: String,
    pub fellows: Vec<FollowUpFellow>,
    pub what: String,
    pub owner_id: Uuid,
    pub owner: String,
    pub due: NaiveDate,
    /// Days past `due` on the day asked about, for an open one; else 0.
    pub days_overdue: i64,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<Uuid>,
    /// The one line that closed it; empty while open.
    pub result: String,
}

impl FollowUp {
    fn new(r: FollowUpRow, as_of: NaiveDate) -> FollowUp {
        FollowUp {
            days_overdue: if r.done_at.is_none() { (as_of - r.due).num_days().max(0) } else { 0 },
            id: r.id,
            contact_id: r.contact_id,
            contact_date: r.contact_date,
            kind: r.kind.code().into(),
            fellows: r.fellows.into_iter().map(|f| FollowUpFellow { fellow_id: f.fellow_id, name: f.name }).collect(),
            what: r.what,
            owner_id: r.owner_id,
            owner: r.owner,
            due: r.due,
            done_at: r.done_at,
            done_by: r.done_by,
            result: r.result,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FollowUpList {
    pub items: Vec<FollowUp>,
    /// How many follow-ups the filter matches.
    pub total: u64,
    /// The path of the next page, or null on the last page.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowUpParams {
    /// `due` (open, due on or after `as_of`), `overdue` (open, due before it),
    /// `done` (latest first) or `open` (every open one; the default).
    pub filter: Option<String>,
    /// The day asked about, `2026-01-31`; today (China time) when absent.
    pub as_of: Option<String>,
    /// Follow-ups per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// How many to skip (the `next` link carries it).
    pub offset: Option<u64>,
}

/// Closes a follow-up with a one-line result.
#[derive(Deserialize, ToSchema)]
pub struct FinishBody {
    /// 1-200 characters, required.
    pub result: Option<String>,
}

fn field(field: &'static str, message: guichao_domain::Msg) -> FieldApiError {
    FieldApiError::Fields(vec![FormError { field, message }])
}

/// The caller's own follow-ups: soonest due first (done: latest done first).
#[utoipa::path(get, path = "/followups", tag = "liaison", params(FollowUpParams),
    responses((status = 200, body = FollowUpList), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn list_followups(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<FollowUpParams>,
) -> FieldApiResult<Json<FollowUpList>> {
    let limit = page_size(q.limit)?;
    let filter = parse_filter(q.filter.as_deref()).ok_or_else(|| {
        field(
            "filter",
            guichao_domain::Msg::new("filter 应为 due、overdue、done 或 open", "filter is due, overdue, done or open"),
        )
    })?;
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => today(),
        Some(t) => parse_date(t).map_err(|e| field("as_of", e.msg("统计日期", "as-of date", t)))?,
    };
    let offset = page_offset(q.offset)?;
    let query = FollowUpQuery { filter, as_of, offset, limit };
    let (rows, total) = state.store.contacts(&actor, Permission::LiaisonRead)?.followups(&query).await?;
    let next = (offset + (rows.len() as u64) < total).then(|| {
        format!(
            "/api/v1/followups?filter={}&as_of={as_of}&limit={limit}&offset={}",
            code(filter),
            offset + rows.len() as u64
        )
    });
    Ok(Json(FollowUpList { items: rows.into_iter().map(|r| FollowUp::new(r, as_of)).collect(), total, next }))
}

/// Marks a follow-up done with a one-line result: for its owner and the
/// author of its contact. 404 for one the caller may not see; 409 when done already.
#[utoipa::path(post, path = "/followups/{id}/done", tag = "liaison", request_body = FinishBody,
    params(("id" = Uuid, Path, description = "Follow-up id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn finish_followup(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<FinishBody>,
) -> FieldApiResult<StatusCode> {
    let result = b.result.unwrap_or_default();
    state.store.contacts(&actor, Permission::LiaisonWrite)?.finish(id, &result).await?;
    Ok(StatusCode::NO_CONTENT)
}
