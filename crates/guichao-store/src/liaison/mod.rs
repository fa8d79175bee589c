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
use guichao_domain::fellows::LiaisonLevel;
use serde::Serialize;
use uuid::Uuid;

/// The contact cycle a new assignment gets when none is given.
pub const DEFAULT_CYCLE_DAYS: i32 = 90;

/// The most fellows one bulk assignment takes (a page of the fellow list is 200).
pub const MAX_BULK: usize = 500;

/// Who keeps in touch, at which level, how often.
#[derive(Debug, Clone, Copy)]
pub struct AssignmentDraft {
    pub cadre_id: Uuid,
    pub level: LiaisonLevel,
    /// 1 to 365 days.
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
    if !(1..=365).contains(&days) {
        return Err(StoreError::invalid("联系周期须为1到365天", "The contact cycle is 1 to 365 days"));
    }
    Ok(())
}

/// The org unit whose cadres serve `f` at `level`: the county, the fellow's
/// township, or the fellow's village (none when no village is recorded).
fn serving_unit(level: LiaisonLevel, f: &fellow::Model, county_id: Uuid) -> Option<Uuid> {
    match level {
        LiaisonLevel::County => Some(county_id),
        LiaisonLevel::Township => f.township_id,
        LiaisonLevel::Village => f.village_id,
    }
}

/// Why `cadre_unit` cannot serve `f` at `level`, in words for the user.
fn misfit(level: LiaisonLevel, f: &fellow::Model, cadre_unit: &str) -> StoreError {
    let name = &f.name;
    match level {
        LiaisonLevel::County => StoreError::invalid(
            format!("县级联系须选择县级单位的干部，{cadre_unit}的干部不能担任"),
            format!("A county-level liaison must be a county cadre, not one of {cadre_unit}"),
        ),
        LiaisonLevel::Township => StoreError::invalid(
            format!("乡友{name}的籍贯乡镇不是{cadre_unit}，乡镇级联系须选择其所在乡镇的干部"),
            format!("{name} is not from {cadre_unit}: a township liaison must be a cadre of the fellow's township"),
        ),
        LiaisonLevel::Village if f.village_id.is_none() => StoreError::invalid(
            format!("乡友{name}未登记所属村（社区），不能安排村级联系"),
            format!("{name} has no home village recorded, so no village liaison can be assigned"),
        ),
        LiaisonLevel::Village => StoreError::invalid(
            format!("乡友{name}不是{cadre_unit}人，村级联系须选择其所在村（社区）的干部"),
            format!("{name} is not from {cadre_unit}: a village liaison must be a cadre of the fellow's village"),
        ),
    }
}
