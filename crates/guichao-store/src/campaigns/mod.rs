//! The four-ones campaigns (四个一): a campaign's period, required kinds of
//! touch and registry filter; its fellows, frozen at launch; and the matrix
//! of ticks, one row per fellow and one column per kind, with completion by
//! township and by cadre.
//!
//! A campaign is a county-wide record: anyone with `liaison.read` sees every
//! campaign of their county, and of its fellows only those they may see
//! (`fellows::scope::visible_ids`), in the matrix, the counts and the export
//! alike. Drafting, launching and closing a campaign and changing its
//! fellows take county-wide `liaison.write`; ticking by hand takes
//! `liaison.write` over the fellow (a village cadre ticks their own fellows).
//!
//! A contact record of a required kind dated in the period ticks its column
//! by being there: contact ticks are read from the live records, never
//! copied, so editing or deleting a record moves or removes its tick. Other
//! ticks are stored (`campaign_ticks`) with what made them. Each fellow's
//! set of ticked kinds is kept beside them from both (`kept`) by every
//! writer of either.

mod completion;
mod counted;
mod gifts;
pub(crate) mod kept;
pub mod letters;
mod matrix;
mod members;
mod pairs;
mod read;
pub(crate) mod ticks;
mod write;

pub use gifts::{
    BatchDraft, BatchReport, GiftKindRow, HandOutDraft, HandOutQuery, HandOutRow, ReceiptDraft, ReceiptRow,
};
#[cfg(feature = "system")]
pub use gifts::{BulkGift, BulkHandOut};
pub use ticks::NewTick;

pub(crate) use counted::MemberCounts;

use crate::entities::campaign;
use crate::{Actor, Scoped, Store, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::campaigns::{CampaignState, TickSource, TouchKinds};
use guichao_domain::liaison::ContactKind;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

pub use completion::CompletionBy;
pub use matrix::{MatrixPage, MatrixQuery, MatrixRow, Missing};

/// The permissions a [`Campaigns`] handle is made with.
const AREA: [Permission; 2] = [Permission::LiaisonRead, Permission::LiaisonWrite];

/// The campaigns as one actor reaches them with one permission.
pub struct Campaigns<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// The campaigns for work that needs `permission` (`liaison.read` or
    /// `liaison.write`), or `Forbidden`.
    pub fn campaigns<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Campaigns<'a>> {
        Ok(Campaigns(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Campaigns<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }

    /// Whether the actor drafts, launches and closes campaigns: `liaison.write`
    /// over the whole county.
    pub fn manages(&self) -> bool {
        self.actor().grants().scope_of(Permission::LiaisonWrite) == Some(DataScope::Tenant)
    }

    /// A campaign of the actor's county, or `NotFound`.
    async fn find(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<campaign::Model> {
        campaign::Entity::find_by_id((self.actor().tenant_id, id)).one(db).await?.ok_or(StoreError::NotFound)
    }
}

/// One line of the campaign list.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignSummary {
    pub id: Uuid,
    pub name: String,
    pub state: CampaignState,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub kinds: TouchKinds,
    /// The fellows it covers that the viewer may see (0 for a draft).
    pub fellows: u64,
}

/// A campaign with its filter, for its page and its edit form.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignView {
    pub id: Uuid,
    pub name: String,
    pub state: CampaignState,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub kinds: TouchKinds,
    /// The townships of its scope (id, name); none for the whole county.
    pub townships: Vec<(Uuid, String)>,
    pub category: Option<String>,
    pub city: String,
    pub tag: String,
    pub created_at: DateTime<Utc>,
    pub launched_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The fellows it covers that the viewer may see.
    pub fellows: u64,
    /// Whether the viewer may edit, launch and close it.
    pub can_manage: bool,
    /// Whether the viewer may tick by hand (a launched campaign, `liaison.write`).
    pub can_tick: bool,
}

/// One tick of the matrix: a kind touched on a day, by whom and how.
#[derive(Debug, Clone, Serialize)]
pub struct TickView {
    pub kind: ContactKind,
    pub date: NaiveDate,
    pub source: TickSource,
    /// The contact record, SMS message, letter batch or hand-out that made it.
    pub source_id: Option<Uuid>,
    /// The stored tick's id (for a tick by hand, what removes it).
    pub tick_id: Option<Uuid>,
    /// Who made the touch: the contact's cadres, or who ticked.
    pub by: String,
    pub note: String,
}

pub(crate) fn state_of(c: &campaign::Model) -> CampaignState {
    CampaignState::parse(&c.state).unwrap_or(CampaignState::Draft)
}

pub(crate) fn kinds_of(c: &campaign::Model) -> TouchKinds {
    TouchKinds::parse(&c.kinds).unwrap_or_default()
}
