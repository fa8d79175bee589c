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
use guichao_store::fellows::FellowQuery;
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

pub struct Card {
    pub href: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    /// A figure computed from the records the user may see, when the area has one.
    pub figure: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    roles: Vec<String>,
    cards: Vec<Card>,
}

async fn home(State(state): State<AppState>, user: PageUser) -> PageResult<impl IntoResponse> {
    let lang = user.lang;
    let role_names = user.actor.role_names(lang);
    let store = &state.store;
    let mut figures = std::collections::HashMap::new();
    if user.actor.can(Permission::FellowRead) {
        let all = store.fellows(&user.actor, Permission::FellowRead)?.count(&FellowQuery::default()).await?;
        figures.insert("/fellows", format!("{all} {}", lang.pick("人", "fellows")));
        let mine = FellowQuery { cadre_id: Some(user.actor.user_id()), ..Default::default() };
        let mine = store.fellows(&user.actor, Permission::FellowRead)?.count(&mine).await?;
        figures.insert("/liaison", format!("{mine} {}", lang.pick("人", "fellows")));
    }
    let all_cards = [
        (
            Permission::FellowRead,
            "/fellows",
            lang.pick("乡友信息库", "Fellow registry"),
            lang.pick("查找、登记、维护在外乡友", "Find, register and keep fellows"),
        ),
        (
            Permission::ChamberRead,
            "/chambers",
            lang.pick("商会", "Chambers"),
            lang.pick("异地商会、乡镇商会与联络处", "Remote and township chambers, liaison offices"),
        ),
        (
            Permission::LiaisonRead,
            "/liaison",
            lang.pick("我的联系", "My fellows"),
            lang.pick("我负责联系的乡友", "The fellows I keep in touch with"),
        ),
        (
            Permission::FellowRead,
            "/fellows",
            lang.pick("乡友信息库", "Fellow registry"),
            lang.pick("查找、登记、维护在外乡友", "Find, register and keep fellows"),
        ),
        (
            Permission::ChamberRead,
            "/chambers",
            lang.pick("商会", "Chambers"),
            lang.pick("异地商会、乡镇商会与联络处", "Remote and township chambers, liaison offices"),
        ),
        (
            Permission::LiaisonRead,
            "/liaison",
            lang.pick("我的联系", "My fellows"),
            lang.pick("我负责联系的乡友", "The fellows I keep in touch with"),
        ),
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
        .map(|(_, href, title, text)| Card { href, title, text, figure: figures.get(href).cloned() })
        .collect();
    let plain = |href, title, text| Card { href, title, text, figure: None };
    cards.push(plain(
        "/account",
        lang.pick("我的账户", "My account"),
        lang.pick("修改密码、API 令牌", "Password and API tokens"),
    ));
    cards.push(plain(
        "/api/docs",
        lang.pick("接口文档", "API docs"),
        lang.pick("供脚本与系统对接使用", "For scripts and integrations"),
    ));
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
