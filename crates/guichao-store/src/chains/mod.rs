//! Industry chains (产业链) and targeting (按图索骥): the county's chain
//! tree, changed only by a county-wide project writer, and for each node the
//! fellows the reader may see who fit it, ranked by the domain's rule
//! (`guichao_domain::chains::fit`).
//!
//! The tree is county-wide configuration: `project.read` sees all of it;
//! `project.write` changes it only with the whole county as its reach
//! (`Forbidden` otherwise). Which fellows appear is the fellows' own rule
//! (`fellows::scope::visible`) for the reader's `fellow.read`.

mod export;
mod matches;
mod read;
mod tiers;
mod write;

pub use export::MatchExportRow;
pub use matches::{MAX_MATCH_PAGE, MatchPage, MatchQuery, NodeMatch};

use crate::{Actor, Scoped, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::chains::{NodeTerms, Segment};
use serde::Serialize;
use uuid::Uuid;

/// The permissions a [`Chains`] handle is made with.
const AREA: [Permission; 2] = [Permission::ProjectRead, Permission::ProjectWrite];

/// The chain tree and its matches as one actor reaches them with one permission.
pub struct Chains<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// The chains for work that needs `permission` (`project.read` or
    /// `project.write`), or `Forbidden`.
    pub fn chains<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Chains<'a>> {
        Ok(Chains(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Chains<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }

    /// The county's id, for a write: `Forbidden` unless the handle writes
    /// with the whole county as its reach.
    fn county_writer(&self) -> StoreResult<Uuid> {
        let scope = self.0.need(Permission::ProjectWrite)?;
        if scope.reach() != DataScope::Tenant {
            return Err(StoreError::Forbidden);
        }
        Ok(scope.tenant_id())
    }

    /// Whether the actor may change the tree (a page shows its forms then).
    pub fn can_configure(actor: &Actor) -> bool {
        actor.grants().scope_of(Permission::ProjectWrite) == Some(DataScope::Tenant)
    }
}

/// A chain with its nodes, in the order they were added.
#[derive(Debug, Clone, Serialize)]
pub struct ChainView {
    pub id: Uuid,
    pub name: String,
    pub notes: String,
    pub nodes: Vec<NodeView>,
    pub created_at: DateTime<Utc>,
}

/// A node of a chain.
#[derive(Debug, Clone, Serialize)]
pub struct NodeView {
    pub id: Uuid,
    pub chain_id: Uuid,
    /// The chain's name.
    pub chain: String,
    pub segment: Segment,
    pub name: String,
    pub gap: bool,
    pub gap_note: String,
    /// GB/T 4754 major classes, as `C39`.
    pub codes: Vec<String>,
    pub keywords: Vec<String>,
}

impl NodeView {
    /// The texts the node matches (the domain's rule).
    pub fn terms(&self) -> NodeTerms {
        NodeTerms::new(&self.codes, &self.keywords)
    }
}

fn words(stored: &str) -> Vec<String> {
    stored.split_whitespace().map(str::to_string).collect()
}
