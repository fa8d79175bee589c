//! A project's stage events as the domain's rules read them, loaded for
//! many projects in one statement.

use crate::StoreResult;
use crate::entities::project_stage_event;
use guichao_domain::projects::{Stage, StageEvent};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// A stored event as the domain reads it; a stage code this version does not
/// know reads as a lead (it then moves no milestone).
pub(crate) fn stage_event(e: &project_stage_event::Model) -> StageEvent {
    StageEvent {
        id: e.id,
        stage: Stage::parse(&e.stage).unwrap_or(Stage::Lead),
        on: e.on_date,
        note: e.note.clone(),
        supersedes: e.supersedes,
        reason: e.reason.clone(),
    }
}

/// The events of the tenant's projects that `projects` (a condition on
/// `project_stage_events.project_id`) selects, by project, in date order.
pub(crate) async fn events_by_project(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    projects: Condition,
) -> StoreResult<HashMap<Uuid, Vec<StageEvent>>> {
    let rows = project_stage_event::Entity::find()
        .filter(project_stage_event::Column::TenantId.eq(tenant_id))
        .filter(projects)
        .order_by_asc(project_stage_event::Column::OnDate)
        .order_by_asc(project_stage_event::Column::RecordedAt)
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, Vec<StageEvent>> = HashMap::new();
    for e in &rows {
        out.entry(e.project_id).or_default().push(stage_event(e));
    }
    Ok(out)
}
