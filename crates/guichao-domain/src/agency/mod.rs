//! The project officer's workbench (代办服务): the approvals a project needs
//! (代办事项) as tasks with an owner, a due date, a grace period and a
//! status trail; the checklist templates that create them per project kind;
//! the problems an enterprise raises (企业诉求) with their deadline and
//! resolution; and the cockpit's figure of tasks overdue beyond their grace.
//!
//! A task's status is never stored apart from its trail: it is the latest
//! entry by date, then by the time it was recorded. Every rule here takes the
//! day it is asked about, so a figure can be computed as of any date.

mod checklist;
mod cockpit;
mod document;
mod problem;
mod status;
mod task;

pub use checklist::{
    ChecklistItem, MAX_DAYS, MAX_ITEMS, base_date, check_checklist, default_checklist, due_on, to_apply,
};
pub use cockpit::{AgencyFigure, TaskFacts, agency_figure};
pub use document::{DOCUMENT_NAME, MAX_DOCUMENT_BYTES, check_document, content_type_of};
pub use problem::{PROBLEM_TEXT, ProblemDraft, RESOLUTION, check_resolution, problem_open, problem_overdue};
pub use status::{NewStatus, STATUS_NOTE, StatusEntry, TaskStatus, check_status, current, latest, status_as_of};
pub use task::{
    DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS, TASK_NAME, TaskDraft, days_overdue, due_this_week, is_flagged, is_overdue,
    week_of,
};
