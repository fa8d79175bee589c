//! Account pages: who I am and what I may do, my sessions, changing my
//! password, my API tokens.

use super::two_factor::TWO_FACTOR_ERROR;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::{Ctx, show_opt_time, show_time};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::auth::describe_user_agent;
use guichao_store::org::SessionInfo;
use guichao_store::org::{TokenInfo, TokenLifetime};
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(account))
        .route(CHANGE_PASSWORD, get(password_page).post(change_password))
        .route("/account/sessions/{id}/end", post(end_session))
        .route("/account/tokens", get(tokens).post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .merge(super::two_factor::routes())
}

pub struct GrantRow {
    pub permission: &'static str,
    pub scope: &'static str,
}

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    ctx: Ctx,
    username: String,
    roles: Vec<String>,
    grants: Vec<GrantRow>,
    sessions: Vec<SessionRow>,
    /// A session was ended just now.
    ended: bool,
    two_factor: guichao_store::org::TwoFactorStatus,
    /// What a two-factor form did, and whether it was refused.
    two_factor_notice: Option<(bool, String)>,
}

/// One of the user's live sessions as the page shows it.
pub struct SessionRow {
    pub id: Uuid,
    /// The browser and system in a few words; the whole `User-Agent` beside.
    pub device: String,
    pub user_agent: String,
    pub ip: String,
    pub signed_in: String,
    pub last_seen: String,
    pub current: bool,
}

impl SessionRow {
    fn new(s: SessionInfo, lang: guichao_domain::Lang) -> SessionRow {
        SessionRow {
            device: describe_user_agent(s.user_agent.as_deref(), lang),
            user_agent: s.user_agent.unwrap_or_default(),
            ip: s.ip.unwrap_or_else(|| "—".into()),
            signed_in: show_time(&s.signed_in_at),
            last_seen: show_time(&s.last_seen_at),
            current: s.current,
            id: s.id,
        }
    }
}

