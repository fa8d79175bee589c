//! `/projects/workbench` (我的工作台), the project officer's home: the
//! projects they carry with their stage, and over the projects they see,
//! the tasks due this week, the overdue tasks (those beyond their grace
//! flagged) and the open problems; each line leads to its project.

use super::section::owners_line;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::access::Permission;
use guichao_domain::agency::TaskStatus;
use guichao_domain::projects::Stage;
use guichao_store::agency::{ProblemRow, TaskLine, WORKBENCH_LINES, Workbench};

#[derive(Template)]
#[template(path = "agency/workbench.html")]
struct WorkbenchPage {
    ctx: Ctx,
    w: Workbench,
    /// The most lines a list shows.
    cap: usize,
}

impl WorkbenchPage {
    fn stage(&self, s: &Stage) -> &'static str {
        s.label(self.ctx.lang)
    }

    fn status(&self, s: &TaskStatus) -> &'static str {
        s.label(self.ctx.lang)
    }

    fn owners(&self, t: &TaskLine) -> String {
        owners_line(&t.owner_unit, &t.owner_user, self.ctx.lang)
    }

    fn problem_owners(&self, p: &ProblemRow) -> String {
        owners_line(&p.owner_unit, &p.owner_user, self.ctx.lang)
    }

    /// "showing the first N of M" when a list is cut.
    fn cut(&self, total: &usize) -> Option<String> {
        (*total > self.cap).then(|| match self.ctx.lang {
            guichao_domain::Lang::Zh => format!("共 {total} 项，显示最早的 {} 项", self.cap),
            guichao_domain::Lang::En => format!("{total} in all; the first {} shown", self.cap),
        })
    }
}

/// `GET /projects/workbench`.
pub(super) async fn show(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    let w = state.store.agency(&user.actor, Permission::ProjectRead)?.workbench().await?;
    let page = WorkbenchPage { ctx: Ctx::new(&user, "/projects"), w, cap: WORKBENCH_LINES };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
