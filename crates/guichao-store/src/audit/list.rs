//! Reading the audit log, newest first, for those who hold `audit.read`:
//! filtered by date range, user, action and object, a page at a time, with the
//! names people read beside every id.

use super::names::{Names, ObjectRef};
use crate::entities::{audit_event, tenant, user};
use crate::{Actor, Scoped, Store, StoreResult};
use chrono::{DateTime, Utc};
use guichao_domain::access::{DataScope, Permission};
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The filters of the audit log; every one is optional and they combine.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only events of this action (e.g. `login.failed`).
    pub action: Option<String>,
    /// Only events about this record (`fellow`, id).
    pub target: Option<(String, String)>,
    /// Only events about a record of this name: a fellow the reader may see,
    /// a chamber, a user (name or username) or a unit, written exactly.
    pub target_name: Option<String>,
    /// Only events done by this user.
    pub actor: Option<Uuid>,
    /// Only events at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only events before this time.
    pub until: Option<DateTime<Utc>>,
    /// Keyset: events with a sequence number below this.
    pub before: Option<i64>,
    /// Events to skip (a numbered page), after the keyset.
    pub offset: u64,
    pub limit: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    /// The name the event was recorded under (the username, or `system`).
    pub actor_name: String,
    /// The user's display name and unit, when the user still exists.
    pub actor_display: Option<String>,
    pub actor_unit: Option<String>,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    /// The target's name: a fellow the reader may see, a chamber, a user, a
    /// unit, a token, the county.
    pub target_name: Option<String>,
    pub detail: serde_json::Value,
    /// Names of the ids the detail holds (units, users, roles, chambers and
    /// the fellows the reader may see); an id not here is not shown.
    pub names: BTreeMap<String, String>,
    pub ip: Option<String>,
}

impl AuditEntry {
    pub(crate) fn from_model(e: audit_event::Model) -> AuditEntry {
        AuditEntry {
            seq: e.seq,
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            actor_display: None,
            actor_unit: None,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            target_name: None,
            detail: serde_json::from_str(&e.detail).unwrap_or(serde_json::Value::Null),
            names: BTreeMap::new(),
            ip: e.ip,
        }
    }
}

/// The audit log as one actor reads it (`audit.read`). A reader whose
/// `audit.read` is narrower than the county sees the events done by the users
/// of the units in their scope; and an event about a fellow the reader may not
/// see shows that something was done, never the fellow's name or details.
pub struct AuditLog<'a>(pub(super) Scoped<'a>);

impl Store {
    /// The audit log for its reader, or `Forbidden` without `audit.read`.
    pub fn audit<'a>(&'a self, actor: &'a Actor) -> StoreResult<AuditLog<'a>> {
        Ok(AuditLog(Scoped::new(self, actor, Permission::AuditRead, &[Permission::AuditRead])?))
    }
}

impl AuditLog<'_> {
    /// Verifies the reader's county's chain with the key, and the head file's
    /// lines about it: what `guichao audit verify` does for every county.
    pub async fn verify(&self) -> StoreResult<Result<super::Verified, super::ChainBreak>> {
        let scope = self.0.need(Permission::AuditRead)?;
        let store = self.0.store;
        let t =
            tenant::Entity::find_by_id(scope.tenant_id()).one(&store.db).await?.ok_or(crate::StoreError::NotFound)?;
        super::chain::verify_tenants(store, &[t]).await
    }

    /// A page of the audit log, newest first.
    pub async fn list(&self, q: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
        let store = self.0.store;
        let rows = self
            .filtered(q)
            .await?
            .order_by_desc(audit_event::Column::Seq)
            .offset(q.offset)
            .limit(q.limit.clamp(1, 500))
            .all(&store.db)
            .await?;
        let entries: Vec<AuditEntry> = rows.into_iter().map(AuditEntry::from_model).collect();
        Names::resolve(&self.0, &entries).await.map(|names| names.entries(entries))
    }

    /// How many events the filters match (the keyset and offset aside).
    pub async fn count(&self, q: &AuditQuery) -> StoreResult<u64> {
        let q = AuditQuery { before: None, ..q.clone() };
        Ok(self.filtered(&q).await?.count(&self.0.store.db).await?)
    }

    /// The events the reader may read, filtered: the scope first, then each
    /// filter given.
    async fn filtered(&self, q: &AuditQuery) -> StoreResult<Select<audit_event::Entity>> {
        let scope = self.0.need(Permission::AuditRead)?;
        let mut find = audit_event::Entity::find().filter(audit_event::Column::TenantId.eq(scope.tenant_id()));
        if scope.reach() != DataScope::Tenant {
            let users = Query::select()
                .column(user::Column::Id)
                .from(user::Entity)
                .cond_where(scope.units_condition(user::Column::TenantId, user::Column::UnitId))
                .to_owned();
            find = find.filter(audit_event::Column::ActorId.in_subquery(users));
        }
        if let Some(action) = &q.action {
            find = find.filter(audit_event::Column::Action.eq(action.as_str()));
        }
        if let Some(actor) = q.actor {
            find = find.filter(audit_event::Column::ActorId.eq(actor));
        }
        if let Some(from) = q.from {
            find = find.filter(audit_event::Column::At.gte(from));
        }
        if let Some(until) = q.until {
            find = find.filter(audit_event::Column::At.lt(until));
        }
        if let Some((kind, id)) = &q.target {
            find = find
                .filter(audit_event::Column::TargetType.eq(kind.as_str()))
                .filter(audit_event::Column::TargetId.eq(id.as_str()));
        }
        if let Some(name) = q.target_name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            let mut any = Condition::any();
            for ObjectRef { kind, id } in Names::named(&self.0, name).await? {
                any = any.add(
                    Condition::all()
                        .add(audit_event::Column::TargetType.eq(kind))
                        .add(audit_event::Column::TargetId.eq(id.to_string())),
                );
            }
            // No record of that name: no event (an empty `any` would match all).
            find = find.filter(if any.is_empty() { Condition::all().add(audit_event::Column::Seq.lt(0)) } else { any });
        }
        if let Some(before) = q.before {
            find = find.filter(audit_event::Column::Seq.lt(before));
        }
        Ok(find)
    }
}