async fn render_account(state: &AppState, user: &PageUser, notice: Option<String>) -> PageResult<Response> {
    let ended = notice.as_deref() == Some(SESSION_ENDED);
    let two_factor_notice = notice.filter(|n| n != SESSION_ENDED).map(|n| match n.strip_prefix(TWO_FACTOR_ERROR) {
        Some(error) => (true, error.to_string()),
        None => (false, n),
    });
    let lang = user.lang;
    let grants =
        user.actor.grants().iter().map(|(p, s)| GrantRow { permission: p.label(lang), scope: s.label(lang) }).collect();
    let sessions = state.store.my_sessions(&user.actor, state.config.session, Some(&user.session)).await?;
    let page = AccountPage {
        ctx: Ctx::new(user, "/account"),
        username: user.actor.username().to_string(),
        roles: user.actor.role_names(lang),
        grants,
        sessions: sessions.into_iter().map(|s| SessionRow::new(s, lang)).collect(),
        ended,
        two_factor: state.store.two_factor_status(&user.actor).await?,
        two_factor_notice,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

async fn account(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    render_account(&state, &user, state.flash.take_notice(&user.session)).await
}

/// The notice ending a session leaves for the account page.
const SESSION_ENDED: &str = "session-ended";

/// The form that changes one's password: where a user whose password has
/// expired is sent at sign-in, and the only page they may open until then.
pub const CHANGE_PASSWORD: &str = "/account/password";

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    ctx: Ctx,
    /// The password is past its age (the user was sent here).
    expired: bool,
    max_age_days: i64,
    error: Option<String>,
}

async fn render_password(state: &AppState, user: &PageUser, error: Option<String>) -> PageResult<Response> {
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = PasswordPage {
        ctx: Ctx::new(user, "/account"),
        expired: state.store.must_change_password(&user.actor),
        max_age_days: state.store.account_policy().password_max_age.num_days(),
        error,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

async fn password_page(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    render_password(&state, &user, None).await
}

/// Changes the password. Every session of the user ends, this one too, and
/// their API tokens are revoked: the browser goes to the sign-in page, which
/// says so.
async fn change_password(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    if form.get("new") != form.get("confirm") {
        let msg = user.lang.pick("两次输入的新密码不一致", "The new passwords do not match").to_string();
        return render_password(&state, &user, Some(msg)).await;
    }
    match state
        .store
        .change_own_password(&user.actor, &form.get("current"), &form.get("new"))
        .await
        .map_err(AppError::from)
    {
        Ok(()) => Ok(crate::auth::signed_out(&state, "/login?done=password")),
        Err(AppError::Invalid(m)) => render_password(&state, &user, Some(m.get(user.lang).to_string())).await,
        Err(e) => Err(e),
    }
}

/// Ends one of the user's sessions; ending this browser's own signs it out.
async fn end_session(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let current = state
        .store
        .my_sessions(&user.actor, state.config.session, Some(&user.session))
        .await?
        .into_iter()
        .any(|s| s.current && s.id == id);
    state.store.end_my_session(&user.actor, id).await?;
    if current {
        return Ok(crate::auth::signed_out(&state, "/login"));
    }
    state.flash.keep(&user.session, Kept::Notice(SESSION_ENDED.into()));
    Ok(Redirect::to("/account#sessions").into_response())
}

pub struct TokenRow {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
    /// When it expires (or a dash), and whether it has.
    pub expires: String,
    pub expired: bool,
}

#[derive(Template)]
#[template(path = "account/tokens.html")]
struct TokensPage {
    ctx: Ctx,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    error: Option<String>,
}

impl TokensPage {
    /// The lifetimes offered for a new token: (form value, label).
    fn lifetimes(&self) -> Vec<(String, String)> {
        TokenLifetime::OFFERED
            .iter()
            .map(|l| {
                let label = match (l, self.ctx.lang) {
                    (TokenLifetime::Days(d), guichao_domain::Lang::Zh) => format!("{d} 天后过期"),
                    (TokenLifetime::Days(d), guichao_domain::Lang::En) => format!("Expires in {d} days"),
                    (TokenLifetime::Forever, _) => self.ctx.t("永不过期（直到吊销）", "Never (until revoked)").into(),
                };
                (l.code(), label)
            })
            .collect()
    }
}

fn rows(tokens: Vec<TokenInfo>, lang: guichao_domain::Lang) -> Vec<TokenRow> {
    let at = chrono::Utc::now();
    tokens
        .into_iter()
        .map(|t| TokenRow {
            expired: t.expired(at),
            expires: t.expires_at.as_ref().map(show_time).unwrap_or_else(|| lang.pick("永不过期", "Never").into()),
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created: show_time(&t.created_at),
            last_used: show_opt_time(&t.last_used_at),
            revoked: t.revoked_at.is_some(),
        })
        .collect()
}

async fn render_tokens(
    state: &AppState,
    user: &PageUser,
    new_token: Option<String>,
    error: Option<String>,
) -> PageResult<Response> {
    let tokens = rows(state.store.tokens(&user.actor).await?, user.lang);
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = TokensPage { ctx: Ctx::new(user, "/account"), tokens, new_token, error };
    // The page may hold a token in full: `security::headers` keeps it out of every cache.
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// The token list, with a token created just now shown in full this once.
async fn tokens(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    let new_token = state.flash.take_token(&user.session);
    render_tokens(&state, &user, new_token, None).await
}

/// Creates a token and goes to the list, which shows it once.
async fn create_token(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let created = match TokenLifetime::parse(&form.get("expires_days")) {
        Ok(lifetime) => state.store.create_token_for_days(&user.actor, &form.get("name"), lifetime).await,
        Err(e) => Err(e),
    };
    match created.map_err(AppError::from) {
        Ok(created) => {
            state.flash.keep(&user.session, Kept::NewToken(created.token));
            Ok(Redirect::to("/account/tokens").into_response())
        }
        Err(AppError::Invalid(m)) => render_tokens(&state, &user, None, Some(m.get(user.lang).to_string())).await,
        Err(e) => Err(e),
    }
}

async fn revoke_token(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    state.store.revoke_token(&user.actor, id).await?;
    Ok(Redirect::to("/account/tokens").into_response())
}
