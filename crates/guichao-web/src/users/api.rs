//! `/api/v1/users`: user accounts within the caller's scope.

use crate::AppState;
use crate::api::page_size;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use guichao_store::org::{NewUser, UserDetail, UserEdit, UserQuery, UserSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(set_password))
}

#[derive(Serialize, ToSchema)]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    /// Role codes, e.g. `township_staff`.
    pub roles: Vec<String>,
    pub active: bool,
    /// Set while the account is locked after failed logins.
    pub locked_until: Option<DateTime<Utc>>,
}

impl From<UserSummary> for User {
    fn from(u: UserSummary) -> User {
        User {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            unit_id: u.unit_id,
            unit_name: u.unit_name,
            roles: u.roles,
            active: u.active,
            locked_until: u.locked_until,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserFull {
    #[serde(flatten)]
    pub user: User,
    pub role_ids: Vec<Uuid>,
    /// Send back with an edit; a newer stored version answers 409.
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

impl From<UserDetail> for UserFull {
    fn from(d: UserDetail) -> UserFull {
        UserFull { user: d.summary.into(), role_ids: d.role_ids, version: d.version, created_at: d.created_at }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserList {
    pub items: Vec<User>,
    /// The path of the next page, or null on the last page.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListUsers {
    /// Part of a username or display name.
    pub q: Option<String>,
    /// Keyset cursor: the last username of the previous page.
    pub after: Option<String>,
    /// Page size, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewUserBody {
    pub username: String,
    pub display_name: String,
    pub unit_id: Uuid,
    #[serde(default)]
    pub role_ids: Vec<Uuid>,
    /// Initial password; must meet the password policy.
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct UserEditBody {
    pub display_name: String,
    pub unit_id: Uuid,
    pub role_ids: Vec<Uuid>,
    pub active: bool,
    /// The `version` the edit is based on.
    pub version: i32,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordBody {
    pub password: String,
}

/// Users in the caller's scope, by username.
#[utoipa::path(get, path = "/users", tag = "users", params(ListUsers),
    responses((status = 200, body = UserList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<ListUsers>,
) -> ApiResult<Json<UserList>> {
    let limit = page_size(q.limit)?;
    let users =
        state.store.users(&actor, &UserQuery { q: q.q.clone(), after: q.after, limit, ..UserQuery::default() }).await?;
    let next = (users.len() as u64 == limit).then(|| {
        let mut path =
            format!("/api/v1/users?limit={limit}&after={}", urlencoding::encode(&users[users.len() - 1].username));
        if let Some(text) = &q.q {
            path.push_str(&format!("&q={}", urlencoding::encode(text)));
        }
        path
    });
    Ok(Json(UserList { items: users.into_iter().map(User::from).collect(), next }))
}

/// One user; 404 when missing or outside the caller's scope.
#[utoipa::path(get, path = "/users/{id}", tag = "users", params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, body = UserFull), (status = 404, body = ErrorBody)))]
async fn get_user(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<UserFull>> {
    Ok(Json(state.store.user(&actor, id).await?.into()))
}

/// Creates a user. The unit must be in the caller's scope and the roles within
/// what the caller holds.
#[utoipa::path(post, path = "/users", tag = "users", request_body = NewUserBody,
    responses((status = 201, body = UserFull), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<NewUserBody>,
) -> ApiResult<(StatusCode, Json<UserFull>)> {
    let new = NewUser {
        username: b.username,
        display_name: b.display_name,
        unit_id: b.unit_id,
        role_ids: b.role_ids,
        password: b.password,
    };
    let id = state.store.create_user(&actor, new).await?;
    Ok((StatusCode::CREATED, Json(state.store.user(&actor, id).await?.into())))
}

/// Edits a user's name, unit, roles and status; 409 when `version` is stale.
///
/// 403 when the user holds a role the caller could not grant. Disabling a user
/// ends their sessions and revokes their API tokens for good. 422 when the
/// edit would leave no active user able to manage an administrative role
/// (the last system admin keeps the role and stays enabled).
#[utoipa::path(put, path = "/users/{id}", tag = "users", params(("id" = Uuid, Path, description = "User id")), request_body = UserEditBody,
    responses((status = 200, body = UserFull), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_user(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<UserEditBody>,
) -> ApiResult<Json<UserFull>> {
    let edit = UserEdit {
        display_name: b.display_name,
        unit_id: b.unit_id,
        role_ids: b.role_ids,
        active: b.active,
        version: b.version,
    };
    state.store.update_user(&actor, id, edit).await?;
    Ok(Json(state.store.user(&actor, id).await?.into()))
}

/// Sets a user's password (and unlocks the account).
///
/// Every session of the user ends and their API tokens are revoked. 403 when
/// the user holds a role the caller could not grant.
#[utoipa::path(put, path = "/users/{id}/password", tag = "users", params(("id" = Uuid, Path, description = "User id")), request_body = PasswordBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_password(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<PasswordBody>,
) -> ApiResult<StatusCode> {
    state.store.reset_password(&actor, id, &b.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
