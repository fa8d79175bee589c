//! The policies area's pages: the list (the shared list block; filters by
//! tag, issuer, in force on a day, and a search of title and number), the
//! new and edit forms (`policy.write`), and a policy's page with its
//! attachments and beneficiaries (`detail`). Attachments are served only to
//! signed-in users with `policy.read`, always as a download.

pub mod api;
mod api_attachments;
mod detail;
mod form;

use crate::AppState;
use crate::areas::FigureFuture;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_store::policies::{PolicyQuery, PolicyRow};
use guichao_store::{Actor, Store};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/policies", get(list).post(form::create))
        .route("/policies/new", get(form::new_form))
        .route("/policies/{id}", get(detail::show).post(form::update))
        .route("/policies/{id}/edit", get(form::edit_form))
        .route(
            "/policies/{id}/attachments",
            post(detail::upload).layer(axum::extract::DefaultBodyLimit::max(crate::upload::DOCUMENT_BODY_LIMIT)),
        )
        .route("/policies/{id}/attachments/{attachment_id}", get(detail::download))
        .route("/policies/{id}/beneficiaries", post(detail::add_beneficiary))
        .route("/policies/{id}/beneficiaries/{beneficiary_id}/delete", post(detail::remove_beneficiary))
}

const PER_PAGE: u64 = 50;

/// The policies card's figure: how many are in force today.
pub fn in_force_figure<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> FigureFuture<'a> {
    Box::pin(async move {
        let q = PolicyQuery { in_force_on: Some(today()), ..Default::default() };
        let (_, n) = store.policies(actor, Permission::PolicyRead)?.list(&q, 0, 1).await?;
        Ok(Some(format!("{} {} {}", lang.pick("现行有效", "In force:"), n, lang.pick("件", "policies"))))
    })
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    on: String,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "policies/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<PolicyRow>,
    nav: ListNav,
    q: String,
    tag: String,
    issuer: String,
    on: String,
    issuers: Vec<String>,
    can_write: bool,
}

async fn list(State(state): State<AppState>, user: PageUser, Query(p): Query<ListParams>) -> PageResult<Response> {
    let read = state.store.policies(&user.actor, Permission::PolicyRead)?;
    let in_force_on = match p.on.trim() {
        "" => None,
        d => Some(d.parse().map_err(|_| AppError::invalid("日期格式应为 2023-01-31", "Dates read 2023-01-31"))?),
    };
    let q = PolicyQuery { q: p.q.clone(), tag: p.tag.clone(), issuer: p.issuer.clone(), in_force_on };
    let (rows, paging) = fetch_page(page_number(&p.page)?, PER_PAGE, |offset| read.list(&q, offset, PER_PAGE)).await?;
    let filters = [("q", &p.q), ("tag", &p.tag), ("issuer", &p.issuer), ("on", &p.on)]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.trim().to_string()))
        .collect();
    let order = Order { column: "issued", descending: true };
    let nav = ListNav::new("/policies", filters, &["issued"], order, paging);
    let page = ListPage {
        ctx: Ctx::new(&user, "/policies"),
        rows,
        nav,
        issuers: read.issuers().await?,
        can_write: user.actor.can(Permission::PolicyWrite),
        q: p.q,
        tag: p.tag,
        issuer: p.issuer,
        on: p.on,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
