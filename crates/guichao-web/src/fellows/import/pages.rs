//! The import pages: upload a roster, confirm how its columns are read
//! ([`super::mapping`]), follow the check, read the preview (counts, rejected
//! rows with their names and reasons, rows whose gender or birth date the ID
//! number corrects, duplicates with an action each), commit, follow the
//! write, read the result and open the imported fellows, download the error
//! file. Every form posts and redirects to the job's page, so a refresh of
//! any step sends nothing again.

use super::jobs::{Job, Pending, Report, Stage};
use super::tasks::{self, Upload};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::layout::Ctx;
use crate::list::{ListArgs, ListNav};
use crate::upload::{RejectedPage, shown};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::fellows::DuplicateAction;
use guichao_sheets::registry::import::{FileSource, Rejected, Warned, error_file, preview_columns};
use guichao_store::fellows::{DuplicateReason, FileDuplicate, RegistryDuplicate};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// Warnings and duplicates listed on the preview (all are settled by default,
/// all rejected rows are in the error file).
const SHOWN: usize = 500;

#[derive(Template)]
#[template(path = "fellows/import.html")]
struct UploadPage {
    ctx: Ctx,
    error: Option<String>,
    actions: [DuplicateAction; 3],
}

#[derive(Template)]
#[template(path = "fellows/import_job.html")]
struct JobPage {
    ctx: Ctx,
    job: Arc<Job>,
    stage: &'static str,
    rows: u64,
    report: Option<Arc<Report>>,
    counts: Option<guichao_store::fellows::ImportCounts>,
    error: Option<String>,
    actions: [DuplicateAction; 3],
    shown: usize,
    /// The page of rejected rows shown, when the check found any.
    nav: Option<ListNav>,
}

impl UploadPage {
    fn action_label(&self, action: &DuplicateAction) -> &'static str {
        action.label(self.ctx.lang)
    }
}

impl JobPage {
    /// The fellows the commit creates: the figure 新乡友 and the button's
    /// count are this one number. (They once differed: the figure counted
    /// every row without errors, duplicates of registered fellows included,
    /// so a roster uploaded again said 可导入 280 beside 确认导入 0 名.)
    fn new_fellows(&self, r: &Report) -> usize {
        r.plan.new
    }

    fn warnings<'a>(&self, r: &'a Report) -> &'a [Warned] {
        &r.warnings[..r.warnings.len().min(self.shown)]
    }

    fn mismatches(&self, w: &Warned) -> String {
        w.mismatches.iter().map(|m| m.describe(self.ctx.lang)).collect::<Vec<_>>().join(self.ctx.t("；", "; "))
    }

    /// The rejected rows of the page shown.
    fn rejected<'a>(&self, r: &'a Report) -> &'a [Rejected] {
        shown(&r.rejected, self.nav.as_ref())
    }

    fn in_registry<'a>(&self, r: &'a Report) -> &'a [RegistryDuplicate] {
        &r.plan.in_registry[..r.plan.in_registry.len().min(self.shown)]
    }

    fn in_file<'a>(&self, r: &'a Report) -> &'a [FileDuplicate] {
        &r.plan.in_file[..r.plan.in_file.len().min(self.shown)]
    }

    fn reason_label(&self, reason: &DuplicateReason) -> &'static str {
        reason.label(self.ctx.lang)
    }

    fn action_label(&self, action: &DuplicateAction) -> &'static str {
        action.label(self.ctx.lang)
    }

    fn reasons(&self, errors: &[guichao_sheets::RowError]) -> String {
        errors.iter().map(|e| format!("{}：{}", e.column, e.reason.get(self.ctx.lang))).collect::<Vec<_>>().join("；")
    }
}

pub(super) fn writer(user: &PageUser) -> Result<(), AppError> {
    if user.actor.can(Permission::FellowWrite) { Ok(()) } else { Err(AppError::Forbidden) }
}

