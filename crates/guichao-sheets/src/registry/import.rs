//! One import of fellows, whoever starts it (the upload page,
//! `guichao import fellows` or the benchmark): read and check the file, plan it against the
//! registry (the dry run), then commit by reading the file again and
//! streaming its rows into one write transaction. Memory stays bounded by the
//! rejected rows and a few bytes per accepted row, whatever the file's length.

use super::homes::Homes;
use crate::{Field, ImportOptions, Layout, RowError, SheetError, Workbook};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{DuplicateAction, FellowDraft, IdMismatch};
use guichao_store::fellows::{FellowHome, ImportCounts, ImportPlan, ImportPlanner, ImportSource};
use guichao_store::{Actor, Store, StoreError};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use uuid::Uuid;

/// Accepted rows in flight between the reading thread and the writer: the
/// store's whole write batch, so that while the database writes one batch the
/// reader has the next one waiting, and SQLite is never left idle while rows
/// are parsed.
const CHANNEL_ROWS: usize = 20_000;

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
    /// The name the row gives, as written (empty if it gives none).
    pub name: String,
    /// The row's cells as the file shows them (empty for rows the registry refused).
    pub raw: Vec<String>,
    pub errors: Vec<RowError>,
}

impl Rejected {
    /// The row's cells for the error file: as the file shows them, or, for a
    /// row the registry refused after reading, its name in the name column.
    pub fn cells(&self, layout: &Layout) -> Vec<String> {
        if !self.raw.is_empty() {
            return self.raw.clone();
        }
        let mut cells = vec![String::new(); layout.header.len()];
        if let Some(cell) = layout.column(Field::Name).and_then(|c| cells.get_mut(c)) {
            cell.clone_from(&self.name);
        }
        cells
    }
}

/// The error file of a check: the rejected rows in the file's own layout,
/// each with its name, and a 错误原因 column.
pub fn error_file(layout: &Layout, rejected: &[Rejected]) -> Result<Vec<u8>, SheetError> {
    crate::error_workbook(layout, rejected.iter().map(|r| (r.cells(layout), r.errors.clone())))
}

/// An accepted row whose gender or birth date disagrees with its ID number.
/// The commit takes the ID's values unless the clerk keeps the row's
/// ([`Checked::keep_given`]): the ID number passed its check character and is
/// the legal record, while a typed 性别 or 出生日期 cell is the likelier slip.
#[derive(Debug, Clone)]
pub struct Warned {
    pub row: u64,
    pub name: String,
    pub mismatches: Vec<IdMismatch>,
}

/// How the importing user asked for a file to be read.
#[derive(Debug, Clone, Default)]
pub struct FileOptions {
    /// Keep the values of unknown columns in the notes.
    pub unknown_to_notes: bool,
    /// The clerk's reading of the columns, if they corrected the detected one.
    pub mapping: Option<Vec<Option<Field>>>,
}

/// A file's columns as detected, for the clerk to correct before the check.
#[derive(Debug, Clone)]
pub struct ColumnsPreview {
    /// Each column's header as written (`第N列` where it has none).
    pub headers: Vec<String>,
    /// Each column's first value in the rows under the header.
    pub samples: Vec<String>,
    /// The field each column was read as, `None` where it is not imported.
    pub fields: Vec<Option<Field>>,
}

/// Reads the header of `source` and the rows under it, and says how each
/// column would be read. Blocking; nothing is checked.
pub fn preview_columns(source: &FileSource, file_name: &str) -> Result<ColumnsPreview, SheetError> {
    let mut book = open(source, file_name)?;
    let refuse = |_: &str, _: &str| Err(crate::UnitError::Township(Msg::new("", "")));
    let import = book.import(ImportOptions::new(super::today()), refuse)?;
    let layout = import.layout();
    let headers = (0..layout.header.len()).map(|c| layout.column_label(c)).collect();
    let fields = layout
        .columns
        .iter()
        .map(|k| match k {
            crate::ColumnKind::Field(f) => Some(*f),
            _ => None,
        })
        .collect();
    Ok(ColumnsPreview { headers, samples: import.samples(), fields })
}

/// A checked file: its layout, the rows refused and the plan for the rest.
pub struct Checked {
    pub file_name: String,
    pub sha256: String,
    pub layout: Layout,
    /// Data rows read (accepted and rejected).
    pub rows_in_file: usize,
    pub rejected: Vec<Rejected>,
    /// Accepted rows whose gender or birth date disagrees with the ID number.
    pub warnings: Vec<Warned>,
    /// Rows of `warnings` whose own values the clerk keeps.
    kept: BTreeSet<u64>,
    planner: ImportPlanner,
    /// The units the rows were resolved against; the commit resolves them the same way.
    homes: Vec<FellowHome>,
    source: FileSource,
    options: FileOptions,
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
    file: FileOptions,
    progress: Progress,
) -> Result<Checked, ImportError> {
    let homes = store.fellows(actor, Permission::FellowWrite)?.homes().await?;
    let planner = store.fellows(actor, Permission::FellowWrite)?.import_planner(default).await?;
    let (src, name, resolver) = (source.clone(), file_name.to_string(), Homes::new(&homes));
    let options = options(super::today(), &file);
    let today = options.today;
    let read = tokio::task::spawn_blocking(move || read_all(src, &name, resolver, planner, options, &*progress));
    let ReadAll { sha256, layout, rows: rows_in_file, mut rejected, warnings, mut planner } =
        read.await.map_err(joined)??;
    planner.finish(store).await?;
    for refused in &planner.plan().refused {
        let column = layout.field_label(crate::Field::Township);
        let error = RowError { row: refused.row, column, reason: refused.reason.clone() };
        rejected.push(Rejected { row: refused.row, name: refused.name.clone(), raw: vec![], errors: vec![error] });
    }
    rejected.sort_by_key(|r| r.row);
    Ok(Checked {
        file_name: file_name.to_string(),
        sha256,
        layout,
        rows_in_file,
        rejected,
        warnings,
        kept: BTreeSet::new(),
        planner,
        homes,
        source,
        options: file,
        today,
        job: None,
    })
}

