//! `/api/v1/chains`: the county's chain tree, adding a chain and a node,
//! changing a node, and a node's fellows (ranked, paged, with the total).

use super::api_types::{Chain, ChainBody, ChainTree, Node, NodeBody, NodeFellows};
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::page_size;
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_store::chains::MatchQuery;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(chain_tree, create_chain))
        .routes(routes!(add_node))
        .routes(routes!(update_node, remove_node))
        .routes(routes!(node_fellows))
}

/// Every chain of the county with its nodes.
#[utoipa::path(get, path = "/chains", tag = "chains",
    responses((status = 200, body = ChainTree), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn chain_tree(State(state): State<AppState>, ApiUser(actor): ApiUser) -> FieldApiResult<Json<ChainTree>> {
    let tree = state.store.chains(&actor, Permission::ProjectRead)?.tree().await?;
    Ok(Json(ChainTree { items: tree.into_iter().map(Into::into).collect() }))
}

/// Adds a chain (a county-wide project writer only; 403 for others).
#[utoipa::path(post, path = "/chains", tag = "chains", request_body = ChainBody,
    responses((status = 201, body = Chain), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn create_chain(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<ChainBody>,
) -> FieldApiResult<(StatusCode, Json<Chain>)> {
    let id = state.store.chains(&actor, Permission::ProjectWrite)?.create_chain(body.draft()).await?;
    let tree = state.store.chains(&actor, Permission::ProjectRead)?.tree().await?;
    let made = tree.into_iter().find(|c| c.id == id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// Adds a node to a chain (a county-wide project writer only).
#[utoipa::path(post, path = "/chains/{id}/nodes", tag = "chains", params(("id" = Uuid, Path, description = "Chain id")),
    request_body = NodeBody,
    responses((status = 201, body = Node), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add_node(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(chain): ApiId,
    ApiJson(body): ApiJson<NodeBody>,
) -> FieldApiResult<(StatusCode, Json<Node>)> {
    let chains = state.store.chains(&actor, Permission::ProjectWrite)?;
    let id = chains.add_node(chain, body.draft().map_err(FieldApiError::Fields)?).await?;
    let made = state.store.chains(&actor, Permission::ProjectRead)?.node(id).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// Replaces a node's name, segment, gap, codes and keywords.
#[utoipa::path(put, path = "/chains/nodes/{id}", tag = "chains", params(("id" = Uuid, Path, description = "Node id")),
    request_body = NodeBody,
    responses((status = 200, body = Node), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn update_node(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<NodeBody>,
) -> FieldApiResult<Json<Node>> {
    let chains = state.store.chains(&actor, Permission::ProjectWrite)?;
    chains.update_node(id, body.draft().map_err(FieldApiError::Fields)?).await?;
    Ok(Json(state.store.chains(&actor, Permission::ProjectRead)?.node(id).await?.into()))
}

/// Removes a node.
#[utoipa::path(delete, path = "/chains/nodes/{id}", tag = "chains", params(("id" = Uuid, Path, description = "Node id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_node(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FieldApiResult<StatusCode> {
    state.store.chains(&actor, Permission::ProjectWrite)?.remove_node(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NodeFellowParams {
    /// Only fellows living in this city (深圳 and 深圳市 alike).
    pub city: Option<String>,
    /// The page, from 1 (default 1).
    #[param(minimum = 1)]
    pub page: Option<u64>,
    /// Fellows per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// The fellows the caller may see who fit the node, best first (the
/// strongest evidence, then pinyin), a page at a time with the total.
#[utoipa::path(get, path = "/chains/nodes/{id}/fellows", tag = "chains",
    params(("id" = Uuid, Path, description = "Node id"), NodeFellowParams),
    responses((status = 200, body = NodeFellows), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn node_fellows(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiQuery(p): ApiQuery<NodeFellowParams>,
) -> FieldApiResult<Json<NodeFellows>> {
    let limit = page_size(p.limit)?;
    let page = p.page.unwrap_or(1).max(1);
    let offset = (page - 1).saturating_mul(limit);
    let q = MatchQuery { city: p.city.unwrap_or_default(), offset, limit };
    let found = state.store.chains(&actor, Permission::ProjectRead)?.matches(id, &q).await?;
    Ok(Json(NodeFellows::new(found, page, limit)))
}
