//! The project writes of `/api/v1/projects`: create and replace a project,
//! record a stage event, credit a fellow (and take a credit back), record
//! funds in place. Each answers the project as it now stands; a broken rule
//! is a 422 naming its field, and nothing is written.

use super::api_body::{CreditBody, FundsBody, ProjectBody, StageEventBody, role_of};
use super::api_types::ProjectView;
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::chambers::ApiTwoIds;
use crate::error::ErrorBody;
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_store::{Actor, Store, StoreError};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_project))
        .routes(routes!(replace_project))
        .routes(routes!(add_event))
        .routes(routes!(credit_fellow))
        .routes(routes!(remove_credit))
        .routes(routes!(add_funds))
}

/// A store refusal under the names the body uses (`date` where the store says `on`).
fn as_body(e: StoreError) -> FieldApiError {
    match FieldApiError::from(e) {
        FieldApiError::Fields(mut fields) => {
            for f in fields.iter_mut().filter(|f| f.field == "on") {
                f.field = "date";
            }
            FieldApiError::Fields(fields)
        }
        other => other,
    }
}

/// The project as the caller now reads it.
async fn view(store: &Store, actor: &Actor, id: Uuid) -> FieldApiResult<Json<ProjectView>> {
    Ok(Json(store.projects(actor, Permission::ProjectRead)?.get(id).await?.into()))
}

/// Records a project (its stages, credits and funds are recorded apart).
#[utoipa::path(post, path = "/projects", tag = "projects", request_body = ProjectBody,
    responses((status = 201, body = ProjectView), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn create_project(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<ProjectBody>,
) -> FieldApiResult<(StatusCode, Json<ProjectView>)> {
    let (draft, company, _) = body.draft(actor.unit_id())?;
    let id = state.store.projects(&actor, Permission::ProjectWrite)?.create_with_company(draft, company).await?;
    Ok((StatusCode::CREATED, view(&state.store, &actor, id).await?))
}

/// Replaces a project's facts and team; with `version`, a save by someone
/// else since is a 409.
#[utoipa::path(put, path = "/projects/{id}", tag = "projects", params(("id" = Uuid, Path, description = "Project id")), request_body = ProjectBody,
    responses((status = 200, body = ProjectView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn replace_project(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ProjectBody>,
) -> FieldApiResult<Json<ProjectView>> {
    let (draft, company, version) = body.draft(actor.unit_id())?;
    state.store.projects(&actor, Permission::ProjectWrite)?.update(id, draft, company, version).await?;
    view(&state.store, &actor, id).await
}

/// Records a stage the project reached, a drop, or a correction of an
/// earlier event (`supersedes` with a `reason`). Dates run in the order of
/// the stages unless a reason says why not.
#[utoipa::path(post, path = "/projects/{id}/events", tag = "projects", params(("id" = Uuid, Path, description = "Project id")), request_body = StageEventBody,
    responses((status = 201, body = ProjectView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add_event(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<StageEventBody>,
) -> FieldApiResult<(StatusCode, Json<ProjectView>)> {
    state.store.projects(&actor, Permission::ProjectWrite)?.add_event(id, body.event()?).await.map_err(as_body)?;
    Ok((StatusCode::CREATED, view(&state.store, &actor, id).await?))
}

/// Credits a fellow the caller may see with the project, in a role.
#[utoipa::path(post, path = "/projects/{id}/fellows", tag = "projects", params(("id" = Uuid, Path, description = "Project id")), request_body = CreditBody,
    responses((status = 201, body = ProjectView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn credit_fellow(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<CreditBody>,
) -> FieldApiResult<(StatusCode, Json<ProjectView>)> {
    let role = body.role()?;
    state.store.projects(&actor, Permission::ProjectWrite)?.link_fellow(id, body.fellow_id, role).await?;
    Ok((StatusCode::CREATED, view(&state.store, &actor, id).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoleParam {
    /// `investor`, `introducer` or `advisor`.
    pub role: Option<String>,
}

/// Takes back a fellow's credit in one role.
#[utoipa::path(delete, path = "/projects/{id}/fellows/{fellow_id}", tag = "projects",
    params(("id" = Uuid, Path, description = "Project id"), ("fellow_id" = Uuid, Path, description = "Fellow id"), RoleParam),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn remove_credit(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, fellow): ApiTwoIds,
    ApiQuery(p): ApiQuery<RoleParam>,
) -> FieldApiResult<StatusCode> {
    let role = role_of(p.role.as_deref())?;
    state.store.projects(&actor, Permission::ProjectWrite)?.unlink_fellow(id, fellow, role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records funds that arrived (到位资金).
#[utoipa::path(post, path = "/projects/{id}/funds", tag = "projects", params(("id" = Uuid, Path, description = "Project id")), request_body = FundsBody,
    responses((status = 201, body = ProjectView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add_funds(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<FundsBody>,
) -> FieldApiResult<(StatusCode, Json<ProjectView>)> {
    let evidence = body.evidence()?;
    let projects = state.store.projects(&actor, Permission::ProjectWrite)?;
    projects.add_funds(id, body.amount_fen, body.date, evidence, &body.note).await.map_err(as_body)?;
    Ok((StatusCode::CREATED, view(&state.store, &actor, id).await?))
}
