//! Reading a project's tasks (with their trails and documents) and
//! problems, and one document to download; all through the projects the
//! reader may see.

use super::facts::{template, trails};
use super::rows::{document_heads, problem_order, problem_row, task_row};
use super::{Agency, Document, ProblemRow, ProjectAgency};
use crate::entities::{agency_problem, agency_task, agency_task_document, project};
use crate::names::{unit_names, user_names};
use crate::projects::scope::{visible, visible_ids};
use crate::{StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::projects::ProjectKind;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

impl Agency<'_> {
    /// The tasks and problems of project `project_id`, or `NotFound` when
    /// the reader may not see it.
    pub async fn project(&self, project_id: Uuid) -> StoreResult<ProjectAgency> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let t = read.tenant_id();
        let p = project::Entity::find()
            .filter(project::Column::Id.eq(project_id))
            .filter(visible(read))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let tasks = agency_task::Entity::find()
            .filter(agency_task::Column::TenantId.eq(t))
            .filter(agency_task::Column::ProjectId.eq(project_id))
            .order_by_asc(agency_task::Column::DueOn)
            .order_by_asc(agency_task::Column::Name)
            .all(db)
            .await?;
        let ids: Vec<Uuid> = tasks.iter().map(|k| k.id).collect();
        let mut trails =
            trails(db, t, Condition::all().add(crate::entities::agency_task_status::Column::TaskId.is_in(ids.clone())))
                .await?;
        let documents = document_heads(db, t, ids).await?;
        let problems = agency_problem::Entity::find()
            .filter(agency_problem::Column::TenantId.eq(t))
            .filter(agency_problem::Column::ProjectId.eq(project_id))
            .order_by_asc(agency_problem::Column::RaisedOn)
            .all(db)
            .await?;
        let units = unit_names(
            db,
            t,
            tasks.iter().filter_map(|k| k.owner_unit_id).chain(problems.iter().filter_map(|q| q.owner_unit_id)),
        )
        .await?;
        let people = tasks
            .iter()
            .filter_map(|k| k.owner_user_id)
            .chain(problems.iter().filter_map(|q| q.owner_user_id))
            .chain(trails.values().flatten().filter_map(|e| e.recorded_by))
            .chain(documents.iter().filter_map(|d| d.5));
        let users = user_names(db, t, people).await?;
        let day = today();
        let kind = ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other);
        let have: Vec<String> = tasks.iter().map(|k| k.name.clone()).collect();
        let checklist_left = guichao_domain::agency::to_apply(&template(db, t, kind).await?, &have)
            .into_iter()
            .map(|i| i.name.clone())
            .collect();
        let task_rows = tasks
            .into_iter()
            .map(|k| {
                let trail = trails.remove(&k.id).unwrap_or_default();
                task_row(k, trail, &documents, (&units, &users), day)
            })
            .collect();
        let mut problem_rows: Vec<ProblemRow> =
            problems.into_iter().map(|q| problem_row(q, p.name.clone(), &units, &users, day)).collect();
        problem_rows.sort_by(problem_order);
        let can_write = match self.actor().scope(Permission::ProjectWrite) {
            Ok(write) => {
                project::Entity::find()
                    .filter(project::Column::Id.eq(project_id))
                    .filter(visible(&write))
                    .count(db)
                    .await?
                    > 0
            }
            Err(_) => false,
        };
        Ok(ProjectAgency { project_id, kind, tasks: task_rows, problems: problem_rows, checklist_left, can_write })
    }

    /// The project of task `id`, or `NotFound` when the reader may not see it.
    pub async fn task_project(&self, id: Uuid) -> StoreResult<Uuid> {
        let read = self.0.need(Permission::ProjectRead)?;
        agency_task::Entity::find()
            .select_only()
            .column(agency_task::Column::ProjectId)
            .filter(agency_task::Column::TenantId.eq(read.tenant_id()))
            .filter(agency_task::Column::Id.eq(id))
            .filter(agency_task::Column::ProjectId.in_subquery(visible_ids(read)))
            .into_tuple()
            .one(&self.store().db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The project of problem `id`, or `NotFound` when the reader may not see it.
    pub async fn problem_project(&self, id: Uuid) -> StoreResult<Uuid> {
        let read = self.0.need(Permission::ProjectRead)?;
        agency_problem::Entity::find()
            .select_only()
            .column(agency_problem::Column::ProjectId)
            .filter(agency_problem::Column::TenantId.eq(read.tenant_id()))
            .filter(agency_problem::Column::Id.eq(id))
            .filter(agency_problem::Column::ProjectId.in_subquery(visible_ids(read)))
            .into_tuple()
            .one(&self.store().db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A document with its bytes, or `NotFound` when the reader may not see
    /// its task's project.
    pub async fn document(&self, id: Uuid) -> StoreResult<Document> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let t = read.tenant_id();
        let task: Uuid = agency_task_document::Entity::find_by_id((t, id))
            .select_only()
            .column(agency_task_document::Column::TaskId)
            .into_tuple()
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let seen = agency_task::Entity::find()
            .filter(agency_task::Column::TenantId.eq(t))
            .filter(agency_task::Column::Id.eq(task))
            .filter(agency_task::Column::ProjectId.in_subquery(visible_ids(read)))
            .count(db)
            .await?;
        if seen == 0 {
            return Err(StoreError::NotFound);
        }
        // Read only once the reader is known to see it: the bytes may be 10 MB.
        let doc = agency_task_document::Entity::find_by_id((t, id)).one(db).await?.ok_or(StoreError::NotFound)?;
        Ok(Document {
            id: doc.id,
            task_id: doc.task_id,
            name: doc.name,
            content_type: doc.content_type,
            bytes: doc.bytes,
        })
    }
}