fn upload_page(user: &PageUser, status: StatusCode, error: Option<String>) -> PageResult<Response> {
    let page = UploadPage { ctx: Ctx::new(user, "/fellows"), error, actions: DuplicateAction::ALL };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub async fn form(user: PageUser) -> PageResult<Response> {
    writer(&user)?;
    upload_page(&user, StatusCode::OK, None)
}

/// Takes the upload and starts checking it.
pub async fn upload(State(state): State<AppState>, user: PageUser, multipart: Multipart) -> PageResult<Response> {
    writer(&user)?;
    let form = match crate::upload::read(multipart).await {
        Ok(form) => form,
        Err(fault) => return upload_page(&user, fault.status(), Some(fault.message(user.lang))),
    };
    let default = form.get("on_duplicate").and_then(DuplicateAction::parse).unwrap_or(DuplicateAction::Skip);
    let notes = form.has("unknown_to_notes");
    let (name, bytes) = (form.file_name, Arc::new(form.bytes));
    let (source, file_name) = (FileSource::Bytes(bytes.clone()), name.clone());
    let preview =
        tokio::task::spawn_blocking(move || preview_columns(&source, &file_name)).await.map_err(AppError::internal)?;
    let preview = match preview {
        Ok(preview) => preview,
        Err(e) => return upload_page(&user, StatusCode::UNPROCESSABLE_ENTITY, Some(e.message().get(user.lang).into())),
    };
    let upload = Upload {
        bytes,
        default,
        unknown_to_notes: notes,
        actions: BTreeMap::new(),
        mapping: None,
        kept: BTreeSet::new(),
    };
    let pending = Pending { upload, preview, error: None };
    let job = state.imports.start(user.actor.tenant_id(), user.actor.user_id(), name, pending);
    Ok(Redirect::to(&format!("/fellows/import/{}", job.id)).into_response())
}

/// The user's job: the one this server follows, else the stored one taken up again.
pub(super) async fn job_of(state: &AppState, user: &PageUser, id: uuid::Uuid) -> Result<Arc<Job>, AppError> {
    match state.imports.get(id, user.actor.tenant_id(), user.actor.user_id()) {
        Some(job) => Ok(job),
        None => tasks::restore(state, &user.actor, id).await,
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    args: Result<Query<ListArgs>, QueryRejection>,
) -> PageResult<Response> {
    writer(&user)?;
    let asked = RejectedPage::parse(args)?;
    let job = job_of(&state, &user, id).await?;
    let (stage, counts, error) = match &*job.stage.lock().expect("job lock") {
        Stage::Mapping(pending) => return super::mapping::page(&user, &job, pending),
        Stage::Checking => ("checking", None, None),
        Stage::Checked(_) => ("checked", None, None),
        Stage::Committing => ("committing", None, None),
        Stage::Done(c) => ("done", Some(*c), None),
        Stage::Failed(m) => ("failed", None, Some(m.get(user.lang).to_string())),
    };
    let report = job.report();
    let rejected = report.as_ref().map_or(0, |r| r.rejected.len());
    let nav = asked.nav(format!("/fellows/import/{id}"), &job.file_name, rejected, user.lang);
    let page = JobPage {
        ctx: Ctx::new(&user, "/fellows"),
        rows: job.rows.load(Ordering::Relaxed),
        report,
        nav,
        job,
        stage,
        counts,
        error,
        actions: DuplicateAction::ALL,
        shown: SHOWN,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Starts writing a checked import, with the actions chosen on the preview.
pub async fn commit(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    writer(&user)?;
    let job = job_of(&state, &user, id).await?;
    let checked = {
        let mut stage = job.stage.lock().expect("job lock");
        match std::mem::replace(&mut *stage, Stage::Committing) {
            Stage::Checked(checked) => checked,
            other => {
                *stage = other;
                return Ok(Redirect::to(&format!("/fellows/import/{id}")).into_response());
            }
        }
    };
    let (mut actions, mut kept) = (BTreeMap::new(), BTreeSet::new());
    if let Some(report) = job.report() {
        let rows = report.plan.in_file.iter().map(|d| d.row).chain(report.plan.in_registry.iter().map(|d| d.row));
        for row in rows {
            if let Some(action) = DuplicateAction::parse(&form.get(&format!("row_{row}"))) {
                actions.insert(row, action);
            }
        }
        // A warned row listed on the page with its box cleared keeps its own values.
        for w in report.warnings.iter().take(SHOWN) {
            if !form.has(&format!("follow_id_{}", w.row)) {
                kept.insert(w.row);
            }
        }
    }
    job.rows.store(0, Ordering::Relaxed);
    tasks::commit(state.store.clone(), user.actor.clone(), job.clone(), checked, actions, kept);
    Ok(Redirect::to(&format!("/fellows/import/{id}")).into_response())
}

/// The rejected rows in the file's layout with a 错误原因 column.
pub async fn errors(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    writer(&user)?;
    let job = job_of(&state, &user, id).await?;
    let report = job.report().ok_or(AppError::NotFound)?;
    let bytes = error_file(&report.layout, &report.rejected).map_err(AppError::internal)?;
    let stem = job.file_name.rsplit_once('.').map(|(s, _)| s).unwrap_or(&job.file_name);
    Ok(xlsx(bytes, &format!("{stem}-错误行.xlsx")))
}

pub async fn template(user: PageUser) -> PageResult<Response> {
    writer(&user)?;
    Ok(xlsx(guichao_sheets::template_workbook(), "乡友导入模板.xlsx"))
}

/// An xlsx download named `name`.
pub fn xlsx(bytes: Vec<u8>, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"download.xlsx\"; filename*=UTF-8''{}", urlencoding::encode(name));
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}
