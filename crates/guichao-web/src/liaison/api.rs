//! `/api/v1/liaison`: the caller's own fellows, assigning cadres (one fellow
//! or many, all or nothing), ending assignments, a fellow's live assignments,
//! and the cadres who may be chosen.

use crate::AppState;
use crate::api::page_size;
use crate::api::vocab::LiaisonLevelCode;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use guichao_domain::access::Permission;
use guichao_domain::liaison::DEFAULT_CYCLE_DAYS;
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::fellows::AssignmentRow;
use guichao_store::liaison::{AssignmentDraft, CadreChoice, MyFellowRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(liaison_mine))
        .routes(routes!(liaison_assign))
        .routes(routes!(liaison_end))
        .routes(routes!(list_fellow_assignments))
        .routes(routes!(liaison_cadres))
        .merge(crate::contacts::api::routes())
        .merge(super::api_followups::routes())
        .merge(super::api_overdue::routes())
        .merge(super::coverage_api::routes())
}

/// One live assignment of the caller, with its fellow.
#[derive(Serialize, ToSchema)]
pub struct MyFellow {
    pub assignment_id: Uuid,
    pub fellow_id: Uuid,
    pub name: String,
    pub township: String,
    pub village: String,
    pub city: String,
    pub employer: String,
    #[schema(value_type = LiaisonLevelCode)]
    pub level: String,
    pub cycle_days: i32,
    pub started_at: DateTime<Utc>,
}

