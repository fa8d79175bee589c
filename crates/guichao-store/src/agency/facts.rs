//! What the rules read about tasks, loaded for many tasks in one statement:
//! their status trails, and the checklist template of a project kind.

use crate::StoreResult;
use crate::entities::{agency_checklist_item, agency_task_status};
use guichao_domain::agency::{ChecklistItem, StatusEntry, TaskStatus, default_checklist};
use guichao_domain::projects::ProjectKind;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// A stored entry as the domain reads it; a status code this version does
/// not know reads as to do.
pub(super) fn entry(e: &agency_task_status::Model) -> StatusEntry {
    StatusEntry { status: status_of(&e.status), on: e.on_date, recorded_at: e.recorded_at }
}

pub(super) fn status_of(code: &str) -> TaskStatus {
    TaskStatus::parse(code).unwrap_or(TaskStatus::Todo)
}

/// The trail entries of the tenant's tasks that `tasks` (a condition on
/// `agency_task_status.task_id`) selects, by task, by date then time recorded.
pub(super) async fn trails(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    tasks: Condition,
) -> StoreResult<HashMap<Uuid, Vec<agency_task_status::Model>>> {
    let rows = agency_task_status::Entity::find()
        .filter(agency_task_status::Column::TenantId.eq(tenant_id))
        .filter(tasks)
        .order_by_asc(agency_task_status::Column::OnDate)
        .order_by_asc(agency_task_status::Column::RecordedAt)
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, Vec<agency_task_status::Model>> = HashMap::new();
    for e in rows {
        out.entry(e.task_id).or_default().push(e);
    }
    Ok(out)
}

/// The stored items of a kind's template, in order (none when the county
/// has not edited it).
pub(super) async fn stored_items(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    kind: ProjectKind,
) -> StoreResult<Vec<agency_checklist_item::Model>> {
    Ok(agency_checklist_item::Entity::find()
        .filter(agency_checklist_item::Column::TenantId.eq(tenant_id))
        .filter(agency_checklist_item::Column::Kind.eq(kind.code()))
        .order_by_asc(agency_checklist_item::Column::Position)
        .all(db)
        .await?)
}

pub(super) fn item(m: &agency_checklist_item::Model) -> ChecklistItem {
    ChecklistItem { name: m.name.clone(), owner_unit_id: m.owner_unit_id, days: m.days, grace_days: m.grace_days }
}

/// The template that applies to a kind: the county's, else the built-in one.
pub(super) async fn template(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    kind: ProjectKind,
) -> StoreResult<Vec<ChecklistItem>> {
    let stored = stored_items(db, tenant_id, kind).await?;
    Ok(if stored.is_empty() { default_checklist() } else { stored.iter().map(item).collect() })
}
