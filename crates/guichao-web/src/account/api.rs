//! `/api/v1/me` and `/api/v1/tokens`: the caller's own account and API tokens.

use crate::AppState;
use crate::api::vocab::{DataScopeCode, PermissionCode};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiUser, SESSION_COOKIE, cookie};
use axum::Json;
use axum::extract::State;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use guichao_store::org::{TokenInfo, TokenLifetime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(list_sessions))
        .routes(routes!(end_session))
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

#[derive(Serialize, ToSchema)]
pub struct Grant {
    #[schema(value_type = PermissionCode)]
    pub permission: String,
    #[schema(value_type = DataScopeCode)]
    pub scope: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub roles: Vec<String>,
    pub grants: Vec<Grant>,
    pub two_factor: TwoFactor,
}

/// The caller's second factor.
#[derive(Serialize, ToSchema)]
pub struct TwoFactor {
    /// An authenticator app is confirmed.
    pub enrolled: bool,
    /// One of the caller's roles requires it (sign-in on the web then asks
    /// for it; API tokens are made after such a sign-in and work as they are).
    pub required: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Token {
    pub id: Uuid,
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// When the token stops working; absent: only when revoked.
    pub expires_at: Option<DateTime<Utc>>,
}

impl From<TokenInfo> for Token {
    fn from(t: TokenInfo) -> Token {
        Token {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
            expires_at: t.expires_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub info: Token,
    /// The secret: shown this once, never again. Send as `Authorization: Bearer <token>`.
    pub token: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewTokenBody {
    pub name: String,
    /// Days the token works, 1 to 3650; absent or null: until revoked.
    pub expires_days: Option<u32>,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

/// The caller: account, unit, roles and effective permissions.
#[utoipa::path(get, path = "/me", tag = "account",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(ApiUser(actor): ApiUser) -> Json<Me> {
    Json(Me {
        id: actor.user_id(),
        username: actor.username().to_string(),
        display_name: actor.display_name().to_string(),
        tenant_id: actor.tenant_id(),
        tenant_name: actor.tenant_name().to_string(),
        unit_id: actor.unit_id(),
        unit_name: actor.unit_name().to_string(),
        roles: actor.roles().iter().map(|(code, _)| code.clone()).collect(),
        grants: actor
            .grants()
            .iter()
            .map(|(p, s)| Grant { permission: p.code().into(), scope: s.code().into() })
            .collect(),
        two_factor: TwoFactor { enrolled: actor.two_factor_enrolled(), required: actor.two_factor_required() },
    })
}

/// Changes the caller's own password.
///
/// Every session of the caller ends (the calling one too) and every API token
/// of theirs is revoked, the calling one included.
#[utoipa::path(put, path = "/me/password", tag = "account", request_body = PasswordChange,
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    state.store.change_own_password(&actor, &b.current, &b.new).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One of the caller's live sign-in sessions.
#[derive(Serialize, ToSchema)]
pub struct Session {
    pub id: Uuid,
    /// The browser and system in a few words.
    pub device: String,
    /// The browser's `User-Agent` at sign-in.
    pub user_agent: Option<String>,
    /// The address it signed in from.
    pub ip: Option<String>,
    pub signed_in_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// The session this call was made with (false for a bearer token).
    pub current: bool,
}

/// The caller's live sessions, the most recently seen first.
#[utoipa::path(get, path = "/me/sessions", tag = "account", responses((status = 200, body = Vec<Session>)))]
async fn list_sessions(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    headers: HeaderMap,
) -> ApiResult<Json<Vec<Session>>> {
    let this = this_session(&headers);
    let lang = crate::extract::request_lang();
    let sessions = state.store.my_sessions(&actor, state.config.session, this.as_deref()).await?;
    Ok(Json(
        sessions
            .into_iter()
            .map(|s| Session {
                device: guichao_domain::auth::describe_user_agent(s.user_agent.as_deref(), lang),
                id: s.id,
                user_agent: s.user_agent,
                ip: s.ip,
                signed_in_at: s.signed_in_at,
                last_seen_at: s.last_seen_at,
                current: s.current,
            })
            .collect(),
    ))
}

/// Ends one of the caller's sessions (signing that browser out).
#[utoipa::path(delete, path = "/me/sessions/{id}", tag = "account", params(("id" = Uuid, Path, description = "Session id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn end_session(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<StatusCode> {
    state.store.end_my_session(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The session cookie a call came with, unless it went by a bearer token
/// (what `ApiUser` reads first).
fn this_session(headers: &HeaderMap) -> Option<String> {
    if headers.contains_key(AUTHORIZATION) { None } else { cookie(headers, SESSION_COOKIE) }
}

/// The caller's API tokens, newest first.
#[utoipa::path(get, path = "/tokens", tag = "account", responses((status = 200, body = Vec<Token>)))]
async fn list_tokens(State(state): State<AppState>, ApiUser(actor): ApiUser) -> ApiResult<Json<Vec<Token>>> {
    Ok(Json(state.store.tokens(&actor).await?.into_iter().map(Token::from).collect()))
}

/// Creates a token that acts as the caller, with the caller's scope.
#[utoipa::path(post, path = "/tokens", tag = "account", request_body = NewTokenBody,
    responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<NewTokenBody>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    let lifetime = b.expires_days.map_or(Ok(TokenLifetime::Forever), |d| TokenLifetime::parse(&d.to_string()))?;
    let created = state.store.create_token_for_days(&actor, &b.name, lifetime).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { info: created.info.into(), token: created.token })))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/tokens/{id}", tag = "account", params(("id" = Uuid, Path, description = "Token id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<StatusCode> {
    state.store.revoke_token(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
