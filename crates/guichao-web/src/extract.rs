//! Extractors for what every handler needs: the signed-in user, the language,
//! the client address, and form and JSON bodies whose faults become our errors.

use crate::AppState;
use crate::error::{ApiError, AppError};
use axum::body::Bytes;
use axum::extract::connect_info::MockConnectInfo;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::StatusCode;
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use guichao_domain::Lang;
use guichao_domain::auth::totp::Gate;
use guichao_store::Actor;
use serde::de::DeserializeOwned;
use std::net::SocketAddr;

pub const SESSION_COOKIE: &str = "gc_session";
pub const LANG_COOKIE: &str = "gc_lang";

tokio::task_local! {
    static LANG: Lang;
}

/// The language of the request being answered (Chinese outside a request).
pub fn request_lang() -> Lang {
    LANG.try_with(|l| *l).unwrap_or_default()
}

/// Middleware: decides the request's language once (the `gc_lang` cookie, else
/// for the API `Accept-Language`, else Chinese) and makes it available to
/// handlers and error responses.
pub async fn lang_scope(req: Request, next: Next) -> Response {
    let lang = cookie(req.headers(), LANG_COOKIE)
        .and_then(|c| Lang::parse(&c))
        .or_else(|| {
            req.uri()
                .path()
                .starts_with("/api/")
                .then(|| req.headers().get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::parse))?
        })
        .unwrap_or_default();
    LANG.scope(lang, next.run(req)).await
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The client's address: behind a trusted proxy, the last `X-Forwarded-For`
/// entry (the one the proxy itself added; earlier entries are the client's to
/// forge), else the peer address.
pub fn client_ip(parts: &Parts, state: &AppState) -> Option<String> {
    if state.config.trust_proxy
        && let Some(forwarded) = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(last) = forwarded.rsplit(',').next().map(str::trim).filter(|s| !s.is_empty())
    {
        return Some(last.to_string());
    }
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0)
        .or_else(|| parts.extensions.get::<MockConnectInfo<SocketAddr>>().map(|m| m.0));
    peer.map(|addr| addr.ip().to_string())
}

/// The signed-in user of a page, from the session cookie. Without a live session
/// the page redirects to the login page.
pub struct PageUser {
    pub actor: Actor,
    pub lang: Lang,
    /// The session's cookie: what a form leaves for the next page is kept
    /// under it (`flash`).
    pub session: String,
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let cookie = cookie(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
        let actor = state.store.session_actor(&cookie, state.config.session).await?.ok_or(AppError::Unauthenticated)?;
        // A step of signing in still to pass: nothing but its own page.
        if let Some(gate) = state.store.session_gate(&actor)
            && parts.uri.path() != gate_page(gate)
        {
            return Err(AppError::Gated(gate));
        }
        Ok(PageUser { actor: actor.with_ip(client_ip(parts, state)), lang: request_lang(), session: cookie })
    }
}

/// The one page a session held at `gate` may open (and where it is sent).
pub fn gate_page(gate: Gate) -> &'static str {
    match gate {
        Gate::SecondFactor => crate::auth::SECOND_FACTOR,
        Gate::Enrol => crate::account::ENROL,
        Gate::ChangePassword => crate::account::CHANGE_PASSWORD,
    }
}

/// The one API route a session held at `gate` may call, if any.
fn gate_api(gate: Gate) -> Option<&'static str> {
    match gate {
        Gate::ChangePassword => Some("/api/v1/me/password"),
        Gate::SecondFactor | Gate::Enrol => None,
    }
}

