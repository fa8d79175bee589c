//! `/chains`: every chain of the county with its nodes upstream, midstream
//! and downstream, gaps marked (补链), each node linking to its fellows; for
//! a county-wide project writer, the forms to add a chain and a node.

use super::form::{ChainForm, NodeForm, error_for};
use super::{code_label, refused};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::chains::Segment;
use guichao_domain::fellows::FormError;
use guichao_store::chains::{ChainView, Chains, NodeView};
use uuid::Uuid;

/// Which form a refusal belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Open {
    None,
    Chain,
    Node(Uuid),
}

#[derive(Template)]
#[template(path = "chains/tree.html")]
struct TreePage {
    ctx: Ctx,
    chains: Vec<ChainView>,
    can_write: bool,
    chain_form: ChainForm,
    form: NodeForm,
    errors: Vec<FormError>,
    open: Open,
}

impl TreePage {
    fn err(&self, field: &str) -> Option<String> {
        error_for(&self.errors, field, self.ctx.lang)
    }

    /// The page-wide message of a refusal that names no field of the form.
    fn general(&self) -> Option<String> {
        error_for(&self.errors, "form", self.ctx.lang)
    }

    /// The chain's nodes in each segment, upstream first.
    fn segments<'a>(&self, c: &'a ChainView) -> Vec<(&'static str, &'static str, Vec<&'a NodeView>)> {
        Segment::ALL
            .iter()
            .map(|s| (s.code(), s.label(self.ctx.lang), c.nodes.iter().filter(|n| n.segment == *s).collect()))
            .collect()
    }

    fn gaps(&self, c: &ChainView) -> usize {
        c.nodes.iter().filter(|n| n.gap).count()
    }

    fn code(&self, code: &str) -> String {
        code_label(code)
    }

    fn node_form_for(&self, chain: &Uuid) -> bool {
        self.open == Open::Node(*chain)
    }

    /// The add-node form of `chain`: as typed when it was refused, else empty.
    fn form_for(&self, chain: &Uuid) -> NodeForm {
        if self.node_form_for(chain) { self.form.clone() } else { NodeForm::default() }
    }

    /// The message of `field` when the page's errors belong to the form (`at`).
    fn err_at(&self, at: impl std::borrow::Borrow<bool>, field: &str) -> Option<String> {
        if *at.borrow() { self.err(field) } else { None }
    }

    fn chain_form_open(&self) -> bool {
        self.open == Open::Chain
    }
}

async fn render(
    state: &AppState,
    user: &PageUser,
    open: Open,
    chain_form: ChainForm,
    form: NodeForm,
    errors: Vec<FormError>,
) -> PageResult<Response> {
    let chains = state.store.chains(&user.actor, Permission::ProjectRead)?.tree().await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = TreePage {
        ctx: Ctx::new(user, "/projects"),
        chains,
        can_write: Chains::can_configure(&user.actor),
        chain_form,
        form,
        errors,
        open,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) async fn tree(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    render(&state, &user, Open::None, ChainForm::default(), NodeForm::default(), vec![]).await
}

/// `POST /chains`: adds a chain, then back to the tree at it.
pub(super) async fn create_chain(
    State(state): State<AppState>,
    user: PageUser,
    form: FormData,
) -> PageResult<Response> {
    let typed = ChainForm::from_form(&form);
    let chains = state.store.chains(&user.actor, Permission::ProjectWrite)?;
    match chains.create_chain(typed.draft()).await {
        Ok(id) => Ok(Redirect::to(&format!("/chains#chain-{id}")).into_response()),
        Err(e) => render(&state, &user, Open::Chain, typed, NodeForm::default(), refused(e)?).await,
    }
}

/// `POST /chains/{id}/nodes`: adds a node to the chain.
pub(super) async fn add_node(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(chain): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = NodeForm::from_form(&form);
    let chains = state.store.chains(&user.actor, Permission::ProjectWrite)?;
    let saved = match typed.draft() {
        Ok(draft) => chains.add_node(chain, draft).await.map_err(refused),
        Err(errors) => Err(Ok(errors)),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/chains#chain-{chain}")).into_response()),
        Err(errors) => render(&state, &user, Open::Node(chain), ChainForm::default(), typed, errors?).await,
    }
}
