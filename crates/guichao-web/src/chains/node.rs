//! `/chains/nodes/{id}`: a node, a city filter, and the fellows the reader
//! may see who fit it, best first, through the shared list building block;
//! for a county-wide project writer, the node's edit form and removal.

use super::form::{NodeForm, error_for};
use super::{code_label, refused};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::chains::Evidence;
use guichao_domain::fellows::FormError;
use guichao_store::chains::{Chains, MatchQuery, NodeMatch, NodeView};
use serde::Deserialize;
use uuid::Uuid;

/// Fellows per page.
const PAGE: u64 = 50;
/// The matches have one order, the rule's.
const SORTS: &[&str] = &["rank"];

#[derive(Debug, Default, Deserialize)]
pub(super) struct NodeParams {
    city: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "chains/node.html")]
struct NodePage {
    ctx: Ctx,
    node: NodeView,
    city: String,
    rows: Vec<NodeMatch>,
    nav: ListNav,
    by_evidence: [u64; 4],
    can_write: bool,
    can_reveal: bool,
    form: NodeForm,
    errors: Vec<FormError>,
}

impl NodePage {
    fn err_at(&self, at: impl std::borrow::Borrow<bool>, field: &str) -> Option<String> {
        if *at.borrow() { error_for(&self.errors, field, self.ctx.lang) } else { None }
    }

    fn general(&self) -> Option<String> {
        error_for(&self.errors, "form", self.ctx.lang)
    }

    fn segment(&self) -> &'static str {
        self.node.segment.label(self.ctx.lang)
    }

    fn code(&self, code: &str) -> String {
        code_label(code)
    }

    /// The counts by evidence, for the summary line (only those found).
    fn tiers(&self) -> Vec<(&'static str, u64)> {
        Evidence::ALL
            .iter()
            .zip(self.by_evidence)
            .filter(|(_, n)| *n > 0)
            .map(|(e, n)| (e.label(self.ctx.lang), n))
            .collect()
    }

    fn evidence(&self, m: &NodeMatch) -> String {
        let labels: Vec<&str> = m.evidence.iter().map(|e| e.label(self.ctx.lang)).collect();
        labels.join(self.ctx.lang.pick("、", ", "))
    }

    fn companies(&self, m: &NodeMatch) -> String {
        let names: Vec<&str> = m.companies.iter().map(|c| c.name.as_str()).collect();
        if names.is_empty() { m.fellow.employer.clone() } else { names.join(self.ctx.lang.pick("；", "; ")) }
    }

    fn chambers(&self, m: &NodeMatch) -> String {
        m.chambers.join(self.ctx.lang.pick("、", ", "))
    }

    fn home(&self, m: &NodeMatch) -> String {
        match m.fellow.village.as_str() {
            "" => m.fellow.township.clone(),
            v => format!("{} {v}", m.fellow.township),
        }
    }

    fn export_href(&self, reveal: bool) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        if !self.city.is_empty() {
            q.append_pair("city", &self.city);
        }
        if reveal {
            q.append_pair("reveal", "1");
        }
        let q = q.finish();
        let path = format!("/chains/nodes/{}/export.xlsx", self.node.id);
        if q.is_empty() { path } else { format!("{path}?{q}") }
    }
}

async fn render(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    params: NodeParams,
    form: Option<NodeForm>,
    errors: Vec<FormError>,
) -> PageResult<Response> {
    let chains = state.store.chains(&user.actor, Permission::ProjectRead)?;
    let node = chains.node(id).await?;
    let city = params.city.unwrap_or_default().trim().to_string();
    // The counts by evidence come with each page read (the last one is the page shown).
    let by_evidence = std::sync::Mutex::new([0u64; 4]);
    let (rows, paging) = fetch_page(page_number(&params.page)?, PAGE, |offset| {
        let q = MatchQuery { city: city.clone(), offset, limit: PAGE };
        let (chains, by_evidence) = (&chains, &by_evidence);
        async move {
            let page = chains.matches(id, &q).await?;
            *by_evidence.lock().unwrap_or_else(|e| e.into_inner()) = page.by_evidence;
            Ok::<_, AppError>((page.rows, page.total))
        }
    })
    .await?;
    let by_evidence = by_evidence.into_inner().unwrap_or_else(|e| e.into_inner());
    let filters: Vec<(&'static str, String)> = if city.is_empty() { vec![] } else { vec![("city", city.clone())] };
    let lang = user.lang;
    let mut caption = format!("{} · {}", node.chain, node.name);
    if !city.is_empty() {
        caption.push_str(&format!(" · {city}"));
    }
    let nav = ListNav::new(
        format!("/chains/nodes/{id}"),
        filters,
        SORTS,
        Order { column: "rank", descending: false },
        paging,
    )
    .with_caption(format!("{}{caption}", lang.pick("相符乡友：", "Fitting fellows: ")));
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = NodePage {
        ctx: Ctx::new(user, "/projects"),
        form: form.unwrap_or_else(|| NodeForm::from_view(&node)),
        node,
        city,
        rows,
        nav,
        by_evidence,
        can_write: Chains::can_configure(&user.actor),
        can_reveal: user.actor.can(Permission::FellowReveal),
        errors,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    params: Result<Query<NodeParams>, QueryRejection>,
) -> PageResult<Response> {
    let Query(params) = params.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    render(&state, &user, id, params, None, vec![]).await
}

/// `POST /chains/nodes/{id}`: changes the node; a refusal shows the page
/// again with each field's message.
pub(super) async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = NodeForm::from_form(&form);
    let chains = state.store.chains(&user.actor, Permission::ProjectWrite)?;
    let saved = match typed.draft() {
        Ok(draft) => chains.update_node(id, draft).await.map_err(refused),
        Err(errors) => Err(Ok(errors)),
    };
    match saved {
        Ok(()) => Ok(Redirect::to(&format!("/chains/nodes/{id}")).into_response()),
        Err(errors) => render(&state, &user, id, NodeParams::default(), Some(typed), errors?).await,
    }
}

/// `POST /chains/nodes/{id}/delete`: removes the node, back to the tree.
pub(super) async fn remove(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    state.store.chains(&user.actor, Permission::ProjectWrite)?.remove_node(id).await?;
    Ok(Redirect::to("/chains").into_response())
}
