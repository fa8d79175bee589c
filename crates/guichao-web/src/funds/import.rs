//! Importing a bank's guarantee-loan ledger through the browser, from the
//! loans page's 导入银行台账: upload an xlsx, xls or csv, read the check's
//! preview and confirm, then the result with the error file. The pipeline
//! is the CLI's (`guichao_sheets::loans`: the dry-run check, the error
//! file, and a commit of every accepted loan in one transaction audited as
//! one import); the jobs are the shared ones of checked uploads
//! ([`crate::import_jobs`]).

use super::can_write;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use crate::fellows::import::pages::xlsx;
use crate::import_jobs::{CheckedJob, Stage};
use crate::layout::Ctx;
use crate::list::{ListArgs, ListNav};
use crate::upload::{self, MAX_UPLOAD, RejectedPage, shown};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::date::today;
use guichao_domain::funds::show_fen;
use guichao_sheets::RowError;
use guichao_sheets::loans::{AcceptedLoan, CheckedLoans, LoanColumn, LoanLedgerError, check};
use guichao_sheets::registry::import::{FileSource, Rejected};
use guichao_sheets::table::SheetColumn;
use std::sync::Arc;
use uuid::Uuid;

/// The loan ledger imports this server follows.
pub type LoanJobs = crate::import_jobs::CheckedJobs<CheckedLoans, usize>;
type LoanJob = CheckedJob<CheckedLoans, usize>;

/// Loans listed on the preview; the rest are written all the same.
const PREVIEWED: usize = 100;

fn writer(user: &PageUser) -> Result<(), AppError> {
    if can_write(&user.actor) { Ok(()) } else { Err(AppError::Forbidden) }
}

#[derive(Template)]
#[template(path = "funds/import.html")]
struct UploadPage {
    ctx: Ctx,
    error: Option<String>,
    columns: [LoanColumn; 14],
    max_mb: usize,
}

impl UploadPage {
    fn headers(&self, c: &LoanColumn) -> String {
        c.synonyms().join(self.ctx.t("、", ", "))
    }
}

fn upload_page(user: &PageUser, status: StatusCode, error: Option<String>) -> PageResult<Response> {
    let page =
        UploadPage { ctx: Ctx::new(user, "/funds"), error, columns: LoanColumn::ALL, max_mb: MAX_UPLOAD / 1024 / 1024 };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `GET /funds/loans/import`.
pub(super) async fn form(user: PageUser) -> PageResult<Response> {
    writer(&user)?;
    upload_page(&user, StatusCode::OK, None)
}

/// `POST /funds/loans/import`: checks the upload as the user and opens its preview.
pub(super) async fn upload(
    State(state): State<AppState>,
    user: PageUser,
    multipart: Multipart,
) -> PageResult<Response> {
    writer(&user)?;
    let form = match upload::read(multipart).await {
        Ok(form) => form,
        Err(fault) => return upload_page(&user, fault.status(), Some(fault.message(user.lang))),
    };
    let source = FileSource::Bytes(Arc::new(form.bytes));
    let checked = match check(&state.store, &user.actor, source, &form.file_name, today()).await {
        Ok(c) => c,
        Err(e @ LoanLedgerError::Sheet(_)) => {
            return upload_page(&user, StatusCode::UNPROCESSABLE_ENTITY, Some(e.message().get(user.lang).into()));
        }
        Err(LoanLedgerError::Store(e)) => return Err(e.into()),
    };
    if checked.rows_in_file == 0 {
        let msg = user.lang.pick("表头下面没有贷款：请每行填写一笔贷款后再导入", "There is no loan under the header");
        return upload_page(&user, StatusCode::UNPROCESSABLE_ENTITY, Some(msg.into()));
    }
    let job = state.loan_imports.start(user.actor.tenant_id(), user.actor.user_id(), checked);
    Ok(Redirect::to(&format!("/funds/loans/import/{}", job.id)).into_response())
}

#[derive(Template)]
#[template(path = "funds/import_job.html")]
struct JobPage {
    ctx: Ctx,
    job: Arc<LoanJob>,
    stage: &'static str,
    written: Option<usize>,
    error: Option<String>,
    nav: Option<ListNav>,
}

impl JobPage {
    fn loans(&self) -> &CheckedLoans {
        &self.job.checked
    }

    fn to_write(&self) -> usize {
        self.job.checked.accepted.len()
    }

    fn total(&self) -> String {
        show_fen(self.job.checked.accepted.iter().map(|a| a.loan.amount_fen).sum(), self.ctx.lang)
    }

    fn previewed(&self) -> &[AcceptedLoan] {
        let a = &self.job.checked.accepted;
        &a[..a.len().min(PREVIEWED)]
    }

    fn money(&self, fen: &i64) -> String {
        show_fen(*fen, self.ctx.lang)
    }

    fn rejected(&self) -> &[Rejected] {
        shown(&self.job.checked.rejected, self.nav.as_ref())
    }

    fn reason<'a>(&self, e: &'a RowError) -> &'a str {
        e.reason.get(self.ctx.lang)
    }

    fn errors_href(&self) -> String {
        format!("/funds/loans/import/{}/errors.xlsx", self.job.id)
    }

    fn name_header(&self) -> &'static str {
        self.ctx.t("借款人", "Borrower")
    }
}

fn job_of(state: &AppState, user: &PageUser, id: Uuid) -> Result<Arc<LoanJob>, AppError> {
    state.loan_imports.get(id, user.actor.tenant_id(), user.actor.user_id()).ok_or(AppError::NotFound)
}

/// `GET /funds/loans/import/{id}`: the preview, then the result.
pub(super) async fn show(
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
        Stage::Done(n) => ("done", Some(n), None),
        Stage::Failed(m) => ("failed", None, Some(m.get(user.lang).to_string())),
    };
    let c = &job.checked;
    let nav = asked.nav(format!("/funds/loans/import/{id}"), &c.file_name, c.rejected.len(), user.lang);
    let page = JobPage { ctx: Ctx::new(&user, "/funds"), job, stage, written, error, nav };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// `POST /funds/loans/import/{id}/commit`: writes the accepted loans, all
/// or none; a job not waiting for a confirm is left as it is.
pub(super) async fn commit(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    writer(&user)?;
    let job = job_of(&state, &user, id)?;
    if !job.checked.accepted.is_empty() && job.start_commit() {
        let (store, actor, task) = (state.store.clone(), user.actor.clone(), job.clone());
        // On its own task: a browser that leaves mid-write cuts nothing short.
        let write = tokio::spawn(async move {
            let stage = match task.checked.commit(&store, &actor).await {
                Ok(n) => Stage::Done(n),
                Err(e) => Stage::Failed(e.message()),
            };
            task.set(stage);
        });
        write.await.map_err(AppError::internal)?;
    }
    Ok(Redirect::to(&format!("/funds/loans/import/{id}")).into_response())
}

/// `GET /funds/loans/import/{id}/errors.xlsx`.
pub(super) async fn errors(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    writer(&user)?;
    let job = job_of(&state, &user, id)?;
    let bytes = job.checked.error_file().map_err(AppError::internal)?;
    let file = &job.checked.file_name;
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    Ok(xlsx(bytes, &format!("{stem}-错误行.xlsx")))
}
