//! Appending to and verifying the keyed hash chain.
//!
//! Each link is `HMAC-SHA256(chain key, previous hash || canonical event)`.
//! The chain key is derived from the master key (`crypto`), which lives in a
//! key file or `GUICHAO_KEY`, never in the database.
//!
//! The key is process-wide: [`record`] is called from inside every area's
//! transaction with nothing but a connection, and a process serves one master
//! key. [`Store::with_field_key`] installs it; installing a different key in
//! the same process is a programming error and panics, because two keys in
//! one process would link one chain with both.

use crate::crypto::FieldKey;
use crate::entities::{audit_event, tenant};
use crate::{Actor, Store, StoreError, StoreResult, now};
use chrono::{DateTime, SecondsFormat, Utc};
use guichao_domain::Msg;
use guichao_domain::audit::AuditAction;
use guichao_domain::ids::new_id;
use hmac::Mac;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::{Arc, RwLock};
use uuid::Uuid;

static CHAIN_KEY: RwLock<Option<Arc<FieldKey>>> = RwLock::new(None);

/// Makes `key` the process's chain key (see the module comment).
pub(crate) fn install_key(key: &Arc<FieldKey>) {
    let mut slot = CHAIN_KEY.write().unwrap_or_else(|e| e.into_inner());
    match slot.as_ref() {
        Some(held) if !held.same_master(key) => {
            panic!("a second, different master key in one process: the audit chain would be linked with both")
        }
        Some(_) => {}
        None => *slot = Some(key.clone()),
    }
}

/// The process's chain key, or an error when no key was given.
pub(crate) fn chain_key() -> Result<Arc<FieldKey>, DbErr> {
    CHAIN_KEY
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| DbErr::Custom("no key for the audit chain is configured (the key file or GUICHAO_KEY)".into()))
}

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
    if !head.audit_keyed {
        // Linking a keyed event onto an unkeyed chain would mix the two; the
        // chain is keyed first (`keying`), at every start of the binary.
        return Err(StoreError::Db(DbErr::Custom(format!(
            "the audit chain of county {} is not keyed yet: run `guichao migrate` with the key",
            head.code
        ))));
    }
    let key = chain_key()?;
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
    row.hash = link_hash(&key, &row);
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

/// The canonical event: a JSON array of every stored field but the hashes, in
/// a fixed order.
fn canonical(e: &audit_event::Model) -> String {
    json!([
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
    ])
    .to_string()
}

/// `HMAC-SHA256(chain key, prev_hash || canonical event)` in hex.
pub(crate) fn link_hash(key: &FieldKey, e: &audit_event::Model) -> String {
    let mut mac = key.chain_mac();
    mac.update(e.prev_hash.as_bytes());
    mac.update(canonical(e).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The unkeyed link of chains written before the key (`sha256(prev_hash ||
/// canonical event)`), read only to check such a chain before keying it.
pub(crate) fn unkeyed_hash(e: &audit_event::Model) -> String {
    let mut hasher = Sha256::new();
    hasher.update(e.prev_hash.as_bytes());
    hasher.update(canonical(e).as_bytes());
    hex::encode(hasher.finalize())
}

/// The first place where a tenant's chain (or the head file) does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    pub tenant_code: String,
    pub seq: i64,
    /// What is wrong, in Chinese and English.
    pub reason: Msg,
}

impl ChainBreak {
    pub(crate) fn new(tenant_code: &str, seq: i64, zh: impl Into<String>, en: impl Into<String>) -> ChainBreak {
        ChainBreak { tenant_code: tenant_code.to_string(), seq, reason: Msg::new(zh, en) }
    }
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "县 {} 第 {} 条：{} / tenant {} event #{}: {}",
            self.tenant_code, self.seq, self.reason.zh, self.tenant_code, self.seq, self.reason.en
        )
    }
}

/// What a verification checked when everything held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Verified {
    /// Events whose links were checked.
    pub events: u64,
    /// Lines of the head file checked against the chain.
    pub heads: u64,
}

/// How a chain's links are computed.
#[derive(Clone, Copy)]
pub(crate) enum Links<'a> {
    Keyed(&'a FieldKey),
    /// Only to check a chain written before the key, before keying it.
    #[cfg_attr(not(feature = "system"), allow(dead_code))]
    Unkeyed,
}

