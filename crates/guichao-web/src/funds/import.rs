//! Importing a checked sheet of the funds area through the browser: a
//! bank's loan ledger from the loans page, a township's 211 household roll
//! from the households page, the bureau's market-entity sheet from the
//! market page. One flow for any [`CheckedSheet`]: upload an xlsx, xls or
//! csv, read the check's preview (counts, the rejected rows with column and
//! reason) and confirm, then the result with the error file. The pipeline
//! is the command line's (`guichao_sheets`: the dry-run check, the error
//! file, and a commit of every accepted row in one transaction audited as
//! one import); the jobs are the shared ones of checked uploads
//! ([`crate::import_jobs`]). Only a county `fund.write` imports.

use super::can_write;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use crate::fellows::import::pages::xlsx;
use crate::import_jobs::{CheckedJob, CheckedJobs, Stage};
use crate::layout::Ctx;
use crate::list::{ListArgs, ListNav};
use crate::upload::{self, MAX_UPLOAD, RejectedPage, shown};
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::funds::show_fen;
use guichao_sheets::RowError;
use guichao_sheets::checked::{CheckedSheet, ImportError};
use guichao_sheets::registry::import::{FileSource, Rejected};
use guichao_sheets::table::SheetColumn;
use guichao_store::{Actor, Store};
use std::sync::Arc;
use uuid::Uuid;

/// A text in Chinese and English.
pub(crate) type Words = (&'static str, &'static str);

/// What the pages of one import say and where they hang.
pub(crate) struct ImportPages {
    /// Where the pages hang: `/funds/loans/import`.
    pub path: &'static str,
    /// The list the rows land in, and its funds tab.
    pub list: &'static str,
    pub tab: &'static str,
    pub list_name: Words,
    /// The link from the list and the crumb: 导入银行台账.
    pub action: Words,
    pub title: Words,
    /// The file field's label.
    pub file: Words,
    /// What a row is and how the file is read, under the form.
    pub hint: Words,
    /// Which columns are required, over the table of headers.
    pub required: Words,
    /// What the rejected rows' name column holds: 借款人.
    pub name_header: Words,
    /// A file with a header and no row under it.
    pub empty: Words,
}

/// One kind of funds import: its check and its pages.
pub(crate) trait SheetImport: Send + Sync + 'static {
    type Checked: CheckedSheet;
    type Column: SheetColumn;
    fn pages() -> &'static ImportPages;
    /// The jobs of this kind this server follows.
    fn jobs(state: &AppState) -> &CheckedJobs<Self::Checked, usize>;
    /// Reads and checks `source` as `actor`; nothing is written.
    fn check(
        store: &Store,
        actor: &Actor,
        source: FileSource,
        file_name: &str,
    ) -> impl Future<Output = Result<Self::Checked, ImportError>> + Send;
}

/// The pages of kind `K` under its path.
pub(super) fn routes<K: SheetImport>() -> Router<AppState> {
    let path = K::pages().path;
    Router::new()
        .route(path, get(form::<K>).post(upload::<K>).layer(DefaultBodyLimit::max(MAX_UPLOAD)))
        .route(&format!("{path}/{{id}}"), get(show::<K>))
        .route(&format!("{path}/{{id}}/commit"), post(commit::<K>))
        .route(&format!("{path}/{{id}}/errors.xlsx"), get(errors::<K>))
}

fn writer(user: &PageUser) -> Result<(), AppError> {
    if can_write(&user.actor) { Ok(()) } else { Err(AppError::Forbidden) }
}

#[derive(Template)]
#[template(path = "funds/import.html")]
struct UploadPage {
    ctx: Ctx,
    pages: &'static ImportPages,
    error: Option<String>,
    headers: Vec<String>,
    max_mb: usize,
}

impl UploadPage {
    fn w(&self, words: &Words) -> &'static str {
        self.ctx.t(words.0, words.1)
    }

    fn tab(&self) -> &'static str {
        self.pages.tab
    }
}

