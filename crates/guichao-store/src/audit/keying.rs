//! Keying a chain written before the chain key existed.
//!
//! Databases from before the key hold chains linked by unkeyed sha256, which
//! anyone who can write to the database can recompute. Each tenant row says
//! whether its chain is keyed (`tenants.audit_keyed`, m0038). At every start
//! of the binary, with the key loaded, each unkeyed chain is checked the old
//! way, refused if it does not hold, and otherwise re-linked with the key in
//! one transaction that also records `audit.chain_keyed` (with the count of
//! events and the old head) in the same chain.
//!
//! Why re-link the whole chain once, rather than keep a version on each row:
//! with a version per row, every verify forever after accepts unkeyed rows
//! somewhere in the chain, and a database writer could rewrite that older
//! part at will; after re-linking, every link is keyed and `verify` has one
//! rule. The flag on the tenant row is itself writable by such a writer, who
//! could set it back and rewrite the chain unkeyed to have it keyed again: the
//! re-keying is then a new `audit.chain_keyed` event in the log, and it is
//! refused outright when the head file already holds a line for the county
//! (only a keyed chain is ever written there), so the laundering is caught by
//! the head file as well.

use super::chain::{ChainBreak, Links, Who, chain_key, check_chain, events_of, link_hash, record};
use super::{AuditAction, AuditEvent};
use crate::entities::{audit_event, tenant};
use crate::{StoreError, StoreResult};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

impl crate::System<'_> {
    /// Keys every chain that is not keyed yet (see the module comment).
    /// Returns the codes of the counties keyed now; refuses, naming the county
    /// and the first broken event, a chain that does not hold the old way.
    pub async fn key_audit_chains(&self) -> StoreResult<Vec<String>> {
        let key = chain_key()?;
        let unkeyed = tenant::Entity::find()
            .filter(tenant::Column::AuditKeyed.eq(false))
            .order_by_asc(tenant::Column::Code)
            .all(&self.db)
            .await?;
        if unkeyed.is_empty() {
            return Ok(Vec::new());
        }
        let recorded = match super::heads::read(self, &key)? {
            Ok(lines) => lines,
            Err(broken) => return Err(refused(&broken)),
        };
        let mut keyed = Vec::new();
        for t in unkeyed {
            if recorded.iter().any(|l| l.tenant_id == t.tenant_id) {
                return Err(StoreError::invalid(
                    format!(
                        "县 {} 的审计链标为未加密钥，但链头文件已记录过它的加密钥链头：审计链被改写过，拒绝升级",
                        t.code
                    ),
                    format!(
                        "county {}'s chain is marked unkeyed, but the head file holds keyed heads of it: the chain was rewritten; not keying it",
                        t.code
                    ),
                ));
            }
            let tx = self.begin_write().await?;
            // Lock the tenant row: no event is appended while the chain is re-linked.
            tenant::Entity::update_many()
                .col_expr(tenant::Column::AuditSeq, Expr::col(tenant::Column::AuditSeq))
                .filter(tenant::Column::TenantId.eq(t.tenant_id))
                .exec(&*tx)
                .await?;
            let Some(t) = tenant::Entity::find_by_id(t.tenant_id).one(&*tx).await? else { continue };
            if t.audit_keyed {
                continue;
            }
            let mut events = events_of(&*tx, t.tenant_id).await?;
            if let Err(broken) = check_chain(&t, &events, Links::Unkeyed) {
                return Err(refused(&broken));
            }
            let mut prev = String::new();
            for e in &mut events {
                e.prev_hash = prev;
                e.hash = link_hash(&key, e);
                prev = e.hash.clone();
                audit_event::Entity::update_many()
                    .col_expr(audit_event::Column::PrevHash, Expr::value(e.prev_hash.clone()))
                    .col_expr(audit_event::Column::Hash, Expr::value(e.hash.clone()))
                    .filter(audit_event::Column::TenantId.eq(t.tenant_id))
                    .filter(audit_event::Column::Seq.eq(e.seq))
                    .exec(&*tx)
                    .await?;
            }
            tenant::Entity::update_many()
                .col_expr(tenant::Column::AuditHead, Expr::value(prev))
                .col_expr(tenant::Column::AuditKeyed, Expr::value(true))
                .filter(tenant::Column::TenantId.eq(t.tenant_id))
                .exec(&*tx)
                .await?;
            let who = Who::Named { user_id: None, name: "system", ip: None };
            let detail = json!({"events": events.len(), "unkeyed_head": t.audit_head});
            record(
                &*tx,
                t.tenant_id,
                who,
                AuditEvent::new(AuditAction::AuditChainKeyed, "tenant", t.tenant_id, detail),
            )
            .await?;
            tx.commit().await?;
            keyed.push(t.code);
        }
        Ok(keyed)
    }
}

fn refused(broken: &ChainBreak) -> StoreError {
    StoreError::invalid(
        format!("审计链在加密钥升级前已不完整，拒绝升级：{broken}"),
        format!("the audit chain does not hold as it was, so it is not keyed: {broken}"),
    )
}
