//! The JSON shapes of the workbench's `/api/v1` routes, with their OpenAPI
//! schemas. Dates are `YYYY-MM-DD` days in China.

use crate::api::vocab::{ProjectKindCode, StageCode, TaskStatusCode};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::agency::AgencyFigure;
use guichao_store::agency::{
    Checklist, ChecklistRow, DocumentRow, MyProject, ProblemRow, ProjectAgency, StatusRow, TaskLine, TaskRow, Workbench,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One entry of a task's status trail.
#[derive(Serialize, ToSchema)]
pub struct StatusItem {
    pub id: Uuid,
    #[schema(value_type = TaskStatusCode)]
    pub status: String,
    pub date: NaiveDate,
    pub note: String,
    /// Who recorded it; empty for the system.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

impl From<StatusRow> for StatusItem {
    fn from(e: StatusRow) -> StatusItem {
        StatusItem {
            id: e.id,
            status: e.status.code().into(),
            date: e.on,
            note: e.note,
            recorded_by: e.recorded_by,
            recorded_at: e.recorded_at,
        }
    }
}

/// A document kept with a task (download it from its page link).
#[derive(Serialize, ToSchema)]
pub struct DocumentItem {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

impl From<DocumentRow> for DocumentItem {
    fn from(d: DocumentRow) -> DocumentItem {
        DocumentItem {
            id: d.id,
            name: d.name,
            content_type: d.content_type,
            size: d.size,
            uploaded_by: d.uploaded_by,
            uploaded_at: d.uploaded_at,
        }
    }
}

/// An agency task (代办事项) with its trail, as of today.
#[derive(Serialize, ToSchema)]
pub struct TaskItem {
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub owner_unit_id: Option<Uuid>,
    pub owner_unit: String,
    pub owner_user_id: Option<Uuid>,
    pub owner_user: String,
    pub due: NaiveDate,
    pub grace_days: i32,
    /// The latest entry's status.
    #[schema(value_type = TaskStatusCode)]
    pub status: String,
    /// Not done and due before today.
    pub overdue: bool,
    pub days_overdue: i64,
    /// Overdue by more than its grace days.
    pub flagged: bool,
    pub trail: Vec<StatusItem>,
    pub documents: Vec<DocumentItem>,
}

impl From<TaskRow> for TaskItem {
    fn from(t: TaskRow) -> TaskItem {
        TaskItem {
            id: t.id,
            project_id: t.project_id,
            name: t.name,
            owner_unit_id: t.owner_unit_id,
            owner_unit: t.owner_unit,
            owner_user_id: t.owner_user_id,
            owner_user: t.owner_user,
            due: t.due,
            grace_days: t.grace_days,
            status: t.status.code().into(),
            overdue: t.overdue,
            days_overdue: t.days_overdue,
            flagged: t.flagged,
            trail: t.trail.into_iter().map(Into::into).collect(),
            documents: t.documents.into_iter().map(Into::into).collect(),
        }
    }
}

/// A project's tasks, by due date.
#[derive(Serialize, ToSchema)]
pub struct TaskList {
    pub items: Vec<TaskItem>,
    /// The items of the project kind's checklist it does not have yet.
    pub checklist_left: Vec<String>,
}

impl From<ProjectAgency> for TaskList {
    fn from(a: ProjectAgency) -> TaskList {
        TaskList { items: a.tasks.into_iter().map(Into::into).collect(), checklist_left: a.checklist_left }
    }
}

/// A task to add by hand (`name`, `due`...), or `{"checklist": true}` to
/// apply the project kind's checklist today (items the project has by name
/// are skipped; 409 when it has them all).
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TaskBody {
    pub checklist: bool,
    pub name: Option<String>,
    pub due: Option<NaiveDate>,
    pub owner_unit_id: Option<Uuid>,
    pub owner_user_id: Option<Uuid>,
    /// Days past due before the cockpit flags it (default 7).
    pub grace_days: Option<i32>,
}

/// The ids of the tasks made.
#[derive(Serialize, ToSchema)]
pub struct CreatedTasks {
    pub ids: Vec<Uuid>,
}

/// A task's next status entry.
#[derive(Deserialize, ToSchema)]
pub struct StatusBody {
    #[schema(value_type = TaskStatusCode)]
    pub status: String,
    /// The day it happened (default today); not before the last entry.
    pub date: Option<NaiveDate>,
    /// Required to reopen a task done.
    #[serde(default)]
    pub note: String,
}

/// The id of what was recorded.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: Uuid,
}

/// A problem an enterprise raised (企业诉求), as of today.
#[derive(Serialize, ToSchema)]
pub struct ProblemItem {
    pub id: Uuid,
    pub project_id: Uuid,
    pub project: String,
    pub raised_on: NaiveDate,
    pub text: String,
    pub owner_unit_id: Option<Uuid>,
    pub owner_unit: String,
    pub owner_user_id: Option<Uuid>,
    pub owner_user: String,
    pub deadline: NaiveDate,
    pub resolution: String,
    pub resolved_on: Option<NaiveDate>,
    /// Open and past its deadline.
    pub overdue: bool,
}

impl From<ProblemRow> for ProblemItem {
    fn from(p: ProblemRow) -> ProblemItem {
        ProblemItem {
            id: p.id,
            project_id: p.project_id,
            project: p.project,
            raised_on: p.raised_on,
            text: p.text,
            owner_unit_id: p.owner_unit_id,
            owner_unit: p.owner_unit,
            owner_user_id: p.owner_user_id,
            owner_user: p.owner_user,
            deadline: p.deadline,
            resolution: p.resolution,
            resolved_on: p.resolved_on,
            overdue: p.overdue,
        }
    }
}

/// A project's problems: open ones by deadline, then the resolved.
#[derive(Serialize, ToSchema)]
pub struct ProblemList {
    pub items: Vec<ProblemItem>,
}

/// A problem to record. An owner unit or an owner user is required.
#[derive(Deserialize, ToSchema)]
pub struct ProblemBody {
    /// The day it was raised (default today).
    pub raised_on: Option<NaiveDate>,
    pub text: String,
    pub owner_unit_id: Option<Uuid>,
    pub owner_user_id: Option<Uuid>,
    pub deadline: NaiveDate,
}

/// How a problem was resolved.
#[derive(Deserialize, ToSchema)]
pub struct ResolveBody {
    pub resolution: String,
    /// The day it was resolved (default today).
    pub date: Option<NaiveDate>,
}

/// One item of a checklist template.
#[derive(Serialize, ToSchema)]
pub struct ChecklistItemBody {
    pub name: String,
    pub owner_unit_id: Option<Uuid>,
    pub owner_unit: String,
    /// Days after the project's signing (else after the day applied) it is due.
    pub days: i32,
    pub grace_days: i32,
}

impl From<ChecklistRow> for ChecklistItemBody {
    fn from(r: ChecklistRow) -> ChecklistItemBody {
        ChecklistItemBody {
            name: r.name,
            owner_unit_id: r.owner_unit_id,
            owner_unit: r.owner_unit,
            days: r.days,
            grace_days: r.grace_days,
        }
    }
}

/// A project kind's checklist template.
#[derive(Serialize, ToSchema)]
pub struct ChecklistBody {
    #[schema(value_type = ProjectKindCode)]
    pub kind: String,
    /// Whether it is the built-in template (the county has not edited it).
    pub is_default: bool,
    pub items: Vec<ChecklistItemBody>,
}

impl From<Checklist> for ChecklistBody {
    fn from(c: Checklist) -> ChecklistBody {
        ChecklistBody {
            kind: c.kind.code().into(),
            is_default: c.is_default,
            items: c.items.into_iter().map(Into::into).collect(),
        }
    }
}

/// One item of a template to save.
#[derive(Deserialize, ToSchema)]
pub struct ChecklistItemInput {
    pub name: String,
    /// The unit that usually handles it.
    pub owner_unit_id: Option<Uuid>,
    /// Days after the project's signing (else after the day applied) it is due.
    pub days: i32,
    pub grace_days: i32,
}

/// A template to save whole, items in order.
#[derive(Deserialize, ToSchema)]
pub struct ChecklistPut {
    pub items: Vec<ChecklistItemInput>,
}

/// The cockpit's figure: tasks due this week, overdue, and overdue beyond
/// their grace (flagged).
#[derive(Serialize, ToSchema)]
pub struct FigureBody {
    pub due_this_week: usize,
    pub overdue: usize,
    pub flagged: usize,
}

impl From<AgencyFigure> for FigureBody {
    fn from(f: AgencyFigure) -> FigureBody {
        FigureBody { due_this_week: f.due_this_week, overdue: f.overdue, flagged: f.flagged }
    }
}

/// A task on the workbench, with its project.
#[derive(Serialize, ToSchema)]
pub struct TaskLineItem {
    pub id: Uuid,
    pub project_id: Uuid,
    pub project: String,
    pub name: String,
    pub owner_unit: String,
    pub owner_user: String,
    pub due: NaiveDate,
    #[schema(value_type = TaskStatusCode)]
    pub status: String,
    pub days_overdue: i64,
    pub flagged: bool,
}

impl From<TaskLine> for TaskLineItem {
    fn from(t: TaskLine) -> TaskLineItem {
        TaskLineItem {
            id: t.id,
            project_id: t.project_id,
            project: t.project,
            name: t.name,
            owner_unit: t.owner_unit,
            owner_user: t.owner_user,
            due: t.due,
            status: t.status.code().into(),
            days_overdue: t.days_overdue,
            flagged: t.flagged,
        }
    }
}

/// A project the caller carries, as its officer or on its team.
#[derive(Serialize, ToSchema)]
pub struct MyProjectItem {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = StageCode)]
    pub stage: String,
    pub due_this_week: usize,
    pub overdue: usize,
    pub open_problems: usize,
}

