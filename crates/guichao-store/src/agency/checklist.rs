//! The county's checklist templates, one per project kind: read with
//! `project.read`, saved whole (items in order) only by a writer whose
//! `project.write` covers the whole county. A kind the county has not
//! edited reads as the built-in template.

use super::facts::{item, stored_items};
use super::owners::unknown_owners;
use super::{Agency, Checklist, ChecklistRow};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::agency_checklist_item;
use crate::fellows::insert_models;
use crate::names::unit_names;
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::agency::{ChecklistItem, check_checklist, default_checklist};
use guichao_domain::fellows::FormError;
use guichao_domain::ids::new_id;
use guichao_domain::projects::ProjectKind;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// Template items with their owner units named.
fn rows(items: &[ChecklistItem], units: &HashMap<Uuid, String>) -> Vec<ChecklistRow> {
    items
        .iter()
        .map(|i| ChecklistRow {
            name: i.name.clone(),
            owner_unit_id: i.owner_unit_id,
            owner_unit: i.owner_unit_id.and_then(|u| units.get(&u).cloned()).unwrap_or_default(),
            days: i.days,
            grace_days: i.grace_days,
        })
        .collect()
}

impl Agency<'_> {
    /// Every kind's template, in the order of [`ProjectKind::ALL`].
    pub async fn checklists(&self) -> StoreResult<Vec<Checklist>> {
        let db = &self.store().db;
        let t = self.0.need(Permission::ProjectRead)?.tenant_id();
        let stored = agency_checklist_item::Entity::find()
            .filter(agency_checklist_item::Column::TenantId.eq(t))
            .order_by_asc(agency_checklist_item::Column::Kind)
            .order_by_asc(agency_checklist_item::Column::Position)
            .all(db)
            .await?;
        let units = unit_names(db, t, stored.iter().filter_map(|i| i.owner_unit_id)).await?;
        Ok(ProjectKind::ALL
            .into_iter()
            .map(|kind| {
                let own: Vec<ChecklistItem> = stored.iter().filter(|i| i.kind == kind.code()).map(item).collect();
                let is_default = own.is_empty();
                let items = if is_default { default_checklist() } else { own };
                Checklist { kind, items: rows(&items, &units), is_default }
            })
            .collect())
    }

    /// One kind's template.
    pub async fn checklist(&self, kind: ProjectKind) -> StoreResult<Checklist> {
        let db = &self.store().db;
        let t = self.0.need(Permission::ProjectRead)?.tenant_id();
        let own: Vec<ChecklistItem> = stored_items(db, t, kind).await?.iter().map(item).collect();
        let is_default = own.is_empty();
        let items = if is_default { default_checklist() } else { own };
        let units = unit_names(db, t, items.iter().filter_map(|i| i.owner_unit_id)).await?;
        Ok(Checklist { kind, items: rows(&items, &units), is_default })
    }

    /// Whether the actor may change the templates: `project.write` over the
    /// whole county (the handle need not be a write handle).
    pub fn can_edit_checklists(&self) -> bool {
        self.actor().scope(Permission::ProjectWrite).is_ok_and(|s| s.reach() == DataScope::Tenant)
    }

    /// Saves `kind`'s template as `items`, in order. `Forbidden` unless the
    /// handle writes over the whole county; the items' rules are the
    /// domain's ([`check_checklist`]) and their owner units must exist.
    pub async fn set_checklist(&self, kind: ProjectKind, items: Vec<ChecklistItem>) -> StoreResult<()> {
        let actor = self.actor();
        let write = self.0.need(Permission::ProjectWrite)?;
        if write.reach() != DataScope::Tenant {
            return Err(StoreError::Forbidden);
        }
        let t = write.tenant_id();
        let items = check_checklist(items).map_err(StoreError::Fields)?;
        let tx = self.store().begin_write().await?;
        let mut errors: Vec<FormError> = Vec::new();
        for (n, i) in items.iter().enumerate() {
            for e in unknown_owners(&*tx, t, i.owner_unit_id, None).await? {
                let (zh, en) =
                    (format!("第{}项：{}", n + 1, e.message.zh), format!("Item {}: {}", n + 1, e.message.en));
                errors.push(FormError::new(e.field, zh, en));
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Fields(errors));
        }
        let before = self.replace(&*tx, t, kind, &items).await?;
        let names = |list: &[ChecklistItem]| list.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
        let detail =
            json!({"kind": kind.code(), "before": {"items": names(&before)}, "after": {"items": names(&items)}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::AgencyChecklist, "checklist", kind.code(), detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the stored items of `kind` with `items`; returns the
    /// template that applied before.
    async fn replace(
        &self,
        db: &impl ConnectionTrait,
        tenant_id: Uuid,
        kind: ProjectKind,
        items: &[ChecklistItem],
    ) -> StoreResult<Vec<ChecklistItem>> {
        let old: Vec<ChecklistItem> = stored_items(db, tenant_id, kind).await?.iter().map(item).collect();
        agency_checklist_item::Entity::delete_many()
            .filter(agency_checklist_item::Column::TenantId.eq(tenant_id))
            .filter(agency_checklist_item::Column::Kind.eq(kind.code()))
            .exec(db)
            .await?;
        let at = now();
        let rows: Vec<agency_checklist_item::Model> = items
            .iter()
            .enumerate()
            .map(|(n, i)| agency_checklist_item::Model {
                tenant_id,
                id: new_id(),
                kind: kind.code().to_string(),
                position: n as i32,
                name: i.name.clone(),
                owner_unit_id: i.owner_unit_id,
                days: i.days,
                grace_days: i.grace_days,
                updated_at: at,
            })
            .collect();
        insert_models(db, &rows).await?;
        Ok(if old.is_empty() { default_checklist() } else { old })
    }
}
