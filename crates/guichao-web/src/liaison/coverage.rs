//! The coverage roll-up (联系覆盖率, `/liaison/coverage`): as of a date, by
//! township, by cadre or by level, one row a group and a total row, each
//! figure with its share and a link to the fellows behind it
//! (`/liaison/coverage/fellows`, a list page of the shared list block).

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::{parse_date, today};
use guichao_domain::liaison::{CoverageBy, CoverageCounts, Measure};
use guichao_store::contacts::{ALL_KEY, CoverageFellow, CoverageFellowQuery};
use serde::Deserialize;

/// Fellows per page of a drill-down.
const PAGE: u64 = 50;
/// The drill-down lists by name only.
const SORTS: &[&str] = &["name"];

/// The as-of date typed (today when empty), or a 422 in words.
pub(super) fn as_of(text: Option<&str>) -> Result<NaiveDate, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today()),
        Some(t) => parse_date(t).map_err(|e| AppError::Invalid(e.msg("统计日期", "as-of date", t))),
    }
}

/// The grouping asked for (by township when empty), or a 422.
pub(super) fn by(text: Option<&str>) -> Result<CoverageBy, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(CoverageBy::Township),
        Some(t) => CoverageBy::parse(t).ok_or_else(|| {
            AppError::invalid("分组方式应为 township、cadre 或 level", "by is township, cadre or level")
        }),
    }
}

fn measure(text: Option<&str>) -> Result<Measure, AppError> {
    text.and_then(|t| Measure::parse(t.trim())).ok_or_else(|| {
        AppError::invalid(
            "统计项应为 fellows、assigned_county、assigned_township、assigned_village、contacted_90d 或 overdue",
            "measure is fellows, assigned_county, assigned_township, assigned_village, contacted_90d or overdue",
        )
    })
}

fn fellows_href(by: CoverageBy, key: &str, measure: Measure, as_of: NaiveDate) -> String {
    format!("/liaison/coverage/fellows?by={}&key={key}&measure={}&as_of={as_of}", by.code(), measure.code())
}

/// One figure of the table: the count, its share of the row's fellows, and
/// the fellows behind it.
pub struct Cell {
    pub count: u64,
    pub share: Option<String>,
    pub href: String,
    pub label: &'static str,
}

/// One row of the table as the template shows it.
pub struct RowView {
    pub label: String,
    pub cells: Vec<Cell>,
}

fn row_view(
    lang: guichao_domain::Lang,
    by: CoverageBy,
    as_of: NaiveDate,
    key: &str,
    label: String,
    c: &CoverageCounts,
) -> RowView {
    let cells = Measure::ALL
        .into_iter()
        .map(|m| Cell {
            count: c.get(m),
            share: (m != Measure::Fellows).then(|| c.share(m).to_string()),
            href: fellows_href(by, key, m, as_of),
            label: m.label(lang),
        })
        .collect();
    RowView { label, cells }
}

/// A tab: another grouping of the same date.
pub struct Tab {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "liaison/coverage.html")]
struct CoveragePage {
    ctx: Ctx,
    as_of: NaiveDate,
    by: CoverageBy,
    tabs: Vec<Tab>,
    headers: Vec<&'static str>,
    rows: Vec<RowView>,
    total: RowView,
}

impl CoveragePage {
    fn by_label(&self) -> &'static str {
        self.by.label(self.ctx.lang)
    }
}

#[derive(Deserialize)]
pub(super) struct CoverageArgs {
    as_of: Option<String>,
    by: Option<String>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<CoverageArgs>,
) -> PageResult<Response> {
    let (as_of, by) = (as_of(q.as_of.as_deref())?, by(q.by.as_deref())?);
    let lang = user.lang;
    let table = state.store.contacts(&user.actor, Permission::LiaisonRead)?.coverage(as_of, by, lang).await?;
    let tabs = CoverageBy::ALL
        .into_iter()
        .map(|b| Tab {
            label: b.label(lang),
            href: format!("/liaison/coverage?by={}&as_of={as_of}", b.code()),
            current: b == by,
        })
        .collect();
    let rows = table.rows.iter().map(|r| row_view(lang, by, as_of, &r.key, r.label.clone(), &r.counts)).collect();
    let total_label = lang.pick("合计（每位乡友计一次）", "Total (each fellow once)").to_string();
    let page = CoveragePage {
        ctx: Ctx::new(&user, "/liaison"),
        as_of,
        by,
        tabs,
        headers: Measure::ALL.into_iter().map(|m| m.label(lang)).collect(),
        rows,
        total: row_view(lang, by, as_of, ALL_KEY, total_label, &table.total),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "liaison/coverage_fellows.html")]
struct FellowsPage {
    ctx: Ctx,
    title: String,
    back: String,
    rows: Vec<CoverageFellow>,
    nav: ListNav,
}

#[derive(Deserialize)]
pub(super) struct FellowsArgs {
    as_of: Option<String>,
    by: Option<String>,
    key: Option<String>,
    measure: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

pub(super) async fn fellows(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<FellowsArgs>,
) -> PageResult<Response> {
    let (as_of, by, measure) = (as_of(q.as_of.as_deref())?, by(q.by.as_deref())?, measure(q.measure.as_deref())?);
    let key = q.key.as_deref().map(str::trim).filter(|k| !k.is_empty()).unwrap_or(ALL_KEY).to_string();
    let order = Order::parse(&q.sort, &q.dir, SORTS)?;
    let lang = user.lang;
    let contacts = state.store.contacts(&user.actor, Permission::LiaisonRead)?;
    let label = contacts.coverage_label(by, &key, lang).await?;
    let number = page_number(&q.page)?;
    let (rows, paging) = fetch_page(number, PAGE, |offset| {
        let (contacts, q) =
            (&contacts, CoverageFellowQuery { by, key: key.clone(), measure, as_of, offset, limit: PAGE });
        async move { contacts.coverage_fellows(&q).await }
    })
    .await?;
    let title = format!("{label} · {} · {as_of}", measure.label(lang));
    let filters = vec![
        ("by", by.code().to_string()),
        ("key", key.clone()),
        ("measure", measure.code().to_string()),
        ("as_of", as_of.to_string()),
    ];
    let nav = ListNav::new("/liaison/coverage/fellows", filters, SORTS, order, paging).with_caption(title.clone());
    let page = FellowsPage {
        ctx: Ctx::new(&user, "/liaison"),
        title,
        back: format!("/liaison/coverage?by={}&as_of={as_of}", by.code()),
        rows,
        nav,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
