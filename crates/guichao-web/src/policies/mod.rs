//! The policies area's pages: the list (the shared list block; filters by
//! tag, issuer, in force on a day, and a search of title and number) and a
//! policy's page with its attachments and beneficiaries. Attachments are
//! served only to signed-in users with `policy.read`, always as a download.

pub mod api;

use crate::AppState;
use crate::areas::FigureFuture;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::funds::show_fen;
use guichao_domain::policies::Totals;
use guichao_store::policies::{AttachmentRow, BeneficiaryRow, PolicyQuery, PolicyRow};
use guichao_store::{Actor, Store};
use serde::Deserialize;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/policies", get(list))
        .route("/policies/{id}", get(detail))
        .route("/policies/{id}/attachments/{attachment_id}", get(download))
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
        q: p.q,
        tag: p.tag,
        issuer: p.issuer,
        on: p.on,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "policies/detail.html")]
struct DetailPage {
    ctx: Ctx,
    p: PolicyRow,
    attachments: Vec<AttachmentRow>,
    beneficiaries: Vec<BeneficiaryRow>,
    totals: Totals,
    in_force: bool,
}

impl DetailPage {
    fn money(&self, fen: &Option<i64>) -> String {
        fen.map(|f| show_fen(f, self.ctx.lang)).unwrap_or_default()
    }

    fn total_money(&self) -> String {
        show_fen(self.totals.amount_fen, self.ctx.lang)
    }

    fn href(&self, b: &BeneficiaryRow) -> String {
        use guichao_domain::policies::BeneficiaryKind::*;
        match b.kind {
            Project => format!("/projects/{}", b.target_id),
            Fellow => format!("/fellows/{}", b.target_id),
            Company => format!("/companies/{}", b.target_id),
        }
    }
}

fn id_of(text: &str) -> Result<Uuid, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

async fn detail(State(state): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult<Response> {
    let id = id_of(&id)?;
    let read = state.store.policies(&user.actor, Permission::PolicyRead)?;
    let p = read.get(id).await?;
    let (beneficiaries, totals) = read.beneficiaries(id).await?;
    let page = DetailPage {
        ctx: Ctx::new(&user, "/policies"),
        in_force: p.in_force_on(today()),
        attachments: read.attachments(id).await?,
        p,
        beneficiaries,
        totals,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// `GET /policies/{id}/attachments/{attachment_id}`: always a download, and
/// a 404 (not a sign-in page) to anyone not signed in, so a link passed on
/// says nothing about what is behind it.
async fn download(
    State(state): State<AppState>,
    user: Result<PageUser, AppError>,
    Path((id, attachment_id)): Path<(String, String)>,
) -> PageResult<Response> {
    let user = user.map_err(|_| AppError::NotFound)?;
    let read = state.store.policies(&user.actor, Permission::PolicyRead)?;
    let a = read.attachment(id_of(&id)?, id_of(&attachment_id)?).await?;
    let disposition = format!("attachment; filename*=UTF-8''{}", urlencoding::encode(&a.name));
    let content_type =
        HeaderValue::from_str(&a.content_type).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&disposition).map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        a.bytes,
    )
        .into_response())
}
