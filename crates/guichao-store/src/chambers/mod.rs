//! Chambers of commerce (商会): remote chambers in other cities and township
//! chambers at home, the liaison offices (联络处) set up under them, and the
//! fellows who are members, with position and dates.
//!
//! A chamber is a tenant-wide record: anyone with `chamber.read` sees every
//! chamber of their county. Its members are fellows, and a member is shown (and
//! counted) only to a user who may see that fellow (`fellows::scope::visible`).

mod members;
mod read;
mod staff;
mod write;

pub use staff::StaffRow;

use crate::fellows::Fellows;
use crate::{Actor, Scoped, Store};

use guichao_domain::access::Permission;

/// The permissions a [`Chambers`] handle is made with.
const AREA: [Permission; 2] = [Permission::ChamberRead, Permission::ChamberWrite];

/// The chambers as one actor reaches them with one permission. Chambers are
/// county-wide records; their members are fellows, seen through the
/// registry's rule ([`crate::fellows`]).
pub struct Chambers<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// The chambers for work that needs `permission` (`chamber.read` or
    /// `chamber.write`), or `Forbidden`.
    pub fn chambers<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Chambers<'a>> {
        Ok(Chambers(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Chambers<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }

    /// The registry as the same actor reaches it with `permission`.
    fn fellows(&self, permission: Permission) -> StoreResult<Fellows<'a>> {
        self.0.store.fellows(self.0.actor, permission)
    }
}

use crate::entities::org_unit;
use crate::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::chambers::{self, ChamberKind, MemberPosition};
use guichao_domain::date::today;
use guichao_domain::org::UnitLevel;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

/// A chamber as typed into the form or sent to the API.
#[derive(Debug, Clone)]
pub struct ChamberDraft {
    pub name: String,
    pub kind: ChamberKind,
    /// The city a remote chamber sits in (深圳, 长沙...); optional for a township chamber.
    pub city: String,
    /// The home township of a township chamber; ignored for a remote one.
    pub township_id: Option<Uuid>,
    pub founded: Option<NaiveDate>,
    pub notes: String,
}

/// One line of the chamber list.
#[derive(Debug, Clone, Serialize)]
pub struct ChamberSummary {
    pub id: Uuid,
    pub name: String,
    pub kind: ChamberKind,
    pub city: String,
    pub township_id: Option<Uuid>,
    /// The township's name, empty for a remote chamber.
    pub township: String,
    pub offices: u64,
    /// Current members the viewer may see.
    pub members: u64,
}

/// A page of the chamber list.
#[derive(Debug, Clone)]
pub struct ChamberPage {
    pub rows: Vec<ChamberSummary>,
    /// Current members the viewer may see, in all the chambers.
    pub members: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OfficeRow {
    pub id: Uuid,
    pub name: String,
    pub city: String,
    pub address: String,
}

/// A membership whose fellow the viewer may see.
#[derive(Debug, Clone, Serialize)]
pub struct MemberRow {
    pub id: Uuid,
    pub fellow_id: Uuid,
    pub name: String,
    pub township: String,
    pub position: MemberPosition,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// A chamber with its offices and the members the viewer may see.
#[derive(Debug, Clone, Serialize)]
pub struct ChamberView {
    pub id: Uuid,
    pub name: String,
    pub kind: ChamberKind,
    pub city: String,
    pub township_id: Option<Uuid>,
    pub township: String,
    pub founded: Option<NaiveDate>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub offices: Vec<OfficeRow>,
    /// Current members, president first.
    pub members: Vec<MemberRow>,
    /// Memberships that have ended, latest first.
    pub former_members: Vec<MemberRow>,
    /// Who keeps the chamber's memberships besides the county's own staff.
    pub staff: Vec<StaffRow>,
    /// Whether the viewer may edit the chamber, its offices and its staff
    /// (`chamber.write` for the whole county).
    pub can_write: bool,
    /// Whether the viewer may add and end memberships: county-wide
    /// `chamber.write`, or as the chamber's staff.
    pub can_keep_members: bool,
}

/// A township a township chamber may belong to (for a form's select).
#[derive(Debug, Clone, Serialize)]
pub struct TownshipChoice {
    pub id: Uuid,
    pub name: String,
}

/// A draft with its rules applied: a name, a city for a remote chamber, a
/// township of this tenant for a township chamber. Returns the cleaned draft.
async fn checked(db: &impl ConnectionTrait, tenant_id: Uuid, draft: ChamberDraft) -> StoreResult<ChamberDraft> {
    let name = chambers::NAME.check(&draft.name).map_err(StoreError::Invalid)?;
    let city = chambers::CITY.check(&draft.city).map_err(StoreError::Invalid)?;
    let notes = chambers::NOTES.check(&draft.notes).map_err(StoreError::Invalid)?;
    chambers::check_founded(draft.founded, today()).map_err(StoreError::Invalid)?;
    let township_id = match draft.kind {
        ChamberKind::Remote => {
            if city.is_empty() {
                return Err(StoreError::invalid("异地商会须填写所在城市", "A chamber in another city needs its city"));
            }
            // A remote chamber belongs to no township; a stray choice from the form is dropped.
            None
        }
        ChamberKind::Township => {
            let township = match draft.township_id {
                Some(id) => org_unit::Entity::find_by_id((tenant_id, id)).one(db).await?,
                None => None,
            };
            let township = township.filter(|u| u.level == UnitLevel::Township.code()).ok_or_else(|| {
                StoreError::invalid("乡镇商会须选择所属乡镇", "A township chamber needs its township")
            })?;
            Some(township.id)
        }
    };
    Ok(ChamberDraft { name, city, notes, township_id, ..draft })
}

/// Turns a unique-key violation on the chamber name into a conflict the user can read.
fn name_taken(e: sea_orm::DbErr, name: &str) -> StoreError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => taken(name),
        _ => StoreError::Db(e),
    }
}

fn taken(name: &str) -> StoreError {
    StoreError::conflict(format!("已有名为“{name}”的商会"), format!("A chamber named {name:?} already exists"))
}
