//! Reading the audit log, newest first, for those who hold `audit.read`.

use crate::entities::{audit_event, fellow, org_unit, user};
use crate::fellows::scope::visible;
use crate::{Actor, Scoped, Store, StoreResult};
use chrono::{DateTime, Utc};
use guichao_domain::access::{DataScope, Permission};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only events of this action (e.g. `login.failed`).
    pub action: Option<String>,
    /// Only events about this record.
    pub target: Option<(String, String)>,
    /// Keyset: events with a sequence number below this.
    pub before: Option<i64>,
    pub limit: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    /// The target's current name, when it is a user or an org unit that still exists.
    pub target_name: Option<String>,
    pub detail: serde_json::Value,
    pub ip: Option<String>,
}

impl AuditEntry {
    pub(crate) fn from_model(e: audit_event::Model) -> AuditEntry {
        AuditEntry {
            seq: e.seq,
            at: e.at,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            target_name: None,
            detail: serde_json::from_str(&e.detail).unwrap_or(serde_json::Value::Null),
            ip: e.ip,
        }
    }
}

/// The audit log as one actor reads it (`audit.read`). A reader whose
/// `audit.read` is narrower than the county sees the events done by the users
/// of the units in their scope; and an event about a fellow the reader may not
/// see shows that something was done, never the fellow's details.
pub struct AuditLog<'a>(Scoped<'a>);

impl Store {
    /// The audit log for its reader, or `Forbidden` without `audit.read`.
    pub fn audit<'a>(&'a self, actor: &'a Actor) -> StoreResult<AuditLog<'a>> {
        Ok(AuditLog(Scoped::new(self, actor, Permission::AuditRead, &[Permission::AuditRead])?))
    }
}

impl AuditLog<'_> {
    /// A page of the audit log, newest first.
    pub async fn list(&self, q: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
        let (store, scope) = (self.0.store, self.0.need(Permission::AuditRead)?);
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
        if let Some((kind, id)) = &q.target {
            find = find
                .filter(audit_event::Column::TargetType.eq(kind.as_str()))
                .filter(audit_event::Column::TargetId.eq(id.as_str()));
        }
        if let Some(before) = q.before {
            find = find.filter(audit_event::Column::Seq.lt(before));
        }
        let rows = find.order_by_desc(audit_event::Column::Seq).limit(q.limit.clamp(1, 500)).all(&store.db).await?;
        let names = target_names(&store.db, scope.tenant_id(), &rows).await?;
        let unseen = self.unseen_fellows(&rows).await?;
        Ok(rows
            .into_iter()
            .map(|e| {
                let name = names.get(&(e.target_type.clone(), e.target_id.clone())).cloned();
                let hidden = e.target_type == "fellow" && unseen.contains(&e.target_id);
                let entry = AuditEntry { target_name: name, ..AuditEntry::from_model(e) };
                if hidden { AuditEntry { detail: serde_json::Value::Null, ..entry } } else { entry }
            })
            .collect())
    }

    /// The fellows some events are about whom the reader may not see (by the
    /// registry's rule), as the ids the events hold.
    async fn unseen_fellows(&self, rows: &[audit_event::Model]) -> StoreResult<HashSet<String>> {
        let about: HashSet<String> =
            rows.iter().filter(|e| e.target_type == "fellow").map(|e| e.target_id.clone()).collect();
        let Ok(read) = self.0.actor.scope(Permission::FellowRead) else { return Ok(about) };
        if about.is_empty() || read.reach() == DataScope::Tenant {
            return Ok(HashSet::new());
        }
        let ids = about.iter().filter_map(|id| Uuid::parse_str(id).ok());
        let seen: HashSet<String> = fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .filter(visible(&read))
            .filter(fellow::Column::Id.is_in(ids))
            .into_tuple::<Uuid>()
            .all(&self.0.store.db)
            .await?
            .into_iter()
            .map(|id| id.to_string())
            .collect();
        Ok(about.into_iter().filter(|id| !seen.contains(id)).collect())
    }
}

/// Names for the users and units a page of events is about.
async fn target_names(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    rows: &[audit_event::Model],
) -> StoreResult<HashMap<(String, String), String>> {
    let ids = |kind: &str| -> Vec<Uuid> {
        rows.iter().filter(|e| e.target_type == kind).filter_map(|e| Uuid::parse_str(&e.target_id).ok()).collect()
    };
    let mut names = HashMap::new();
    let users = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Id.is_in(ids("user")))
        .all(db)
        .await?;
    for u in users {
        names.insert(("user".to_string(), u.id.to_string()), format!("{}（{}）", u.display_name, u.username));
    }
    let units = org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .filter(org_unit::Column::Id.is_in(ids("unit")))
        .all(db)
        .await?;
    for u in units {
        names.insert(("unit".to_string(), u.id.to_string()), u.name);
    }
    Ok(names)
}
