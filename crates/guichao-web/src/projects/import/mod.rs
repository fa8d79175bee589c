//! Importing a county's project ledger (项目台账) through the browser, from
//! the project list's 导入项目台账: upload an xlsx, xls or csv
//! ([`upload`]), read the check's preview and confirm ([`job`]), then the
//! result with the error file. The pipeline is the CLI's
//! (`guichao_sheets::projects`: the dry-run check, the error file, and a
//! commit of every accepted project in one transaction audited as one
//! import); the jobs are the shared ones of checked uploads
//! ([`crate::import_jobs`]), as the contact log's import uses.

mod columns;
mod job;
mod upload;

use crate::AppState;
use crate::error::AppError;
use crate::extract::PageUser;
use axum::Router;
use axum::routing::{get, post};
use guichao_domain::access::Permission;
use guichao_sheets::projects::CheckedLedger;
use guichao_store::projects::ProjectImportCounts;

/// The ledger imports this server follows.
pub type ProjectJobs = crate::import_jobs::CheckedJobs<CheckedLedger, ProjectImportCounts>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/projects/import",
            get(upload::form)
                .post(upload::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::upload::MAX_UPLOAD)),
        )
        .route("/projects/import/{id}", get(job::show))
        .route("/projects/import/{id}/commit", post(job::commit))
        .route("/projects/import/{id}/errors.xlsx", get(job::errors))
}

/// The store's import needs `project.write`; without it the pages answer
/// 403 as the other write pages do.
fn writer(user: &PageUser) -> Result<(), AppError> {
    if user.actor.can(Permission::ProjectWrite) { Ok(()) } else { Err(AppError::Forbidden) }
}
