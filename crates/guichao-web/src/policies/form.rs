//! Recording a policy (`/policies/new`, posted to `/policies`) and changing
//! one (`/policies/{id}/edit`, posted to `/policies/{id}`), for `policy.write`
//! holders. A refused form comes back with each problem beside its field, in
//! the user's language, and what was typed kept.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::path_id as id_of;
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::funds::form::Reader;
use crate::funds::{FundsView, Sent, refused};
use crate::layout::Ctx;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_store::policies::{PolicyDraft, PolicyRow};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "policies/form.html")]
struct FormPage {
    ctx: Ctx,
    /// The policy being changed; none for a new one.
    policy: Option<PolicyRow>,
    sent: Sent,
}

impl FundsView for FormPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
    fn sent(&self) -> &Sent {
        &self.sent
    }
}

impl FormPage {
    /// Where the form is posted.
    fn action(&self) -> String {
        match &self.policy {
            Some(p) => format!("/policies/{}", p.id),
            None => "/policies".into(),
        }
    }

    /// What `field` shows: as typed, else as stored (else a new form's default).
    fn value(&self, field: &str) -> String {
        if self.open("policy") {
            return self.typed("policy", field);
        }
        let Some(p) = &self.policy else {
            return if field == "issued_on" || field == "valid_from" { today().to_string() } else { String::new() };
        };
        match field {
            "title" => p.title.clone(),
            "issuer" => p.issuer.clone(),
            "number" => p.number.clone(),
            "issued_on" => p.issued_on.to_string(),
            "valid_from" => p.valid_from.to_string(),
            "valid_to" => p.valid_to.map(|d| d.to_string()).unwrap_or_default(),
            "tags" => p.tags.join("，"),
            _ => String::new(),
        }
    }
}

async fn render(user: &PageUser, policy: Option<PolicyRow>, sent: Sent) -> PageResult<Response> {
    let status = if sent.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = FormPage { ctx: Ctx::new(user, "/policies"), policy, sent };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// The draft a form describes, or every problem of its dates at once.
fn draft_of(f: &FormData) -> Result<PolicyDraft, Vec<guichao_domain::fellows::FormError>> {
    let mut r = Reader::default();
    let draft = PolicyDraft {
        title: f.get("title"),
        issuer: f.get("issuer"),
        number: f.get("number"),
        issued_on: r.date(f, "issued_on", "发文日期", "issue date"),
        valid_from: r.date(f, "valid_from", "生效日期", "start date"),
        valid_to: r.optional_date(f, "valid_to", "失效日期", "end date"),
        tags: f.get("tags"),
    };
    r.done(draft)
}

/// `GET /policies/new`.
pub(super) async fn new_form(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    state.store.policies(&user.actor, Permission::PolicyWrite)?;
    render(&user, None, Sent::default()).await
}

/// `GET /policies/{id}/edit`.
pub(super) async fn edit_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let p = state.store.policies(&user.actor, Permission::PolicyWrite)?.get(id_of(&id)?).await?;
    render(&user, Some(p), Sent::default()).await
}

fn saved(state: &AppState, user: &PageUser, id: Uuid, zh: &'static str, en: &'static str) -> Response {
    state.flash.keep(&user.session, Kept::Notice(user.lang.pick(zh, en).into()));
    Redirect::to(&format!("/policies/{id}")).into_response()
}

/// `POST /policies`.
pub(super) async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let write = state.store.policies(&user.actor, Permission::PolicyWrite)?;
    let done = match draft_of(&form) {
        Ok(d) => write.create(&d).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(id) => Ok(saved(&state, &user, id, "已登记政策文件", "Policy recorded")),
        Err(refusal) => render(&user, None, Sent::refused("policy", form, refusal?)).await,
    }
}

/// `POST /policies/{id}`.
pub(super) async fn update(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    form: FormData,
) -> PageResult<Response> {
    let write = state.store.policies(&user.actor, Permission::PolicyWrite)?;
    let before = write.get(id_of(&id)?).await?;
    let done = match draft_of(&form) {
        Ok(d) => write.update(before.id, &d).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(()) => Ok(saved(&state, &user, before.id, "已保存政策文件", "Policy saved")),
        Err(refusal) => render(&user, Some(before), Sent::refused("policy", form, refusal?)).await,
    }
}
