//! The audit log page: newest first, filtered by action, a page at a time.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::{Ctx, show_time};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use guichao_domain::Lang;
use guichao_domain::areas::Area;
use guichao_domain::audit::AuditAction;
use guichao_store::audit::AuditQuery;
use serde::Deserialize;

const PAGE: u64 = 100;

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit", get(log))
}

pub struct Row {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub href: Option<String>,
    pub ip: String,
    pub detail: String,
}

pub struct ActionChoice {
    pub code: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// The actions of one area, shown as a group of the filter.
pub struct ActionGroup {
    pub label: &'static str,
    pub actions: Vec<ActionChoice>,
}

#[derive(Template)]
#[template(path = "audit/log.html")]
struct LogPage {
    ctx: Ctx,
    groups: Vec<ActionGroup>,
    rows: Vec<Row>,
    next: Option<String>,
}

#[derive(Deserialize)]
struct LogQuery {
    action: Option<String>,
    before: Option<i64>,
}

async fn log(State(state): State<AppState>, user: PageUser, Query(q): Query<LogQuery>) -> PageResult<Response> {
    let action = q.action.filter(|a| !a.is_empty());
    let query = AuditQuery { action: action.clone(), target: None, before: q.before, limit: PAGE };
    let entries = state.store.audit(&user.actor)?.list(&query).await?;
    let lang = user.lang;
    let next = (entries.len() as u64 == PAGE).then(|| {
        let last = entries[entries.len() - 1].seq;
        format!("/audit?action={}&before={last}", urlencoding::encode(action.as_deref().unwrap_or("")))
    });
    let rows = entries
        .into_iter()
        .map(|e| Row {
            seq: e.seq,
            at: show_time(&e.at),
            actor: e.actor_name,
            action: AuditAction::label_of(&e.action, lang).to_string(),
            href: match e.target_type.as_str() {
                "user" if !e.target_id.is_empty() => Some(format!("/users/{}", e.target_id)),
                "unit" => Some(format!("/org?unit={}", e.target_id)),
                _ => None,
            },
            target: e.target_name.unwrap_or_else(|| format!("{} {}", e.target_type, e.target_id)),
            ip: e.ip.unwrap_or_default(),
            detail: e.detail.to_string(),
        })
        .collect();
    let page = LogPage { ctx: Ctx::new(&user, "/audit"), groups: filter_groups(action.as_deref(), lang), rows, next };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Every recorded action, area by area, for the filter.
fn filter_groups(selected: Option<&str>, lang: Lang) -> Vec<ActionGroup> {
    Area::ALL
        .into_iter()
        .map(|area| ActionGroup {
            label: area.name(lang),
            actions: area
                .audit_actions()
                .map(|a| ActionChoice { code: a.code(), label: a.label(lang), selected: selected == Some(a.code()) })
                .collect(),
        })
        .filter(|group| !group.actions.is_empty())
        .collect()
}
