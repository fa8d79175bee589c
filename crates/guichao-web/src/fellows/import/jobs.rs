//! Imports in progress, kept in memory by the server: checking and
//! committing a large file take seconds to minutes, so they run as tasks and
//! the page follows them. A job belongs to the user who uploaded the file;
//! jobs are dropped two hours after they start.

use guichao_domain::Msg;
use guichao_sheets::Layout;
use guichao_sheets::registry::import::{Checked, Progress, Rejected};
use guichao_store::fellows::{ImportCounts, ImportPlan};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const KEEP: Duration = Duration::from_secs(2 * 3600);

/// Where a job stands.
pub enum Stage {
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
    pub plan: ImportPlan,
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
    pub fn start(&self, tenant_id: Uuid, user_id: Uuid, file_name: String) -> Arc<Job> {
        let job = Arc::new(Job {
            id: Uuid::now_v7(),
            tenant_id,
            user_id,
            file_name,
            started: Instant::now(),
            rows: AtomicU64::new(0),
            stage: Mutex::new(Stage::Checking),
            report: Mutex::new(None),
        });
        let mut jobs = self.jobs.lock().expect("jobs lock");
        jobs.retain(|_, j| j.started.elapsed() < KEEP);
        jobs.insert(job.id, job.clone());
        job
    }

    /// The job, if it is this user's.
    pub fn get(&self, id: Uuid, tenant_id: Uuid, user_id: Uuid) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().expect("jobs lock");
        jobs.get(&id).filter(|j| j.tenant_id == tenant_id && j.user_id == user_id).cloned()
    }
}
