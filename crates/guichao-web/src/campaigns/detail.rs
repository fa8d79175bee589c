//! A campaign's page (`/campaigns/{id}`): its facts and actions, the
//! completion table by township or by cadre, and the matrix filtered by
//! township, cadre and a missing kind, page by page; and the list of the
//! fellows still missing a touch (`/campaigns/{id}/missing`).

use super::{Cell, cell, parse_missing, period, state_badge};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use crate::select::Opt;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::campaigns::CompletionRow;
use guichao_domain::liaison::ContactKind;
use guichao_store::campaigns::{CampaignView, CompletionBy, MatrixQuery, MatrixRow, Missing};
use serde::Deserialize;
use uuid::Uuid;

/// Matrix rows per page.
const PAGE: u64 = 50;
/// The matrix is in name order only.
const SORTS: &[&str] = &["name"];

#[derive(Debug, Default, Deserialize)]
pub(super) struct MatrixParams {
    township_id: Option<String>,
    cadre_id: Option<String>,
    missing: Option<String>,
    by: Option<String>,
    page: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn id_of(v: &Option<String>, zh: &str, en: &str) -> Result<Option<Uuid>, AppError> {
    given(v)
        .map(|t| Uuid::parse_str(t).map_err(|_| AppError::invalid(format!("{zh}无效"), format!("Unknown {en}"))))
        .transpose()
}

/// The filters of a query, checked, with the pairs that keep them in links.
struct Filters {
    township_id: Option<Uuid>,
    cadre_id: Option<Uuid>,
    missing: Option<Missing>,
    pairs: Vec<(&'static str, String)>,
}

fn filters(p: &MatrixParams, c: &CampaignView) -> Result<Filters, AppError> {
    let township_id = id_of(&p.township_id, "乡镇", "township")?;
    let cadre_id = id_of(&p.cadre_id, "联系干部", "cadre")?;
    let missing = match given(&p.missing) {
        None => None,
        Some(m) => Some(
            parse_missing(m)
                .filter(|m| match m {
                    Missing::Kind(k) => c.kinds.contains(*k),
                    Missing::Any => true,
                })
                .ok_or_else(|| AppError::invalid("缺少的慰问方式无效", "Unknown missing kind"))?,
        ),
    };
    let mut pairs = vec![];
    if let Some(t) = township_id {
        pairs.push(("township_id", t.to_string()));
    }
    if let Some(u) = cadre_id {
        pairs.push(("cadre_id", u.to_string()));
    }
    if let Some(m) = given(&p.missing) {
        pairs.push(("missing", m.to_string()));
    }
    Ok(Filters { township_id, cadre_id, missing, pairs })
}

#[derive(Template)]
#[template(path = "campaigns/detail.html")]
struct CampaignPage {
    ctx: Ctx,
    c: CampaignView,
    notice: Option<String>,
    by: CompletionBy,
    completion: Vec<CompletionRow>,
    total: CompletionRow,
    rows: Vec<MatrixRow>,
    nav: ListNav,
    townships: Vec<Opt>,
    cadres: Vec<Opt>,
    missing: Vec<Opt>,
    /// The query string of the filters (for the export link).
    filter_query: String,
}

impl CampaignPage {
    fn period(&self) -> String {
        period(self.c.start, self.c.end, self.ctx.lang)
    }

    fn state(&self) -> (&'static str, &'static str) {
        state_badge(self.c.state, self.ctx.lang)
    }

    fn kinds(&self) -> &[ContactKind] {
        self.c.kinds.kinds()
    }

    fn kind_label(&self, k: &ContactKind) -> &'static str {
        k.label(self.ctx.lang)
    }

    /// Whether the viewer prints this campaign's letters (who may tick).
    fn prints_letters(&self) -> bool {
        self.c.can_tick && self.c.kinds.contains(ContactKind::Letter)
    }

    fn cell(&self, row: &MatrixRow, k: &ContactKind) -> Cell {
        cell(row, *k, self.ctx.lang)
    }

    fn scope(&self) -> String {
        if self.c.townships.is_empty() {
            return self.ctx.t("全县", "Whole county").into();
        }
        let names: Vec<&str> = self.c.townships.iter().map(|t| t.1.as_str()).collect();
        names.join(self.ctx.t("、", ", "))
    }

    fn filter_text(&self) -> String {
        let lang = self.ctx.lang;
        let mut parts = vec![];
        if let Some(cat) = &self.c.category {
            parts.push(guichao_domain::fellows::Category::parse(cat).map_or(cat.clone(), |c| c.label(lang).into()));
        }
        if !self.c.city.is_empty() {
            parts.push(format!("{}{}", lang.pick("现居", "in "), self.c.city));
        }
        if !self.c.tag.is_empty() {
            parts.push(format!("{}{}", lang.pick("标签：", "tag "), self.c.tag));
        }
        if parts.is_empty() { lang.pick("全部乡友", "All fellows").into() } else { parts.join(" · ") }
    }

    fn by_href(&self, by: &str) -> String {
        format!("/campaigns/{}?by={by}#completion", self.c.id)
    }

