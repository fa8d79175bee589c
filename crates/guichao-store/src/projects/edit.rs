//! Changing a project's own facts and team. Its stages, credits and funds
//! are never edited: they are recorded, and corrected by new records.

use super::Projects;
use super::company::company_id;
use super::write::{image, references, row_of};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{project, project_team};
use crate::fellows::insert_models;
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::projects::{CompanyRef, ProjectDraft};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;
use uuid::Uuid;

impl Projects<'_> {
    /// Replaces the facts and the team of project `id` with `draft` (the
    /// investor company named by `company` when given). With `version`, the
    /// change is refused as a conflict when someone saved the project since
    /// that version was read.
    pub async fn update(
        &self,
        id: Uuid,
        draft: ProjectDraft,
        company: Option<CompanyRef>,
        version: Option<i32>,
    ) -> StoreResult<()> {
        let actor = self.actor();
        let t = actor.tenant_id;
        let write = self.0.need(Permission::ProjectWrite)?;
        let mut d = draft.check().map_err(StoreError::Fields)?;
        let tx = self.store().begin_write().await?;
        let before = self.writable(&*tx, id).await?;
        if version.is_some_and(|v| v != before.version) {
            return Err(StoreError::conflict(
                "该项目已被他人修改，请刷新后重新编辑",
                "Someone changed this project since you opened it; reload and edit again",
            ));
        }
        if let Some(c) = &company {
            d.company_id = Some(company_id(&*tx, t, c).await?);
        }
        let company = references(&*tx, write, &d, Some(before.unit_id)).await?;
        let team_before: Vec<Uuid> = project_team::Entity::find()
            .select_only()
            .column(project_team::Column::UserId)
            .filter(project_team::Column::TenantId.eq(t))
            .filter(project_team::Column::ProjectId.eq(id))
            .into_tuple()
            .all(&*tx)
            .await?;
        let company_before = match before.company_id {
            Some(c) => crate::entities::company::Entity::find_by_id((t, c)).one(&*tx).await?.map(|c| c.name),
            None => None,
        };
        let kept = ProjectDraft { follows_lead_id: d.follows_lead_id.filter(|lead| *lead != id), ..d.clone() };
        let after = project::Model { created_at: before.created_at, ..row_of(t, id, kept, before.version + 1, now()) };
        project::Entity::update(project::ActiveModel::from(after.clone()).reset_all()).exec(&*tx).await?;
        project_team::Entity::delete_many()
            .filter(project_team::Column::TenantId.eq(t))
            .filter(project_team::Column::ProjectId.eq(id))
            .exec(&*tx)
            .await?;
        let team: Vec<project_team::Model> =
            d.team.iter().map(|&user_id| project_team::Model { tenant_id: t, project_id: id, user_id }).collect();
        insert_models(&*tx, &team).await?;
        let detail = json!({
            "before": image(&before, &team_before, company_before.as_deref()),
            "after": image(&after, &d.team, company.as_deref()),
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ProjectUpdate, "project", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
