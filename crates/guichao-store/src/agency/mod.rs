//! The project officer's workbench (代办服务): a project's agency tasks
//! with their status trail and documents, the problems its enterprise
//! raises, the county's checklist templates per project kind, and the
//! officer's home (my projects, tasks due this week, overdue tasks, open
//! problems).
//!
//! Tasks and problems hang off projects: they are read only through
//! `projects::scope::visible_ids` (a task of a project the reader may not
//! see is not found), and written only on a project the writer may change
//! (`Projects::writable`). The checklist templates are county-wide: read
//! with `project.read`, changed only with `project.write` over the whole
//! county. A task's status is derived from its trail on every read.

mod checklist;
mod choices;
mod facts;
mod owners;
mod problems;
mod read;
mod rows;
mod tasks;
mod workbench;

pub use choices::{Choice, OwnerChoices};
pub use guichao_domain::agency::{ChecklistItem, NewStatus, ProblemDraft, TaskDraft};

use crate::projects::Projects;
use crate::{Actor, Scoped, Store, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::Permission;
use guichao_domain::agency::{AgencyFigure, TaskStatus};
use guichao_domain::projects::{ProjectKind, Stage};
use serde::Serialize;
use uuid::Uuid;

/// The permissions an [`Agency`] handle is made with.
const AREA: [Permission; 2] = [Permission::ProjectRead, Permission::ProjectWrite];

/// The most lines each list of the workbench holds; its figure counts all.
pub const WORKBENCH_LINES: usize = 100;

/// The workbench as one actor reaches it with one permission.
pub struct Agency<'a>(Scoped<'a>);

impl Store {
    /// The workbench for work that needs `permission` (`project.read` or
    /// `project.write`), or `Forbidden`.
    pub fn agency<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Agency<'a>> {
        Ok(Agency(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Agency<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }

    /// The projects handle with this handle's permission, for its rules on
    /// which project a write may touch.
    fn projects(&self) -> Projects<'a> {
        Projects(self.0.clone())
    }
}

/// One entry of a task's status trail.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub id: Uuid,
    pub status: TaskStatus,
    pub on: NaiveDate,
    pub note: String,
    /// Who recorded it; empty for the system.
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// A document kept with a task, without its bytes.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

/// A document with its bytes, for a download.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: Uuid,
    pub task_id: Uuid,
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A task of a project with its trail and documents, as of today.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
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
    pub status: TaskStatus,
    /// Not done and due before today.
    pub overdue: bool,
    /// Days past due when overdue, else 0.
    pub days_overdue: i64,
    /// Overdue beyond its grace days (the cockpit flags it).
    pub flagged: bool,
    /// The trail by date, then time recorded.
    pub trail: Vec<StatusRow>,
    pub documents: Vec<DocumentRow>,
}

/// A problem an enterprise raised, as of today.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemRow {
    pub id: Uuid,
    pub project_id: Uuid,
    /// The project's name.
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

/// A project's tasks and problems.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectAgency {
    pub project_id: Uuid,
    pub kind: ProjectKind,
    /// By due date, then name.
    pub tasks: Vec<TaskRow>,
    /// Open ones first by deadline, then the resolved by the day resolved, latest first.
    pub problems: Vec<ProblemRow>,
    /// Items of the kind's checklist the project does not have yet.
    pub checklist_left: Vec<String>,
    /// Whether the reader may add tasks, record statuses and problems.
    pub can_write: bool,
}

/// One item of a checklist template, its owner unit named.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistRow {
    pub name: String,
    pub owner_unit_id: Option<Uuid>,
    pub owner_unit: String,
    pub days: i32,
    pub grace_days: i32,
}

impl From<&ChecklistRow> for ChecklistItem {
    fn from(r: &ChecklistRow) -> ChecklistItem {
        ChecklistItem { name: r.name.clone(), owner_unit_id: r.owner_unit_id, days: r.days, grace_days: r.grace_days }
    }
}

/// A project kind's checklist template.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub kind: ProjectKind,
    pub items: Vec<ChecklistRow>,
    /// Whether it is the built-in template (the county has not edited it).
    pub is_default: bool,
}

/// A task on the workbench, with its project.
#[derive(Debug, Clone, Serialize)]
pub struct TaskLine {
    pub id: Uuid,
    pub project_id: Uuid,
    pub project: String,
    pub name: String,
    pub owner_unit: String,
    pub owner_user: String,
    pub due: NaiveDate,
    pub status: TaskStatus,
    pub days_overdue: i64,
    pub flagged: bool,
}

/// A project the actor carries (as its officer or on its team).
#[derive(Debug, Clone, Serialize)]
pub struct MyProject {
    pub id: Uuid,
    pub name: String,
    /// The stage today, from the events.
    pub stage: Stage,
    pub due_this_week: usize,
    pub overdue: usize,
    pub open_problems: usize,
}

/// The officer's home, as of today.
#[derive(Debug, Clone, Serialize)]
pub struct Workbench {
    pub today: NaiveDate,
    /// Monday and Sunday of this week.
    pub week: (NaiveDate, NaiveDate),
    /// The projects the actor carries, by name.
    pub mine: Vec<MyProject>,
    /// Of the projects the actor sees: not done, due this week, by due date
    /// (at most [`WORKBENCH_LINES`]; `figure` counts all).
    pub due_this_week: Vec<TaskLine>,
    /// Of the projects the actor sees: overdue, the longest overdue first.
    pub overdue: Vec<TaskLine>,
    /// Of the projects the actor sees: open problems by deadline.
    pub open_problems: Vec<ProblemRow>,
    pub open_problems_total: usize,
    pub figure: AgencyFigure,
}
