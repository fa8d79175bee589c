//! A contact log import's own page (`/liaison/contacts/import/{id}`): the
//! preview of the check (rows in the file, to be written, rejected, recorded
//! already; how the file's columns were read; the rejected rows a page at a
//! time with their column and reason) with the confirm, then the result; the
//! confirm itself, and the error file. The confirm posts and redirects here,
//! so a refresh sends nothing again, and a job confirmed twice is written once.

use super::columns::{ReadColumn, missing, read_columns};
use super::jobs::{LogJob, Stage};
use super::writer;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use crate::fellows::import::pages::xlsx;
use crate::layout::Ctx;
use crate::list::{ListArgs, ListNav};
use crate::upload::{RejectedPage, shown};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::Lang;
use guichao_sheets::RowError;
use guichao_sheets::contacts::{CheckedLog, RejectedRow};
use std::sync::Arc;
use uuid::Uuid;

/// Row numbers of the duplicates named on the preview.
const DUPLICATES_NAMED: usize = 100;

#[derive(Template)]
#[template(path = "contacts/import_job.html")]
struct JobPage {
    ctx: Ctx,
    job: Arc<LogJob>,
    stage: &'static str,
    written: Option<usize>,
    error: Option<String>,
    columns: Vec<ReadColumn>,
    missing: Vec<(&'static str, &'static str)>,
    /// The page of rejected rows shown, when the check rejected any.
    nav: Option<ListNav>,
}

impl JobPage {
    fn log(&self) -> &CheckedLog {
        &self.job.checked
    }

    /// The records a confirm writes: the figure 将写入 and the button's count are this one number.
    fn to_write(&self) -> usize {
        self.job.checked.accepted.len()
    }

    /// The rejected rows of the page shown.
    fn rejected(&self) -> &[RejectedRow] {
        shown(&self.job.checked.rejected, self.nav.as_ref())
    }

    fn reason<'a>(&self, e: &'a RowError) -> &'a str {
        e.reason.get(self.ctx.lang)
    }

    /// The error file of this job.
    fn errors_href(&self) -> String {
        format!("/liaison/contacts/import/{}/errors.xlsx", self.job.id)
    }

    /// What the name column of the rejected rows holds.
    fn name_header(&self) -> &'static str {
        self.ctx.t("乡友", "Fellow")
    }

    /// Where the header was found, and what to do when a column is read wrongly.
    fn header_note(&self) -> String {
        let row = self.job.checked.layout.header_row;
        match self.ctx.lang {
            Lang::Zh => format!("按表头名称自动识别（第 {row} 行为表头）。如有不对，请改正文件的表头后重新上传。"),
            Lang::En => format!(
                "Recognised by their headers (the header is row {row}). If one is wrong, correct the file's header and upload it again."
            ),
        }
    }

    /// The duplicates' row numbers, the first of them when there are many.
    fn duplicate_rows(&self) -> String {
        let rows = &self.job.checked.duplicates;
        let mut named: Vec<String> = rows.iter().take(DUPLICATES_NAMED).map(u64::to_string).collect();
        if rows.len() > DUPLICATES_NAMED {
            named.push("…".into());
        }
        named.join(self.ctx.t("、", ", "))
    }
}

fn job_of(state: &AppState, user: &PageUser, id: Uuid) -> Result<Arc<LogJob>, AppError> {
    state.contact_imports.get(id, user.actor.tenant_id(), user.actor.user_id()).ok_or(AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    args: Result<Query<ListArgs>, QueryRejection>,
) -> PageResult<Response> {
    writer(&user)?;
    let asked = RejectedPage::parse(args)?;
    let job = job_of(&state, &user, id)?;
    let (stage, written, error) = match job.stage() {
        Stage::Checked => ("checked", None, None),
        Stage::Committing => ("committing", None, None),
        Stage::Done(counts) => ("done", Some(counts.contacts), None),
        Stage::Failed(m) => ("failed", None, Some(m.get(user.lang).to_string())),
    };
    let log = &job.checked;
    let nav = asked.nav(format!("/liaison/contacts/import/{id}"), &log.file_name, log.rejected.len(), user.lang);
    let page = JobPage {
        ctx: Ctx::new(&user, "/liaison"),
        columns: read_columns(&log.layout, user.lang),
        missing: missing(&log.layout, user.lang),
        job,
        stage,
        written,
        error,
        nav,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Writes a checked job's accepted rows, all or none, and shows the result.
/// A job that is not waiting for a confirm (written, being written, or with
/// nothing to write) is left as it is.
pub async fn commit(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    writer(&user)?;
    let job = job_of(&state, &user, id)?;
    if !job.checked.accepted.is_empty() && job.start_commit() {
        let (store, actor, task) = (state.store.clone(), user.actor.clone(), job.clone());
        // The write runs on its own task: a browser that leaves mid-write
        // neither cuts it short nor leaves the job marked as being written.
        let write = tokio::spawn(async move {
            let stage = match task.checked.commit(&store, &actor).await {
                Ok(counts) => Stage::Done(counts),
                Err(e) => Stage::Failed(e.message()),
            };
            task.set(stage);
        });
        write.await.map_err(AppError::internal)?;
    }
    Ok(Redirect::to(&format!("/liaison/contacts/import/{id}")).into_response())
}

/// The rejected rows in the file's layout with a 错误原因 column.
pub async fn errors(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    writer(&user)?;
    let job = job_of(&state, &user, id)?;
    let bytes = job.checked.error_file().map_err(AppError::internal)?;
    let file = &job.checked.file_name;
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    Ok(xlsx(bytes, &format!("{stem}-错误行.xlsx")))
}
