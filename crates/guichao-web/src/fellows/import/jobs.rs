//! Imports in progress as this server follows them: checking and committing
//! a large file take seconds to minutes, so they run as tasks and the page
//! polls them. A job belongs to the user who uploaded the file. The server
//! forgets a job two hours after it started here; a checked job is also kept
//! in the database for a day (`Store::save_import_job`), and a server that
//! has no memory of it (after a restart, or another node) takes it up again
//! from there ([`super::tasks::restore`]).

use super::tasks::Upload;
use guichao_domain::Msg;
use guichao_sheets::Layout;
use guichao_sheets::registry::import::{Checked, ColumnsPreview, Progress, Rejected, Warned};
use guichao_store::fellows::{ImportCounts, ImportPlan};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const KEEP: Duration = Duration::from_secs(2 * 3600);

/// An upload waiting for the clerk to confirm how its columns are read.
/// Held by this server only: after a restart the file is uploaded again.
pub struct Pending {
    pub upload: Upload,
    pub preview: ColumnsPreview,
    /// Why the last mapping sent was refused.
    pub error: Option<Msg>,
}

/// Where a job stands.
pub enum Stage {
    /// Uploaded; the column mapping is shown for the clerk to correct.
    Mapping(Box<Pending>),
    Checking,
    /// Checked and waiting for the user's go (the plan is in `Job::report`).
    Checked(Box<Checked>),
    Committing,
    Done(ImportCounts),
    Failed(Msg),
}

/// What the check found, kept for the preview, the result and the error file.
pub struct Report {
    pub layout: Layout,
    pub rows_in_file: usize,
    pub rejected: Vec<Rejected>,
    pub warnings: Vec<Warned>,
    /// Warned rows whose own values the clerk keeps (the ID's are taken for the rest).
    pub kept: BTreeSet<u64>,
    pub plan: ImportPlan,
}

impl Report {
    pub fn of(checked: &Checked) -> Report {
        Report {
            layout: checked.layout.clone(),
            rows_in_file: checked.rows_in_file,
            rejected: checked.rejected.clone(),
            warnings: checked.warnings.clone(),
            kept: checked.kept().clone(),
            plan: checked.plan().clone(),
        }
    }
}

pub struct Job {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub file_name: String,
    started: Instant,
    /// Rows read (checking) or written (committing) so far.
    pub rows: AtomicU64,
    pub stage: Mutex<Stage>,
    pub report: Mutex<Option<Arc<Report>>>,
}

impl Job {
    pub fn set(&self, stage: Stage) {
        *self.stage.lock().expect("job lock") = stage;
    }

    /// The pipeline's callback, counting rows into this job.
    pub fn progress(self: &Arc<Self>) -> Progress {
        let job = self.clone();
        Arc::new(move |n| {
            job.rows.fetch_add(n, Ordering::Relaxed);
        })
    }

    pub fn report(&self) -> Option<Arc<Report>> {
        self.report.lock().expect("job lock").clone()
    }
}

#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<Uuid, Arc<Job>>>,
}

impl Jobs {
    /// A new job: an upload waiting for its column mapping.
    pub fn start(&self, tenant_id: Uuid, user_id: Uuid, file_name: String, pending: Pending) -> Arc<Job> {
        self.adopt(Uuid::now_v7(), tenant_id, user_id, file_name, Stage::Mapping(Box::new(pending))).0
    }

    /// Job `id` as this server follows it: the one it already has, or a new
    /// one at `stage` (a stored job taken up again). The flag says whether it
    /// is new, so that of two requests taking up the same job only one starts
    /// its work.
    pub fn adopt(&self, id: Uuid, tenant_id: Uuid, user_id: Uuid, file_name: String, stage: Stage) -> (Arc<Job>, bool) {
        let mut jobs = self.jobs.lock().expect("jobs lock");
        jobs.retain(|_, j| j.started.elapsed() < KEEP);
        if let Some(job) = jobs.get(&id) {
            return (job.clone(), false);
        }
        let job = Arc::new(Job {
            id,
            tenant_id,
            user_id,
            file_name,
            started: Instant::now(),
            rows: AtomicU64::new(0),
            stage: Mutex::new(stage),
            report: Mutex::new(None),
        });
        jobs.insert(id, job.clone());
        (job, true)
    }

    /// The job, if this server follows it and it is this user's.
    pub fn get(&self, id: Uuid, tenant_id: Uuid, user_id: Uuid) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().expect("jobs lock");
        jobs.get(&id).filter(|j| j.tenant_id == tenant_id && j.user_id == user_id).cloned()
    }
}
