//! Imports of records other than fellows (a contact log, a project ledger)
//! that this server follows: each checked upload is a job of the user who
//! sent it, with its check kept for the preview, the error file and the
//! commit. A job moves from checked to committing to done (or failed) under
//! one lock, so a second confirm of the same job finds it no longer checked
//! and writes nothing. Jobs live in memory for two hours; after a restart
//! the clerk uploads the file again, and what was written already comes back
//! as recorded rather than being written twice.

use guichao_domain::Msg;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const KEEP: Duration = Duration::from_secs(2 * 3600);

/// Where a job stands; `D` is what its commit wrote.
#[derive(Debug, Clone)]
pub enum Stage<D> {
    /// Checked and waiting for the clerk's confirm.
    Checked,
    Committing,
    Done(D),
    /// The commit failed; nothing was written.
    Failed(Msg),
}

/// One checked upload (`C`, the pipeline's check) and where it stands.
pub struct CheckedJob<C, D> {
    pub id: Uuid,
    tenant_id: Uuid,
    user_id: Uuid,
    started: Instant,
    pub checked: Arc<C>,
    stage: Mutex<Stage<D>>,
}

impl<C, D: Clone> CheckedJob<C, D> {
    pub fn stage(&self) -> Stage<D> {
        self.stage.lock().expect("job lock").clone()
    }

    pub fn set(&self, stage: Stage<D>) {
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

/// The jobs of one kind of import.
pub struct CheckedJobs<C, D> {
    jobs: Mutex<HashMap<Uuid, Arc<CheckedJob<C, D>>>>,
}

impl<C, D> Default for CheckedJobs<C, D> {
    fn default() -> Self {
        CheckedJobs { jobs: Mutex::new(HashMap::new()) }
    }
}

impl<C, D> CheckedJobs<C, D> {
    /// A new job holding `checked`, for this user.
    pub fn start(&self, tenant_id: Uuid, user_id: Uuid, checked: C) -> Arc<CheckedJob<C, D>> {
        let job = Arc::new(CheckedJob {
            id: Uuid::now_v7(),
            tenant_id,
            user_id,
            started: Instant::now(),
            checked: Arc::new(checked),
            stage: Mutex::new(Stage::Checked),
        });
        let mut jobs = self.jobs.lock().expect("jobs lock");
        jobs.retain(|_, j| j.started.elapsed() < KEEP);
        jobs.insert(job.id, job.clone());
        job
    }

    /// The job, if this server follows it and it is this user's.
    pub fn get(&self, id: Uuid, tenant_id: Uuid, user_id: Uuid) -> Option<Arc<CheckedJob<C, D>>> {
        let jobs = self.jobs.lock().expect("jobs lock");
        jobs.get(&id).filter(|j| j.tenant_id == tenant_id && j.user_id == user_id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_committed_once_and_only_by_its_user() {
        let jobs: CheckedJobs<&str, usize> = CheckedJobs::default();
        let (tenant, user) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let job = jobs.start(tenant, user, "台账.csv");
        assert!(jobs.get(job.id, tenant, Uuid::from_u128(3)).is_none(), "another user's");
        assert!(jobs.get(job.id, Uuid::from_u128(9), user).is_none(), "another tenant's");
        let mine = jobs.get(job.id, tenant, user).unwrap();
        assert_eq!(*mine.checked, "台账.csv");
        assert!(mine.start_commit());
        assert!(!job.start_commit(), "a second confirm finds it being written");
        job.set(Stage::Done(3));
        assert!(!mine.start_commit(), "nor once written");
        assert!(matches!(mine.stage(), Stage::Done(3)));
    }
}
