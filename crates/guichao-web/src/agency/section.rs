//! The workbench's part of a project's page (`agency/_project_tasks.html`,
//! included at the end of `projects/detail.html`): the project's tasks with
//! their trail and documents, its problems, and for those who may change
//! the project the forms to apply the checklist, add a task, record a
//! status, keep a document, raise and resolve a problem. A refused form
//! shows again with what was typed and each message under its field.

use super::forms::{ProblemForm, ResolveForm, StatusForm, TaskForm};
use crate::AppState;
use crate::error::AppError;
use crate::extract::PageUser;
use axum::http::StatusCode;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::agency::TaskStatus;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_store::StoreError;
use guichao_store::agency::{OwnerChoices, ProblemRow, ProjectAgency, TaskRow};
use uuid::Uuid;

/// The form a refusal belongs to, with what was typed.
#[derive(Debug, Clone)]
pub enum Form {
    Task(TaskForm),
    Checklist,
    Status(Uuid, StatusForm),
    Document(Uuid),
    Problem(ProblemForm),
    Resolve(Uuid, ResolveForm),
}

impl Form {
    fn code(&self) -> &'static str {
        match self {
            Form::Task(_) => "task",
            Form::Checklist => "checklist",
            Form::Status(..) => "status",
            Form::Document(_) => "document",
            Form::Problem(_) => "problem",
            Form::Resolve(..) => "resolve",
        }
    }

    fn row(&self) -> Option<Uuid> {
        match self {
            Form::Status(id, _) | Form::Document(id) | Form::Resolve(id, _) => Some(*id),
            _ => None,
        }
    }
}

/// A refused form: which, and why, field by field (`form` for the whole).
#[derive(Debug, Clone)]
pub struct Refused {
    pub form: Form,
    pub errors: Vec<FormError>,
    pub status: StatusCode,
}

impl Refused {
    pub fn new(form: Form, errors: Vec<FormError>) -> Refused {
        Refused { form, errors, status: StatusCode::UNPROCESSABLE_ENTITY }
    }

    /// A store refusal of `form`: field errors and conflicts are shown on
    /// the page; anything else (404, 403, 500) passes as an error page.
    pub fn from_store(form: Form, e: StoreError) -> Result<Refused, AppError> {
        match e {
            StoreError::Fields(errors) => Ok(Refused::new(form, errors)),
            StoreError::Invalid(message) => Ok(Refused::new(form, vec![FormError { field: "form", message }])),
            StoreError::Conflict(message) => {
                Ok(Refused { form, errors: vec![FormError { field: "form", message }], status: StatusCode::CONFLICT })
            }
            other => Err(other.into()),
        }
    }
}

/// What the include shows.
pub struct ProjectTasks {
    lang: Lang,
    pub project_id: Uuid,
    pub data: ProjectAgency,
    pub choices: OwnerChoices,
    pub notice: Option<String>,
    pub today: String,
    pub task_form: TaskForm,
    pub problem_form: ProblemForm,
    refused: Option<Refused>,
}

