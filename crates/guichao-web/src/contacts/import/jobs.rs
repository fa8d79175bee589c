//! Contact log imports this server follows: each checked upload is a job of
//! the user who sent it, with its check kept for the preview, the error file
//! and the commit. A job moves from checked to committing to done (or
//! failed) under one lock, so a second confirm of the same job finds it no
//! longer checked and writes nothing. Jobs live in memory for two hours; after
//! a restart the clerk uploads the file again, and rows recorded already come
//! back as duplicates rather than being written twice.

use guichao_domain::Msg;
use guichao_sheets::contacts::CheckedLog;
use guichao_store::contacts::BulkContactCounts;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const KEEP: Duration = Duration::from_secs(2 * 3600);

/// Where a job stands.
#[derive(Debug, Clone)]
pub enum Stage {
    /// Checked and waiting for the clerk's confirm.
    Checked,
    Committing,
    Done(BulkContactCounts),
    /// The commit failed; nothing was written.
    Failed(Msg),
}

pub struct LogJob {
    pub id: Uuid,
    tenant_id: Uuid,
    user_id: Uuid,
    started: Instant,
    pub log: Arc<CheckedLog>,
    stage: Mutex<Stage>,
}

impl LogJob {
    pub fn stage(&self) -> Stage {
        self.stage.lock().expect("job lock").clone()
    }

    pub fn set(&self, stage: Stage) {
        *self.stage.lock().expect("job lock") = stage;
    }

    /// Moves a checked job to committing; `false` (and nothing changed) when
    /// it is not waiting for a confirm, as on a second confirm.
    pub fn start_commit(&self) -> bool {
        let mut stage = self.stage.lock().expect("job lock");
        if !matches!(*stage, Stage::Checked) {
            return false;
        }
        *stage = Stage::Committing;
        true
    }
}

#[derive(Default)]
pub struct LogJobs {
    jobs: Mutex<HashMap<Uuid, Arc<LogJob>>>,
}

impl LogJobs {
    /// A new job holding `log`, checked for this user.
    pub fn start(&self, tenant_id: Uuid, user_id: Uuid, log: CheckedLog) -> Arc<LogJob> {
        let job = Arc::new(LogJob {
            id: Uuid::now_v7(),
            tenant_id,
            user_id,
            started: Instant::now(),
            log: Arc::new(log),
            stage: Mutex::new(Stage::Checked),
        });
        let mut jobs = self.jobs.lock().expect("jobs lock");
        jobs.retain(|_, j| j.started.elapsed() < KEEP);
        jobs.insert(job.id, job.clone());
        job
    }

    /// The job, if this server follows it and it is this user's.
    pub fn get(&self, id: Uuid, tenant_id: Uuid, user_id: Uuid) -> Option<Arc<LogJob>> {
        let jobs = self.jobs.lock().expect("jobs lock");
        jobs.get(&id).filter(|j| j.tenant_id == tenant_id && j.user_id == user_id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichao_sheets::contacts::LogLayout;

    fn log() -> CheckedLog {
        let layout = LogLayout { title_rows: vec![], header_row: 1, header: vec![], columns: vec![] };
        CheckedLog {
            file_name: "台账.csv".into(),
            sha256: String::new(),
            layout,
            rows_in_file: 0,
            accepted: vec![],
            rejected: vec![],
            duplicates: vec![],
        }
    }

    #[test]
    fn a_job_is_committed_once_and_only_by_its_user() {
        let jobs = LogJobs::default();
        let (tenant, user) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let job = jobs.start(tenant, user, log());
        assert!(jobs.get(job.id, tenant, Uuid::from_u128(3)).is_none(), "another user's");
        assert!(jobs.get(job.id, Uuid::from_u128(9), user).is_none(), "another tenant's");
        let mine = jobs.get(job.id, tenant, user).unwrap();
        assert!(mine.start_commit());
        assert!(!job.start_commit(), "a second confirm finds it being written");
        job.set(Stage::Done(BulkContactCounts::default()));
        assert!(!mine.start_commit(), "nor once written");
    }
}
