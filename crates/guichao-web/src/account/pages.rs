//! Account pages: who I am and what I may do, changing my password, my API tokens.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser, SESSION_COOKIE, cookie};
use crate::flash::Kept;
use crate::layout::{Ctx, show_opt_time, show_time};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_store::org::{TokenInfo, TokenLifetime};
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(account))
        .route("/account/password", post(change_password))
        .route("/account/tokens", get(tokens).post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
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
    error: Option<String>,
    /// The password was changed just now.
    done: bool,
}

async fn render_account(user: &PageUser, error: Option<String>, done: bool) -> PageResult<Response> {
    let lang = user.lang;
    let grants =
        user.actor.grants().iter().map(|(p, s)| GrantRow { permission: p.label(lang), scope: s.label(lang) }).collect();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = AccountPage {
        ctx: Ctx::new(user, "/account"),
        username: user.actor.username().to_string(),
        roles: user.actor.role_names(lang),
        grants,
        error,
        done,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

async fn account(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    let done = state.flash.take_notice(&user.session).is_some_and(|n| n == PASSWORD_CHANGED);
    render_account(&user, None, done).await
}

/// The notice a password change leaves for the account page.
const PASSWORD_CHANGED: &str = "password-changed";

/// Changes the password; the user's other sessions end and their API tokens
/// are revoked, this browser stays signed in.
async fn change_password(
    State(state): State<AppState>,
    user: PageUser,
    headers: HeaderMap,
    form: FormData,
) -> PageResult<Response> {
    if form.get("new") != form.get("confirm") {
        let msg = user.lang.pick("两次输入的新密码不一致", "The new passwords do not match").to_string();
        return render_account(&user, Some(msg), false).await;
    }
    let this_session = cookie(&headers, SESSION_COOKIE);
    match state
        .store
        .change_own_password(&user.actor, &form.get("current"), &form.get("new"), this_session.as_deref())
        .await
        .map_err(AppError::from)
    {
        Ok(()) => {
            state.flash.keep(&user.session, Kept::Notice(PASSWORD_CHANGED.into()));
            Ok(Redirect::to("/account").into_response())
        }
        Err(AppError::Invalid(m)) => render_account(&user, Some(m.get(user.lang).to_string()), false).await,
        Err(e) => Err(e),
    }
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
    // The page may hold a token in full: never keep it in a cache.
    Ok((status, [(CACHE_CONTROL, "no-store")], Html(page.render().map_err(AppError::internal)?)).into_response())
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
