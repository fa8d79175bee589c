//! The fellow registry (乡友信息库): the list with filters and search, the
//! form, a fellow's page with what hangs off them, the duplicate review, and
//! the `/api/v1/fellows` routes.

pub mod api;
mod api_body;
mod api_error;
mod api_ties;
mod api_types;
mod detail;
mod duplicates;
mod edit;
mod form;
mod form_page;
pub mod import;
mod labels;
mod list;
mod named;
mod query;
mod ties;

pub(crate) use form::field_errors;
pub(crate) use named::{CHOOSE_OR_PASTE, fellow_named};

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/fellows", get(list::list))
        .route("/fellows/new", get(edit::new_form).post(edit::create))
        .route("/fellows/duplicates", get(duplicates::review))
        .route("/fellows/export.xlsx", get(list::export))
        .route(
            "/fellows/import",
            get(import::pages::form)
                .post(import::pages::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::upload::MAX_UPLOAD)),
        )
        .route("/fellows/import/template.xlsx", get(import::pages::template))
        .route("/fellows/import/{id}", get(import::pages::show))
        .route("/fellows/import/{id}/mapping", post(import::mapping::confirm))
        .route("/fellows/import/{id}/commit", post(import::pages::commit))
        .route("/fellows/import/{id}/errors.xlsx", get(import::pages::errors))
        .route("/fellows/merge", post(duplicates::merge))
        .route("/fellows/{id}", get(detail::show))
        .route("/fellows/{id}/edit", get(edit::edit_form).post(edit::update))
        .route("/fellows/{id}/reveal", post(detail::reveal))
        .route("/fellows/{id}/archive", post(detail::archive))
        .route("/fellows/{id}/restore", post(detail::restore))
        .route("/fellows/{id}/unmerge", post(detail::unmerge))
        .route("/fellows/{id}/companies", post(ties::add_company))
        .route("/fellows/{id}/companies/{link}/delete", post(ties::remove_company))
        .route("/fellows/{id}/relations", post(ties::add_relation))
        .route("/fellows/{id}/relations/{relation}/delete", post(ties::remove_relation))
        .route("/fellows/{id}/roles", post(ties::add_role))
        .route("/fellows/{id}/roles/{role}/end", post(ties::end_role))
}
