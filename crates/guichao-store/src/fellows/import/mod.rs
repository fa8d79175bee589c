//! Importing fellows from a spreadsheet. The rows arrive parsed and checked
//! (`guichao-sheets`); here they meet the registry: the importing user may
//! only add fellows of units they manage, rows that describe the same person
//! as an earlier row or as a fellow already registered are duplicates, and
//! each duplicate is skipped, updates, or merges into the record it matches
//! (`DuplicateAction`, chosen for the import and row by row).
//!
//! Files may hold a million rows, so nothing here keeps whole rows. Planning
//! (the dry run) keeps a row's number, its fate and 128-bit hashes of its
//! duplicate keys; committing reads the file again and streams its rows into
//! one write transaction ([`ImportSession`]), holding only the first rows of
//! in-file duplicates that update or merge. Everything is written or nothing.
//! Between the two, the web keeps the upload as an [`ImportJob`].

mod jobs;
mod keys;
mod planner;
mod session;

pub use jobs::{IMPORT_JOB_LIFETIME, ImportJob, ImportJobState, NewImportJob};
pub use planner::ImportPlanner;
pub use session::ImportSession;

use super::duplicates::DuplicateReason;
use guichao_domain::Msg;
use guichao_domain::fellows::DuplicateAction;
use guichao_domain::org::UnitLevel;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Registered fellows read per query while looking for duplicates.
pub(super) const REGISTRY_PAGE: u64 = 5_000;
/// New fellows written per bulk call inside the import's transaction.
pub(super) const WRITE_BATCH: usize = 20_000;

/// A township or village a fellow of the tenant may call home, and whether
/// the importing user may add fellows there.
#[derive(Debug, Clone, Serialize)]
pub struct FellowHome {
    pub id: Uuid,
    pub name: String,
    pub level: UnitLevel,
    pub parent_id: Option<Uuid>,
    pub managed: bool,
}

/// A row the registry refuses (its home is not a unit the user manages).
#[derive(Debug, Clone, Serialize)]
pub struct RefusedRow {
    pub row: u64,
    pub name: String,
    pub reason: Msg,
}

/// A row describing the same person as an earlier row of the file.
#[derive(Debug, Clone, Serialize)]
pub struct FileDuplicate {
    pub row: u64,
    pub first_row: u64,
    pub reason: DuplicateReason,
    pub action: DuplicateAction,
}

/// A row describing a fellow already registered (and visible to the user).
#[derive(Debug, Clone, Serialize)]
pub struct RegistryDuplicate {
    pub row: u64,
    pub fellow_id: Uuid,
    pub name: String,
    pub reason: DuplicateReason,
    pub action: DuplicateAction,
}

/// What an import would do (the dry run), or did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportPlan {
    /// Rows given to the store.
    pub rows: usize,
    /// Rows that become new fellows.
    pub new: usize,
    pub refused: Vec<RefusedRow>,
    pub in_file: Vec<FileDuplicate>,
    pub in_registry: Vec<RegistryDuplicate>,
}

/// What a commit wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub merged: usize,
    pub skipped: usize,
}

/// The file an import came from, for its audit event.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSource {
    pub file_name: String,
    pub sha256: String,
    /// Data rows in the file, and those the file's checks rejected before the store saw them.
    pub rows_in_file: usize,
    pub rejected_in_file: usize,
}

/// What becomes of one row.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fate {
    New,
    Refused,
    /// Joins the row of this ordinal.
    SameAs(usize),
    /// Meets the registered fellow of this index in `Planner::registered`.
    Registered(usize),
}
