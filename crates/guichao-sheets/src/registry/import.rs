//! One import of fellows, whoever starts it (the upload page,
//! `guichao import fellows` or the benchmark): read and check the file, plan it against the
//! registry (the dry run), then commit by reading the file again and
//! streaming its rows into one write transaction. Memory stays bounded by the
//! rejected rows and a few bytes per accepted row, whatever the file's length.

use super::homes::Homes;
use crate::{ImportOptions, Layout, RowError, SheetError, Workbook};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{DuplicateAction, FellowDraft};
use guichao_store::fellows::{FellowHome, ImportCounts, ImportPlan, ImportPlanner, ImportSource};
use guichao_store::{Actor, Store, StoreError};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use uuid::Uuid;

/// Accepted rows in flight between the reading thread and the writer.
const CHANNEL_ROWS: usize = 4_096;

/// Where the file's bytes are: an upload held in memory, or a path.
#[derive(Clone)]
pub enum FileSource {
    Bytes(Arc<Vec<u8>>),
    Path(PathBuf),
}

/// Called with the number of rows read (checking) or written (committing) since the last call.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// A row the import does not take, with every reason.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub row: u64,
    /// The row's cells as the file shows them (empty for rows the registry refused).
    pub raw: Vec<String>,
    pub errors: Vec<RowError>,
}

