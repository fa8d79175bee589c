//! Each project's standing (the domain's [`Standing`]: its stage after its
//! last event and its milestone dates), kept in `project_standing` so that
//! the pipeline and the figures read one indexed row a project instead of
//! every event. Every writer of events rewrites it from the project's events
//! in the same transaction (the event form, the bulk writer, the ledger
//! import); a new project starts with the standing of no events.
//! [`Standing::of`] is the rule; this file only keeps its answer.

use super::facts::stage_event;
use crate::StoreResult;
use crate::entities::{project, project_stage_event, project_standing};
use crate::fellows::insert_models;
use guichao_domain::projects::{Milestones, Stage, StageEvent, Standing};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, RelationDef};
use std::collections::HashMap;
use uuid::Uuid;

/// The milestone columns, in the order of [`Stage::LADDER`].
pub(crate) const DATE_COLUMNS: [&str; Stage::LADDER.len()] =
    ["lead_on", "inspected_on", "negotiating_on", "signed_on", "registered_on", "started_on", "in_production_on"];

/// A project's kept standing: `(tenant_id, id)` to `project_standing`.
pub(super) fn standing() -> RelationDef {
    project::Entity::belongs_to(project_standing::Entity)
        .from((project::Column::TenantId, project::Column::Id))
        .to((project_standing::Column::TenantId, project_standing::Column::ProjectId))
        .into()
}

/// The row that keeps the standing `events` give project `project_id`.
pub(super) fn row(tenant_id: Uuid, project_id: Uuid, events: &[StageEvent]) -> project_standing::Model {
    let s = Standing::of(events);
    let [lead_on, inspected_on, negotiating_on, signed_on, registered_on, started_on, in_production_on] =
        s.milestones.dates();
    project_standing::Model {
        tenant_id,
        project_id,
        stage: s.stage.code().to_string(),
        lead_on,
        inspected_on,
        negotiating_on,
        signed_on,
        registered_on,
        started_on,
        in_production_on,
    }
}

/// The standing a row keeps; a stage code this version does not know reads
/// as a lead.
pub(super) fn standing_of(r: &project_standing::Model) -> Standing {
    let dates =
        [r.lead_on, r.inspected_on, r.negotiating_on, r.signed_on, r.registered_on, r.started_on, r.in_production_on];
    Standing { stage: Stage::parse(&r.stage).unwrap_or(Stage::Lead), milestones: Milestones::from_dates(dates) }
}

/// Rewrites the kept standing of project `project_id` from all its `events`.
pub(super) async fn keep(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    project_id: Uuid,
    events: &[StageEvent],
) -> StoreResult<()> {
    project_standing::Entity::delete_many()
        .filter(project_standing::Column::TenantId.eq(tenant_id))
        .filter(project_standing::Column::ProjectId.eq(project_id))
        .exec(db)
        .await?;
    insert_models(db, &[row(tenant_id, project_id, events)]).await?;
    Ok(())
}

/// The kept standings of the tenant's `projects`, by project.
pub(crate) async fn standings(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    projects: impl IntoIterator<Item = Uuid>,
) -> StoreResult<HashMap<Uuid, Standing>> {
    let rows = project_standing::Entity::find()
        .filter(project_standing::Column::TenantId.eq(tenant_id))
        .filter(project_standing::Column::ProjectId.is_in(projects))
        .all(db)
        .await?;
    Ok(rows.iter().map(|r| (r.project_id, standing_of(r))).collect())
}

/// The standing every project of every tenant has by its events.
async fn by_events(db: &impl ConnectionTrait) -> Result<Vec<project_standing::Model>, DbErr> {
    let keys: Vec<(Uuid, Uuid)> = project::Entity::find()
        .select_only()
        .column(project::Column::TenantId)
        .column(project::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut events: HashMap<(Uuid, Uuid), Vec<StageEvent>> = HashMap::new();
    for e in project_stage_event::Entity::find().all(db).await? {
        events.entry((e.tenant_id, e.project_id)).or_default().push(stage_event(&e));
    }
    Ok(keys
        .into_iter()
        .map(|(t, id)| row(t, id, events.get(&(t, id)).map(Vec::as_slice).unwrap_or_default()))
        .collect())
}

/// Rewrites the kept standing of every project of every tenant from its
/// events: the migration that brings the table in, and a repair.
pub(crate) async fn rebuild_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let rows = by_events(db).await?;
    project_standing::Entity::delete_many().exec(db).await?;
    insert_models(db, &rows).await
}

#[cfg(feature = "system")]
impl crate::System<'_> {
    /// The projects whose kept standing is not what their events say (none,
    /// unless the database was written around the store); for a check.
    pub async fn project_standing_drift(&self) -> StoreResult<Vec<Uuid>> {
        let db = self.connection();
        let kept: HashMap<(Uuid, Uuid), project_standing::Model> = project_standing::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|r| ((r.tenant_id, r.project_id), r))
            .collect();
        let drift = by_events(db).await?.into_iter().filter(|r| kept.get(&(r.tenant_id, r.project_id)) != Some(r));
        Ok(drift.map(|r| r.project_id).collect())
    }

    /// Rewrites every project's kept standing from its events.
    pub async fn rebuild_project_standing(&self) -> StoreResult<()> {
        let tx = self.begin_write().await?;
        rebuild_all(&*tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
