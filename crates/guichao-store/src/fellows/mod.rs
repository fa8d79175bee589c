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
mod tally;
mod write;

pub use bulk::{BulkAssignment, BulkCompany, BulkCounts, BulkFellow, BulkHeldRole, BulkMembership, MAX_PARAMS};
#[cfg(feature = "system")]
pub use bulk::{BulkChamber, BulkOffice, BulkUser};
pub(crate) use bulk::{insert_models, size_cache, take_trigger};
pub use detail::{AssignmentRow, ChamberLink, CompanyLink, FellowView, HeldRoleRow, RelationLink};
pub use duplicates::{DuplicateHit, DuplicatePair, DuplicateReason};
pub use export::ExportRow;
pub use import::{
    FellowHome, FileDuplicate, IMPORT_JOB_LIFETIME, ImportCounts, ImportJob, ImportJobState, ImportPlan, ImportPlanner,
    ImportSession, ImportSource, NewImportJob, RefusedRow, RegistryDuplicate,
};
pub use links::CompanyDraft;
pub use personal::PersonalField;
pub(crate) use personal::mask_phone;
pub(crate) use personal::{mask_value, seal as seal_value};
pub(crate) use read::after;
pub use read::{FellowQuery, FellowRow, FellowSort};
pub use search::{MAX_SEARCH_PAGE, SearchPage};

use crate::{Actor, Scoped, Store, StoreResult};
use guichao_domain::access::Permission;

/// The permissions a [`Fellows`] handle is made with.
const AREA: [Permission; 3] = [Permission::FellowRead, Permission::FellowWrite, Permission::FellowReveal];

/// The registry as one actor reaches it with one permission: every query
/// behind it starts from the fellows that actor may see with it
/// ([`scope::visible`]).
pub struct Fellows<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// The registry for work that needs `permission` (`fellow.read`,
    /// `fellow.write` or `fellow.reveal`), or `Forbidden`.
    pub fn fellows<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Fellows<'a>> {
        Ok(Fellows(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Fellows<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }
}
