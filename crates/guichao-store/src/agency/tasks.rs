//! Writing tasks: one added by hand, a checklist template applied to a
//! project (its items the project does not have yet, in one transaction),
//! a status entry on the trail, a document kept with a task. Each on a
//! project the writer may change, with its audit event in the same
//! transaction.

use super::Agency;
use super::facts::{entry, template, trails};
use super::owners::unknown_owners;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{agency_task, agency_task_document, agency_task_status, project};
use crate::fellows::insert_models;
use crate::projects::facts::events_by_project;
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::agency::{
    NewStatus, TaskDraft, TaskStatus, base_date, check_document, check_status, content_type_of, to_apply,
};
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use guichao_domain::projects::{ProjectKind, Stage, first_date};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;
use uuid::Uuid;

/// The first entry of a new task's trail: to do, on the day it was added.
fn first_entry(tenant_id: Uuid, task_id: Uuid, on: NaiveDate, by: Uuid) -> agency_task_status::Model {
    agency_task_status::Model {
        tenant_id,
        id: new_id(),
        task_id,
        status: TaskStatus::Todo.code().to_string(),
        on_date: on,
        note: String::new(),
        recorded_by: Some(by),
        recorded_at: now(),
    }
}

/// The names of a project's tasks.
async fn task_names(db: &impl ConnectionTrait, tenant_id: Uuid, project_id: Uuid) -> StoreResult<Vec<String>> {
    Ok(agency_task::Entity::find()
        .select_only()
        .column(agency_task::Column::Name)
        .filter(agency_task::Column::TenantId.eq(tenant_id))
        .filter(agency_task::Column::ProjectId.eq(project_id))
        .into_tuple()
        .all(db)
        .await?)
}

