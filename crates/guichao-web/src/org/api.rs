//! `/api/v1/org/units`: the org tree, a level at a time, and its editing.

use crate::AppState;
use crate::api::vocab::UnitLevelCode;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_store::org::UnitNode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_units, create_unit)).routes(routes!(get_unit, rename_unit, delete_unit))
}

/// An org unit: the county, a township or a village.
#[derive(Serialize, ToSchema)]
pub struct Unit {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    #[schema(value_type = UnitLevelCode)]
    pub level: String,
    /// Units directly below this one that the caller may see.
    pub child_count: u64,
}

impl From<UnitNode> for Unit {
    fn from(u: UnitNode) -> Unit {
        Unit {
            id: u.id,
            parent_id: u.parent_id,
            name: u.name,
            level: u.level.code().to_string(),
            child_count: u.child_count,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListUnits {
    /// The parent whose children to list; without it, the top of the tree as the
    /// caller sees it.
    pub parent: Option<Uuid>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewUnit {
    pub parent_id: Uuid,
    pub name: String,
}

#[derive(Deserialize, ToSchema)]
pub struct UnitRename {
    pub name: String,
}

/// Children of a unit (or the top of the tree), in the caller's scope.
#[utoipa::path(get, path = "/org/units", tag = "org", params(ListUnits),
    responses((status = 200, body = Vec<Unit>), (status = 401, body = ErrorBody)))]
async fn list_units(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<ListUnits>,
) -> ApiResult<Json<Vec<Unit>>> {
    let units = state.store.unit_children(&actor, q.parent).await?;
    Ok(Json(units.into_iter().map(Unit::from).collect()))
}

/// One unit; 404 when missing or outside the caller's scope.
#[utoipa::path(get, path = "/org/units/{id}", tag = "org", params(("id" = Uuid, Path, description = "Org unit id")),
    responses((status = 200, body = Unit), (status = 404, body = ErrorBody)))]
async fn get_unit(State(state): State<AppState>, ApiUser(actor): ApiUser, ApiId(id): ApiId) -> ApiResult<Json<Unit>> {
    Ok(Json(state.store.unit(&actor, Permission::OrgRead, id).await?.into()))
}

/// Adds a unit below `parent_id` (a township below the county, a village below a township).
#[utoipa::path(post, path = "/org/units", tag = "org", request_body = NewUnit,
    responses((status = 201, body = Unit), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_unit(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<NewUnit>,
) -> ApiResult<(StatusCode, Json<Unit>)> {
    let unit = state.store.create_unit(&actor, body.parent_id, &body.name).await?;
    Ok((StatusCode::CREATED, Json(unit.into())))
}

/// Renames a unit.
#[utoipa::path(patch, path = "/org/units/{id}", tag = "org", params(("id" = Uuid, Path, description = "Org unit id")), request_body = UnitRename,
    responses((status = 200, body = Unit), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn rename_unit(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<UnitRename>,
) -> ApiResult<Json<Unit>> {
    state.store.rename_unit(&actor, id, &body.name).await?;
    Ok(Json(state.store.unit(&actor, Permission::OrgRead, id).await?.into()))
}

/// Removes a unit with no units or users below it.
#[utoipa::path(delete, path = "/org/units/{id}", tag = "org", params(("id" = Uuid, Path, description = "Org unit id")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn delete_unit(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<StatusCode> {
    state.store.delete_unit(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