fn upload_page<K: SheetImport>(user: &PageUser, status: StatusCode, error: Option<String>) -> PageResult<Response> {
    let sep = user.lang.pick("、", ", ");
    let headers = K::Column::SYNONYMS.iter().map(|(_, words)| words.join(sep)).collect();
    let page = UploadPage {
        ctx: Ctx::new(user, "/funds"),
        pages: K::pages(),
        error,
        headers,
        max_mb: MAX_UPLOAD / 1024 / 1024,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `GET {path}`: the upload form.
async fn form<K: SheetImport>(user: PageUser) -> PageResult<Response> {
    writer(&user)?;
    upload_page::<K>(&user, StatusCode::OK, None)
}

/// `POST {path}`: checks the upload as the user and opens its preview.
async fn upload<K: SheetImport>(
    State(state): State<AppState>,
    user: PageUser,
    multipart: Multipart,
) -> PageResult<Response> {
    writer(&user)?;
    let refused = |status, message: String| upload_page::<K>(&user, status, Some(message));
    let form = match upload::read(multipart).await {
        Ok(form) => form,
        Err(fault) => return refused(fault.status(), fault.message(user.lang)),
    };
    let source = FileSource::Bytes(Arc::new(form.bytes));
    let checked = match K::check(&state.store, &user.actor, source, &form.file_name).await {
        Ok(c) => c,
        Err(ImportError::Store(e)) => return Err(e.into()),
        Err(e) => return refused(StatusCode::UNPROCESSABLE_ENTITY, e.message().get(user.lang).into()),
    };
    if checked.rows_in_file() == 0 {
        let (zh, en) = K::pages().empty;
        return refused(StatusCode::UNPROCESSABLE_ENTITY, user.lang.pick(zh, en).into());
    }
    let job = K::jobs(&state).start(user.actor.tenant_id(), user.actor.user_id(), checked);
    Ok(Redirect::to(&format!("{}/{}", K::pages().path, job.id)).into_response())
}

#[derive(Template)]
#[template(path = "funds/import_job.html")]
struct JobPage {
    ctx: Ctx,
    pages: &'static ImportPages,
    id: Uuid,
    file_name: String,
    /// What the rows are: 笔贷款.
    what: String,
    rows: usize,
    to_write: usize,
    amount: Option<String>,
    rejected_count: usize,
    existing: usize,
    /// The page of rejected rows shown.
    rejected: Vec<Rejected>,
    stage: &'static str,
    written: Option<usize>,
    error: Option<String>,
    nav: Option<ListNav>,
}

impl JobPage {
    fn w(&self, words: &Words) -> &'static str {
        self.ctx.t(words.0, words.1)
    }

    fn tab(&self) -> &'static str {
        self.pages.tab
    }

    fn rejected(&self) -> &[Rejected] {
        &self.rejected
    }

    fn reason<'a>(&self, e: &'a RowError) -> &'a str {
        e.reason.get(self.ctx.lang)
    }

    fn errors_href(&self) -> String {
        format!("{}/{}/errors.xlsx", self.pages.path, self.id)
    }

    fn name_header(&self) -> &'static str {
        self.w(&self.pages.name_header)
    }
}

type Job<K> = Arc<CheckedJob<<K as SheetImport>::Checked, usize>>;

fn job_of<K: SheetImport>(state: &AppState, user: &PageUser, id: Uuid) -> Result<Job<K>, AppError> {
    writer(user)?;
    K::jobs(state).get(id, user.actor.tenant_id(), user.actor.user_id()).ok_or(AppError::NotFound)
}

/// `GET {path}/{id}`: the preview, then the result.
async fn show<K: SheetImport>(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    args: Result<Query<ListArgs>, QueryRejection>,
) -> PageResult<Response> {
    let job = job_of::<K>(&state, &user, id)?;
    let asked = RejectedPage::parse(args)?;
    let (stage, written, error) = match job.stage() {
        Stage::Checked => ("checked", None, None),
        Stage::Committing => ("committing", None, None),
        Stage::Done(n) => ("done", Some(n), None),
        Stage::Failed(m) => ("failed", None, Some(m.get(user.lang).to_string())),
    };
    let (c, pages) = (&job.checked, K::pages());
    let nav = asked.nav(format!("{}/{id}", pages.path), c.file_name(), c.rejected().len(), user.lang);
    let page = JobPage {
        id,
        pages,
        file_name: c.file_name().to_string(),
        what: c.what().get(user.lang).to_string(),
        rows: c.rows_in_file(),
        to_write: c.accepted(),
        amount: c.accepted_amount_fen().map(|fen| show_fen(fen, user.lang)),
        rejected_count: c.rejected().len(),
        existing: c.existing().len(),
        rejected: shown(c.rejected(), nav.as_ref()).to_vec(),
        stage,
        written,
        error,
        nav,
        ctx: Ctx::new(&user, "/funds"),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// `POST {path}/{id}/commit`: writes the accepted rows, all or none; a job
/// not waiting for a confirm is left as it is.
async fn commit<K: SheetImport>(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
) -> PageResult<Response> {
    let job = job_of::<K>(&state, &user, id)?;
    if job.checked.accepted() > 0 && job.start_commit() {
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
    Ok(Redirect::to(&format!("{}/{id}", K::pages().path)).into_response())
}

/// `GET {path}/{id}/errors.xlsx`: the rejected rows with their reasons.
async fn errors<K: SheetImport>(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
) -> PageResult<Response> {
    let job = job_of::<K>(&state, &user, id)?;
    let bytes = job.checked.error_file().map_err(AppError::internal)?;
    let file = job.checked.file_name();
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    Ok(xlsx(bytes, &format!("{stem}-错误行.xlsx")))
}