/// What the checking pass read.
struct ReadAll {
    sha256: String,
    layout: Layout,
    rows: usize,
    rejected: Vec<Rejected>,
    warnings: Vec<Warned>,
    planner: ImportPlanner,
}

/// An accepted row's draft as the import writes it: the file named as its
/// source unless the row gives one, and the ID number's gender and birth
/// date unless the clerk keeps the row's own (`follow_id` false).
fn prepare(draft: &mut FellowDraft, file_name: &str, follow_id: bool) {
    if draft.source.is_empty() {
        draft.source = source_of(file_name);
    }
    if follow_id {
        draft.follow_id();
    }
}

/// The 信息来源 of a fellow imported from `file_name`, within the field's 50 characters.
pub fn source_of(file_name: &str) -> String {
    format!("导入：{file_name}").chars().filter(|c| !c.is_control()).take(50).collect()
}

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
    let name_column = layout.column(Field::Name);
    let (mut rows, mut rejected, mut warnings) = (0, Vec::new(), Vec::new());
    for parsed in &mut import {
        let parsed = parsed?;
        rows += 1;
        match parsed.result {
            Ok(mut draft) => {
                let mismatches = draft.id_mismatches();
                if !mismatches.is_empty() {
                    warnings.push(Warned { row: parsed.row, name: draft.name.clone(), mismatches });
                }
                // Planned as committed by default, with the ID's values.
                prepare(&mut draft, file_name, true);
                planner.add(parsed.row, &draft, None)
            }
            Err(errors) => {
                let name =
                    name_column.and_then(|c| parsed.raw.get(c)).map(|n| n.trim().to_string()).unwrap_or_default();
                rejected.push(Rejected { row: parsed.row, name, raw: parsed.raw, errors })
            }
        }
        if rows % 1_000 == 0 {
            progress(1_000);
        }
    }
    progress(rows as u64 % 1_000);
    Ok(ReadAll { sha256, layout, rows, rejected, warnings, planner })
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

    /// Keeps the row's own gender and birth date in warned row `row` instead
    /// of the ID number's (a choice made in the preview).
    pub fn keep_given(&mut self, row: u64) {
        if self.warnings.iter().any(|w| w.row == row) {
            self.kept.insert(row);
        }
    }

    /// The warned rows whose own values are kept.
    pub fn kept(&self) -> &BTreeSet<u64> {
        &self.kept
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
        let (src, name, options) = (self.source, self.file_name, options(self.today, &self.options));
        let homes = Homes::new(&self.homes);
        let kept = self.kept;
        let reader = tokio::task::spawn_blocking(move || {
            let rows = open(&src, &name).and_then(|mut book| {
                let import = book.import(options, homes)?;
                for parsed in import {
                    match parsed {
                        Ok(p) => {
                            if let Ok(mut draft) = p.result {
                                prepare(&mut draft, &name, !kept.contains(&p.row));
                                if tx.blocking_send(Ok((p.row, draft))).is_err() {
                                    return Ok(());
                                }
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

fn options(today: NaiveDate, file: &FileOptions) -> ImportOptions {
    ImportOptions { unknown_to_notes: file.unknown_to_notes, mapping: file.mapping.clone(), today }
}

pub(crate) fn open(source: &FileSource, file_name: &str) -> Result<Workbook, SheetError> {
    match source {
        FileSource::Bytes(bytes) => Workbook::open(bytes.as_ref().clone(), file_name),
        FileSource::Path(path) => Workbook::open_path(path),
    }
}

/// The file's SHA-256, for the audit event.
pub(crate) fn digest(source: &FileSource) -> Result<String, SheetError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ColumnKind;

    #[test]
    fn a_row_the_registry_refused_keeps_its_name_in_the_error_file() {
        let layout = Layout {
            title_rows: vec![],
            header_row: 1,
            header_rows: 1,
            header: vec!["序号".into(), "姓名".into(), "乡镇".into()],
            columns: vec![ColumnKind::Ignored, ColumnKind::Field(Field::Name), ColumnKind::Field(Field::Township)],
            unknown: vec![],
            missing: vec![],
        };
        let error = RowError { row: 2, column: "乡镇".into(), reason: Msg::new("不在范围内", "Out of scope") };
        let refused = Rejected { row: 2, name: "李明".into(), raw: vec![], errors: vec![error.clone()] };
        assert_eq!(refused.cells(&layout), ["", "李明", ""]);
        let read = Rejected {
            row: 3,
            name: "王芳".into(),
            raw: vec!["1".into(), "王芳".into(), "月田".into()],
            errors: vec![error],
        };
        assert_eq!(read.cells(&layout), ["1", "王芳", "月田"], "the row as the file shows it");
        let bytes = error_file(&layout, &[refused, read]).unwrap();
        let mut book = Workbook::open(bytes, "errors.xlsx").unwrap();
        let names: Vec<String> = book.rows().unwrap().map(|r| r.unwrap().cell(1).display()).collect();
        assert_eq!(names, ["姓名", "李明", "王芳"]);
    }

    #[test]
    fn the_source_names_the_file_within_the_field() {
        assert_eq!(source_of("2026乡友名册.xlsx"), "导入：2026乡友名册.xlsx");
        assert_eq!(source_of(&"长".repeat(80)).chars().count(), 50);
        assert_eq!(source_of("a\nb.csv"), "导入：ab.csv");
    }
}
