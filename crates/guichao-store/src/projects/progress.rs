//! A project's progress: stage events (with corrections) and funds in place.
//! Each is checked by the domain against what is already recorded, written
//! in one transaction with its audit event, and never changed afterwards: a
//! wrong event is corrected by a new one that supersedes it.

use super::Projects;
use super::facts::{events_by_project, stage_event};
use super::standing;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{project_fund, project_stage_event};
use crate::fellows::insert_models;
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use guichao_domain::projects::{FundEvidence, NOTE, NewFunds, NewStageEvent, REASON, check_funds, check_new};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;
use uuid::Uuid;

impl Projects<'_> {
    /// Records a stage event of `project_id` dated on or before today in
    /// China; returns its id. A date that would take the milestones out of
    /// order, a correction without a reason, or a drop without one is
    /// refused with a field error.
    pub async fn add_event(&self, project_id: Uuid, new: NewStageEvent) -> StoreResult<Uuid> {
        let actor = self.actor();
        let t = actor.tenant_id;
        let tx = self.store().begin_write().await?;
        self.writable(&*tx, project_id).await?;
        let of_project = Condition::all().add(project_stage_event::Column::ProjectId.eq(project_id));
        let mut events = events_by_project(&*tx, t, of_project).await?.remove(&project_id).unwrap_or_default();
        check_new(&events, &new, today()).map_err(|e| StoreError::Fields(vec![e]))?;
        let row = project_stage_event::Model {
            tenant_id: t,
            id: new_id(),
            project_id,
            stage: new.stage.code().to_string(),
            on_date: new.on,
            note: NOTE.check(&new.note).map_err(StoreError::Invalid)?,
            supersedes: new.supersedes,
            reason: REASON.check(&new.reason).map_err(StoreError::Invalid)?,
            recorded_by: Some(actor.user_id),
            recorded_at: now(),
        };
        insert_models(&*tx, std::slice::from_ref(&row)).await?;
        events.push(stage_event(&row));
        standing::keep(&*tx, t, project_id, &events).await?;
        let detail = json!({"after": {
            "event_id": row.id, "stage": row.stage, "on": row.on_date, "note": row.note,
            "supersedes": row.supersedes, "reason": row.reason,
        }});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ProjectEvent, "project", project_id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Records funds that arrived for `project_id` on `on`; returns the
    /// entry's id. The amount is positive, the day has come, and the total
    /// in place stays within the agreed investment unless `note` says why.
    pub async fn add_funds(
        &self,
        project_id: Uuid,
        amount_fen: i64,
        on: NaiveDate,
        evidence: FundEvidence,
        note: &str,
    ) -> StoreResult<Uuid> {
        let actor = self.actor();
        let t = actor.tenant_id;
        let tx = self.store().begin_write().await?;
        let project = self.writable(&*tx, project_id).await?;
        let amounts: Vec<i64> = project_fund::Entity::find()
            .select_only()
            .column(project_fund::Column::AmountFen)
            .filter(project_fund::Column::TenantId.eq(t))
            .filter(project_fund::Column::ProjectId.eq(project_id))
            .into_tuple()
            .all(&*tx)
            .await?;
        let in_place = amounts.iter().fold(0i64, |sum, fen| sum.saturating_add(*fen));
        let note = check_funds(NewFunds { amount_fen, on, note }, in_place, project.investment_fen, today())
            .map_err(|e| StoreError::Fields(vec![e]))?;
        let row = project_fund::Model {
            tenant_id: t,
            id: new_id(),
            project_id,
            amount_fen,
            on_date: on,
            evidence: evidence.code().to_string(),
            note,
            recorded_by: Some(actor.user_id),
            recorded_at: now(),
        };
        insert_models(&*tx, std::slice::from_ref(&row)).await?;
        let detail = json!({"after": {
            "fund_id": row.id, "amount_fen": amount_fen, "on": on, "evidence": row.evidence, "note": row.note,
        }});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ProjectFunds, "project", project_id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }
}