/// Checks one tenant's events (all of them, in order) against its row.
/// Returns the events' hashes by sequence (index `seq - 1`).
pub(crate) fn check_chain(
    t: &tenant::Model,
    events: &[audit_event::Model],
    links: Links<'_>,
) -> Result<Vec<String>, ChainBreak> {
    let code = t.code.as_str();
    let mut hashes = Vec::with_capacity(events.len());
    let mut prev = String::new();
    for (i, e) in events.iter().enumerate() {
        let expected_seq = i as i64 + 1;
        if e.seq != expected_seq {
            return Err(ChainBreak::new(code, expected_seq, "记录缺失（已被删除）", "event is missing (deleted)"));
        }
        if e.prev_hash != prev {
            return Err(ChainBreak::new(code, e.seq, "与上一条的哈希链接不符", "previous-hash link does not match"));
        }
        let expected = match links {
            Links::Keyed(key) => link_hash(key, e),
            Links::Unkeyed => unkeyed_hash(e),
        };
        if expected != e.hash {
            return Err(ChainBreak::new(
                code,
                e.seq,
                "内容与其哈希不符（已被修改，或未用本系统的密钥写入）",
                "content does not match its hash (altered, or not written with this system's key)",
            ));
        }
        prev = e.hash.clone();
        hashes.push(e.hash.clone());
    }
    let last = events.len() as i64;
    if t.audit_seq != last {
        return Err(ChainBreak::new(
            code,
            last + 1,
            format!("审计链止于第 {last} 条，而县记录为第 {} 条", t.audit_seq),
            format!("chain ends at #{last} but the tenant recorded #{}", t.audit_seq),
        ));
    }
    if t.audit_head != prev {
        return Err(ChainBreak::new(
            code,
            last,
            "最新一条的哈希与县记录的链头不符",
            "newest hash does not match the tenant's head",
        ));
    }
    Ok(hashes)
}

/// A tenant's events in chain order.
pub(crate) async fn events_of(db: &impl ConnectionTrait, tenant_id: Uuid) -> Result<Vec<audit_event::Model>, DbErr> {
    audit_event::Entity::find()
        .filter(audit_event::Column::TenantId.eq(tenant_id))
        .order_by_asc(audit_event::Column::Seq)
        .all(db)
        .await
}

/// Walks the chains of `tenants` with the key, then checks every line of the
/// head file about them (`heads`). Returns what was checked, or the first
/// break found.
pub(crate) async fn verify_tenants(
    store: &Store,
    tenants: &[tenant::Model],
) -> StoreResult<Result<Verified, ChainBreak>> {
    let key = chain_key()?;
    let recorded = match super::heads::read(store, &key)? {
        Ok(lines) => lines,
        Err(broken) => return Ok(Err(broken)),
    };
    let mut verified = Verified::default();
    for t in tenants {
        if !t.audit_keyed {
            return Ok(Err(ChainBreak::new(
                &t.code,
                0,
                "审计链尚未升级为密钥校验（运行 guichao migrate）",
                "the chain is not keyed yet (run guichao migrate)",
            )));
        }
        let events = events_of(&store.db, t.tenant_id).await?;
        let hashes = match check_chain(t, &events, Links::Keyed(&key)) {
            Ok(hashes) => hashes,
            Err(broken) => return Ok(Err(broken)),
        };
        verified.events += hashes.len() as u64;
        for line in recorded.iter().filter(|l| l.tenant_id == t.tenant_id) {
            if let Err(broken) = line.check(&t.code, &hashes) {
                return Ok(Err(broken));
            }
            verified.heads += 1;
        }
    }
    Ok(Ok(verified))
}

/// Walks every tenant's chain and the whole head file. Returns what was
/// checked, or the first break found: an altered, deleted or unkeyed event, a
/// chain shorter than a recorded head (truncated), a recorded head whose event
/// now hashes otherwise (a rewritten tail), a head-file line whose MAC does not
/// hold (forged), or a county of the head file missing from the database.
pub async fn verify_all(store: &Store) -> StoreResult<Result<Verified, ChainBreak>> {
    let tenants = tenant::Entity::find().order_by_asc(tenant::Column::Code).all(&store.db).await?;
    let key = chain_key()?;
    if let Ok(lines) = super::heads::read(store, &key)?
        && let Some(line) = lines.iter().find(|l| !tenants.iter().any(|t| t.tenant_id == l.tenant_id))
    {
        return Ok(Err(ChainBreak::new(
            &line.code,
            line.seq,
            "链头文件记录的县在数据库中已不存在（被删除）",
            "a county recorded in the head file is missing from the database (deleted)",
        )));
    }
    verify_tenants(store, &tenants).await
}
