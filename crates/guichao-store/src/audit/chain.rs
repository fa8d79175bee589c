//! Appending to and verifying the hash chain.

use crate::entities::{audit_event, tenant};
use crate::{Actor, Store, StoreError, StoreResult, now};
use chrono::{DateTime, SecondsFormat, Utc};
use guichao_domain::audit::AuditAction;
use guichao_domain::ids::new_id;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// What happened, to be written to the chain. The action is an
/// [`AuditAction`], so nothing is recorded that the audit page cannot name.
pub struct AuditEvent<'a> {
    pub action: AuditAction,
    pub target_type: &'a str,
    pub target_id: String,
    /// Before and after images, counts, reasons. Stored as canonical JSON
    /// (object keys sorted).
    pub detail: Value,
}

impl<'a> AuditEvent<'a> {
    pub fn new(action: AuditAction, target_type: &'a str, target_id: impl ToString, detail: Value) -> Self {
        AuditEvent { action, target_type, target_id: target_id.to_string(), detail }
    }
}

/// Who did it: a signed-in actor, or a name for events without one (a failed
/// login for an unknown user, the CLI).
pub enum Who<'a> {
    Actor(&'a Actor),
    Named { user_id: Option<Uuid>, name: &'a str, ip: Option<&'a str> },
}

impl<'a> From<&'a Actor> for Who<'a> {
    fn from(actor: &'a Actor) -> Self {
        Who::Actor(actor)
    }
}

/// Appends an event to the tenant's chain inside the caller's transaction, so the
/// event is written exactly when the change it describes is.
pub async fn record<'a>(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    who: impl Into<Who<'a>>,
    event: AuditEvent<'_>,
) -> StoreResult<()> {
    // Taking the next number with an UPDATE locks the tenant row until commit, so
    // concurrent writers append one after another and the chain never forks.
    tenant::Entity::update_many()
        .col_expr(tenant::Column::AuditSeq, Expr::col(tenant::Column::AuditSeq).add(1))
        .filter(tenant::Column::TenantId.eq(tenant_id))
        .exec(db)
        .await?;
    let head = tenant::Entity::find_by_id(tenant_id).one(db).await?.ok_or(StoreError::NotFound)?;
    let (actor_id, actor_name, ip) = match who.into() {
        Who::Actor(a) => (Some(a.user_id), a.username.clone(), a.ip.clone()),
        Who::Named { user_id, name, ip } => (user_id, name.to_string(), ip.map(str::to_string)),
    };
    let mut row = audit_event::Model {
        tenant_id,
        seq: head.audit_seq,
        id: new_id(),
        at: now(),
        actor_id,
        actor_name,
        action: event.action.code().to_string(),
        target_type: event.target_type.to_string(),
        target_id: event.target_id,
        detail: serde_json::to_string(&event.detail).expect("json values serialise"),
        ip,
        prev_hash: head.audit_head,
        hash: String::new(),
    };
    row.hash = link_hash(&row);
    let hash = row.hash.clone();
    audit_event::Entity::insert(audit_event::ActiveModel {
        tenant_id: Set(row.tenant_id),
        seq: Set(row.seq),
        id: Set(row.id),
        at: Set(row.at),
        actor_id: Set(row.actor_id),
        actor_name: Set(row.actor_name),
        action: Set(row.action),
        target_type: Set(row.target_type),
        target_id: Set(row.target_id),
        detail: Set(row.detail),
        ip: Set(row.ip),
        prev_hash: Set(row.prev_hash),
        hash: Set(row.hash),
    })
    .exec_without_returning(db)
    .await?;
    tenant::Entity::update_many()
        .col_expr(tenant::Column::AuditHead, Expr::value(hash))
        .filter(tenant::Column::TenantId.eq(tenant_id))
        .exec(db)
        .await?;
    Ok(())
}

fn timestamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// `sha256(prev_hash || canonical event)` in hex. The canonical event is a JSON
/// array of every stored field but the hashes, in a fixed order.
fn link_hash(e: &audit_event::Model) -> String {
    let canonical = json!([
        e.tenant_id,
        e.seq,
        e.id,
        timestamp(&e.at),
        e.actor_id,
        e.actor_name,
        e.action,
        e.target_type,
        e.target_id,
        e.detail,
        e.ip,
    ]);
    let mut hasher = Sha256::new();
    hasher.update(e.prev_hash.as_bytes());
    hasher.update(canonical.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// The first place where a tenant's chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub tenant_code: String,
    pub seq: i64,
    pub reason: String,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "tenant {} event #{}: {}", self.tenant_code, self.seq, self.reason)
    }
}

/// Walks every tenant's chain. Returns the number of events checked, or the first
/// break found.
pub async fn verify_all(store: &Store) -> StoreResult<Result<u64, ChainBreak>> {
    let mut checked = 0;
    for t in tenant::Entity::find().order_by_asc(tenant::Column::Code).all(&store.db).await? {
        let broken = |seq: i64, reason: String| ChainBreak { tenant_code: t.code.clone(), seq, reason };
        let events = audit_event::Entity::find()
            .filter(audit_event::Column::TenantId.eq(t.tenant_id))
            .order_by_asc(audit_event::Column::Seq)
            .all(&store.db)
            .await?;
        let mut prev = String::new();
        for (i, e) in events.iter().enumerate() {
            let expected_seq = i as i64 + 1;
            if e.seq != expected_seq {
                return Ok(Err(broken(expected_seq, "event is missing (deleted)".into())));
            }
            if e.prev_hash != prev {
                return Ok(Err(broken(e.seq, "previous-hash link does not match".into())));
            }
            if link_hash(e) != e.hash {
                return Ok(Err(broken(e.seq, "content does not match its hash (altered)".into())));
            }
            prev = e.hash.clone();
            checked += 1;
        }
        let last = events.len() as i64;
        if t.audit_seq != last {
            return Ok(Err(broken(
                last + 1,
                format!("chain ends at #{last} but the tenant recorded #{}", t.audit_seq),
            )));
        }
        if t.audit_head != prev {
            return Ok(Err(broken(last, "newest hash does not match the tenant's head".into())));
        }
    }
    Ok(Ok(checked))
}
