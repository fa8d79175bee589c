//! `/api/v1/audit`: the audit log, newest first, with the page's filters and
//! each event's labels and names beside its codes and ids.

use super::filters::Filters;
use super::rows::Readable;
use crate::AppState;
use crate::api::page_size;
use crate::api::vocab::AuditActionCode;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiQuery, ApiUser, request_lang};
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use guichao_store::audit::AuditQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_events)).merge(super::logins::api_routes())
}

/// One row of an event's before → after table.
#[derive(Serialize, ToSchema)]
pub struct ChangeItem {
    /// The field's label.
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Serialize, ToSchema)]
pub struct Event {
    /// Position in the tenant's hash chain.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    /// The name the event was recorded under (a username, or `system`).
    pub actor_name: String,
    /// The user's display name (username), or who did it when no user did.
    pub actor_display: String,
    /// The user's unit.
    pub actor_unit: String,
    #[schema(value_type = AuditActionCode)]
    pub action: String,
    /// The action as people read it (a generic label for an unknown code).
    pub action_label: String,
    pub target_type: String,
    pub target_id: String,
    /// The record's name (never the name of a fellow out of the caller's scope).
    pub target_name: String,
    /// The event as a sentence, for those that carry counts, reasons or a file.
    pub summary: Option<String>,
    /// The before → after table, with field labels and names for ids.
    pub changes: Vec<ChangeItem>,
    /// Before and after images, counts, reasons, as stored (null out of scope).
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    pub ip: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EventList {
    pub items: Vec<Event>,
    /// The number of events the filters match.
    pub total: u64,
    /// The path of the next (older) page, or null.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListEvents {
    /// First day (China time), `2026-01-31`.
    pub from: Option<String>,
    /// Last day (China time, included).
    pub to: Option<String>,
    /// Only events done by this user.
    pub user: Option<Uuid>,
    /// Only this action.
    #[param(value_type = Option<AuditActionCode>)]
    pub action: Option<String>,
    /// Only events about a record of this name (a fellow, chamber, user or unit).
    pub object: Option<String>,
    /// Only events about this record (`fellow`, `chamber`, `user` or `unit`, with `target_id`).
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// Keyset cursor: events before this sequence number.
    pub before: Option<i64>,
    /// Page size, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

impl ListEvents {
    fn filters(&self) -> Filters {
        Filters {
            from: self.from.clone(),
            to: self.to.clone(),
            user: self.user.map(|u| u.to_string()),
            action: self.action.clone(),
            object: self.object.clone(),
            target_type: self.target_type.clone(),
            target_id: self.target_id.clone(),
        }
    }
}

/// The audit log of the caller's county; needs `audit.read`.
#[utoipa::path(get, path = "/audit", tag = "audit", params(ListEvents),
    responses((status = 200, body = EventList), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_events(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<ListEvents>,
) -> ApiResult<Json<EventList>> {
    let limit = page_size(q.limit)?;
    let filters = q.filters();
    let query = AuditQuery { before: q.before, limit, ..filters.query()? };
    let audit = state.store.audit(&actor)?;
    let (entries, total) = (audit.list(&query).await?, audit.count(&query).await?);
    let next = (entries.len() as u64 == limit).then(|| {
        let qs = filters.query_string();
        let last = entries[entries.len() - 1].seq;
        format!("/api/v1/audit?limit={limit}&before={last}{}{qs}", if qs.is_empty() { "" } else { "&" })
    });
    let lang = request_lang();
    let items = entries
        .into_iter()
        .map(|e| {
            let r = Readable::new(&e, &actor, lang);
            Event {
                seq: e.seq,
                at: e.at,
                actor_id: e.actor_id,
                actor_name: e.actor_name,
                actor_display: r.who,
                actor_unit: r.unit,
                action: e.action,
                action_label: r.action,
                target_type: e.target_type,
                target_id: e.target_id,
                target_name: r.object,
                summary: r.summary,
                changes: r
                    .changes
                    .into_iter()
                    .map(|c| ChangeItem { field: c.field.to_string(), before: c.before, after: c.after })
                    .collect(),
                detail: e.detail,
                ip: e.ip,
            }
        })
        .collect();
    Ok(Json(EventList { items, total, next }))
}
