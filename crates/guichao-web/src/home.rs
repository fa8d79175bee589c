//! The home page (工作台) and the health check.

use crate::AppState;
use crate::error::PageResult;
use crate::extract::PageUser;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::{Json, Router};
use guichao_domain::access::Permission;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

pub struct Card {
    pub href: &'static str,
    pub title: &'static str,
    pub text: &'static str,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    roles: Vec<String>,
    cards: Vec<Card>,
}

async fn home(user: PageUser) -> PageResult<impl IntoResponse> {
    let lang = user.lang;
    let role_names = user.actor.role_names(lang);
    let all_cards = [
        (
            Permission::OrgRead,
            "/org",
            lang.pick("组织架构", "Org tree"),
            lang.pick("县、乡镇、村三级单位", "County, townships and villages"),
        ),
        (
            Permission::UsersRead,
            "/users",
            lang.pick("用户管理", "Users"),
            lang.pick("账号、单位与角色", "Accounts, units and roles"),
        ),
        (
            Permission::AuditRead,
            "/audit",
            lang.pick("审计日志", "Audit log"),
            lang.pick("登录与每一次修改的记录", "Sign-ins and every change"),
        ),
    ];
    let mut cards: Vec<Card> = all_cards
        .into_iter()
        .filter(|(p, ..)| user.actor.can(*p))
        .map(|(_, href, title, text)| Card { href, title, text })
        .collect();
    cards.push(Card {
        href: "/account",
        title: lang.pick("我的账户", "My account"),
        text: lang.pick("修改密码、API 令牌", "Password and API tokens"),
    });
    cards.push(Card {
        href: "/api/docs",
        title: lang.pick("接口文档", "API docs"),
        text: lang.pick("供脚本与系统对接使用", "For scripts and integrations"),
    });
    let page = HomePage { ctx: Ctx::new(&user, "/"), roles: role_names, cards };
    Ok(Html(page.render().map_err(crate::error::AppError::internal)?))
}

/// `/healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({"status": "ok", "database": state.store.backend().name()}))),
        Err(e) => {
            tracing::error!("health check failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "error", "database": state.store.backend().name()})),
            )
        }
    }
}
