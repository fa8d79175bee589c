//! Problems an enterprise raises (企业诉求): raised on a project the writer
//! may change, with an owner and a deadline; resolved once, with how.

use super::Agency;
use super::owners::unknown_owners;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::agency_problem;
use crate::fellows::insert_models;
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::agency::{ProblemDraft, check_resolution};
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use serde_json::json;
use uuid::Uuid;

impl Agency<'_> {
    /// Records a problem the enterprise of `project_id` raised; returns its id.
    pub async fn raise_problem(&self, project_id: Uuid, draft: ProblemDraft) -> StoreResult<Uuid> {
        let actor = self.actor();
        let t = actor.tenant_id;
        let d = draft.check(today()).map_err(StoreError::Fields)?;
        let tx = self.store().begin_write().await?;
        let project = self.projects().writable(&*tx, project_id).await?;
        let errors = unknown_owners(&*tx, t, d.owner_unit_id, d.owner_user_id).await?;
        if !errors.is_empty() {
            return Err(StoreError::Fields(errors));
        }
        let row = agency_problem::Model {
            tenant_id: t,
            id: new_id(),
            project_id,
            raised_on: d.raised_on,
            text: d.text,
            owner_unit_id: d.owner_unit_id,
            owner_user_id: d.owner_user_id,
            deadline: d.deadline,
            resolution: String::new(),
            resolved_on: None,
            recorded_by: Some(actor.user_id),
            recorded_at: now(),
            resolved_by: None,
            resolved_at: None,
        };
        insert_models(&*tx, std::slice::from_ref(&row)).await?;
        let detail = json!({"after": {
            "project": project.name, "text": row.text, "raised_on": row.raised_on, "owner_unit_id": row.owner_unit_id,
            "owner_user_id": row.owner_user_id, "deadline": row.deadline,
        }});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::AgencyProblem, "project", project_id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Resolves problem `id` on `on` with `resolution`. A problem is
    /// resolved once; `NotFound` when the writer may not see its project.
    pub async fn resolve_problem(&self, id: Uuid, resolution: &str, on: NaiveDate) -> StoreResult<()> {
        let actor = self.actor();
        let t = actor.tenant_id;
        let tx = self.store().begin_write().await?;
        let problem = agency_problem::Entity::find_by_id((t, id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let project = self.projects().writable(&*tx, problem.project_id).await?;
        let text = check_resolution(problem.raised_on, problem.resolved_on, resolution, on, today())
            .map_err(|e| StoreError::Fields(vec![e]))?;
        let mut row = problem.into_active_model();
        row.resolution = Set(text.clone());
        row.resolved_on = Set(Some(on));
        row.resolved_by = Set(Some(actor.user_id));
        row.resolved_at = Set(Some(now()));
        row.update(&*tx).await?;
        let detail = json!({"after": {"project": project.name, "resolution": text, "resolved_on": on}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::AgencyProblemResolve, "project", project.id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
