//! `/api/v1/liaison/overdue`: the overdue assignments the caller may see as
//! of a day, filtered by the fellow's township, the cadre and the level, most
//! days overdue first, a page at a time.

use super::overdue_filter::OverdueText;
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::vocab::LiaisonLevelCode;
use crate::api::{page_offset, page_size};
use crate::error::ErrorBody;
use crate::extract::{ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_store::contacts::{OverdueQuery, OverdueRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_overdue))
}

/// An assignment past its contact cycle.
#[derive(Serialize, ToSchema)]
pub struct OverdueItem {
    pub assignment_id: Uuid,
    pub fellow_id: Uuid,
    pub fellow_name: String,
    /// The fellow's home township.
    pub township: String,
    pub cadre_id: Uuid,
    pub cadre_name: String,
    #[schema(value_type = LiaisonLevelCode)]
    pub level: String,
    pub cycle_days: i32,
    /// The cadre's last contact with the fellow; null when never contacted
    /// (the cycle then counts from the assignment's start).
    pub last_contact: Option<NaiveDate>,
    pub days_overdue: i64,
}

impl From<OverdueRow> for OverdueItem {
    fn from(r: OverdueRow) -> OverdueItem {
        OverdueItem {
            assignment_id: r.assignment_id,
            fellow_id: r.fellow_id,
            fellow_name: r.fellow_name,
            township: r.township,
            cadre_id: r.cadre_id,
            cadre_name: r.cadre_name,
            level: r.level.code().into(),
            cycle_days: r.cycle_days,
            last_contact: r.last_contact,
            days_overdue: r.days_overdue,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OverdueList {
    pub items: Vec<OverdueItem>,
    /// How many overdue assignments the filters match.
    pub total: u64,
    /// The path of the next page, or null on the last page.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverdueParams {
    /// Only fellows of this home township.
    pub township_id: Option<String>,
    /// Only this cadre's assignments.
    pub cadre_id: Option<String>,
    /// Only assignments at this level (`county`, `township`, `village`).
    #[param(value_type = Option<LiaisonLevelCode>)]
    pub level: Option<String>,
    /// The day asked about, `2026-01-31`; today (China time) when absent.
    pub as_of: Option<String>,
    /// Rows per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// How many to skip (the `next` link carries it).
    pub offset: Option<u64>,
}

/// Overdue assignments to fellows the caller may see, most days overdue first.
#[utoipa::path(get, path = "/liaison/overdue", tag = "liaison", params(OverdueParams),
    responses((status = 200, body = OverdueList), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn list_overdue(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<OverdueParams>,
) -> FieldApiResult<Json<OverdueList>> {
    let limit = page_size(q.limit)?;
    let text = OverdueText {
        township_id: q.township_id.clone(),
        cadre_id: q.cadre_id.clone(),
        level: q.level.clone(),
        as_of: q.as_of.clone(),
    };
    let filter = text.read().map_err(FieldApiError::Fields)?;
    let offset = page_offset(q.offset)?;
    let query = OverdueQuery {
        township_id: filter.township_id,
        cadre_id: filter.cadre_id,
        level: filter.level,
        as_of: filter.as_of,
        offset,
        limit,
    };
    let (rows, total) = state.store.contacts(&actor, Permission::LiaisonRead)?.overdue(&query).await?;
    let shown = offset + rows.len() as u64;
    let next = (shown < total).then(|| {
        let mut path = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("township_id", &filter.township_id), ("cadre_id", &filter.cadre_id)] {
            if let Some(v) = v {
                path.append_pair(k, &v.to_string());
            }
        }
        if let Some(l) = filter.level {
            path.append_pair("level", l.code());
        }
        path.append_pair("as_of", &filter.as_of.to_string());
        path.append_pair("limit", &limit.to_string());
        path.append_pair("offset", &shown.to_string());
        format!("/api/v1/liaison/overdue?{}", path.finish())
    });
    Ok(Json(OverdueList { items: rows.into_iter().map(Into::into).collect(), total, next }))
}
