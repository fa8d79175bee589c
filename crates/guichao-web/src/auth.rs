//! Signing in and out, and switching the language.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{ClientIp, FormData, LANG_COOKIE, PageUser, SESSION_COOKIE, cookie, gate_page, request_lang};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header::{REFERER, SET_COOKIE, USER_AGENT};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::Lang;
use guichao_domain::auth::totp::Gate;
use guichao_store::Actor;
use guichao_store::org::{Client, LoginFailure, SecondFactorFailure, TenantInfo};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route(SECOND_FACTOR, get(code_page).post(code))
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
    /// Why the user is here again (their password was just changed).
    notice: Option<String>,
}

#[derive(Deserialize)]
struct LoginArgs {
    /// `password`: the password was changed and every session ended.
    done: Option<String>,
}

async fn login_page(State(state): State<AppState>, Query(args): Query<LoginArgs>) -> PageResult<Response> {
    let lang = request_lang();
    let notice = (args.done.as_deref() == Some("password")).then(|| {
        lang.pick(
            "密码已修改，您在所有设备上的登录均已退出，API 令牌已作废。请用新密码重新登录。",
            "Your password is changed: you are signed out everywhere and your API tokens are revoked. Sign in with the new password.",
        )
        .to_string()
    });
    render_login_with(&state, String::new(), String::new(), None, notice).await
}

async fn render_login(
    state: &AppState,
    tenant: String,
    username: String,
    error: Option<String>,
) -> PageResult<Response> {
    render_login_with(state, tenant, username, error, None).await
}

async fn render_login_with(
    state: &AppState,
    tenant: String,
    username: String,
    error: Option<String>,
    notice: Option<String>,
) -> PageResult<Response> {
    let tenants = state.store.tenants().await?;
    let page = LoginPage { lang: request_lang(), tenants, chosen_tenant: tenant, username, error, notice };
    let status = if page.error.is_some() { axum::http::StatusCode::UNAUTHORIZED } else { axum::http::StatusCode::OK };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// Signs in. Failed attempts are limited per address and per username (see
/// `RateLimiter`); every refusal reads the same for a username that exists
/// and one that does not, so the form cannot be used to find accounts.
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    form: FormData,
) -> PageResult<Response> {
    let user_agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok());
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
    let client = Client { ip: ip.as_deref(), user_agent };
    if let Err(refusal) = state.limiter.check(address, &account) {
        state.store.log_throttled_login(tenant.id, &username, client).await?;
        return Err(AppError::TooManyRequests(refusal.message()));
    }
    let result = state.store.sign_in(tenant.id, &username, &form.get("password"), client).await?;
    let message = match result {
        Ok((session, actor)) => {
            // With a second factor the count of failures goes on until the code is right.
            if !actor.second_factor_pending() {
                state.limiter.succeeded(&account);
            }
            let max_age = state.config.session.absolute.num_seconds();
            let cookie = session_cookie(&state, &session, max_age);
            // The second factor, enrolling one, a password past its age:
            // each comes before anything else.
            return Ok(([(SET_COOKIE, cookie)], Redirect::to(next_page(&state, &actor))).into_response());
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
        Err(LoginFailure::Inactive { days }) => match lang {
            Lang::Zh => format!("该账号已超过{days}天未使用，已被自动停用；请联系管理员重新启用"),
            Lang::En => format!(
                "This account was unused for over {days} days and is now disabled; ask an administrator to enable it"
            ),
        },
    };
    render_login(&state, tenant.code, username, Some(message)).await
}

/// Where a session goes once signed in: the step it must pass, or home.
fn next_page(state: &AppState, actor: &Actor) -> &'static str {
    state.store.session_gate(actor).map_or("/", gate_page)
}

/// The second step of signing in: the page asking for the code.
pub const SECOND_FACTOR: &str = "/login/code";

#[derive(Template)]
#[template(path = "login_code.html")]
struct CodePage {
    lang: Lang,
    display_name: String,
    error: Option<String>,
    minutes: i64,
}

fn render_code(user: &PageUser, error: Option<String>) -> PageResult<Response> {
    let status = if error.is_some() { axum::http::StatusCode::UNAUTHORIZED } else { axum::http::StatusCode::OK };
    let page = CodePage {
        lang: user.lang,
        display_name: user.actor.display_name().to_string(),
        error,
        minutes: guichao_store::org::SECOND_FACTOR_MINUTES,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

async fn code_page(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    if state.store.session_gate(&user.actor) != Some(Gate::SecondFactor) {
        return Ok(Redirect::to(next_page(&state, &user.actor)).into_response());
    }
    render_code(&user, None)
}

/// Checks the code of the second step. A wrong code counts with the failed
/// passwords, for the address and the name (the limiter) and for the
/// account (the store's lockout, which also ends the session).
async fn code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    user: PageUser,
    form: FormData,
) -> PageResult<Response> {
    if state.store.session_gate(&user.actor) != Some(Gate::SecondFactor) {
        return Ok(Redirect::to(next_page(&state, &user.actor)).into_response());
    }
    let user_agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok());
    let client = Client { ip: ip.as_deref(), user_agent };
    let address = ip.as_deref().unwrap_or("unknown");
    let account = format!("{}/{}", user.actor.tenant_id().simple(), user.actor.username());
    if let Err(refusal) = state.limiter.check(address, &account) {
        state.store.log_throttled_login(user.actor.tenant_id(), user.actor.username(), client).await?;
        return Err(AppError::TooManyRequests(refusal.message()));
    }
    let lang = user.lang;
    match state.store.second_factor(&user.session, &form.get("code"), client, state.config.session).await? {
        Ok(actor) => {
            state.limiter.succeeded(&account);
            Ok(Redirect::to(next_page(&state, &actor)).into_response())
        }
        Err(SecondFactorFailure::Wrong) => {
            state.limiter.failed(address, &account);
            let msg = lang.pick(
                "验证码不正确或已用过，请输入验证器上当前的6位数字，或一个恢复码",
                "The code is wrong or was used already: type the 6 digits your app shows now, or a recovery code",
            );
            render_code(&user, Some(msg.to_string()))
        }
        Err(SecondFactorFailure::Locked | SecondFactorFailure::NoSession) => {
            state.limiter.failed(address, &account);
            Ok(signed_out(&state, "/login"))
        }
    }
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
    Ok(signed_out(&state, "/login"))
}

/// The session cookie's header: `HttpOnly`, `SameSite=Lax`, and `Secure`
/// unless the operator runs plain HTTP on a trusted network (see
/// `WebConfig::secure_cookies`).
fn session_cookie(state: &AppState, value: &str, max_age: i64) -> String {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// A redirect to `to` that clears the session cookie (after the session
/// itself has ended in the store).
pub(crate) fn signed_out(state: &AppState, to: &str) -> Response {
    ([(SET_COOKIE, session_cookie(state, "", 0))], Redirect::to(to)).into_response()
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
