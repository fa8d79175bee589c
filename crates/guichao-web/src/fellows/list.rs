//! The registry list: filters, the total for them, keyset pages, a search box
//! (ranked results; our script adds suggestions as the user types), and row
//! checkboxes that hand the chosen fellows to the liaison assignment page.

use super::labels;
use super::query::{ListParams, cut_page, probe_limit};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::access::Permission;
use guichao_domain::fellows::{Category, HeldRole};
use guichao_domain::liaison::LiaisonLevel;
use guichao_domain::org::UnitLevel;
use guichao_sheets::registry::export::{ExportError, fellows_xlsx};
use guichao_store::chambers::ChamberSummary;
use guichao_store::fellows::FellowRow;
use guichao_store::org::UnitNode;
use uuid::Uuid;

/// Rows per page.
const PAGE: u64 = 50;
/// Search results shown (ranked; no further pages).
const SEARCH_RESULTS: u64 = 50;

#[derive(Template)]
#[template(path = "fellows/list.html")]
struct ListPage {
    ctx: Ctx,
    p: ListParams,
    rows: Vec<FellowRow>,
    /// Fellows matching the filters in all (or search results found).
    total: u64,
    searching: bool,
    next: Option<String>,
    townships: Vec<UnitNode>,
    villages: Vec<UnitNode>,
    /// The county's chambers, for those who may read them.
    chambers: Vec<ChamberSummary>,
    can_write: bool,
    can_reveal: bool,
    can_assign: bool,
}

impl ListPage {
    /// The export of the list as filtered; `reveal` adds personal data in full.
    fn export_href(&self, reveal: bool) -> String {
        let mut url = form_urlencoded::Serializer::new(String::new());
        url.extend_pairs(self.p.filter_pairs());
        if reveal {
            url.append_pair("reveal", "1");
        }
        format!("/fellows/export.xlsx?{}", url.finish())
    }

    fn v(&self, value: &Option<String>) -> String {
        self.p.text(value)
    }

    fn is(&self, value: &Option<String>, code: &str) -> bool {
        self.p.text(value) == code
    }

    fn is_id(&self, value: &Option<String>, id: &Uuid) -> bool {
        self.p.text(value) == id.to_string()
    }

    fn categories(&self) -> Vec<(&'static str, &'static str)> {
        Category::ALL.iter().map(|c| (c.code(), c.label(self.ctx.lang))).collect()
    }

    fn held_roles(&self) -> Vec<(&'static str, &'static str)> {
        HeldRole::ALL.iter().map(|c| (c.code(), c.label(self.ctx.lang))).collect()
    }

    fn levels(&self) -> Vec<(&'static str, &'static str)> {
        LiaisonLevel::ALL.iter().map(|c| (c.code(), c.label(self.ctx.lang))).collect()
    }

    fn chamber_label(&self, c: &ChamberSummary) -> String {
        let place = if c.township.is_empty() { &c.city } else { &c.township };
        if place.is_empty() { c.name.clone() } else { format!("{}（{place}）", c.name) }
    }

    /// A cadre id typed into the URL (neither empty nor `mine`).
    fn other_cadre(&self) -> Option<String> {
        Some(self.p.text(&self.p.cadre)).filter(|c| !c.is_empty() && c != "mine")
    }

    fn category(&self, row: &FellowRow) -> String {
        labels::category(&row.category, self.ctx.lang)
    }

    fn gender(&self, row: &FellowRow) -> String {
        labels::gender(&row.gender, self.ctx.lang)
    }

    fn home(&self, row: &FellowRow) -> String {
        if row.village.is_empty() { row.township.clone() } else { format!("{} {}", row.township, row.village) }
    }

    fn work(&self, row: &FellowRow) -> String {
        match (row.employer.is_empty(), row.title.is_empty()) {
            (false, false) => format!("{} · {}", row.employer, row.title),
            (false, true) => row.employer.clone(),
            (true, _) => row.title.clone(),
        }
    }