impl From<MyFellowRow> for MyFellow {
    fn from(r: MyFellowRow) -> MyFellow {
        MyFellow {
            assignment_id: r.assignment_id,
            fellow_id: r.fellow_id,
            name: r.name,
            township: r.township,
            village: r.village,
            city: r.city,
            employer: r.employer,
            level: r.level.code().into(),
            cycle_days: r.cycle_days,
            started_at: r.started_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MyFellowList {
    pub items: Vec<MyFellow>,
    /// The path of the next page, or null on the last page.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MineParams {
    /// Fellows per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// Keyset cursor: the name of the last fellow of the previous page.
    pub after_name: Option<String>,
    /// Keyset cursor: the id of that fellow.
    pub after_id: Option<Uuid>,
}

/// Assigns one cadre to one fellow (`fellow_id`) or to many (`fellow_ids`).
#[derive(Deserialize, ToSchema)]
pub struct AssignBody {
    pub fellow_id: Option<Uuid>,
    #[serde(default)]
    pub fellow_ids: Vec<Uuid>,
    pub cadre_id: Uuid,
    #[schema(value_type = LiaisonLevelCode)]
    pub level: String,
    /// 1-365 days; 90 when absent.
    pub cycle_days: Option<i32>,
}

/// A live assignment made by a call.
#[derive(Serialize, ToSchema)]
pub struct Assigned {
    pub id: Uuid,
    pub fellow_id: Uuid,
}

/// A live assignment of a fellow.
#[derive(Serialize, ToSchema)]
pub struct LiaisonAssignment {
    pub id: Uuid,
    pub cadre_id: Uuid,
    pub cadre_name: String,
    #[schema(value_type = LiaisonLevelCode)]
    pub level: String,
    pub cycle_days: i32,
    pub started_at: DateTime<Utc>,
}

impl From<AssignmentRow> for LiaisonAssignment {
    fn from(a: AssignmentRow) -> LiaisonAssignment {
        LiaisonAssignment {
            id: a.id,
            cadre_id: a.cadre_id,
            cadre_name: a.cadre_name,
            level: a.level,
            cycle_days: a.cycle_days,
            started_at: a.started_at,
        }
    }
}

/// A user who may be chosen as the cadre.
#[derive(Serialize, ToSchema)]
pub struct LiaisonCadre {
    pub user_id: Uuid,
    pub display_name: String,
    pub unit_name: String,
}

impl From<CadreChoice> for LiaisonCadre {
    fn from(c: CadreChoice) -> LiaisonCadre {
        LiaisonCadre { user_id: c.user_id, display_name: c.display_name, unit_name: c.unit_name }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CadreParams {
    /// The fellow to assign (or a township or village unit id).
    pub fellow_id: Uuid,
    #[param(value_type = LiaisonLevelCode)]
    pub level: String,
}

fn level(code: &str) -> Result<LiaisonLevel, AppError> {
    LiaisonLevel::parse(code).ok_or_else(|| {
        AppError::invalid("level 应为 county、township 或 village", "level is county, township or village")
    })
}

/// The fellows the caller keeps in touch with, by name (one item per assignment).
#[utoipa::path(get, path = "/liaison/mine", tag = "liaison", params(MineParams),
    responses((status = 200, body = MyFellowList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn liaison_mine(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<MineParams>,
) -> ApiResult<Json<MyFellowList>> {
    let limit = page_size(q.limit)?;
    let rows = state.store.liaison(&actor, Permission::LiaisonRead)?.mine(limit, q.after_name.zip(q.after_id)).await?;
    let fellows = rows.iter().map(|r| r.fellow_id).collect::<std::collections::BTreeSet<_>>().len() as u64;
    let next = (fellows == limit).then(|| {
        let last = &rows[rows.len() - 1];
        format!(
            "/api/v1/liaison/mine?limit={limit}&after_name={}&after_id={}",
            urlencoding::encode(&last.name),
            last.fellow_id
        )
    });
    Ok(Json(MyFellowList { items: rows.into_iter().map(Into::into).collect(), next }))
}

/// Assigns a cadre at a level to one or many fellows, all or nothing. A fellow
/// holding another cadre at that level gets the new one (the old assignment ends).
#[utoipa::path(post, path = "/liaison/assignments", tag = "liaison", request_body = AssignBody,
    responses((status = 201, body = Vec<Assigned>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn liaison_assign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<AssignBody>,
) -> ApiResult<(StatusCode, Json<Vec<Assigned>>)> {
    let fellows: Vec<Uuid> = b.fellow_id.into_iter().chain(b.fellow_ids).collect();
    let draft = AssignmentDraft {
        cadre_id: b.cadre_id,
        level: level(&b.level)?,
        cycle_days: b.cycle_days.unwrap_or(DEFAULT_CYCLE_DAYS),
    };
    let ids = state.store.liaison(&actor, Permission::LiaisonWrite)?.assign_bulk(&fellows, draft).await?;
    // The store answers once per distinct fellow, in the order given.
    let mut distinct: Vec<Uuid> = Vec::with_capacity(ids.len());
    for f in fellows {
        if !distinct.contains(&f) {
            distinct.push(f);
        }
    }
    let made = ids.into_iter().zip(distinct).map(|(id, fellow_id)| Assigned { id, fellow_id }).collect();
    Ok((StatusCode::CREATED, Json(made)))
}

/// Ends a live assignment; 409 when it has already ended.
#[utoipa::path(post, path = "/liaison/assignments/{id}/end", tag = "liaison", params(("id" = Uuid, Path, description = "Assignment id")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn liaison_end(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<StatusCode> {
    state.store.liaison(&actor, Permission::LiaisonWrite)?.end(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A fellow's live assignments, county level first.
#[utoipa::path(get, path = "/fellows/{id}/assignments", tag = "liaison", params(("id" = Uuid, Path, description = "Fellow id")),
    responses((status = 200, body = Vec<LiaisonAssignment>), (status = 404, body = ErrorBody)))]
async fn list_fellow_assignments(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<LiaisonAssignment>>> {
    Ok(Json(
        state
            .store
            .liaison(&actor, Permission::LiaisonRead)?
            .of_fellow(id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// The users who may be assigned to a fellow at a level, by name.
#[utoipa::path(get, path = "/liaison/cadres", tag = "liaison", params(CadreParams),
    responses((status = 200, body = Vec<LiaisonCadre>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn liaison_cadres(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<CadreParams>,
) -> ApiResult<Json<Vec<LiaisonCadre>>> {
    let found = state.store.liaison(&actor, Permission::LiaisonWrite)?.cadres(q.fellow_id, level(&q.level)?).await?;
    Ok(Json(found.into_iter().map(Into::into).collect()))
}
