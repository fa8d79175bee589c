//! The projects area (招商项目): the project list (`/projects`), the new and
//! edit forms, a project's page (`/projects/{id}`) with its progress forms,
//! the counting rules, importing a project ledger ([`import`]), and the
//! `/api/v1/projects` and `/api/v1/metrics/projects` routes.

pub mod api;
mod api_body;
mod api_types;
mod api_write;
mod edit;
mod form;
pub mod import;
mod pages;
mod progress;
mod rules;

use crate::AppState;
use crate::error::AppError;
use crate::list::Order;
use axum::Router;
use axum::routing::{get, post};
use guichao_domain::projects::Stage;
use guichao_store::projects::{ProjectQuery, ProjectSort};

/// The sortable columns of the list, page and API alike; the first is the default.
const SORTS: &[&str] = &["name", "signed"];

pub(crate) use pages::render as render_project;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(pages::list).post(edit::create))
        .route("/projects/new", get(edit::new_form))
        .route("/projects/rules", get(rules::show).post(rules::save))
        .route("/projects/{id}", get(pages::show))
        .route("/projects/{id}/edit", get(edit::edit_form).post(edit::update))
        .route("/projects/{id}/events", post(progress::add_event))
        .route("/projects/{id}/fellows", post(progress::link_fellow))
        .route("/projects/{id}/fellows/remove", post(progress::unlink_fellow))
        .route("/projects/{id}/funds", post(progress::add_funds))
        .merge(import::routes())
        .merge(crate::park::routes())
        .merge(crate::agency::routes())
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
