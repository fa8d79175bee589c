//! Reading the chain tree: every chain with its nodes, and one node.

use super::{ChainView, Chains, NodeView, words};
use crate::entities::{chain, chain_node};
use crate::{StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::chains::Segment;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

pub(super) fn node_view(n: chain_node::Model, chain: &str) -> NodeView {
    NodeView {
        id: n.id,
        chain_id: n.chain_id,
        chain: chain.to_string(),
        segment: Segment::parse(&n.segment).unwrap_or(Segment::Midstream),
        name: n.name,
        gap: n.gap,
        gap_note: n.gap_note,
        codes: words(&n.codes),
        keywords: words(&n.keywords),
    }
}

impl Chains<'_> {
    /// Every chain of the county with its nodes, chains and nodes in the
    /// order they were added.
    pub async fn tree(&self) -> StoreResult<Vec<ChainView>> {
        let t = self.0.need(Permission::ProjectRead)?.tenant_id();
        let db = &self.store().db;
        let chains = chain::Entity::find()
            .filter(chain::Column::TenantId.eq(t))
            .order_by_asc(chain::Column::Position)
            .order_by_asc(chain::Column::SortKey)
            .all(db)
            .await?;
        let mut nodes: HashMap<Uuid, Vec<chain_node::Model>> = HashMap::new();
        for n in chain_node::Entity::find()
            .filter(chain_node::Column::TenantId.eq(t))
            .order_by_asc(chain_node::Column::Position)
            .order_by_asc(chain_node::Column::Id)
            .all(db)
            .await?
        {
            nodes.entry(n.chain_id).or_default().push(n);
        }
        Ok(chains
            .into_iter()
            .map(|c| ChainView {
                nodes: nodes.remove(&c.id).unwrap_or_default().into_iter().map(|n| node_view(n, &c.name)).collect(),
                id: c.id,
                name: c.name,
                notes: c.notes,
                created_at: c.created_at,
            })
            .collect())
    }

    /// One node of the county, or `NotFound`.
    pub async fn node(&self, id: Uuid) -> StoreResult<NodeView> {
        let t = self.0.need(Permission::ProjectRead)?.tenant_id();
        self.store().chain_node(t, id).await
    }
}

impl crate::Store {
    /// The node `id` of the tenant with its chain's name, or `NotFound`.
    pub(super) async fn chain_node(&self, tenant_id: Uuid, id: Uuid) -> StoreResult<NodeView> {
        load_node(&self.db, tenant_id, id).await
    }
}

/// The node `id` of the tenant with its chain's name, read on `db`, or `NotFound`.
pub(super) async fn load_node(db: &impl ConnectionTrait, tenant_id: Uuid, id: Uuid) -> StoreResult<NodeView> {
    let n = chain_node::Entity::find_by_id((tenant_id, id)).one(db).await?.ok_or(StoreError::NotFound)?;
    let c = chain::Entity::find_by_id((tenant_id, n.chain_id)).one(db).await?.ok_or(StoreError::NotFound)?;
    Ok(node_view(n, &c.name))
}
