//! Signing in and out, and switching the language.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{ClientIp, FormData, LANG_COOKIE, SESSION_COOKIE, cookie, request_lang};
use crate::layout::show_time;
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

async fn login(State(state): State<AppState>, ClientIp(ip): ClientIp, form: FormData) -> PageResult<Response> {
    let lang = request_lang();
    let tenant_code = form.get("tenant");
    let username = form.get("username");
    if !state.limiter.allow(ip.as_deref().unwrap_or("unknown")) {
        return Err(AppError::TooManyRequests(guichao_domain::Msg::new(
            "登录尝试过于频繁，请一分钟后再试",
            "Too many login attempts; try again in a minute",
        )));
    }
    let tenants = state.store.tenants().await?;
    let tenant = match tenants.as_slice() {
        [only] => Some(only.clone()),
        _ => tenants.iter().find(|t| t.code == tenant_code).cloned(),
    };
    let Some(tenant) = tenant else {
        let msg = lang.pick("请选择所在县（区）", "Please choose your county").to_string();
        return render_login(&state, tenant_code, username, Some(msg)).await;
    };
    let result = state.store.login(tenant.id, &username, &form.get("password"), ip.as_deref()).await?;
    let message = match result {
        Ok((session, _actor)) => {
            let secure = if state.config.secure_cookies { "; Secure" } else { "" };
            let max_age = state.config.session.absolute.num_seconds();
            let cookie =
                format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
            return Ok(([(SET_COOKIE, cookie)], Redirect::to("/")).into_response());
        }
        Err(LoginFailure::BadCredentials) => lang.pick("用户名或密码错误", "Wrong username or password").to_string(),
        Err(LoginFailure::Disabled) => {
            lang.pick("该账号已停用，请联系管理员", "This account is disabled; ask an administrator").to_string()
        }
        Err(LoginFailure::Locked { until }) => match lang {
            Lang::Zh => {
                format!("连续5次密码错误，账号已锁定15分钟，请于 {} 后再试，或请管理员重置密码", show_time(&until))
            }
            Lang::En => format!(
                "Five wrong passwords in a row locked this account for 15 minutes; try again after {} or ask an administrator to reset it",
                show_time(&until)
            ),
        },
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
