//! The fellow registry (乡友信息库): fellows and what hangs off them, read and
//! written within the user's scope.

mod bulk;
mod detail;
mod duplicates;
mod export;
mod import;
mod links;
mod merge;
mod personal;
mod read;
pub(crate) mod scope;
mod search;
mod write;

pub use bulk::{
    BulkAssignment, BulkChamber, BulkCompany, BulkCounts, BulkFellow, BulkHeldRole, BulkMembership, BulkOffice,
    BulkUser, MAX_PARAMS,
};
pub use detail::{AssignmentRow, ChamberLink, CompanyLink, FellowView, HeldRoleRow, RelationLink};
pub use duplicates::{DuplicateHit, DuplicatePair, DuplicateReason};
pub use export::ExportRow;
pub use import::{
    FellowHome, FileDuplicate, IMPORT_JOB_LIFETIME, ImportCounts, ImportJob, ImportJobState, ImportPlan, ImportPlanner,
    ImportSession, ImportSource, NewImportJob, RefusedRow, RegistryDuplicate,
};
pub use links::CompanyDraft;
pub use personal::PersonalField;
pub(crate) use read::after;
pub use read::{FellowQuery, FellowRow};
