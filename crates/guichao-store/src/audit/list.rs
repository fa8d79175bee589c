//! Reading the audit log, newest first, for those who hold `audit.read`.

use crate::entities::{audit_event, org_unit, user};
use crate::{Actor, Store, StoreResult};
use chrono::{DateTime, Utc};
use guichao_domain::access::Permission;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
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

impl Store {
    /// A page of the audit log (the whole tenant: audit readers are admins).
    pub async fn audit_log(&self, actor: &Actor, q: &AuditQuery) -> StoreResult<Vec<AuditEntry>> {
        let scope = actor.scope(Permission::AuditRead)?;
        let mut find = audit_event::Entity::find().filter(audit_event::Column::TenantId.eq(scope.tenant_id()));
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
        let rows = find.order_by_desc(audit_event::Column::Seq).limit(q.limit.clamp(1, 500)).all(&self.db).await?;
        let names = target_names(&self.db, scope.tenant_id(), &rows).await?;
        Ok(rows
            .into_iter()
            .map(|e| {
                let name = names.get(&(e.target_type.clone(), e.target_id.clone())).cloned();
                AuditEntry { target_name: name, ..AuditEntry::from_model(e) }
            })
            .collect())
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
