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
mod read;

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
