//! The upload page of a project ledger (`/projects/import`): which columns
//! are read, under which headers and by which rules, the file field, and
//! the upload itself, checked at once (nothing is written) and kept as a job
//! whose page shows the preview. A file that cannot be read, or holds no
//! project, comes back to this page with the reason.

use super::columns::{name, rule};
use super::writer;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::upload::{self, MAX_UPLOAD};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::date::today;
use guichao_sheets::projects::{LedgerColumn, LedgerError, check};
use guichao_sheets::registry::import::FileSource;
use guichao_sheets::table::SheetColumn;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "projects/import.html")]
struct UploadPage {
    ctx: Ctx,
    error: Option<String>,
    columns: [LedgerColumn; LedgerColumn::ALL.len()],
    max_mb: usize,
}

impl UploadPage {
    fn name(&self, c: &LedgerColumn) -> &'static str {
        name(*c, self.ctx.lang)
    }

    fn headers(&self, c: &LedgerColumn) -> String {
        c.synonyms().join(self.ctx.t("、", ", "))
    }

    fn rule(&self, c: &LedgerColumn) -> &'static str {
        rule(*c, self.ctx.lang)
    }
}

fn page(user: &PageUser, status: StatusCode, error: Option<String>) -> PageResult<Response> {
    let page = UploadPage {
        ctx: Ctx::new(user, "/projects"),
        error,
        columns: LedgerColumn::ALL,
        max_mb: MAX_UPLOAD / 1024 / 1024,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub async fn form(user: PageUser) -> PageResult<Response> {
    writer(&user)?;
    page(&user, StatusCode::OK, None)
}

/// Checks the upload as the user and opens its preview.
pub async fn upload(State(state): State<AppState>, user: PageUser, multipart: Multipart) -> PageResult<Response> {
    writer(&user)?;
    let form = match upload::read(multipart).await {
        Ok(form) => form,
        Err(fault) => return page(&user, fault.status(), Some(fault.message(user.lang))),
    };
    let source = FileSource::Bytes(Arc::new(form.bytes));
    let ledger = match check(&state.store, &user.actor, source, &form.file_name, today()).await {
        Ok(ledger) => ledger,
        Err(e @ LedgerError::Sheet(_)) => {
            return page(&user, StatusCode::UNPROCESSABLE_ENTITY, Some(e.message().get(user.lang).into()));
        }
        Err(LedgerError::Store(e)) => return Err(e.into()),
    };
    if ledger.rows_in_file == 0 {
        let msg = user.lang.pick(
            "表头下面没有项目：请在表头下每行填写一个项目后再导入",
            "There is no project under the header: fill in one project per row and import again",
        );
        return page(&user, StatusCode::UNPROCESSABLE_ENTITY, Some(msg.into()));
    }
    let job = state.project_imports.start(user.actor.tenant_id(), user.actor.user_id(), ledger);
    Ok(Redirect::to(&format!("/projects/import/{}", job.id)).into_response())
}
