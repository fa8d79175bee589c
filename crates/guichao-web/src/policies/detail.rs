//! A policy's page (`/policies/{id}`): its facts, attachments and
//! beneficiaries, and for a `policy.write` holder the forms that upload an
//! attachment, link a beneficiary and remove one. A refused form shows the
//! page again with the problem beside its field and what was typed kept.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::path_id as id_of;
use crate::extract::{FormData, PageUser};
use crate::fellows::{CHOOSE_OR_PASTE, fellow_named};
use crate::flash::Kept;
use crate::funds::form::Reader;
use crate::funds::{FundsView, Sent, refused};
use crate::layout::Ctx;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::funds::show_fen;
use guichao_domain::policies::{BeneficiaryKind, Totals};
use guichao_domain::projects::{AmountUnit, parse_amount};
use guichao_store::events::Choice;
use guichao_store::policies::{AttachmentRow, Beneficiary, BeneficiaryRow, PolicyRow};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "policies/detail.html")]
struct DetailPage {
    ctx: Ctx,
    sent: Sent,
    notice: Option<String>,
    p: PolicyRow,
    attachments: Vec<AttachmentRow>,
    beneficiaries: Vec<BeneficiaryRow>,
    totals: Totals,
    in_force: bool,
    can_write: bool,
    /// The projects a beneficiary may name (for a writer).
    projects: Vec<Choice>,
    today: String,
}

impl FundsView for DetailPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
    fn sent(&self) -> &Sent {
        &self.sent
    }
}

impl DetailPage {
    fn amount(&self, fen: &Option<i64>) -> String {
        fen.map(|f| show_fen(f, self.ctx.lang)).unwrap_or_default()
    }

    fn total_money(&self) -> String {
        show_fen(self.totals.amount_fen, self.ctx.lang)
    }

    fn href(&self, b: &BeneficiaryRow) -> String {
        match b.kind {
            BeneficiaryKind::Project => format!("/projects/{}", b.target_id),
            BeneficiaryKind::Fellow => format!("/fellows/{}", b.target_id),
            BeneficiaryKind::Company => format!("/companies/{}", b.target_id),
        }
    }

    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        BeneficiaryKind::ALL.iter().map(|k| (k.code(), k.label(self.ctx.lang))).collect()
    }

    /// A file's size as people read it.
    fn size(&self, bytes: &i64) -> String {
        match *bytes {
            b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
            b if b >= 1024 => format!("{:.0} KB", b as f64 / 1024.0),
            b => format!("{b} B"),
        }
    }
}

async fn render(state: &AppState, user: &PageUser, id: Uuid, sent: Sent) -> PageResult<Response> {
    let read = state.store.policies(&user.actor, Permission::PolicyRead)?;
    let p = read.get(id).await?;
    let (beneficiaries, totals) = read.beneficiaries(id).await?;
    let can_write = user.actor.can(Permission::PolicyWrite);
    let projects = match can_write {
        true => state.store.policies(&user.actor, Permission::PolicyWrite)?.project_choices().await?,
        false => vec![],
    };
    let status = if sent.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if sent.errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let page = DetailPage {
        ctx: Ctx::new(user, "/policies"),
        in_force: p.in_force_on(today()),
        attachments: read.attachments(id).await?,
        p,
        beneficiaries,
        totals,
        can_write,
        projects,
        today: today().to_string(),
        notice,
        sent,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `GET /policies/{id}`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    render(&state, &user, id_of(&id)?, Sent::default()).await
}

/// Back to the page with a notice, or the page with the refusal under `form`.
async fn after<T>(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    sent: (&'static str, FormData),
    done: Result<T, Result<Vec<FormError>, AppError>>,
    notice: (&'static str, &'static str),
) -> PageResult<Response> {
    match done {
        Ok(_) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick(notice.0, notice.1).into()));
            Ok(Redirect::to(&format!("/policies/{id}")).into_response())
        }
        Err(refusal) => render(state, user, id, Sent::refused(sent.0, sent.1, refusal?)).await,
    }
}

/// `POST /policies/{id}/attachments` (multipart, one `file`).
pub(super) async fn upload(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    multipart: Multipart,
) -> PageResult<Response> {
    let id = id_of(&id)?;
    let write = state.store.policies(&user.actor, Permission::PolicyWrite)?;
    write.get(id).await?;
    let done = match crate::upload::read_document(multipart).await {
        Ok((name, content_type, bytes)) => write.attach(id, &name, &content_type, bytes).await.map_err(refused),
        Err(e) => Err(Ok(vec![e])),
    };
    let sent = ("attachment", FormData::default());
    after(&state, &user, id, sent, done, ("已上传附件", "Attachment uploaded")).await
}

