//! The projects area (招商项目), read-only for now: the project list
//! (`/projects`), a project's page (`/projects/{id}`), and the
//! `/api/v1/projects` and `/api/v1/metrics/projects` routes.

pub mod api;
mod api_types;
mod pages;

use crate::AppState;
use crate::error::AppError;
use crate::list::Order;
use axum::Router;
use axum::routing::get;
use guichao_domain::projects::Stage;
use guichao_store::projects::{ProjectQuery, ProjectSort};

/// The sortable columns of the list, page and API alike; the first is the default.
const SORTS: &[&str] = &["name", "signed"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(pages::list))
        .route("/projects/{id}", get(pages::show))
        .merge(crate::chains::routes())
}

/// A `stage` query parameter: none when empty, else a stage code.
fn stage_of(value: &Option<String>) -> Result<Option<Stage>, AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(code) => Stage::parse(code).map(Some).ok_or_else(|| {
            let codes = Stage::ALL.map(Stage::code);
            AppError::invalid(
                format!("阶段应为 {} 之一", codes.join("、")),
                format!("stage is one of {}", codes.join(", ")),
            )
        }),
    }
}

/// The store's query for a stage filter and a sort, without paging.
fn query(stage: Option<Stage>, order: Order) -> ProjectQuery {
    let sort = if order.column == "signed" { ProjectSort::Signed } else { ProjectSort::Name };
    ProjectQuery { stage, sort, descending: order.descending, offset: 0, limit: 1 }
}