    /// The first page of the same list (to go back from a later page).
    fn first_page(&self) -> Option<String> {
        self.p.search_text().is_none().then_some(())?;
        self.p.after.as_ref().filter(|a| !a.is_empty())?;
        let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(self.p.filter_pairs()).finish();
        Some(format!("/fellows?{query}"))
    }
}

pub async fn list(
    State(state): State<AppState>,
    user: PageUser,
    query: Result<Query<ListParams>, QueryRejection>,
) -> PageResult<Response> {
    let Query(p) = query.map_err(|_| AppError::invalid("筛选条件有误", "Bad filters"))?;
    let store = &state.store;
    let actor = &user.actor;
    let (rows, total, next, searching) = match p.search_text() {
        Some(text) => {
            let rows = store.fellows(actor, Permission::FellowRead)?.search(text, SEARCH_RESULTS).await?;
            let n = rows.len() as u64;
            (rows, n, None, true)
        }
        None => {
            let q = p.to_query(actor, probe_limit(PAGE))?;
            let total = store
                .fellows(actor, Permission::FellowRead)?
                .count(&guichao_store::fellows::FellowQuery { after: None, ..q.clone() })
                .await?;
            let mut rows = store.fellows(actor, Permission::FellowRead)?.list(&q).await?;
            let more = cut_page(&mut rows, PAGE);
            let next = more.then(|| p.next_path("/fellows", &rows[rows.len() - 1], None));
            (rows, total, next, false)
        }
    };
    let townships =
        store.units_at_levels(actor, Permission::FellowRead, &[UnitLevel::Township], 500).await.unwrap_or_default();
    // The villages of the chosen township, or of the only township in sight.
    let township = p.township_id.as_deref().and_then(|t| Uuid::parse_str(t.trim()).ok());
    let villages = match township.or_else(|| (townships.len() == 1).then(|| townships[0].id)) {
        Some(t) => {
            let mut v = store
                .units_at_levels(actor, Permission::FellowRead, &[UnitLevel::Village], 2000)
                .await
                .unwrap_or_default();
            v.retain(|u| u.parent_id == Some(t));
            v
        }
        None => vec![],
    };
    let chambers = if actor.can(Permission::ChamberRead) {
        store.chambers(actor, Permission::ChamberRead)?.list().await?
    } else {
        vec![]
    };
    let page = ListPage {
        ctx: Ctx::new(&user, "/fellows"),
        can_write: actor.can(Permission::FellowWrite),
        can_reveal: actor.can(Permission::FellowReveal),
        can_assign: actor.can(Permission::LiaisonWrite),
        p,
        rows,
        total,
        searching,
        next,
        townships,
        villages,
        chambers,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// The list as filtered, as an xlsx (`reveal=1`: personal data in full, for
/// users who may reveal it; audited either way).
pub async fn export(
    State(state): State<AppState>,
    user: PageUser,
    query: Result<Query<ListParams>, QueryRejection>,
    raw: axum::extract::RawQuery,
) -> PageResult<Response> {
    let Query(p) = query.map_err(|_| AppError::invalid("筛选条件有误", "Bad filters"))?;
    let actor = &user.actor;
    let reveal = form_urlencoded::parse(raw.0.unwrap_or_default().as_bytes()).any(|(k, v)| k == "reveal" && v == "1");
    if reveal && !actor.can(Permission::FellowReveal) {
        return Err(AppError::Forbidden);
    }
    let q = p.to_query(actor, 0)?;
    let filters = serde_json::json!(p.filter_pairs().into_iter().collect::<std::collections::BTreeMap<_, _>>());
    let (bytes, _) = fellows_xlsx(&state.store, actor, &q, filters, reveal).await.map_err(|e| match e {
        ExportError::Store(e) => AppError::from(e),
        ExportError::Sheet(e) => AppError::Invalid(e.message()),
    })?;
    let today = guichao_domain::date::today().format("%Y%m%d");
    Ok(super::import::pages::xlsx(bytes, &format!("乡友名单-{today}.xlsx")))
}
