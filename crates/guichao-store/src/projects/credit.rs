//! Crediting fellows with a project by role (investor, introducer, advisor).
//! The fellow's scope rules first: a fellow the actor may not see answers
//! `NotFound`, so the answer tells nothing about other townships' fellows.
//! Each change is audited on the fellow, so it shows in their history and
//! only to readers who may see them.

use super::Projects;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::project_fellow;
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::projects::ProjectRole;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};
use uuid::Uuid;

impl Projects<'_> {
    /// Fails with `NotFound` unless the actor may see fellow `id`.
    pub(super) async fn seen_fellow(&self, id: Uuid) -> StoreResult<()> {
        let fellows = self.store().fellows(self.actor(), Permission::FellowRead).map_err(|_| StoreError::NotFound)?;
        fellows.model(id).await.map(|_| ())
    }

    /// Credits `fellow_id` with `project_id` in `role`; a fellow may hold
    /// several roles on one project, each once.
    pub async fn link_fellow(&self, project_id: Uuid, fellow_id: Uuid, role: ProjectRole) -> StoreResult<()> {
        let actor = self.actor();
        let t = actor.tenant_id;
        self.seen_fellow(fellow_id).await?;
        let tx = self.store().begin_write().await?;
        let project = self.writable(&*tx, project_id).await?;
        let key = (t, project_id, fellow_id, role.code().to_string());
        if project_fellow::Entity::find_by_id(key).count(&*tx).await? > 0 {
            return Err(StoreError::conflict(
                format!("该乡友已以“{}”关联本项目", role.label(guichao_domain::Lang::Zh)),
                format!("This fellow is already credited as {}", role.label(guichao_domain::Lang::En)),
            ));
        }
        let link = project_fellow::Model {
            tenant_id: t,
            project_id,
            fellow_id,
            role: role.code().to_string(),
            created_at: now(),
        };
        project_fellow::Entity::insert(project_fellow::ActiveModel::from(link)).exec_without_returning(&*tx).await?;
        let detail = json!({"after": image(project_id, &project.name, role)});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ProjectFellowLink, "fellow", fellow_id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Withdraws the credit of `fellow_id` in `role` on `project_id`.
    pub async fn unlink_fellow(&self, project_id: Uuid, fellow_id: Uuid, role: ProjectRole) -> StoreResult<()> {
        let actor = self.actor();
        let t = actor.tenant_id;
        self.seen_fellow(fellow_id).await?;
        let tx = self.store().begin_write().await?;
        let project = self.writable(&*tx, project_id).await?;
        let removed = project_fellow::Entity::delete_by_id((t, project_id, fellow_id, role.code().to_string()))
            .exec(&*tx)
            .await?;
        if removed.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        let detail = json!({"before": image(project_id, &project.name, role)});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ProjectFellowUnlink, "fellow", fellow_id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A credit's image in the audit chain.
fn image(project_id: Uuid, project: &str, role: ProjectRole) -> Value {
    json!({"project_id": project_id, "project": project, "role": role.code()})
}
