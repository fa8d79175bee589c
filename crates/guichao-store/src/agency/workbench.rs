//! The officer's home and the cockpit's figure, each in a few statements
//! whatever the number of projects: the projects the actor carries with
//! their stage, and over every project the actor sees, the tasks due by
//! this week's Sunday with their trails (the only ones a figure of this
//! week counts) and the open problems.

use super::facts::{entry, trails};
use super::rows::problem_row;
use super::{Agency, MyProject, ProblemRow, TaskLine, WORKBENCH_LINES, Workbench};
use crate::entities::{agency_problem, agency_task, agency_task_status, project};
use crate::names::{unit_names, user_names};
use crate::projects::scope::{on_team, visible, visible_ids};
use crate::projects::standing::standings;
use crate::{Scope, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::agency::{
    AgencyFigure, StatusEntry, TaskFacts, agency_figure, current, days_overdue, due_this_week, is_flagged, is_overdue,
    week_of,
};
use guichao_domain::date::today;
use guichao_domain::projects::Stage;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use uuid::Uuid;

/// The tasks of the projects `read` sees that are due on or before `by`.
fn due_by(read: &Scope, by: NaiveDate) -> Condition {
    Condition::all()
        .add(agency_task::Column::TenantId.eq(read.tenant_id()))
        .add(agency_task::Column::ProjectId.in_subquery(visible_ids(read)))
        .add(agency_task::Column::DueOn.lte(by))
}

/// Their ids, as a subquery.
fn due_by_ids(read: &Scope, by: NaiveDate) -> SelectStatement {
    Query::select().column(agency_task::Column::Id).from(agency_task::Entity).cond_where(due_by(read, by)).to_owned()
}

/// The tasks `read` sees due on or before `by`, each with its trail.
async fn tasks_due_by(
    db: &impl ConnectionTrait,
    read: &Scope,
    by: NaiveDate,
) -> StoreResult<Vec<(agency_task::Model, Vec<StatusEntry>)>> {
    let tasks = agency_task::Entity::find()
        .filter(due_by(read, by))
        .order_by_asc(agency_task::Column::DueOn)
        .order_by_asc(agency_task::Column::Name)
        .all(db)
        .await?;
    let of = Condition::all().add(agency_task_status::Column::TaskId.in_subquery(due_by_ids(read, by)));
    let mut trails = trails(db, read.tenant_id(), of).await?;
    Ok(tasks
        .into_iter()
        .map(|k| {
            let trail = trails.remove(&k.id).unwrap_or_default().iter().map(entry).collect();
            (k, trail)
        })
        .collect())
}

impl Agency<'_> {
    /// The cockpit's figure of the tasks the actor sees, as the records
    /// stood on `as_of` (a task created or an entry dated later does not count).
    pub async fn figure(&self, as_of: NaiveDate) -> StoreResult<AgencyFigure> {
        let read = self.0.need(Permission::ProjectRead)?;
        let tasks = tasks_due_by(&self.store().db, read, week_of(as_of).1).await?;
        let facts: Vec<TaskFacts> =
            tasks.into_iter().map(|(k, trail)| TaskFacts { due: k.due_on, grace_days: k.grace_days, trail }).collect();
        Ok(agency_figure(&facts, as_of))
    }

    /// The actor's workbench today.
    pub async fn workbench(&self) -> StoreResult<Workbench> {
        let db = &self.store().db;
        let read = self.0.need(Permission::ProjectRead)?;
        let t = read.tenant_id();
        let day = today();
        let week = week_of(day);
        let tasks = tasks_due_by(db, read, week.1).await?;
        let facts: Vec<TaskFacts> = tasks
            .iter()
            .map(|(k, trail)| TaskFacts { due: k.due_on, grace_days: k.grace_days, trail: trail.clone() })
            .collect();
        let figure = agency_figure(&facts, day);
        let mine_of = Condition::any()
            .add(project::Column::OfficerId.eq(read.user_id()))
            .add(project::Column::Id.in_subquery(on_team(t, read.user_id())));
        let mine = project::Entity::find()
            .filter(visible(read))
            .filter(mine_of)
            .order_by_asc(project::Column::SortKey)
            .order_by_asc(project::Column::Id)
            .all(db)
            .await?;
        let problems = agency_problem::Entity::find()
            .filter(agency_problem::Column::TenantId.eq(t))
            .filter(agency_problem::Column::ProjectId.in_subquery(visible_ids(read)))
            .filter(agency_problem::Column::ResolvedOn.is_null())
            .order_by_asc(agency_problem::Column::Deadline)
            .order_by_asc(agency_problem::Column::RaisedOn)
            .all(db)
            .await?;
        let project_ids = tasks.iter().map(|(k, _)| k.project_id).chain(problems.iter().map(|p| p.project_id));
        let mut names = project_names(db, t, project_ids).await?;
        names.extend(mine.iter().map(|p| (p.id, p.name.clone())));
        let units = unit_names(
            db,
            t,
            tasks.iter().filter_map(|(k, _)| k.owner_unit_id).chain(problems.iter().filter_map(|p| p.owner_unit_id)),
        )
        .await?;
        let users = user_names(
            db,
            t,
            tasks.iter().filter_map(|(k, _)| k.owner_user_id).chain(problems.iter().filter_map(|p| p.owner_user_id)),
        )
        .await?;
        let name =
            |map: &HashMap<Uuid, String>, id: Option<Uuid>| id.and_then(|i| map.get(&i).cloned()).unwrap_or_default();
        let (mut due_lines, mut overdue_lines) = (Vec::new(), Vec::new());
        for (k, trail) in &tasks {
            let status = current(trail);
            let (this_week, overdue) = (due_this_week(k.due_on, status, day), is_overdue(k.due_on, status, day));
            if !this_week && !overdue {
                continue;
            }
            let line = TaskLine {
                id: k.id,
                project_id: k.project_id,
                project: name(&names, Some(k.project_id)),
                name: k.name.clone(),
                owner_unit: name(&units, k.owner_unit_id),
                owner_user: name(&users, k.owner_user_id),
                due: k.due_on,
                status,
                days_overdue: if overdue { days_overdue(k.due_on, day) } else { 0 },
                flagged: is_flagged(k.due_on, k.grace_days, status, day),
            };
            if this_week {
                due_lines.push(line.clone());
            }
            if overdue {
                overdue_lines.push(line);
            }
        }
        let open: Vec<ProblemRow> = problems
            .into_iter()
            .map(|p| {
                let project = name(&names, Some(p.project_id));
                problem_row(p, project, &units, &users, day)
            })
            .collect();
        let standing = standings(db, t, mine.iter().map(|p| p.id)).await?;
        let count = |lines: &[TaskLine], id: Uuid| lines.iter().filter(|l| l.project_id == id).count();
        let mine = mine
            .iter()
            .map(|p| MyProject {
                id: p.id,
                name: p.name.clone(),
                stage: standing.get(&p.id).map(|s| s.stage).unwrap_or(Stage::Lead),
                due_this_week: count(&due_lines, p.id),
                overdue: count(&overdue_lines, p.id),
                open_problems: open.iter().filter(|q| q.project_id == p.id).count(),
            })
            .collect();
        let open_problems_total = open.len();
        due_lines.truncate(WORKBENCH_LINES);
        overdue_lines.truncate(WORKBENCH_LINES);
        Ok(Workbench {
            today: day,
            week,
            mine,
            due_this_week: due_lines,
            overdue: overdue_lines,
            open_problems: open.into_iter().take(WORKBENCH_LINES).collect(),
            open_problems_total,
            figure,
        })
    }
}

/// The names of projects of the tenant, by id.
async fn project_names(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    ids: impl IntoIterator<Item = Uuid>,
) -> StoreResult<HashMap<Uuid, String>> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(project::Entity::find()
        .filter(project::Column::TenantId.eq(tenant_id))
        .filter(project::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}
