//! The workbench's `/api/v1` routes: the caller's workbench, a project's
//! tasks and problems, a task's status, a problem's resolution, and the
//! checklist templates. Refusals name their fields (422, `error.fields`).

use super::api_types::{
    ChecklistBody, ChecklistPut, Created, CreatedTasks, ProblemBody, ProblemList, ResolveBody, StatusBody, TaskBody,
    TaskList, WorkbenchBody,
};
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::vocab::ProjectKindCode;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiUser};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_domain::agency::{ChecklistItem, DEFAULT_GRACE_DAYS, NewStatus, ProblemDraft, TaskDraft, TaskStatus};
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::projects::ProjectKind;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_workbench))
        .routes(routes!(list_tasks, add_tasks))
        .routes(routes!(set_task_status))
        .routes(routes!(list_problems, raise_problem))
        .routes(routes!(resolve_problem))
        .routes(routes!(get_checklist, put_checklist))
}

/// A required field left out, refused under its name.
fn missing(field: &'static str, zh: &str, en: &str) -> FieldApiError {
    FieldApiError::Fields(vec![FormError::new(field, format!("缺少{zh}"), format!("{en} is required"))])
}

/// A kind code in the path; any other is a template that does not exist.
fn kind_of(code: &str) -> Result<ProjectKind, AppError> {
    ProjectKind::parse(code).ok_or(AppError::NotFound)
}

/// The caller's workbench today: the projects they carry, and over every
/// project they see the tasks due this week, the overdue tasks and the
/// open problems.
#[utoipa::path(get, path = "/workbench", tag = "projects",
    responses((status = 200, body = WorkbenchBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn get_workbench(State(state): State<AppState>, ApiUser(actor): ApiUser) -> ApiResult<Json<WorkbenchBody>> {
    Ok(Json(state.store.agency(&actor, Permission::ProjectRead)?.workbench().await?.into()))
}

/// A project's agency tasks with their trails; 404 outside the caller's scope.
#[utoipa::path(get, path = "/projects/{id}/tasks", tag = "projects", params(("id" = Uuid, Path, description = "Project id")),
    responses((status = 200, body = TaskList), (status = 404, body = ErrorBody)))]
async fn list_tasks(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<TaskList>> {
    Ok(Json(state.store.agency(&actor, Permission::ProjectRead)?.project(id).await?.into()))
}

/// Adds a task by hand, or with `{"checklist": true}` the project kind's
/// checklist; answers the new tasks' ids.
#[utoipa::path(post, path = "/projects/{id}/tasks", tag = "projects", params(("id" = Uuid, Path, description = "Project id")),
    request_body = TaskBody,
    responses((status = 201, body = CreatedTasks), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add_tasks(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<TaskBody>,
) -> FieldApiResult<(StatusCode, Json<CreatedTasks>)> {
    let agency = state.store.agency(&actor, Permission::ProjectWrite)?;
    let ids = if body.checklist {
        agency.apply_checklist(id, today()).await?
    } else {
        let name = body.name.ok_or_else(|| missing("name", "事项名称", "name"))?;
        let due = body.due.ok_or_else(|| missing("due", "到期日期", "due"))?;
        let draft = TaskDraft {
            name,
            due,
            owner_unit_id: body.owner_unit_id,
            owner_user_id: body.owner_user_id,
            grace_days: body.grace_days.unwrap_or(DEFAULT_GRACE_DAYS),
        };
        vec![agency.add_task(id, draft).await?]
    };
    Ok((StatusCode::CREATED, Json(CreatedTasks { ids })))
}

/// Records a task's next status (`todo`, `doing`, `waiting`, `done`).
#[utoipa::path(post, path = "/tasks/{id}/status", tag = "projects", params(("id" = Uuid, Path, description = "Task id")),
    request_body = StatusBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = FieldErrorBody)))]
