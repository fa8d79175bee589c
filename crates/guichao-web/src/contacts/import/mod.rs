//! Importing a county's old contact log (联系台账) through the browser:
//! upload an xlsx, xls or csv ([`upload`]), read the check's preview and
//! confirm ([`job`]), then the result. The pipeline is the CLI's
//! (`guichao_sheets::contacts`: the dry-run check, the error file, and a
//! commit of every accepted row in one transaction audited as one import);
//! this module holds its pages and the jobs that carry a check to its commit.

mod columns;
pub mod job;
pub mod jobs;
pub mod upload;

use crate::error::AppError;
use crate::extract::PageUser;
use guichao_domain::access::Permission;

/// The store's import needs `liaison.write`; without it the pages answer 403
/// as the other write pages do.
fn writer(user: &PageUser) -> Result<(), AppError> {
    if user.actor.can(Permission::LiaisonWrite) { Ok(()) } else { Err(AppError::Forbidden) }
}