    /// The matrix filtered by this row's township or cadre.
    fn row_href(&self, r: &CompletionRow) -> String {
        let key = match (self.by, r.key.as_str()) {
            (_, "none") | (_, "total") => return format!("/campaigns/{}#matrix", self.c.id),
            (CompletionBy::Township, k) => format!("township_id={k}"),
            (CompletionBy::Cadre, k) => format!("cadre_id={k}"),
        };
        format!("/campaigns/{}?{key}#matrix", self.c.id)
    }
}

fn options(list: impl IntoIterator<Item = (String, String)>, chosen: Option<String>) -> Vec<Opt> {
    list.into_iter()
        .map(|(v, l)| {
            let selected = chosen.as_deref() == Some(v.as_str());
            Opt::new(v, l, selected)
        })
        .collect()
}

fn missing_options(c: &CampaignView, chosen: Option<&str>, lang: Lang) -> Vec<Opt> {
    let mut list = vec![("any".to_string(), lang.pick("任一项未完成", "Anything").to_string())];
    list.extend(c.kinds.kinds().iter().map(|k| (k.code().to_string(), k.label(lang).to_string())));
    options(list, chosen.map(str::to_string))
}

pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    params: Result<Query<MatrixParams>, QueryRejection>,
) -> PageResult<Response> {
    let Query(p) = params.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    let lang = user.lang;
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonRead)?;
    let c = campaigns.get(id).await?;
    let f = filters(&p, &c)?;
    let by = match given(&p.by) {
        None => CompletionBy::Township,
        Some(b) => CompletionBy::parse(b).ok_or_else(|| AppError::invalid("统计方式无效", "Unknown grouping"))?,
    };
    let (completion, total) = campaigns.completion(id, by, lang).await?;
    let q = MatrixQuery {
        township_id: f.township_id,
        cadre_id: f.cadre_id,
        missing: f.missing,
        limit: PAGE,
        ..Default::default()
    };
    let (rows, paging) = fetch_page(page_number(&p.page)?, PAGE, |offset| {
        let q = MatrixQuery { offset, ..q.clone() };
        let campaigns = &campaigns;
        async move { campaigns.matrix(id, &q).await.map(|m| (m.rows, m.total)) }
    })
    .await?;
    let mut pairs = f.pairs.clone();
    if by == CompletionBy::Cadre {
        pairs.push(("by", "cadre".into()));
    }
    let filter_query = f.pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let nav =
        ListNav::new(format!("/campaigns/{id}"), pairs, SORTS, Order { column: "name", descending: false }, paging)
            .with_caption(c.name.clone());
    let townships = campaigns.townships().await?.into_iter().map(|(i, n)| (i.to_string(), n));
    let cadres = state.store.contacts(&user.actor, Permission::LiaisonRead)?.assigned_cadres().await?;
    let page = CampaignPage {
        ctx: Ctx::new(&user, "/campaigns"),
        notice: state.flash.take_notice(&user.session),
        townships: options(townships, f.township_id.map(|t| t.to_string())),
        cadres: options(cadres.into_iter().map(|u| (u.user_id.to_string(), u.name)), f.cadre_id.map(|u| u.to_string())),
        missing: missing_options(&c, given(&p.missing), lang),
        c,
        by,
        completion,
        total,
        rows,
        nav,
        filter_query,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "campaigns/missing.html")]
struct MissingPage {
    ctx: Ctx,
    c: CampaignView,
    rows: Vec<MatrixRow>,
    nav: ListNav,
    townships: Vec<Opt>,
}

impl MissingPage {
    /// The required kinds the row has no tick of.
    fn lacks(&self, row: &MatrixRow) -> String {
        let lang = self.ctx.lang;
        let kinds: Vec<&str> =
            self.c.kinds.kinds().iter().filter(|k| row.tick(**k).is_none()).map(|k| k.label(lang)).collect();
        kinds.join(self.ctx.t("、", ", "))
    }
}

pub(super) async fn missing(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    params: Result<Query<MatrixParams>, QueryRejection>,
) -> PageResult<Response> {
    let Query(p) = params.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonRead)?;
    let c = campaigns.get(id).await?;
    let township_id = id_of(&p.township_id, "乡镇", "township")?;
    let q = MatrixQuery { township_id, missing: Some(Missing::Any), limit: PAGE, ..Default::default() };
    let (rows, paging) = fetch_page(page_number(&p.page)?, PAGE, |offset| {
        let q = MatrixQuery { offset, ..q.clone() };
        let campaigns = &campaigns;
        async move { campaigns.matrix(id, &q).await.map(|m| (m.rows, m.total)) }
    })
    .await?;
    let pairs = township_id.map(|t| vec![("township_id", t.to_string())]).unwrap_or_default();
    let caption = format!("{} {}", c.name, user.lang.pick("尚未完成的乡友", "fellows not yet done"));
    let nav = ListNav::new(
        format!("/campaigns/{id}/missing"),
        pairs,
        SORTS,
        Order { column: "name", descending: false },
        paging,
    )
    .with_caption(caption);
    let townships = campaigns.townships().await?.into_iter().map(|(i, n)| (i.to_string(), n));
    let page = MissingPage {
        ctx: Ctx::new(&user, "/campaigns"),
        townships: options(townships, township_id.map(|t| t.to_string())),
        c,
        rows,
        nav,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
