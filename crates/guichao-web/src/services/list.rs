//! `/services`: the requests the user sees through the shared list block,
//! in four tabs (mine, my unit's, overdue as of today, and all for the
//! county office) with a filter by kind.

use super::ServiceView;
use super::api::filter_param;
use super::kind_param;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::services::ServiceKind;
use guichao_store::services::{ListFilter, ServiceQuery, ServiceRow};
use serde::Deserialize;

/// Requests per page.
const PAGE: u64 = 50;
/// The one order: newest received first.
const SORTS: &[&str] = &["received"];

#[derive(Debug, Default, Deserialize)]
pub(super) struct ListArgs {
    filter: Option<String>,
    kind: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

#[derive(Template)]
#[template(path = "services/list.html")]
struct ListPage {
    ctx: Ctx,
    filter: ListFilter,
    kind: Option<ServiceKind>,
    tabs: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<ServiceRow>,
    nav: ListNav,
    can_write: bool,
}

impl ServiceView for ListPage {
    fn lang(&self) -> Lang {
        self.ctx.lang
    }
}

impl ListPage {
    fn kinds(&self) -> Vec<(&'static str, &'static str, bool)> {
        ServiceKind::ALL.iter().map(|k| (k.code(), k.label(self.ctx.lang), self.kind == Some(*k))).collect()
    }
}

/// `GET /services?filter=&kind=&page=`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<ListArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    let lang = user.lang;
    let filter = filter_param(&args.filter)?;
    let kind = kind_param(&args.kind)?;
    let order = Order::parse(&args.sort, &args.dir, SORTS)?;
    let services = state.store.services(&user.actor, Permission::ServiceRead)?;
    let q = ServiceQuery { filter, kind, today: today(), offset: 0, limit: PAGE };
    let (rows, paging) = fetch_page(page_number(&args.page)?, PAGE, |offset| {
        let services = &services;
        async move { services.list(&ServiceQuery { offset, ..q }).await }
    })
    .await?;
    let mut tabs = vec![
        (ListFilter::Mine, lang.pick("我经办的", "Mine")),
        (ListFilter::Unit, lang.pick("本单位承办", "My unit's")),
        (ListFilter::Overdue, lang.pick("已超期", "Overdue")),
    ];
    if services.sees_county() {
        tabs.push((ListFilter::All, lang.pick("全部", "All")));
    }
    let label = tabs.iter().find(|(f, _)| *f == filter).map_or("", |(_, l)| *l);
    let mut filters = vec![("filter", filter.code().to_string())];
    if let Some(k) = kind {
        filters.push(("kind", k.code().to_string()));
    }
    let caption = match kind {
        Some(k) => format!("{} · {}", label, k.label(lang)),
        None => label.to_string(),
    };
    let page = ListPage {
        ctx: Ctx::new(&user, "/services"),
        filter,
        kind,
        tabs: tabs.into_iter().map(|(f, l)| (f.code(), l, f == filter)).collect(),
        rows,
        nav: ListNav::new("/services", filters, SORTS, order, paging).with_caption(caption),
        can_write: user.actor.can(Permission::ServiceWrite),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Whether the user may keep the time limits and the calendar.
pub(super) fn services_keep_calendar(state: &AppState, user: &PageUser) -> bool {
    state.store.services(&user.actor, Permission::ServiceWrite).is_ok_and(|s| s.may_keep_calendar())
}