impl Agency<'_> {
    /// Task `id` and its project for a write: `NotFound` when there is no
    /// such task or the writer may not see its project, `Forbidden` when
    /// they see it but may not change it.
    async fn writable_task(
        &self,
        db: &impl ConnectionTrait,
        id: Uuid,
    ) -> StoreResult<(agency_task::Model, project::Model)> {
        let t = self.actor().tenant_id;
        let task = agency_task::Entity::find_by_id((t, id)).one(db).await?.ok_or(StoreError::NotFound)?;
        let project = self.projects().writable(db, task.project_id).await?;
        Ok((task, project))
    }

    /// Adds a task to `project_id`, to do from today; returns its id. A name
    /// the project already has is refused, as are owners the county lacks.
    pub async fn add_task(&self, project_id: Uuid, draft: TaskDraft) -> StoreResult<Uuid> {
        let actor = self.actor();
        let t = actor.tenant_id;
        let d = draft.check().map_err(StoreError::Fields)?;
        let tx = self.store().begin_write().await?;
        let project = self.projects().writable(&*tx, project_id).await?;
        let mut errors = unknown_owners(&*tx, t, d.owner_unit_id, d.owner_user_id).await?;
        if task_names(&*tx, t, project_id).await?.contains(&d.name) {
            errors.insert(
                0,
                guichao_domain::fellows::FormError::new(
                    "name",
                    format!("本项目已有代办事项“{}”", d.name),
                    format!("The project already has a task named {}", d.name),
                ),
            );
        }
        if !errors.is_empty() {
            return Err(StoreError::Fields(errors));
        }
        let row = agency_task::Model {
            tenant_id: t,
            id: new_id(),
            project_id,
            name: d.name,
            owner_unit_id: d.owner_unit_id,
            owner_user_id: d.owner_user_id,
            due_on: d.due,
            grace_days: d.grace_days,
            created_by: Some(actor.user_id),
            created_at: now(),
        };
        insert_models(&*tx, std::slice::from_ref(&row)).await?;
        insert_models(&*tx, &[first_entry(t, row.id, today(), actor.user_id)]).await?;
        let detail = json!({"after": {
            "project": project.name, "tasks": [row.name], "due": row.due_on, "owner_unit_id": row.owner_unit_id,
            "owner_user_id": row.owner_user_id, "grace_days": row.grace_days,
        }});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::AgencyTask, "project", project_id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Applies the checklist template of the project's kind on `applied_on`
    /// (today, or an earlier day the demo replays): one task per item the
    /// project does not have yet by name, due counted from the signing as
    /// known that day, else from `applied_on`. Returns the new tasks' ids in
    /// the template's order; `Conflict` when the project has every item.
    pub async fn apply_checklist(&self, project_id: Uuid, applied_on: NaiveDate) -> StoreResult<Vec<Uuid>> {
        let actor = self.actor();
        let t = actor.tenant_id;
        if applied_on > today() {
            return Err(StoreError::field("on", "日期不能晚于今天", "The date is in the future"));
        }
        let tx = self.store().begin_write().await?;
        let project = self.projects().writable(&*tx, project_id).await?;
        let kind = ProjectKind::parse(&project.kind).unwrap_or(ProjectKind::Other);
        let items = template(&*tx, t, kind).await?;
        let have = task_names(&*tx, t, project_id).await?;
        let new = to_apply(&items, &have);
        if new.is_empty() {
            return Err(StoreError::conflict(
                "本项目已有代办清单中的全部事项",
                "The project already has every item of the checklist",
            ));
        }
        let of_project = Condition::all().add(crate::entities::project_stage_event::Column::ProjectId.eq(project_id));
        let events = events_by_project(&*tx, t, of_project).await?.remove(&project_id).unwrap_or_default();
        let base = base_date(first_date(&events, Stage::Signed, applied_on), applied_on);
        let at = now();
        let rows: Vec<agency_task::Model> = new
            .iter()
            .map(|item| {
                let d = item.task(base);
                agency_task::Model {
                    tenant_id: t,
                    id: new_id(),
                    project_id,
                    name: d.name,
                    owner_unit_id: d.owner_unit_id,
                    owner_user_id: None,
                    due_on: d.due,
                    grace_days: d.grace_days,
                    created_by: Some(actor.user_id),
                    created_at: at,
                }
            })
            .collect();
        let firsts: Vec<_> = rows.iter().map(|r| first_entry(t, r.id, applied_on, actor.user_id)).collect();
        insert_models(&*tx, &rows).await?;
        insert_models(&*tx, &firsts).await?;
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        let detail =
            json!({"checklist": kind.code(), "after": {"project": project.name, "tasks": names, "on": applied_on}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::AgencyTask, "project", project_id, detail)).await?;
        tx.commit().await?;
        Ok(rows.into_iter().map(|r| r.id).collect())
    }

    /// Records a status entry of task `task_id`; returns its id. The rules
    /// are the domain's ([`check_status`]): not in the future nor before the
    /// last entry, a change of status, and a note to reopen a task done.
    pub async fn set_status(&self, task_id: Uuid, new: NewStatus<'_>) -> StoreResult<Uuid> {
        let actor = self.actor();
        let t = actor.tenant_id;
        let tx = self.store().begin_write().await?;
        let (task, project) = self.writable_task(&*tx, task_id).await?;
        let trail = trails(&*tx, t, Condition::all().add(agency_task_status::Column::TaskId.eq(task_id)))
            .await?
            .remove(&task_id)
            .unwrap_or_default();
        let entries: Vec<_> = trail.iter().map(entry).collect();
        let note = check_status(&entries, new, today()).map_err(|e| StoreError::Fields(vec![e]))?;
        let row = agency_task_status::Model {
            tenant_id: t,
            id: new_id(),
            task_id,
            status: new.status.code().to_string(),
            on_date: new.on,
            note,
            recorded_by: Some(actor.user_id),
            recorded_at: now(),
        };
        insert_models(&*tx, std::slice::from_ref(&row)).await?;
        let detail = json!({"after": {
            "project": project.name, "task": task.name, "status": row.status, "on": row.on_date, "note": row.note,
        }});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::AgencyTaskStatus, "project", project.id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Keeps a document with task `task_id`; returns its id. An empty file,
    /// one over 10 MB or one without a name is refused under `file`.
    pub async fn add_document(
        &self,
        task_id: Uuid,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> StoreResult<Uuid> {
        let actor = self.actor();
        let t = actor.tenant_id;
        let name = check_document(name, bytes.len()).map_err(|e| StoreError::Fields(vec![e]))?;
        let tx = self.store().begin_write().await?;
        let (task, project) = self.writable_task(&*tx, task_id).await?;
        let row = agency_task_document::Model {
            tenant_id: t,
            id: new_id(),
            task_id,
            name,
            content_type: content_type_of(content_type),
            size: bytes.len() as i64,
            bytes,
            uploaded_by: Some(actor.user_id),
            uploaded_at: now(),
        };
        let (id, detail) = (
            row.id,
            json!({"after": {"project": project.name, "task": task.name, "file": row.name, "size": row.size}}),
        );
        agency_task_document::Entity::insert(agency_task_document::ActiveModel::from(row))
            .exec_without_returning(&*tx)
            .await?;
        record(&*tx, t, actor, AuditEvent::new(AuditAction::AgencyDocument, "project", project.id, detail)).await?;
        tx.commit().await?;
        Ok(id)
    }
}
