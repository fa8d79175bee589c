//! Industry chains and targeting (产业链招商, 按图索骥), part of the projects
//! area: the chain tree (`/chains`), a node with the fellows who fit it
//! (`/chains/nodes/{id}`, its export), and `/api/v1/chains`.

pub mod api;
mod api_types;
mod export;
mod form;
mod node;
mod pages;

use crate::AppState;
use crate::error::AppError;
use axum::Router;
use axum::routing::{get, post};
use guichao_domain::chains::gbt::parse_code;
use guichao_domain::fellows::FormError;
use guichao_store::StoreError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/chains", get(pages::tree).post(pages::create_chain))
        .route("/chains/{id}/nodes", post(pages::add_node))
        .route("/chains/nodes/{id}", get(node::show).post(node::update))
        .route("/chains/nodes/{id}/delete", post(node::remove))
        .route("/chains/nodes/{id}/export.xlsx", get(export::xlsx))
}

/// A code with its class's name: `C39 计算机、通信和其他电子设备制造业`.
fn code_label(code: &str) -> String {
    match parse_code(code) {
        Some(m) => format!("{} {}", m.full_code(), m.name),
        None => code.to_string(),
    }
}

/// A store refusal as field errors to show on a form; other errors pass.
fn refused(e: StoreError) -> Result<Vec<FormError>, AppError> {
    match e {
        StoreError::Fields(f) => Ok(f),
        StoreError::Invalid(m) | StoreError::Conflict(m) => Ok(vec![FormError { field: "form", message: m }]),
        other => Err(other.into()),
    }
}