/// A checked file: its layout, the rows refused and the plan for the rest.
pub struct Checked {
    pub file_name: String,
    pub sha256: String,
    pub layout: Layout,
    /// Data rows read (accepted and rejected).
    pub rows_in_file: usize,
    pub rejected: Vec<Rejected>,
    planner: ImportPlanner,
    /// The units the rows were resolved against; the commit resolves them the same way.
    homes: Vec<FellowHome>,
    source: FileSource,
    unknown_to_notes: bool,
    /// The date the rows were checked against; the commit parses them the same way.
    today: NaiveDate,
    /// The stored import job the commit carries out, if any.
    job: Option<Uuid>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Sheet(#[from] SheetError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl ImportError {
    /// What to tell the user.
    pub fn message(&self) -> Msg {
        match self {
            ImportError::Sheet(e) => e.message(),
            ImportError::Store(StoreError::Invalid(m) | StoreError::Conflict(m)) => m.clone(),
            ImportError::Store(StoreError::Forbidden | StoreError::NotFound) => {
                Msg::new("您没有导入乡友的权限", "You may not import fellows")
            }
            ImportError::Store(e) => {
                Msg::new(format!("导入失败，未写入任何数据：{e}"), format!("Import failed, nothing was written: {e}"))
            }
        }
    }
}

fn joined(e: tokio::task::JoinError) -> ImportError {
    ImportError::Sheet(SheetError::Broken(e.to_string()))
}

/// Reads and checks `source`, then plans its rows against the registry.
/// Nothing is written.
pub async fn check(
    store: &Store,
    actor: &Actor,
    source: FileSource,
    file_name: &str,
    default: DuplicateAction,
    unknown_to_notes: bool,
    progress: Progress,
) -> Result<Checked, ImportError> {
    let homes = store.fellows(actor, Permission::FellowWrite)?.homes().await?;
    let planner = store.fellows(actor, Permission::FellowWrite)?.import_planner(default).await?;
    let (src, name, resolver) = (source.clone(), file_name.to_string(), Homes::new(&homes));
    let options = options(super::today(), unknown_to_notes);
    let today = options.today;
    let read = tokio::task::spawn_blocking(move || read_all(src, &name, resolver, planner, options, &*progress));
    let (sha256, layout, rows_in_file, mut rejected, mut planner) = read.await.map_err(joined)??;
    planner.finish(store).await?;
    for refused in &planner.plan().refused {
        let column = layout.field_label(crate::Field::Township);
        let error = RowError { row: refused.row, column, reason: refused.reason.clone() };
        rejected.push(Rejected { row: refused.row, raw: vec![], errors: vec![error] });
    }
    rejected.sort_by_key(|r| r.row);
    Ok(Checked {
        file_name: file_name.to_string(),
        sha256,
        layout,
        rows_in_file,
        rejected,
        planner,
        homes,
        source,
        unknown_to_notes,
        today,
        job: None,
    })
}

type ReadAll = (String, Layout, usize, Vec<Rejected>, ImportPlanner);

/// The checking pass, on a blocking thread: every row parsed, the accepted
/// ones given to the planner, the rejected ones kept with their cells.
fn read_all(
    source: FileSource,
    file_name: &str,
    homes: Homes,
    mut planner: ImportPlanner,
    options: ImportOptions,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<ReadAll, ImportError> {
    let sha256 = digest(&source)?;
    let mut book = open(&source, file_name)?;
    let mut import = book.import(options, homes)?;
    let layout = import.layout().clone();
    let (mut rows, mut rejected) = (0, Vec::new());
    for parsed in &mut import {
        let parsed = parsed?;
        rows += 1;
        match parsed.result {
            Ok(draft) => planner.add(parsed.row, &draft, None),
            Err(errors) => rejected.push(Rejected { row: parsed.row, raw: parsed.raw, errors }),
        }
        if rows % 1_000 == 0 {
            progress(1_000);
        }
    }
    progress(rows as u64 % 1_000);
    Ok((sha256, layout, rows, rejected, planner))
}

impl Checked {
    /// What the import would do.
    pub fn plan(&self) -> &ImportPlan {
        self.planner.plan()
    }

    /// Chooses the action for the duplicate in row `row` (from the preview).
    pub fn set_action(&mut self, row: u64, action: DuplicateAction) {
        self.planner.set_action(row, action);
    }

    /// Makes the commit that of the stored import job `id` (the upload
    /// page's): the commit's transaction marks the job done, so that it is
    /// committed once at most, and a commit that fails leaves it waiting.
    pub fn for_job(&mut self, id: Uuid) {
        self.job = Some(id);
    }

    /// Writes the accepted rows as planned, in one transaction, reading the
    /// file again. A failure or a crash part way leaves the registry as it was.
    pub async fn commit(self, store: &Store, progress: Progress) -> Result<(ImportPlan, ImportCounts), ImportError> {
        let source = ImportSource {
            file_name: self.file_name.clone(),
            sha256: self.sha256.clone(),
            rows_in_file: self.rows_in_file,
            rejected_in_file: self.rejected.len() - self.plan().refused.len(),
        };
        let written = move |n: usize| progress(n as u64);
        let mut session = store.begin_import(self.planner, &written).await?;
        if let Some(id) = self.job {
            session.complete_job(id).await?;
        }
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<(u64, FellowDraft), SheetError>>(CHANNEL_ROWS);
        let (src, name, options) = (self.source, self.file_name, options(self.today, self.unknown_to_notes));
        let homes = Homes::new(&self.homes);
        let reader = tokio::task::spawn_blocking(move || {
            let rows = open(&src, &name).and_then(|mut book| {
                let import = book.import(options, homes)?;
                for parsed in import {
                    match parsed {
                        Ok(p) => {
                            if let Ok(draft) = p.result
                                && tx.blocking_send(Ok((p.row, draft))).is_err()
                            {
                                return Ok(());
                            }
                        }
                        Err(e) => return Err(e),
                    }
                }
                Ok(())
            });
            if let Err(e) = rows {
                let _ = tx.blocking_send(Err(e));
            }
        });
        while let Some(item) = rx.recv().await {
            let (row, draft) = item?;
            session.add(row, draft).await?;
        }
        reader.await.map_err(joined)?;
        Ok(session.finish(&source).await?)
    }
}

fn options(today: NaiveDate, unknown_to_notes: bool) -> ImportOptions {
    ImportOptions { unknown_to_notes, ..ImportOptions::new(today) }
}

fn open(source: &FileSource, file_name: &str) -> Result<Workbook, SheetError> {
    match source {
        FileSource::Bytes(bytes) => Workbook::open(bytes.as_ref().clone(), file_name),
        FileSource::Path(path) => Workbook::open_path(path),
    }
}

/// The file's SHA-256, for the audit event.
fn digest(source: &FileSource) -> Result<String, SheetError> {
    let mut hasher = Sha256::new();
    match source {
        FileSource::Bytes(bytes) => hasher.update(bytes.as_slice()),
        FileSource::Path(path) => {
            let mut file = std::fs::File::open(path).map_err(|e| SheetError::Io(e.to_string()))?;
            let mut buf = vec![0u8; 1 << 16];
            loop {
                let n = file.read(&mut buf).map_err(|e| SheetError::Io(e.to_string()))?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
            }
        }
    }
    Ok(hex::encode(hasher.finalize()))
}
