//! One import of a project ledger, whoever starts it: read the file, match
//! and check every row (the dry run: nothing is written), then commit every
//! accepted project in one transaction with one audit event, or nothing.
//!
//! A project name is taken once: a row naming a project the importing user
//! already sees is skipped (an earlier import of the same ledger), and a
//! name repeated within the file is refused on its later rows, since two
//! rows cannot both be the project.

use super::LedgerColumn;
use super::matching::{Matcher, name_key};
use super::row::RowReader;
use super::sheet::{LedgerLayout, detect, is_record};
use crate::cell::RawRow;
use crate::registry::import::{FileSource, Rejected};
use crate::table::read_rows;
use crate::{RowError, SheetError};
use chrono::NaiveDate;
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_store::projects::{ImportedProject, ProjectDirectory, ProjectImportCounts};
use guichao_store::{Actor, Store, StoreError};
use std::collections::HashMap;
use uuid::Uuid;

/// A project the import would write.
#[derive(Debug, Clone)]
pub struct AcceptedProject {
    pub row: u64,
    pub project: ImportedProject,
}

/// A row naming a project the importing user has already: not written again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingProject {
    pub row: u64,
    pub name: String,
}

/// A checked ledger: what it holds and what would be written.
#[derive(Debug, Clone)]
pub struct CheckedLedger {
    pub file_name: String,
    pub sha256: String,
    pub layout: LedgerLayout,
    /// Data rows read (accepted, rejected and existing); blank and footer rows are not counted.
    pub rows_in_file: usize,
    pub accepted: Vec<AcceptedProject>,
    /// Refused rows, each with its project name and every reason.
    pub rejected: Vec<Rejected>,
    pub existing: Vec<ExistingProject>,
}

/// Why a whole import failed.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("{0}")]
    Sheet(#[from] SheetError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl LedgerError {
    /// What to tell the user.
    pub fn message(&self) -> Msg {
        match self {
            // The sheet's own words describe a roster's header, not a ledger's.
            LedgerError::Sheet(SheetError::NoHeader { scanned }) => Msg::new(
                format!("前 {scanned} 行中没有找到表头：项目台账的表头行应包含“项目名称”列"),
                format!(
                    "No header in the first {scanned} rows: a project ledger's header row needs a 项目名称 (project name) column"
                ),
            ),
            LedgerError::Sheet(e) => e.message(),
            LedgerError::Store(StoreError::Fields(errors)) => StoreError::joined(errors),
            LedgerError::Store(StoreError::Invalid(m) | StoreError::Conflict(m)) => m.clone(),
            LedgerError::Store(StoreError::Forbidden | StoreError::NotFound) => {
                Msg::new("您没有导入招商项目的权限", "You may not import projects")
            }
            LedgerError::Store(e) => {
                Msg::new(format!("导入失败，未写入任何数据：{e}"), format!("Import failed, nothing was written: {e}"))
            }
        }
    }
}

/// Reads and checks a project ledger as `actor` (who needs `project.write`)
/// on `today`. Nothing is written.
pub async fn check(
    store: &Store,
    actor: &Actor,
    source: FileSource,
    file_name: &str,
    today: NaiveDate,
) -> Result<CheckedLedger, LedgerError> {
    let directory = store.projects(actor, Permission::ProjectWrite)?.import_directory().await?;
    let (sha256, rows) = read_rows(source, file_name).await?;
    let mut checked = judge(&rows, &directory, actor.unit_id(), today)?;
    checked.file_name = file_name.to_string();
    checked.sha256 = sha256;
    Ok(checked)
}

/// Judges a ledger's rows against what the importing user reaches
/// (`directory`, their own unit `own_unit`) on `today`: the work of
/// [`check`] once the file is read, without the store.
pub fn judge(
    rows: &[RawRow],
    directory: &ProjectDirectory,
    own_unit: Uuid,
    today: NaiveDate,
) -> Result<CheckedLedger, SheetError> {
    let (layout, first) = detect(rows)?;
    let matcher = Matcher::new(directory);
    let reader = RowReader { layout: &layout, matcher: &matcher, own_unit, today };
    let (mut accepted, mut rejected, mut existing) = (Vec::new(), Vec::new(), Vec::new());
    // Each project name of the file, by the row that first gives it.
    let mut named: HashMap<String, u64> = HashMap::new();
    let mut rows_in_file = 0;
    for raw in rows[first..].iter().filter(|r| is_record(&layout, r)) {
        rows_in_file += 1;
        let name = layout.text(raw, LedgerColumn::Name);
        let earlier = match name.is_empty() {
            true => None,
            false => named.get(&name_key(&name)).copied().or_else(|| {
                named.insert(name_key(&name), raw.row);
                None
            }),
        };
        let read = reader.read(raw).and_then(|project| match earlier {
            None => Ok(project),
            Some(row) => Err(vec![RowError {
                row: raw.row,
                column: layout.label(LedgerColumn::Name),
                reason: Msg::new(
                    format!("与第{row}行的项目名称重复，同一项目只能有一行"),
                    format!("The same project name as row {row}; a project takes one row"),
                ),
            }]),
        });
        match read {
            Ok(project) if matcher.has_project(&project.draft.name) => {
                existing.push(ExistingProject { row: raw.row, name: project.draft.name })
            }
            Ok(project) => accepted.push(AcceptedProject { row: raw.row, project }),
            Err(errors) => rejected.push(Rejected { row: raw.row, name, raw: raw.display(), errors }),
        }
    }
    Ok(CheckedLedger {
        file_name: String::new(),
        sha256: String::new(),
        layout,
        rows_in_file,
        accepted,
        rejected,
        existing,
    })
}

impl CheckedLedger {
    /// The rejected rows as the file wrote them, under its title and header,
    /// with a 错误原因 column.
    pub fn error_file(&self) -> Result<Vec<u8>, SheetError> {
        crate::registry::import::error_file(&self.layout.as_layout(), &self.rejected)
    }

    /// Writes every accepted project as `actor`, in one transaction with one
    /// audit event naming the file; nothing when any row is refused there.
    pub async fn commit(&self, store: &Store, actor: &Actor) -> Result<ProjectImportCounts, LedgerError> {
        let rows = self.accepted.iter().map(|a| a.project.clone()).collect();
        let source = serde_json::json!({
            "file": self.file_name, "sha256": self.sha256, "rows": self.rows_in_file,
            "rejected": self.rejected.len(), "existing": self.existing.len(),
        });
        Ok(store.projects(actor, Permission::ProjectWrite)?.import(rows, source).await?)
    }
}