/// The caller of an API route: a bearer token, or a session cookie for calls
/// made by our own pages.
pub struct ApiUser(pub Actor);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let actor = match bearer {
            Some(token) => match state.store.token_actor(token).await? {
                None => return Err(expired(state, token).await?.unwrap_or(AppError::Unauthenticated).into()),
                live => live,
            },
            None => match cookie(&parts.headers, SESSION_COOKIE) {
                Some(c) => {
                    let actor = state.store.session_actor(&c, state.config.session).await?;
                    // A session with a step of signing in to pass may call
                    // only that step's route, if it has one (tokens were made
                    // after a full sign-in and are not held back).
                    let path = parts.extensions.get::<OriginalUri>().map_or(parts.uri.path(), |o| o.0.path());
                    if let Some(gate) = actor.as_ref().and_then(|a| state.store.session_gate(a))
                        && gate_api(gate) != Some(path)
                    {
                        return Err(AppError::Gated(gate).into());
                    }
                    actor
                }
                None => None,
            },
        };
        let actor = actor.ok_or(AppError::Unauthenticated)?;
        Ok(ApiUser(actor.with_ip(client_ip(parts, state))))
    }
}

/// The refusal of a token that has expired, saying when and what to do.
async fn expired(state: &AppState, token: &str) -> Result<Option<AppError>, AppError> {
    let Some(at) = state.store.token_expired_at(token).await? else { return Ok(None) };
    let at = crate::layout::show_time(&at);
    Ok(Some(AppError::Unauthorized(guichao_domain::Msg::new(
        format!("该 API 令牌已于 {at} 过期，请在“我的账户 → API 令牌”创建新令牌"),
        format!("This API token expired on {at}; create a new one under My account → API tokens"),
    ))))
}

/// A url-encoded form body as name/value pairs. Repeated names (a multi-select)
/// are kept, which `axum::Form` cannot do.
#[derive(Debug, Clone, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    /// The pairs of a query string, read as a form (a GET form that keeps what
    /// was typed, such as a search inside a larger form).
    pub fn from_query(query: &str) -> FormData {
        FormData(form_urlencoded::parse(query.as_bytes()).into_owned().collect())
    }

    /// The first value of a field, trimmed; empty when missing.
    pub fn get(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
    }

    /// Every value of a field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// A field that must hold an id.
    pub fn uuid(&self, name: &str) -> Result<uuid::Uuid, AppError> {
        uuid::Uuid::parse_str(&self.get(name))
            .map_err(|_| AppError::invalid("请选择有效的选项", "Please choose a valid option"))
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::invalid("提交的内容无法读取", "The form could not be read")
            }
        })?;
        Ok(FormData(form_urlencoded::parse(&bytes).into_owned().collect()))
    }
}

/// A JSON body; a malformed one is a 422 with a readable message, not axum's text.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(AppError::TooLarge.into()),
            Err(rejection) => {
                let detail = rejection.body_text();
                Err(AppError::invalid(
                    format!("请求内容不是有效的 JSON 或字段不符：{detail}"),
                    format!("The body is not valid JSON for this call: {detail}"),
                )
                .into())
            }
        }
    }
}

/// The client's address as an extractor (see [`client_ip`]).
pub struct ClientIp(pub Option<String>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(parts, state)))
    }
}

/// Query parameters; malformed ones are a 422 in our JSON shape.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => {
                let detail = rejection.body_text();
                Err(AppError::invalid(format!("查询参数有误：{detail}"), format!("Bad query parameters: {detail}"))
                    .into())
            }
        }
    }
}

/// A record id in the path. A malformed id is simply a record that does not exist.
pub struct IdPath(pub uuid::Uuid);

/// One id of a page's path taken as text (as in `/policies/{id}/attachments/{attachment_id}`):
/// anything but an id is a page that does not exist.
pub(crate) fn path_id(text: &str) -> Result<uuid::Uuid, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<uuid::Uuid>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => Ok(IdPath(id)),
            Err(_) => Err(AppError::NotFound),
        }
    }
}

/// [`IdPath`] for the API: a malformed id answers the JSON 404.
pub struct ApiId(pub uuid::Uuid);

impl<S: Send + Sync> FromRequestParts<S> for ApiId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Ok(ApiId(IdPath::from_request_parts(parts, state).await?.0))
    }
}