/// The beneficiary a form names: its kind and target (a fellow by id or by
/// a name exactly one visible fellow has), an amount in 元, a day and a note.
async fn beneficiary_of(
    state: &AppState,
    user: &PageUser,
    f: &FormData,
) -> Result<Beneficiary, Result<Vec<FormError>, AppError>> {
    let mut r = Reader::default();
    let kind = BeneficiaryKind::parse(&f.get("kind"));
    let target = match kind {
        Some(BeneficiaryKind::Project) => r.id(f, "project_id", "请选择项目", "Choose the project"),
        Some(BeneficiaryKind::Company) => r.id(f, "company_id", "请填写企业编号", "Enter the company id"),
        Some(BeneficiaryKind::Fellow) => {
            match fellow_named(state, &user.actor, &f.get("fellow_id"), CHOOSE_OR_PASTE).await {
                Ok(id) => id,
                Err(AppError::Invalid(message)) => {
                    r.errors.push(FormError { field: "fellow_id", message });
                    Uuid::nil()
                }
                Err(AppError::NotFound) => {
                    r.errors.push(FormError::new("fellow_id", "所选受益对象不存在", "No such beneficiary"));
                    Uuid::nil()
                }
                Err(other) => return Err(Err(other)),
            }
        }
        None => {
            r.errors.push(FormError::new("kind", "请选择受益对象类别", "Choose who benefited"));
            Uuid::nil()
        }
    };
    let amount = match f.get("amount").trim() {
        "" => None,
        text => parse_amount(text, AmountUnit::Yuan).map(Some).unwrap_or_else(|message| {
            r.errors.push(FormError { field: "amount", message });
            None
        }),
    };
    let date = r.date(f, "date", "受益日期", "day");
    let kind = kind.unwrap_or(BeneficiaryKind::Project);
    r.done(Beneficiary { kind, id: target, amount_fen: amount, date, note: f.get("note") }).map_err(Ok)
}

/// The store's field names as the beneficiary form names them.
fn on_form(kind: BeneficiaryKind, mut errors: Vec<FormError>) -> Vec<FormError> {
    for e in &mut errors {
        e.field = match (e.field, kind) {
            ("target_id", BeneficiaryKind::Project) => "project_id",
            ("target_id", BeneficiaryKind::Fellow) => "fellow_id",
            ("target_id", BeneficiaryKind::Company) => "company_id",
            ("amount_fen", _) => "amount",
            (other, _) => other,
        };
    }
    errors
}

/// `POST /policies/{id}/beneficiaries`.
pub(super) async fn add_beneficiary(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormData,
) -> PageResult<Response> {
    let id = id_of(&id)?;
    let write = state.store.policies(&user.actor, Permission::PolicyWrite)?;
    write.get(id).await?;
    let done = match beneficiary_of(&state, &user, &form).await {
        Ok(b) => write.add_beneficiary(id, &b).await.map_err(|e| refused(e).map(|f| on_form(b.kind, f))),
        Err(refusal) => Err(refusal),
    };
    after(&state, &user, id, ("beneficiary", form), done, ("已登记受益对象", "Beneficiary recorded")).await
}

/// `POST /policies/{id}/beneficiaries/{beneficiary_id}/delete`.
pub(super) async fn remove_beneficiary(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, beneficiary_id)): Path<(String, String)>,
) -> PageResult<Response> {
    let id = id_of(&id)?;
    let write = state.store.policies(&user.actor, Permission::PolicyWrite)?;
    let done = write.remove_beneficiary(id, id_of(&beneficiary_id)?).await.map_err(refused);
    after(&state, &user, id, ("remove", FormData::default()), done, ("已移除受益对象", "Beneficiary removed")).await
}

/// `GET /policies/{id}/attachments/{attachment_id}`: always a download, and
/// a 404 (not a sign-in page) to anyone not signed in, so a link passed on
/// says nothing about what is behind it.
pub(super) async fn download(
    State(state): State<AppState>,
    user: Result<PageUser, AppError>,
    Path((id, attachment_id)): Path<(String, String)>,
) -> PageResult<Response> {
    let user = user.map_err(|_| AppError::NotFound)?;
    let read = state.store.policies(&user.actor, Permission::PolicyRead)?;
    let a = read.attachment(id_of(&id)?, id_of(&attachment_id)?).await?;
    crate::upload::stored_file(&a.name, &a.content_type, a.bytes)
}
