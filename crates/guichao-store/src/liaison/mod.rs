//! Liaison duty (县乡村三级干部联系在外乡友): a cadre is assigned to keep in
//! touch with a fellow at the county, township or village level, with a contact
//! cycle in days.
//!
//! A fellow has at most one live assignment per level; assigning again at a
//! level ends the previous one. A live assignment makes the fellow visible (and
//! searchable) to its cadre (ARCHITECTURE section 3), so every change of a
//! fellow's live assignments refreshes the fellow's scope tokens in the same
//! transaction.

mod assign;
mod moves;
mod read;

pub(crate) use moves::end_moved;

use crate::fellows::Fellows;
use crate::{Actor, Scoped, Store};
use guichao_domain::access::Permission;

/// The permissions a [`Liaison`] handle is made with.
const AREA: [Permission; 2] = [Permission::LiaisonRead, Permission::LiaisonWrite];

/// Liaison duty as one actor reaches it with one permission: assignments
/// are seen with the fellows they are to (the registry's rule).
pub struct Liaison<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// Liaison duty for work that needs `permission` (`liaison.read` or
    /// `liaison.write`), or `Forbidden`.
    pub fn liaison<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Liaison<'a>> {
        Ok(Liaison(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Liaison<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }

    /// The registry as the same actor reads it: assignments are seen with
    /// their fellows.
    fn fellows(&self) -> StoreResult<Fellows<'a>> {
        self.0.store.fellows(self.0.actor, Permission::FellowRead)
    }
}

use crate::entities::fellow;
use crate::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use guichao_domain::liaison::{self, LiaisonLevel};
use serde::Serialize;
use uuid::Uuid;

/// The most fellows one bulk assignment takes (a page of the fellow list is 200).
pub const MAX_BULK: usize = 500;

/// Who keeps in touch, at which level, how often.
#[derive(Debug, Clone, Copy)]
pub struct AssignmentDraft {
    pub cadre_id: Uuid,
    pub level: LiaisonLevel,
    /// Within [`guichao_domain::liaison::CYCLE_DAYS`].
    pub cycle_days: i32,
}

/// One live assignment of the signed-in cadre, with the fellow it is to.
#[derive(Debug, Clone, Serialize)]
pub struct MyFellowRow {
    pub assignment_id: Uuid,
    pub fellow_id: Uuid,
    pub name: String,
    pub township: String,
    pub village: String,
    pub city: String,
    pub employer: String,
    pub level: LiaisonLevel,
    pub cycle_days: i32,
    pub started_at: DateTime<Utc>,
}

/// A user who may be chosen as the cadre for an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CadreChoice {
    pub user_id: Uuid,
    pub display_name: String,
    pub unit_name: String,
}

fn check_cycle(days: i32) -> StoreResult<()> {
    liaison::check_cycle_days(days).map(|_| ()).map_err(StoreError::Invalid)
}

/// The org unit whose cadres serve `f` at `level` ([`liaison::serving_unit`]).
fn serving_unit(level: LiaisonLevel, f: &fellow::Model, county_id: Uuid) -> Option<Uuid> {
    liaison::serving_unit(level, county_id, f.township_id, f.village_id)
}

/// Why `cadre_unit` cannot serve `f` at `level`, in words for the user.
fn misfit(level: LiaisonLevel, f: &fellow::Model, cadre_unit: &str) -> StoreError {
    StoreError::Invalid(liaison::misfit(level, &f.name, f.village_id.is_some(), cadre_unit))
}
