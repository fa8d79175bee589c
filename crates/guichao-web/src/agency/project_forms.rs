//! The forms of a project's page that change its tasks and problems: each
//! saves through the store, then goes back to the page with a notice
//! (post/redirect/get), or shows the page again with the refusal under the
//! form's fields. Documents upload as multipart and download as
//! attachments.

use super::forms::{ProblemForm, ResolveForm, StatusForm, TaskForm};
use super::section::{Form, Refused};
use crate::AppState;
use crate::error::PageResult;
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use uuid::Uuid;

/// Back to the project's page at `anchor`, with `notice` shown once.
fn saved(state: &AppState, user: &PageUser, project: Uuid, anchor: &str, notice: String) -> Response {
    state.flash.keep(&user.session, Kept::Notice(notice));
    Redirect::to(&format!("/projects/{project}#{anchor}")).into_response()
}

/// The project's page again with `refused` under its form.
async fn again(state: &AppState, user: &PageUser, project: Uuid, refused: Refused) -> PageResult<Response> {
    crate::projects::render_project(state, user, project, Some(refused)).await
}

fn said(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// `POST /projects/{id}/tasks`: adds a task by hand.
pub(super) async fn add_task(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(project): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = TaskForm::from_form(&form);
    let draft = match typed.draft() {
        Ok(d) => d,
        Err(errors) => return again(&state, &user, project, Refused::new(Form::Task(typed), errors)).await,
    };
    let name = draft.name.trim().to_string();
    match state.store.agency(&user.actor, Permission::ProjectWrite)?.add_task(project, draft).await {
        Ok(_) => Ok(saved(
            &state,
            &user,
            project,
            "tasks",
            said(user.lang, format!("已添加代办事项：{name}"), format!("Task added: {name}")),
        )),
        Err(e) => again(&state, &user, project, Refused::from_store(Form::Task(typed), e)?).await,
    }
}

/// `POST /projects/{id}/checklist`: applies the kind's checklist today.
pub(super) async fn apply_checklist(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(project): IdPath,
) -> PageResult<Response> {
    match state.store.agency(&user.actor, Permission::ProjectWrite)?.apply_checklist(project, today()).await {
        Ok(made) => {
            let n = made.len();
            let notice = said(
                user.lang,
                format!("已按代办清单添加 {n} 项代办事项"),
                format!("{n} tasks added from the checklist"),
            );
            Ok(saved(&state, &user, project, "tasks", notice))
        }
        Err(e) => again(&state, &user, project, Refused::from_store(Form::Checklist, e)?).await,
    }
}

/// `POST /projects/tasks/{id}/status`: records the task's next status.
pub(super) async fn set_status(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(task): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let project = state.store.agency(&user.actor, Permission::ProjectRead)?.task_project(task).await?;
    let typed = StatusForm::from_form(&form);
    let saved_status = match typed.entry() {
        Ok(entry) => {
            let status = entry.status;
            state.store.agency(&user.actor, Permission::ProjectWrite)?.set_status(task, entry).await.map(|_| status)
        }
        Err(errors) => return again(&state, &user, project, Refused::new(Form::Status(task, typed), errors)).await,
    };
    match saved_status {
        Ok(s) => {
            let notice = said(
                user.lang,
                format!("已登记办理状态：{}", s.label(Lang::Zh)),
                format!("Status recorded: {}", s.label(Lang::En)),
            );
            Ok(saved(&state, &user, project, &format!("task-{task}"), notice))
        }
        Err(e) => again(&state, &user, project, Refused::from_store(Form::Status(task, typed), e)?).await,
    }
}

/// `POST /projects/tasks/{id}/documents`: keeps a document with the task.
pub(super) async fn upload_document(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(task): IdPath,
    multipart: Multipart,
) -> PageResult<Response> {
    let project = state.store.agency(&user.actor, Permission::ProjectRead)?.task_project(task).await?;
    let (name, content_type, bytes) = match crate::upload::read_document(multipart).await {
        Ok(u) => u,
        Err(e) => return again(&state, &user, project, Refused::new(Form::Document(task), vec![e])).await,
    };
    let write = state.store.agency(&user.actor, Permission::ProjectWrite)?;
    match write.add_document(task, &name, &content_type, bytes).await {
        Ok(_) => {
            let name = name.rsplit(['/', '\\']).next().unwrap_or_default().trim().to_string();
            let notice = said(user.lang, format!("已上传材料：{name}"), format!("Document uploaded: {name}"));
            Ok(saved(&state, &user, project, &format!("task-{task}"), notice))
        }
        Err(e) => again(&state, &user, project, Refused::from_store(Form::Document(task), e)?).await,
    }
}

/// `GET /projects/documents/{id}`: the document as an attachment, in the
/// type it was stored with (never shown inline: a document is the
/// applicant's file, not a page of ours).
pub(super) async fn download(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
) -> PageResult<Response> {
    let doc = state.store.agency(&user.actor, Permission::ProjectRead)?.document(id).await?;
    crate::upload::stored_file(&doc.name, &doc.content_type, doc.bytes)
}

/// `POST /projects/{id}/problems`: records a problem the enterprise raised.
pub(super) async fn raise_problem(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(project): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = ProblemForm::from_form(&form);
    let draft = match typed.draft() {
        Ok(d) => d,
        Err(errors) => return again(&state, &user, project, Refused::new(Form::Problem(typed), errors)).await,
    };
    match state.store.agency(&user.actor, Permission::ProjectWrite)?.raise_problem(project, draft).await {
        Ok(_) => {
            let notice = user.lang.pick("已登记企业诉求", "Problem recorded").to_string();
            Ok(saved(&state, &user, project, "problems", notice))
        }
        Err(e) => again(&state, &user, project, Refused::from_store(Form::Problem(typed), e)?).await,
    }
}

/// `POST /projects/problems/{id}/resolve`: records how a problem was resolved.
pub(super) async fn resolve_problem(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(problem): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let project = state.store.agency(&user.actor, Permission::ProjectRead)?.problem_project(problem).await?;
    let typed = ResolveForm::from_form(&form);
    let on = match typed.day() {
        Ok(on) => on,
        Err(errors) => return again(&state, &user, project, Refused::new(Form::Resolve(problem, typed), errors)).await,
    };
    let write = state.store.agency(&user.actor, Permission::ProjectWrite)?;
    match write.resolve_problem(problem, &typed.resolution, on).await {
        Ok(()) => {
            let notice = user.lang.pick("诉求已办结", "Problem resolved").to_string();
            Ok(saved(&state, &user, project, &format!("problem-{problem}"), notice))
        }
        Err(e) => again(&state, &user, project, Refused::from_store(Form::Resolve(problem, typed), e)?).await,
    }
}
