//! A ledger import's own page (`/projects/import/{id}`): the preview of the
//! check (rows in the file, projects to be written with their amounts as
//! read, rows rejected, projects recorded already; how the file's columns
//! were read; the rejected rows a page at a time with their column and
//! reason) with the confirm, then the result; the confirm itself, and the
//! error file. The confirm posts and redirects here, so a refresh sends
//! nothing again, and a job confirmed twice is written once.

use super::columns::{ReadColumn, missing, read_columns};
use super::writer;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use crate::fellows::import::pages::xlsx;
use crate::import_jobs::{CheckedJob, Stage};
use crate::layout::Ctx;
use crate::list::{ListArgs, ListNav};
use crate::upload::{RejectedPage, shown};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::Lang;
use guichao_domain::projects::format_amount;
use guichao_sheets::RowError;
use guichao_sheets::projects::{AcceptedProject, CheckedLedger};
use guichao_sheets::registry::import::Rejected;
use guichao_store::projects::ProjectImportCounts;
use std::sync::Arc;
use uuid::Uuid;

/// Projects listed on the preview; the rest are written all the same.
const PREVIEWED: usize = 100;

type LedgerJob = CheckedJob<CheckedLedger, ProjectImportCounts>;

#[derive(Template)]
#[template(path = "projects/import_job.html")]
struct JobPage {
    ctx: Ctx,
    job: Arc<LedgerJob>,
    stage: &'static str,
    written: Option<ProjectImportCounts>,
    error: Option<String>,
    columns: Vec<ReadColumn>,
    missing: Vec<(&'static str, &'static str)>,
    /// The page of rejected rows shown, when the check rejected any.
    nav: Option<ListNav>,
}

impl JobPage {
    fn ledger(&self) -> &CheckedLedger {
        &self.job.checked
    }

    /// The projects a confirm writes: the figure 将写入 and the button's count are this one number.
    fn to_write(&self) -> usize {
        self.job.checked.accepted.len()
    }

    /// What the commit wrote, as a sentence.
    fn written_text(&self) -> Option<String> {
        let w = self.written?;
        Some(match self.ctx.lang {
            Lang::Zh => format!(
                "导入完成：已写入项目 {} 个、阶段日期 {} 条、关联乡友 {} 人次。",
                w.projects, w.events, w.credits
            ),
            Lang::En => format!(
                "Imported: wrote {} projects, {} stage events, {} fellow credits.",
                w.projects, w.events, w.credits
            ),
        })
    }

    /// The first projects to write, for the clerk to see the amounts as read.
    fn previewed(&self) -> &[AcceptedProject] {
        let accepted = &self.job.checked.accepted;
        &accepted[..accepted.len().min(PREVIEWED)]
    }

    fn more_than_previewed(&self) -> bool {
        self.job.checked.accepted.len() > PREVIEWED
    }

    fn amount(&self, fen: &i64) -> String {
        format_amount(*fen)
    }

    /// A project's furthest dated stage as the ledger gives it: 签约 2023-04-09.
    fn progress(&self, a: &AcceptedProject) -> String {
        a.project.events.last().map_or_else(
            || self.ctx.t("（无阶段日期）", "(no stage dates)").to_string(),
            |e| format!("{} {}", e.stage.label(self.ctx.lang), e.on),
        )
    }

    /// The rejected rows of the page shown.
    fn rejected(&self) -> &[Rejected] {
        shown(&self.job.checked.rejected, self.nav.as_ref())
    }

    fn reason<'a>(&self, e: &'a RowError) -> &'a str {
        e.reason.get(self.ctx.lang)
    }

    fn errors_href(&self) -> String {
        format!("/projects/import/{}/errors.xlsx", self.job.id)
    }

    fn name_header(&self) -> &'static str {
        self.ctx.t("项目名称", "Project")
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

    /// The rows naming a project recorded already: 第10行（乡村旅游项目）.
    fn existing_rows(&self) -> String {
        let rows = &self.job.checked.existing;
        let mut named: Vec<String> = rows
            .iter()
            .take(PREVIEWED)
            .map(|e| match self.ctx.lang {
                Lang::Zh => format!("第{}行（{}）", e.row, e.name),
                Lang::En => format!("row {} ({})", e.row, e.name),
            })
            .collect();
        if rows.len() > PREVIEWED {
            named.push("…".into());
        }
        named.join(self.ctx.t("、", ", "))
    }
}

fn job_of(state: &AppState, user: &PageUser, id: Uuid) -> Result<Arc<LedgerJob>, AppError> {
    state.project_imports.get(id, user.actor.tenant_id(), user.actor.user_id()).ok_or(AppError::NotFound)
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
        Stage::Done(counts) => ("done", Some(counts), None),
        Stage::Failed(m) => ("failed", None, Some(m.get(user.lang).to_string())),
    };
    let ledger = &job.checked;
    let nav = asked.nav(format!("/projects/import/{id}"), &ledger.file_name, ledger.rejected.len(), user.lang);
    let page = JobPage {
        ctx: Ctx::new(&user, "/projects"),
        columns: read_columns(&ledger.layout, user.lang),
        missing: missing(&ledger.layout, user.lang),
        job,
        stage,
        written,
        error,
        nav,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Writes a checked job's accepted projects, all or none, and shows the
/// result. A job that is not waiting for a confirm (written, being written,
/// or with nothing to write) is left as it is.
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
    Ok(Redirect::to(&format!("/projects/import/{id}")).into_response())
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
