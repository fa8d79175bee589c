//! The work behind the import pages, run as tasks that a job follows:
//! checking an upload and keeping it in the database, taking up a stored job
//! this server has no memory of by checking its file again, and committing.

use super::jobs::{Job, Report, Stage};
use crate::AppState;
use crate::error::AppError;
use guichao_domain::access::Permission;
use guichao_domain::fellows::DuplicateAction;
use guichao_sheets::Field;
use guichao_sheets::registry::import::{self as pipeline, Checked, FileOptions, FileSource};
use guichao_store::fellows::{ImportJobState, NewImportJob};
use guichao_store::{Actor, Store, StoreError};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// An uploaded file and the choices that come with it.
pub struct Upload {
    pub bytes: Arc<Vec<u8>>,
    pub default: DuplicateAction,
    pub unknown_to_notes: bool,
    /// Actions already chosen row by row (a stored job's).
    pub actions: BTreeMap<u64, DuplicateAction>,
    /// The column mapping the clerk confirmed, if it differs from the detected one.
    pub mapping: Option<Vec<Option<Field>>>,
    /// Warned rows whose own values the clerk keeps (a stored job's).
    pub kept: BTreeSet<u64>,
}

/// Checks `upload` for `job`; a new upload is kept in the database once
/// checked, a stored one (`stored`) already is.
pub fn check(store: Store, actor: Actor, job: Arc<Job>, upload: Upload, stored: bool) {
    tokio::spawn(async move {
        let source = FileSource::Bytes(upload.bytes.clone());
        let progress = job.progress();
        let file = FileOptions { unknown_to_notes: upload.unknown_to_notes, mapping: upload.mapping.clone() };
        let checked = pipeline::check(&store, &actor, source, &job.file_name, upload.default, file, progress).await;
        let mut checked = match checked {
            Ok(checked) => checked,
            Err(e) => return job.set(Stage::Failed(e.message())),
        };
        for (row, action) in &upload.actions {
            checked.set_action(*row, *action);
        }
        for row in &upload.kept {
            checked.keep_given(*row);
        }
        if !stored {
            let new = NewImportJob {
                id: job.id,
                file_name: &job.file_name,
                file: &upload.bytes,
                default_action: upload.default,
                unknown_to_notes: upload.unknown_to_notes,
                mapping: upload.mapping.as_ref().map(|m| m.iter().map(|f| f.map(|f| f.code().to_string())).collect()),
            };
            if let Err(e) = async { store.fellows(&actor, Permission::FellowWrite)?.save_import_job(new).await }.await {
                return job.set(Stage::Failed(pipeline::ImportError::Store(e).message()));
            }
        }
        *job.report.lock().expect("job lock") = Some(Arc::new(Report::of(&checked)));
        job.set(Stage::Checked(Box::new(checked)));
    });
}

/// The stored job `id` of the user, taken up by this server: a checked one
/// is checked again (the preview comes back as it was, with the actions
/// chosen), a committed one shows what it wrote.
pub async fn restore(state: &AppState, actor: &Actor, id: uuid::Uuid) -> Result<Arc<Job>, AppError> {
    let stored = match state.store.fellows(actor, Permission::FellowWrite)?.import_job(id).await {
        Ok(stored) => stored,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let stage = match stored.state {
        ImportJobState::Checked => Stage::Checking,
        ImportJobState::Done(counts) => Stage::Done(counts),
    };
    let (job, new) = state.imports.adopt(id, actor.tenant_id(), actor.user_id(), stored.file_name, stage);
    if new && stored.state == ImportJobState::Checked {
        let upload = Upload {
            bytes: Arc::new(stored.file),
            default: stored.default_action,
            unknown_to_notes: stored.unknown_to_notes,
            actions: stored.actions,
            mapping: stored.mapping.map(|m| m.iter().map(|code| code.as_deref().and_then(Field::from_code)).collect()),
            kept: stored.kept,
        };
        check(state.store.clone(), actor.clone(), job.clone(), upload, true);
    }
    Ok(job)
}

/// Commits a checked job with the actions and kept rows chosen on the
/// preview, which are kept with the stored job first (a commit cut short by a restart leaves the
/// preview as the user left it).
pub fn commit(
    store: Store,
    actor: Actor,
    job: Arc<Job>,
    mut checked: Box<Checked>,
    actions: BTreeMap<u64, DuplicateAction>,
    kept: BTreeSet<u64>,
) {
    for (row, action) in &actions {
        checked.set_action(*row, *action);
    }
    for row in &kept {
        checked.keep_given(*row);
    }
    checked.for_job(job.id);
    tokio::spawn(async move {
        let saved = async {
            let fellows = store.fellows(&actor, Permission::FellowWrite)?;
            fellows.set_import_job_actions(job.id, &actions).await?;
            fellows.set_import_job_kept(job.id, &kept).await
        };
        if let Err(e) = saved.await {
            return job.set(Stage::Failed(pipeline::ImportError::Store(e).message()));
        }
        match checked.commit(&store, job.progress()).await {
            Ok((_, counts)) => job.set(Stage::Done(counts)),
            Err(e) => job.set(Stage::Failed(e.message())),
        }
    });
}
