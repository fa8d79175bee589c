//! The project officer's workbench (代办服务), part of the projects area:
//! the officer's home (`/projects/workbench`), the checklist templates
//! (`/projects/checklists`), the tasks and problems part of a project's
//! page with its forms, the projects card's links on the home page, and the
//! `/api/v1` routes (`workbench`, a project's `tasks` and `problems`,
//! `tasks/{id}/status`, `problems/{id}/resolve`, `checklists/{kind}`).

pub mod api;
mod api_types;
mod checklists;
mod forms;
mod project_forms;
mod section;
mod workbench;

pub use section::{ProjectTasks, Refused};

use crate::AppState;
use crate::areas::{CardLink, CardLinksFuture};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_store::{Actor, Store};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects/workbench", get(workbench::show))
        .route("/projects/checklists", get(checklists::show))
        .route("/projects/checklists/{kind}", post(checklists::add_item))
        .route("/projects/checklists/{kind}/{n}/{action}", post(checklists::change_item))
        .route("/projects/{id}/tasks", post(project_forms::add_task))
        .route("/projects/{id}/checklist", post(project_forms::apply_checklist))
        .route("/projects/{id}/problems", post(project_forms::raise_problem))
        .route("/projects/tasks/{id}/status", post(project_forms::set_status))
        .route(
            "/projects/tasks/{id}/documents",
            post(project_forms::upload_document).layer(DefaultBodyLimit::max(crate::upload::DOCUMENT_BODY_LIMIT)),
        )
        .route("/projects/documents/{id}", get(project_forms::download))
        .route("/projects/problems/{id}/resolve", post(project_forms::resolve_problem))
}

/// The projects card's links: the tasks due this week and the overdue ones
/// among the projects the user sees, both leading to the workbench.
pub fn home_links<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> CardLinksFuture<'a> {
    Box::pin(async move {
        if !actor.can(Permission::ProjectRead) {
            return Ok(vec![]);
        }
        let figure = store.agency(actor, Permission::ProjectRead)?.figure(today()).await?;
        let (week, overdue) = (figure.due_this_week, figure.overdue);
        Ok(vec![
            CardLink {
                href: "/projects/workbench#week".into(),
                label: match lang {
                    Lang::Zh => format!("本周到期代办 {week}"),
                    Lang::En => format!("{week} tasks due this week"),
                },
            },
            CardLink {
                href: "/projects/workbench#overdue".into(),
                label: match lang {
                    Lang::Zh => format!("逾期代办 {overdue}"),
                    Lang::En => format!("{overdue} tasks overdue"),
                },
            },
        ])
    })
}
