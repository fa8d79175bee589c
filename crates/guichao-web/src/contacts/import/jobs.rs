//! Contact log imports this server follows: the shared jobs of checked
//! uploads ([`crate::import_jobs`]) holding a checked log.

use guichao_sheets::contacts::CheckedLog;
use guichao_store::contacts::BulkContactCounts;

pub use crate::import_jobs::Stage as JobStage;

/// Where a contact log import stands.
pub type Stage = JobStage<BulkContactCounts>;
/// One checked contact log.
pub type LogJob = crate::import_jobs::CheckedJob<CheckedLog, BulkContactCounts>;
/// The contact log imports this server follows.
pub type LogJobs = crate::import_jobs::CheckedJobs<CheckedLog, BulkContactCounts>;
