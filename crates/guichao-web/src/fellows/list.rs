//! The registry list: filters, the exact total for them, numbered pages in
//! pinyin order or by last change (the list building block, `crate::list`),
//! a search box (ranked results; our script adds suggestions as the user
//! types), and row checkboxes that hand the chosen fellows to the liaison
//! assignment page.

use super::labels;
use super::query::{ListParams, SORTS};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::list::{ListNav, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::access::Permission;
use guichao_domain::fellows::{Category, HeldRole};
use guichao_domain::liaison::LiaisonLevel;
use guichao_domain::org::UnitLevel;
use guichao_domain::paging::Paging;
use guichao_sheets::registry::export::{ExportError, fellows_xlsx};
use guichao_store::chambers::ChamberSummary;
use guichao_store::fellows::{FellowQuery, FellowRow};
use guichao_store::org::UnitNode;
use uuid::Uuid;

/// Rows per page.
const PAGE: u64 = 50;
/// Search results per page (ranked, best first).
const SEARCH_RESULTS: u64 = 50;

#[derive(Template)]
#[template(path = "fellows/list.html")]
struct ListPage {
    ctx: Ctx,
    p: ListParams,
    rows: Vec<FellowRow>,
    /// The page, its total and its links.
    nav: ListNav,
    searching: bool,
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

    fn updated(&self, row: &FellowRow) -> String {
        crate::layout::show_time(&row.updated_at)[..10].to_string()
    }

    fn work(&self, row: &FellowRow) -> String {
        match (row.employer.is_empty(), row.title.is_empty()) {
            (false, false) => format!("{} · {}", row.employer, row.title),
            (false, true) => row.employer.clone(),
            (true, _) => row.title.clone(),
        }
    }

    /// The filters in words, for the printed title.
    fn caption(&self) -> String {
        let t = |zh, en| self.ctx.t(zh, en);
        let unit = |units: &[UnitNode], id: &Option<String>| {
            units.iter().find(|u| self.is_id(id, &u.id)).map(|u| u.name.clone()).unwrap_or_else(|| self.p.text(id))
        };
        let label = |all: Vec<(&'static str, &'static str)>, value: &Option<String>| {
            all.into_iter().find(|(code, _)| self.is(value, code)).map(|(_, l)| l.to_string()).unwrap_or_default()
        };
        let chamber = self.chambers.iter().find(|c| self.is_id(&self.p.chamber_id, &c.id)).map(|c| c.name.clone());
        let mut parts: Vec<String> = self
            .p
            .filter_pairs()
            .into_iter()
            .map(|(key, value)| {
                let (name, shown) = match key {
                    "township_id" => (t("乡镇", "Township"), unit(&self.townships, &self.p.township_id)),
                    "village_id" => (t("村（社区）", "Village"), unit(&self.villages, &self.p.village_id)),
                    "category" => (t("类别", "Category"), label(self.categories(), &self.p.category)),
                    "province" => (t("现居省份", "Province"), value),
                    "city" => (t("现居城市", "City"), value),
                    "industry" => (t("行业", "Industry"), value),
                    "chamber_id" => (t("商会", "Chamber"), chamber.clone().unwrap_or(value)),
                    "tag" => (t("标签", "Tag"), value),
                    "held_role" => (t("任职", "Role held"), label(self.held_roles(), &self.p.held_role)),
                    "cadre" if value == "mine" => (t("联系人", "Cadre"), t("我", "me").to_string()),
                    "cadre" => (t("联系人", "Cadre"), t("指定联系人", "a given cadre").to_string()),
                    "missing_level" => (t("联系人未落实", "No cadre at"), label(self.levels(), &self.p.missing_level)),
                    _ => (t("只看已归档", "Archived only"), String::new()),
                };
                if shown.is_empty() { name.to_string() } else { format!("{name}：{shown}") }
            })
            .collect();
        if let Some(text) = self.p.search_text() {
            parts.insert(0, format!("{}“{text}”", t("搜索", "Search ")));
        }
        format!("{}{}{}", t("乡友名录", "Fellow registry"), if parts.is_empty() { "" } else { " · " }, parts.join("；"))
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
    let fellows = store.fellows(actor, Permission::FellowRead)?;
    let requested = page_number(&p.page)?;
    let order = p.order()?;
    let (rows, paging, searching) = match p.search_text() {
        Some(text) => {
            // Ranked, so no sort; a page past the end shows the last one.
            let mut found = fellows.search_page(text, (requested - 1) * SEARCH_RESULTS, SEARCH_RESULTS).await?;
            let paging = Paging::new(requested, SEARCH_RESULTS, found.total);
            if paging.page != requested {
                found = fellows.search_page(text, paging.offset(), SEARCH_RESULTS).await?;
            }
            (found.rows, paging, true)
        }
        None => {
            // The page's own links carry page numbers, not cursors.
            let q = FellowQuery { after: None, ..p.to_query(actor, PAGE)? };
            let paging = Paging::new(requested, PAGE, fellows.count(&q).await?);
            let rows = fellows.list(&FellowQuery { offset: paging.offset(), ..q }).await?;
            (rows, paging, false)
        }
    };
    let mut filters = p.filter_pairs();
    if let Some(text) = p.search_text() {
        filters.insert(0, ("q", text.to_string()));
    }
    let nav = ListNav::new("/fellows", filters, SORTS, order, paging);
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
    let mut page = ListPage {
        ctx: Ctx::new(&user, "/fellows"),
        can_write: actor.can(Permission::FellowWrite),
        can_reveal: actor.can(Permission::FellowReveal),
        can_assign: actor.can(Permission::LiaisonWrite),
        p,
        rows,
        nav,
        searching,
        townships,
        villages,
        chambers,
    };
    let caption = page.caption();
    page.nav = page.nav.with_caption(caption);
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
