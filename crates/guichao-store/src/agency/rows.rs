//! The rows a project's page reads, built from stored records as of a day:
//! a task with its trail, documents and lateness; a problem with its owners.

use super::facts::{entry, status_of};
use super::{DocumentRow, ProblemRow, StatusRow, TaskRow};
use crate::StoreResult;
use crate::entities::{agency_problem, agency_task, agency_task_document, agency_task_status};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::agency::{current, days_overdue, is_flagged, is_overdue, problem_overdue};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::cmp::Ordering;
use std::collections::HashMap;
use uuid::Uuid;

/// Names by id: (units, users).
pub(super) type Names<'a> = (&'a HashMap<Uuid, String>, &'a HashMap<Uuid, String>);

fn name(map: &HashMap<Uuid, String>, id: Option<Uuid>) -> String {
    id.and_then(|i| map.get(&i).cloned()).unwrap_or_default()
}

/// A document's row without its bytes.
pub(super) type DocumentHead = (Uuid, Uuid, String, String, i64, Option<Uuid>, DateTime<Utc>);

/// A problem as of `day`, its owners and project named from the maps.
pub(super) fn problem_row(
    p: agency_problem::Model,
    project: String,
    units: &HashMap<Uuid, String>,
    users: &HashMap<Uuid, String>,
    day: NaiveDate,
) -> ProblemRow {
    let name =
        |map: &HashMap<Uuid, String>, id: Option<Uuid>| id.and_then(|i| map.get(&i).cloned()).unwrap_or_default();
    ProblemRow {
        overdue: problem_overdue(p.raised_on, p.deadline, p.resolved_on, day),
        owner_unit: name(units, p.owner_unit_id),
        owner_user: name(users, p.owner_user_id),
        project,
        id: p.id,
        project_id: p.project_id,
        raised_on: p.raised_on,
        text: p.text,
        owner_unit_id: p.owner_unit_id,
        owner_user_id: p.owner_user_id,
        deadline: p.deadline,
        resolution: p.resolution,
        resolved_on: p.resolved_on,
    }
}

/// The documents of `tasks`, without their bytes, oldest first.
pub(super) async fn document_heads(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    tasks: Vec<Uuid>,
) -> StoreResult<Vec<DocumentHead>> {
    Ok(agency_task_document::Entity::find()
        .select_only()
        .columns([
            agency_task_document::Column::Id,
            agency_task_document::Column::TaskId,
            agency_task_document::Column::Name,
            agency_task_document::Column::ContentType,
            agency_task_document::Column::Size,
            agency_task_document::Column::UploadedBy,
            agency_task_document::Column::UploadedAt,
        ])
        .filter(agency_task_document::Column::TenantId.eq(tenant_id))
        .filter(agency_task_document::Column::TaskId.is_in(tasks))
        .order_by_asc(agency_task_document::Column::UploadedAt)
        .into_tuple()
        .all(db)
        .await?)
}

/// A task as of `day`, with its `trail` (by date, then time recorded) and
/// those of `documents` that are its own.
pub(super) fn task_row(
    k: agency_task::Model,
    trail: Vec<agency_task_status::Model>,
    documents: &[DocumentHead],
    (units, users): Names<'_>,
    day: NaiveDate,
) -> TaskRow {
    let status = current(&trail.iter().map(entry).collect::<Vec<_>>());
    let overdue = is_overdue(k.due_on, status, day);
    TaskRow {
        owner_unit: name(units, k.owner_unit_id),
        owner_user: name(users, k.owner_user_id),
        status,
        overdue,
        days_overdue: if overdue { days_overdue(k.due_on, day) } else { 0 },
        flagged: is_flagged(k.due_on, k.grace_days, status, day),
        trail: trail
            .into_iter()
            .map(|e| StatusRow {
                id: e.id,
                status: status_of(&e.status),
                on: e.on_date,
                recorded_by: name(users, e.recorded_by),
                note: e.note,
                recorded_at: e.recorded_at,
            })
            .collect(),
        documents: documents
            .iter()
            .filter(|d| d.1 == k.id)
            .map(|d| DocumentRow {
                id: d.0,
                name: d.2.clone(),
                content_type: d.3.clone(),
                size: d.4,
                uploaded_by: name(users, d.5),
                uploaded_at: d.6,
            })
            .collect(),
        id: k.id,
        project_id: k.project_id,
        name: k.name,
        owner_unit_id: k.owner_unit_id,
        owner_user_id: k.owner_user_id,
        due: k.due_on,
        grace_days: k.grace_days,
    }
}

/// A project page's order of problems: open ones by deadline, then the
/// resolved, the latest resolved first.
pub(super) fn problem_order(a: &ProblemRow, b: &ProblemRow) -> Ordering {
    match (a.resolved_on, b.resolved_on) {
        (None, None) => (a.deadline, a.raised_on).cmp(&(b.deadline, b.raised_on)),
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => y.cmp(&x),
    }
}
