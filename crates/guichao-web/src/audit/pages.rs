//! The audit log page: newest first, filtered by date range, user, action and
//! object, a numbered page at a time; and its xlsx export for the audit
//! administrator.

use super::filters::Filters;
use super::rows::Readable;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, page_number};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use guichao_domain::Lang;
use guichao_domain::areas::Area;
use guichao_domain::date::today;
use guichao_domain::paging::Paging;
use guichao_store::audit::{AuditActor, AuditQuery};
use serde::Deserialize;

const PER_PAGE: u64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/audit", get(log))
        .route("/audit/export.xlsx", get(export))
        .route("/audit/logins", get(super::logins::page))
        .route("/audit/verify", get(verify))
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

pub struct UserChoice {
    pub id: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "audit/log.html")]
struct LogPage {
    ctx: Ctx,
    f: Filters,
    groups: Vec<ActionGroup>,
    users: Vec<UserChoice>,
    error: Option<String>,
    rows: Vec<Readable>,
    nav: ListNav,
    /// The query string of the filters, for the export's link.
    qs: String,
    may_export: bool,
}

impl LogPage {
    fn v<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }
}

#[derive(Deserialize)]
struct PageParam {
    page: Option<String>,
}

/// The log's one order: newest first (the chain's order).
const ORDER: Order = Order { column: "seq", descending: false };

async fn log(
    State(state): State<AppState>,
    user: PageUser,
    Query(f): Query<Filters>,
    Query(p): Query<PageParam>,
) -> PageResult<Response> {
    let audit = state.store.audit(&user.actor)?;
    let lang = user.lang;
    let actors = audit.actors().await?;
    let requested = page_number(&p.page)?;
    let (mut rows, mut paging, mut error) = (Vec::new(), Paging::new(1, PER_PAGE, 0), None);
    match f.query() {
        Ok(q) => {
            paging = Paging::new(requested, PER_PAGE, audit.count(&q).await?);
            let q = AuditQuery { offset: paging.offset(), limit: PER_PAGE, ..q };
            rows = audit.list(&q).await?.iter().map(|e| Readable::new(e, &user.actor, lang)).collect();
        }
        Err(e) => error = Some(e.message(lang)),
    }
    let users = user_choices(actors, f.user.as_deref(), lang);
    let groups = action_groups(f.action.as_deref(), lang);
    let filters = f.pairs().into_iter().map(|(k, v)| (k, v.to_string())).collect();
    let nav = ListNav::new("/audit", filters, &["seq"], ORDER, paging).with_caption(caption(&f, &users, &groups, lang));
    let page = LogPage {
        ctx: Ctx::new(&user, "/audit"),
        groups,
        users,
        error,
        rows,
        nav,
        qs: f.query_string(),
        may_export: audit.may_export(),
        f,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// The filters in words, the printed page's title.
fn caption(f: &Filters, users: &[UserChoice], groups: &[ActionGroup], lang: Lang) -> String {
    let mut parts = vec![lang.pick("审计日志", "Audit log").to_string()];
    let day = |d: &Option<String>| d.as_deref().map(str::trim).filter(|d| !d.is_empty()).unwrap_or("…").to_string();
    if f.from.as_deref().is_some_and(|d| !d.trim().is_empty()) || f.to.as_deref().is_some_and(|d| !d.trim().is_empty())
    {
        parts.push(format!("{} {} {}", day(&f.from), lang.pick("至", "to"), day(&f.to)));
    }
    if let Some(u) = users.iter().find(|u| u.selected) {
        parts.push(format!("{}{}", lang.pick("操作人：", "User: "), u.label));
    }
    if let Some(a) = groups.iter().flat_map(|g| &g.actions).find(|a| a.selected) {
        parts.push(format!("{}{}", lang.pick("操作：", "Action: "), a.label));
    }
    if let Some(o) = f.object.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        parts.push(format!("{}{o}", lang.pick("对象：", "Record: ")));
    }
    parts.join(" · ")
}

/// The filtered log as an xlsx with the page's columns, for the audit
/// administrator; the export is itself recorded.
async fn export(State(state): State<AppState>, user: PageUser, Query(f): Query<Filters>) -> PageResult<Response> {
    let q = f.query()?;
    let entries = state.store.audit(&user.actor)?.export(&q, f.json()).await?;
    let rows = entries.iter().map(|e| Readable::new(e, &user.actor, user.lang));
    let bytes = super::export::workbook(rows, user.lang)?;
    let name = format!("{}-{}.xlsx", user.lang.pick("审计日志", "audit-log"), today());
    Ok(crate::fellows::import::pages::xlsx(bytes, &name))
}

/// The result of verifying the reader's county's chain.
#[derive(Template)]
#[template(path = "audit/verify.html")]
struct VerifyPage {
    ctx: Ctx,
    /// Events and recorded heads checked, when the chain holds.
    intact: Option<(u64, u64)>,
    /// Where it breaks: the event's number and what is wrong.
    broken: Option<(i64, String)>,
}

/// Walks the county's keyed chain and checks it against the head file, as
/// `guichao audit verify` does; the result reads in the reader's language.
async fn verify(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    let result = state.store.audit(&user.actor)?.verify().await?;
    let (intact, broken) = match result {
        Ok(v) => (Some((v.events, v.heads)), None),
        Err(b) => (None, Some((b.seq, b.reason.get(user.lang).to_string()))),
    };
    let page = VerifyPage { ctx: Ctx::new(&user, "/audit"), intact, broken };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Every recorded action, area by area, for the filter.
fn action_groups(selected: Option<&str>, lang: Lang) -> Vec<ActionGroup> {
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

/// The users whose events the reader may read, each with their unit.
fn user_choices(actors: Vec<AuditActor>, selected: Option<&str>, lang: Lang) -> Vec<UserChoice> {
    actors
        .into_iter()
        .map(|a| {
            let id = a.id.to_string();
            UserChoice {
                selected: selected == Some(id.as_str()),
                label: format!("{}（{}）{}{}", a.display_name, a.username, lang.pick(" · ", " · "), a.unit),
                id,
            }
        })
        .collect()
}