impl ProjectTasks {
    /// The part of project `id`'s page for `user`, with `refused` shown
    /// again; and the status the page answers with.
    pub async fn load(
        state: &AppState,
        user: &PageUser,
        id: Uuid,
        refused: Option<Refused>,
    ) -> Result<(StatusCode, ProjectTasks), AppError> {
        let agency = state.store.agency(&user.actor, Permission::ProjectRead)?;
        let data = agency.project(id).await?;
        let choices = if data.can_write { agency.owner_choices(id).await? } else { OwnerChoices::default() };
        let day = today();
        let status = refused.as_ref().map_or(StatusCode::OK, |r| r.status);
        let notice = if refused.is_none() { state.flash.take_notice(&user.session) } else { None };
        let task_form = match refused.as_ref().map(|r| &r.form) {
            Some(Form::Task(f)) => f.clone(),
            _ => TaskForm::new(),
        };
        let problem_form = match refused.as_ref().map(|r| &r.form) {
            Some(Form::Problem(f)) => f.clone(),
            _ => ProblemForm::new(day),
        };
        let page = ProjectTasks {
            lang: user.lang,
            project_id: id,
            data,
            choices,
            notice,
            today: day.to_string(),
            task_form,
            problem_form,
            refused,
        };
        Ok((status, page))
    }

    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }

    /// The message under `field` of the single form `form` (`task`,
    /// `checklist`, `problem`), if it was refused.
    pub fn err(&self, form: &str, field: &str) -> Option<String> {
        let r = self.refused.as_ref().filter(|r| r.form.code() == form && r.form.row().is_none())?;
        FormError::first_for(&r.errors, field, self.lang)
    }

    /// The message under `field` of the row form `form` (`status`,
    /// `document`, `resolve`) of the task or problem `id`.
    pub fn row_err(&self, form: &str, id: &Uuid, field: &str) -> Option<String> {
        let r = self.refused.as_ref().filter(|r| r.form.code() == form && r.form.row() == Some(*id))?;
        FormError::first_for(&r.errors, field, self.lang)
    }

    /// Whether the single form `form` was refused (it then starts open).
    pub fn refused(&self, form: &str) -> bool {
        self.refused.as_ref().is_some_and(|r| r.form.code() == form && r.form.row().is_none())
    }

    /// Whether a row form of `id` was refused.
    pub fn refused_row(&self, id: &Uuid) -> bool {
        self.refused.as_ref().is_some_and(|r| r.form.row() == Some(*id))
    }

    /// What was typed into the status form of task `id` (`status`, `on`, `note`).
    pub fn status_typed(&self, id: &Uuid, field: &str) -> String {
        match self.refused.as_ref().map(|r| &r.form) {
            Some(Form::Status(row, f)) if row == id => match field {
                "status" => f.status.clone(),
                "on" => f.on.clone(),
                _ => f.note.clone(),
            },
            _ if field == "on" => self.today.clone(),
            _ => String::new(),
        }
    }

    /// What was typed into the resolve form of problem `id`.
    pub fn resolve_typed(&self, id: &Uuid, field: &str) -> String {
        match self.refused.as_ref().map(|r| &r.form) {
            Some(Form::Resolve(row, f)) if row == id => {
                if field == "resolution" {
                    f.resolution.clone()
                } else {
                    f.resolved_on.clone()
                }
            }
            _ if field == "resolved_on" => self.today.clone(),
            _ => String::new(),
        }
    }

    /// The statuses a task may be set to, `(code, label, chosen)`: the one
    /// typed, else the next usual step from `current`.
    pub fn statuses(&self, t: &TaskRow) -> Vec<(&'static str, &'static str, bool)> {
        let typed = self.status_typed(&t.id, "status");
        let next = match t.status {
            TaskStatus::Todo => TaskStatus::Doing,
            TaskStatus::Doing | TaskStatus::Waiting => TaskStatus::Done,
            TaskStatus::Done => TaskStatus::Doing,
        };
        TaskStatus::ALL
            .into_iter()
            .map(|s| {
                let chosen = if typed.is_empty() { s == next } else { typed == s.code() };
                (s.code(), s.label(self.lang), chosen)
            })
            .collect()
    }

    pub fn label(&self, s: &TaskStatus) -> &'static str {
        s.label(self.lang)
    }

    /// The open problems.
    pub fn open_problems(&self) -> usize {
        self.data.problems.iter().filter(|p| p.resolved_on.is_none()).count()
    }

    /// A problem's owners, as one line.
    pub fn owners(&self, p: &ProblemRow) -> String {
        owners_line(&p.owner_unit, &p.owner_user, self.lang)
    }

    /// A task's owners, as one line.
    pub fn task_owners(&self, t: &TaskRow) -> String {
        owners_line(&t.owner_unit, &t.owner_user, self.lang)
    }

    /// A file size as people read it.
    pub fn size(&self, bytes: &i64) -> String {
        let b = *bytes as f64;
        if b >= 1024.0 * 1024.0 {
            format!("{:.1} MB", b / 1024.0 / 1024.0)
        } else if b >= 1024.0 {
            format!("{:.0} KB", b / 1024.0)
        } else {
            format!("{bytes} {}", self.t("字节", "bytes"))
        }
    }

    /// The whole-form messages (a conflict), for the top of the part.
    pub fn general(&self) -> Vec<String> {
        let Some(r) = &self.refused else { return vec![] };
        r.errors.iter().filter(|e| e.field == "form").map(|e| e.message.get(self.lang).to_string()).collect()
    }

    /// The checklist's missing items, as one line.
    pub fn checklist_left(&self) -> String {
        self.data.checklist_left.join(self.t("、", ", "))
    }

    pub fn is_unit(&self, form: &str, id: &Uuid) -> bool {
        let chosen = if form == "task" { &self.task_form.owner_unit_id } else { &self.problem_form.owner_unit_id };
        *chosen == id.to_string()
    }

    pub fn is_user(&self, form: &str, id: &Uuid) -> bool {
        let chosen = if form == "task" { &self.task_form.owner_user_id } else { &self.problem_form.owner_user_id };
        *chosen == id.to_string()
    }
}

/// "unit · person", either alone, or that there is no owner.
pub(super) fn owners_line(unit: &str, user: &str, lang: Lang) -> String {
    match (unit, user) {
        ("", "") => lang.pick("未指定责任单位", "No owner").to_string(),
        (u, "") => u.to_string(),
        ("", p) => p.to_string(),
        (u, p) => format!("{u} · {p}"),
    }
}
