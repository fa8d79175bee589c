//! Contact records (联系记录): who kept in touch with which fellows, when and
//! how, the follow-ups a contact leaves, and which assignments are due or
//! overdue by the rule of `guichao_domain::liaison`.
//!
//! A record is seen with the fellows it names (ARCHITECTURE section 3): a user
//! who may see one of its fellows sees the record, and sees the names of only
//! the fellows they may see ([`ContactFellow::name`]). Both come from
//! `fellows::scope::visible_ids`. Contacts are liaison work, so the handle is
//! made with `liaison.read` or `liaison.write`.
//!
//! Editing and deleting a record is for its author and for whoever holds
//! `liaison.write` for the whole county (the county's admins and staff), as a
//! chamber is edited by county-wide `chamber.write`.

mod bulk;
mod cadres;
mod coverage;
pub(crate) mod facts;
mod followups;
mod import;
mod load;
mod overdue;
mod parts;
mod ranges;
mod read;
pub(crate) mod write;

pub use bulk::{BulkContact, BulkContactCounts};
pub use coverage::{ALL_KEY, Coverage, CoverageFellow, CoverageFellowQuery, CoverageRow, NO_TOWNSHIP_KEY};
pub use followups::{FollowUpCounts, FollowUpFilter, FollowUpQuery, FollowUpRow};
pub use import::{ContactDirectory, DirectoryCadre, DirectoryFellow};
pub use overdue::{AssignmentState, OverdueQuery, OverdueRow};

use crate::entities::{contact_fellow, contact_record};
use crate::fellows::scope::visible_ids;
use crate::{Actor, Scope, Scoped, Store, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::liaison::ContactKind;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition};
use serde::Serialize;
use uuid::Uuid;

/// The permissions a [`Contacts`] handle is made with.
const AREA: [Permission; 2] = [Permission::LiaisonRead, Permission::LiaisonWrite];

/// The most rows one page of a contact list holds.
pub const MAX_PAGE_ROWS: u64 = 200;

/// Contact records as one actor reaches them with one permission.
pub struct Contacts<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// Contact records for work that needs `permission` (`liaison.read` or
    /// `liaison.write`), or `Forbidden`.
    pub fn contacts<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Contacts<'a>> {
        Ok(Contacts(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Contacts<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }

    /// Whether the actor edits and deletes any record they see: `liaison.write`
    /// for the whole county.
    fn county_wide_writer(&self) -> bool {
        self.actor().scope(Permission::LiaisonWrite).is_ok_and(|s| s.reach() == DataScope::Tenant)
    }
}

/// The live records of the scope's tenant that name at least one fellow the
/// scope may see. Every record names a fellow of its tenant (`ContactDraft`
/// refuses an empty list; the foreign keys the tenant), so a scope that sees
/// the whole tenant sees every live record without asking which.
pub(crate) fn visible_records(scope: &Scope) -> Condition {
    let live = Condition::all()
        .add(contact_record::Column::TenantId.eq(scope.tenant_id()))
        .add(contact_record::Column::DeletedAt.is_null());
    if scope.reach() == DataScope::Tenant {
        return live;
    }
    let naming_visible = Query::select()
        .column(contact_fellow::Column::ContactId)
        .from(contact_fellow::Entity)
        .and_where(contact_fellow::Column::TenantId.eq(scope.tenant_id()))
        .and_where(contact_fellow::Column::FellowId.in_subquery(visible_ids(scope)))
        .to_owned();
    live.add(contact_record::Column::Id.in_subquery(naming_visible))
}

/// A fellow a record names. `name` is `None` when the reader may not see the
/// fellow: the record shows that someone else was there, not who.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactFellow {
    pub fellow_id: Uuid,
    pub name: Option<String>,
}

/// A cadre who took part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactCadre {
    pub user_id: Uuid,
    pub name: String,
}

/// One contact record as a list or a timeline shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ContactRow {
    pub id: Uuid,
    pub kind: ContactKind,
    pub date: NaiveDate,
    pub place: String,
    /// The fellows the reader may see first, by name; then the others.
    pub fellows: Vec<ContactFellow>,
    pub cadres: Vec<ContactCadre>,
    pub chamber_id: Option<Uuid>,
    /// The chamber's name, empty without one.
    pub chamber: String,
    pub notes: String,
    pub outcome: String,
    pub author_id: Uuid,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A record as it was before an edit.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub user_id: Uuid,
    pub user: String,
    /// The record's image before the edit (kind, date, place, fellow_ids,
    /// cadres, chamber, notes, outcome). Fellow ids are ids: a page names
    /// only those the reader may see.
    pub before: serde_json::Value,
}

/// A record with its follow-ups and its edits, newest edit first.
#[derive(Debug, Clone, Serialize)]
pub struct ContactDetail {
    pub contact: ContactRow,
    pub follow_ups: Vec<FollowUpRow>,
    pub history: Vec<HistoryEntry>,
    /// Whether the reader may edit and delete it (the author, or county-wide
    /// `liaison.write`; nobody, for a record an event made).
    pub can_edit: bool,
    /// The event whose attendance made the record: it is changed there.
    pub event_id: Option<Uuid>,
}

/// Which records a list shows: any of the filters, newest first.
#[derive(Debug, Clone, Default)]
pub struct ContactQuery {
    pub fellow_id: Option<Uuid>,
    pub cadre_id: Option<Uuid>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub offset: u64,
    /// 1 to [`MAX_PAGE_ROWS`].
    pub limit: u64,
}