impl From<MyProject> for MyProjectItem {
    fn from(p: MyProject) -> MyProjectItem {
        MyProjectItem {
            id: p.id,
            name: p.name,
            stage: p.stage.code().into(),
            due_this_week: p.due_this_week,
            overdue: p.overdue,
            open_problems: p.open_problems,
        }
    }
}

/// The caller's workbench today. The lists are of every project the caller
/// sees (at most 100 lines each; `figure` and `open_problems_total` count all).
#[derive(Serialize, ToSchema)]
pub struct WorkbenchBody {
    pub today: NaiveDate,
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    pub figure: FigureBody,
    pub mine: Vec<MyProjectItem>,
    pub due_this_week: Vec<TaskLineItem>,
    pub overdue: Vec<TaskLineItem>,
    pub open_problems: Vec<ProblemItem>,
    pub open_problems_total: usize,
}

impl From<Workbench> for WorkbenchBody {
    fn from(w: Workbench) -> WorkbenchBody {
        WorkbenchBody {
            today: w.today,
            week_start: w.week.0,
            week_end: w.week.1,
            figure: w.figure.into(),
            mine: w.mine.into_iter().map(Into::into).collect(),
            due_this_week: w.due_this_week.into_iter().map(Into::into).collect(),
            overdue: w.overdue.into_iter().map(Into::into).collect(),
            open_problems: w.open_problems.into_iter().map(Into::into).collect(),
            open_problems_total: w.open_problems_total,
        }
    }
}
