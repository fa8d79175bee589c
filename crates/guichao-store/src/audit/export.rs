//! What the audit page offers beside the list: the users a reader may filter
//! by, and the export of the filtered log for the audit administrator (who
//! reads the whole county's log), itself recorded in the chain.

use super::chain::{AuditEvent, record};
use super::list::{AuditEntry, AuditLog, AuditQuery};
use crate::entities::{org_unit, user};
use crate::{StoreError, StoreResult};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::audit::AuditAction;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// The most events one export writes; a wider log is exported a period at a time.
pub const EXPORT_MAX: u64 = 100_000;

/// A user whose events the reader may read, for the filter.
#[derive(Debug, Clone)]
pub struct AuditActor {
    pub id: Uuid,
    pub display_name: String,
    pub username: String,
    pub unit: String,
}

impl AuditLog<'_> {
    /// The users whose events the reader may read (the units of their scope),
    /// by unit and name.
    pub async fn actors(&self) -> StoreResult<Vec<AuditActor>> {
        let (db, scope) = (&self.0.store.db, self.0.need(Permission::AuditRead)?);
        let users = user::Entity::find()
            .filter(scope.units_condition(user::Column::TenantId, user::Column::UnitId))
            .order_by_asc(user::Column::Username)
            .all(db)
            .await?;
        let units: HashMap<Uuid, (String, String)> = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(scope.tenant_id()))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, (u.path, u.name)))
            .collect();
        let mut actors: Vec<(String, AuditActor)> = users
            .into_iter()
            .map(|u| {
                let (path, unit) = units.get(&u.unit_id).cloned().unwrap_or_default();
                (path, AuditActor { id: u.id, display_name: u.display_name, username: u.username, unit })
            })
            .collect();
        actors.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.username.cmp(&y.username)));
        Ok(actors.into_iter().map(|(_, a)| a).collect())
    }

    /// Whether the reader is the audit administrator: `audit.read` for the
    /// whole county, the one who may export the log.
    pub fn may_export(&self) -> bool {
        self.0.need(Permission::AuditRead).is_ok_and(|s| s.reach() == DataScope::Tenant)
    }

    /// Every event the filters match (newest first, at most [`EXPORT_MAX`]),
    /// for the audit administrator; the export is recorded with its filters
    /// and the number of events, in the same step. `Forbidden` for a narrower
    /// reader; a clear message when the filters match too many events.
    pub async fn export(&self, q: &AuditQuery, filters: serde_json::Value) -> StoreResult<Vec<AuditEntry>> {
        if !self.may_export() {
            return Err(StoreError::Forbidden);
        }
        let total = self.count(q).await?;
        if total > EXPORT_MAX {
            return Err(StoreError::invalid(
                format!("符合条件的记录有 {total} 条，超过一次可导出的 {EXPORT_MAX} 条，请缩小日期范围后分次导出"),
                format!(
                    "{total} events match, more than the {EXPORT_MAX} one export holds; narrow the dates and export in parts"
                ),
            ));
        }
        let mut all = Vec::with_capacity(total as usize);
        let mut page = AuditQuery { limit: 500, offset: 0, ..q.clone() };
        loop {
            let rows = self.list(&page).await?;
            let Some(last) = rows.last().map(|e| e.seq) else { break };
            let full = rows.len() == 500;
            all.extend(rows);
            if !full {
                break;
            }
            page.before = Some(last);
        }
        let (store, actor) = (self.0.store, self.0.actor);
        let tx = store.begin_write().await?;
        let detail = json!({"rows": all.len(), "filters": filters});
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::AuditExport, "tenant", actor.tenant_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(all)
    }
}
