//! `/api/v1/audit`: the audit log, newest first.

use crate::AppState;
use crate::api::page_size;
use crate::api::vocab::AuditActionCode;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use guichao_store::audit::{AuditEntry, AuditQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_events))
}

#[derive(Serialize, ToSchema)]
pub struct Event {
    /// Position in the tenant's hash chain.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    #[schema(value_type = AuditActionCode)]
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    /// The target's current name (users and org units).
    pub target_name: Option<String>,
    /// Before and after images, counts, reasons.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    pub ip: Option<String>,
}

impl From<AuditEntry> for Event {
    fn from(e: AuditEntry) -> Event {
        Event {
            seq: e.seq,
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            target_name: e.target_name,
            detail: e.detail,
            ip: e.ip,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventList {
    pub items: Vec<Event>,
    /// The path of the next (older) page, or null.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListEvents {
    /// Only this action.
    #[param(value_type = Option<AuditActionCode>)]
    pub action: Option<String>,
    /// Only events about this record type (with `target_id`).
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// Keyset cursor: events before this sequence number.
    pub before: Option<i64>,
    /// Page size, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// The audit log of the caller's county; needs `audit.read`.
#[utoipa::path(get, path = "/audit", tag = "audit", params(ListEvents),
    responses((status = 200, body = EventList), (status = 403, body = ErrorBody)))]
async fn list_events(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<ListEvents>,
) -> ApiResult<Json<EventList>> {
    let limit = page_size(q.limit)?;
    let target = q.target_type.clone().zip(q.target_id.clone());
    let query = AuditQuery { action: q.action.clone(), target: target.clone(), before: q.before, limit };
    let entries = state.store.audit(&actor)?.list(&query).await?;
    let next = (entries.len() as u64 == limit).then(|| {
        let mut path = format!("/api/v1/audit?limit={limit}&before={}", entries[entries.len() - 1].seq);
        if let Some(a) = &q.action {
            path.push_str(&format!("&action={}", urlencoding::encode(a)));
        }
        if let Some((t, id)) = &target {
            path.push_str(&format!("&target_type={}&target_id={}", urlencoding::encode(t), urlencoding::encode(id)));
        }
        path
    });
    Ok(Json(EventList { items: entries.into_iter().map(Event::from).collect(), next }))
}
