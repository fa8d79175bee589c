//! Signing in and out, and switching the language.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{ClientIp, FormData, LANG_COOKIE, SESSION_COOKIE, cookie, request_lang};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{REFERER, SET_COOKIE};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::Lang;
use guichao_store::org::{LoginFailure, TenantInfo};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(switch_lang))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    lang: Lang,
    tenants: Vec<TenantInfo>,
    chosen_tenant: String,
    username: String,
    error: Option<String>,
}

async fn login_page(State(state): State<AppState>) -> PageResult<Response> {
    render_login(&state, String::new(), String::new(), None).await
}

async fn render_login(
    state: &AppState,
    tenant: String,
    username: String,
    error: Option<String>,
) -> PageResult<Response> {
    let tenants = state.store.tenants().await?;
    let page = LoginPage { lang: request_lang(), tenants, chosen_tenant: tenant, username, error };
    let status = if page.error.is_some() { axum::http::StatusCode::UNAUTHORIZED } else { axum::http::StatusCode::OK };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// Signs in. Failed attempts are limited per address and per username (see
/// `RateLimiter`); every refusal reads the same for a username that exists
/// and one that does not, so the form cannot be used to find accounts.
async fn login(State(state): State<AppState>, ClientIp(ip): ClientIp, form: FormData) -> PageResult<Response> {
    let lang = request_lang();
    let tenant_code = form.get("tenant");
    let username = form.get("username");
    let tenants = state.store.tenants().await?;
    let tenant = match tenants.as_slice() {
        [only] => Some(only.clone()),
        _ => tenants.iter().find(|t| t.code == tenant_code).cloned(),
    };
    let Some(tenant) = tenant else {
        let msg = lang.pick("请选择所在县（区）", "Please choose your county").to_string();
        return render_login(&state, tenant_code, username, Some(msg)).await;
    };
    let address = ip.as_deref().unwrap_or("unknown");
    // The store looks names up trimmed and in lower case; so does the count.
    let account = format!("{}/{}", tenant.id.simple(), username.trim().to_lowercase());
    if let Err(refusal) = state.limiter.check(address, &account) {
        return Err(AppError::TooManyRequests(refusal.message()));
    }
    let result = state.store.login(tenant.id, &username, &form.get("password"), ip.as_deref()).await?;
    let message = match result {
        Ok((session, _actor)) => {
            state.limiter.succeeded(&account);
            let secure = if state.config.secure_cookies { "; Secure" } else { "" };
            let max_age = state.config.session.absolute.num_seconds();
            let cookie =
                format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
            return Ok(([(SET_COOKIE, cookie)], Redirect::to("/")).into_response());
        }
        // A locked account answers like a wrong password: only real accounts
        // lock in the store, so saying "locked" would confirm the name. The
        // limiter above refuses the name (real or not) the same way first.
        Err(LoginFailure::BadCredentials | LoginFailure::Locked { .. }) => {
            state.limiter.failed(address, &account);
            lang.pick("用户名或密码错误", "Wrong username or password").to_string()
        }
        // Said only to someone who gave the right password.
        Err(LoginFailure::Disabled) => {
            lang.pick("该账号已停用，请联系管理员", "This account is disabled; ask an administrator").to_string()
        }
    };
    render_login(&state, tenant.code, username, Some(message)).await
}

async fn logout(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
) -> PageResult<Response> {
    if let Some(session) = cookie(&headers, SESSION_COOKIE)
        && let Some(actor) = state.store.session_actor(&session, state.config.session).await?
    {
        state.store.logout(&session, &actor.with_ip(ip)).await?;
    }
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    Ok(([(SET_COOKIE, clear)], Redirect::to("/login")).into_response())
}

/// Sets the language cookie and goes back to the page the user was on.
async fn switch_lang(Path(code): Path<String>, headers: axum::http::HeaderMap) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let back = headers
        .get(REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".to_string());
    let cookie = format!("{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000", lang.code());
    ([(SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}