async fn set_task_status(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<StatusBody>,
) -> FieldApiResult<(StatusCode, Json<Created>)> {
    let status = TaskStatus::parse(body.status.trim()).ok_or_else(|| {
        FieldApiError::Fields(vec![FormError::new(
            "status",
            "办理状态应为 todo（待办）、doing（办理中）、waiting（待企业补件）或 done（已办结）",
            "status is todo, doing, waiting or done",
        )])
    })?;
    let new = NewStatus { status, on: body.date.unwrap_or_else(today), note: &body.note };
    let entry = state.store.agency(&actor, Permission::ProjectWrite)?.set_status(id, new).await?;
    Ok((StatusCode::CREATED, Json(Created { id: entry })))
}

/// A project's problems; 404 outside the caller's scope.
#[utoipa::path(get, path = "/projects/{id}/problems", tag = "projects", params(("id" = Uuid, Path, description = "Project id")),
    responses((status = 200, body = ProblemList), (status = 404, body = ErrorBody)))]
async fn list_problems(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<ProblemList>> {
    let agency = state.store.agency(&actor, Permission::ProjectRead)?.project(id).await?;
    Ok(Json(ProblemList { items: agency.problems.into_iter().map(Into::into).collect() }))
}

/// Records a problem the project's enterprise raised.
#[utoipa::path(post, path = "/projects/{id}/problems", tag = "projects", params(("id" = Uuid, Path, description = "Project id")),
    request_body = ProblemBody,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = FieldErrorBody)))]
async fn raise_problem(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ProblemBody>,
) -> FieldApiResult<(StatusCode, Json<Created>)> {
    let draft = ProblemDraft {
        raised_on: body.raised_on.unwrap_or_else(today),
        text: body.text,
        owner_unit_id: body.owner_unit_id,
        owner_user_id: body.owner_user_id,
        deadline: body.deadline,
    };
    let problem = state.store.agency(&actor, Permission::ProjectWrite)?.raise_problem(id, draft).await?;
    Ok((StatusCode::CREATED, Json(Created { id: problem })))
}

/// Records how a problem was resolved; a problem is resolved once.
#[utoipa::path(post, path = "/problems/{id}/resolve", tag = "projects", params(("id" = Uuid, Path, description = "Problem id")),
    request_body = ResolveBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = FieldErrorBody)))]
async fn resolve_problem(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ResolveBody>,
) -> FieldApiResult<StatusCode> {
    let on = body.date.unwrap_or_else(today);
    state.store.agency(&actor, Permission::ProjectWrite)?.resolve_problem(id, &body.resolution, on).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A project kind's checklist template (the built-in one until the county edits it).
#[utoipa::path(get, path = "/checklists/{kind}", tag = "projects",
    params(("kind" = ProjectKindCode, Path, description = "Project kind")),
    responses((status = 200, body = ChecklistBody), (status = 404, body = ErrorBody)))]
async fn get_checklist(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(kind): Path<String>,
) -> ApiResult<Json<ChecklistBody>> {
    let kind = kind_of(&kind)?;
    Ok(Json(state.store.agency(&actor, Permission::ProjectRead)?.checklist(kind).await?.into()))
}

/// Saves a project kind's checklist template whole, items in order; only
/// for `project.write` over the whole county (else 403).
#[utoipa::path(put, path = "/checklists/{kind}", tag = "projects",
    params(("kind" = ProjectKindCode, Path, description = "Project kind")),
    request_body = ChecklistPut,
    responses((status = 200, body = ChecklistBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = FieldErrorBody)))]
async fn put_checklist(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(kind): Path<String>,
    ApiJson(body): ApiJson<ChecklistPut>,
) -> FieldApiResult<Json<ChecklistBody>> {
    let kind = kind_of(&kind)?;
    let items = body
        .items
        .into_iter()
        .map(|i| ChecklistItem { name: i.name, owner_unit_id: i.owner_unit_id, days: i.days, grace_days: i.grace_days })
        .collect();
    state.store.agency(&actor, Permission::ProjectWrite)?.set_checklist(kind, items).await?;
    Ok(Json(state.store.agency(&actor, Permission::ProjectRead)?.checklist(kind).await?.into()))
}
