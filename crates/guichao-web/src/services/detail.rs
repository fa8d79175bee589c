//! `/services/{id}`: a request with its status trail and replies, and for a
//! writer the forms to record a step, reply, reassign it and record the
//! requester's satisfaction; a returnee not in the registry is offered to
//! the new-fellow form, prefilled. A refused form comes back open with the
//! refusal under its fields.

use super::{ServiceView, refused};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::{Ctx, show_time};
use crate::select::Opt;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::services::ServiceStatus;
use guichao_store::services::{Choice, DocumentRow, ServiceDetail};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "services/detail.html")]
struct DetailPage {
    ctx: Ctx,
    r: ServiceDetail,
    documents: Vec<DocumentRow>,
    can_write: bool,
    can_register: bool,
    units: Vec<Choice>,
    assignees: Vec<Choice>,
    /// Which form a refusal concerns, and what was typed there.
    open: &'static str,
    form: FormData,
    errors: Vec<FormError>,
    notice: Option<String>,
    today: NaiveDate,
}

impl ServiceView for DetailPage {
    fn lang(&self) -> Lang {
        self.ctx.lang
    }
}

impl DetailPage {
    fn err(&self, field: &str) -> Option<String> {
        FormError::first_for(&self.errors, field, self.ctx.lang)
    }

    fn typed(&self, name: &str) -> String {
        self.form.get(name)
    }

    fn time(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        show_time(at)
    }

    /// The steps the request may take next.
    fn next_steps(&self) -> Vec<Opt> {
        let typed = self.form.get("status");
        self.r.row.status.next().iter().map(|s| Opt::new(s.code(), s.label(self.ctx.lang), typed == s.code())).collect()
    }

    fn opts(choices: &[Choice], chosen: Option<Uuid>) -> Vec<Opt> {
        choices.iter().map(|c| Opt::new(c.id.to_string(), c.name.clone(), Some(c.id) == chosen)).collect()
    }

    fn unit_opts(&self) -> Vec<Opt> {
        DetailPage::opts(&self.units, Some(self.r.row.unit_id))
    }

    fn assignee_opts(&self) -> Vec<Opt> {
        DetailPage::opts(&self.assignees, self.r.row.assignee_id)
    }

    fn is_done(&self) -> bool {
        self.r.row.status == ServiceStatus::Done
    }

    fn size(&self, bytes: &i64) -> String {
        if *bytes >= 1024 * 1024 {
            format!("{:.1} MB", *bytes as f64 / 1024.0 / 1024.0)
        } else {
            format!("{:.0} KB", (*bytes as f64 / 1024.0).ceil())
        }
    }

    fn days_taken(&self) -> String {
        self.r.days_taken.map_or_else(|| "—".into(), |d| d.to_string())
    }
}

async fn render(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    open: &'static str,
    form: FormData,
    errors: Vec<FormError>,
) -> PageResult<Response> {
    let read = state.store.services(&user.actor, Permission::ServiceRead)?;
    let r = read.get(id, today()).await?;
    let documents = read.documents(id).await?;
    let writer = state.store.services(&user.actor, Permission::ServiceWrite).ok();
    let (units, assignees) = match &writer {
        Some(w) => (w.unit_choices().await?, w.assignee_choices().await?),
        None => (vec![], vec![]),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let page = DetailPage {
        ctx: Ctx::new(user, "/services"),
        can_write: writer.is_some(),
        can_register: writer.is_some() && user.actor.can(Permission::FellowWrite) && r.row.fellow_id.is_none(),
        r,
        documents,
        units,
        assignees,
        open,
        form,
        errors,
        notice,
        today: today(),
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// The page with a refusal under the form `open` (for the documents' upload).
pub(super) async fn refused_page(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    open: &'static str,
    errors: Vec<FormError>,
) -> PageResult<Response> {
    render(state, user, id, open, FormData::from_query(""), errors).await
}

/// `GET /services/{id}`.
pub(super) async fn show(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    render(&state, &user, id, "", FormData::from_query(""), vec![]).await
}

/// The day a form names, default today.
fn day_of(form: &FormData, field: &'static str) -> Result<NaiveDate, Vec<FormError>> {
    let typed = form.get(field);
    if typed.is_empty() {
        return Ok(today());
    }
    NaiveDate::parse_from_str(&typed, "%Y-%m-%d")
        .map_err(|_| vec![FormError::new(field, "日期格式应为 2024-03-01", "Dates look like 2024-03-01")])
}

/// After a form: back to the page with a notice, or the page with the
/// refusal under the form `open`.
async fn after(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    open: &'static str,
    form: FormData,
    done: Result<(), Result<Vec<FormError>, AppError>>,
    notice: (&'static str, &'static str),
) -> PageResult<Response> {
    match done {
        Ok(()) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick(notice.0, notice.1).to_string()));
            Ok(Redirect::to(&format!("/services/{id}")).into_response())
        }
        Err(refusal) => render(state, user, id, open, form, refusal?).await,
    }
}

/// `POST /services/{id}/steps`.
pub(super) async fn step(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let services = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let done = match (ServiceStatus::parse(&form.get("status")), day_of(&form, "on")) {
        (Some(to), Ok(on)) => {
            let from = ServiceStatus::parse(&form.get("from"));
            services.move_from(id, from, to, on, &form.get("note")).await.map(|_| ()).map_err(refused)
        }
        (None, _) => Err(Ok(vec![FormError::new("status", "请选择办理进程", "Choose the step")])),
        (_, Err(e)) => Err(Ok(e)),
    };
    after(&state, &user, id, "step", form, done, ("已登记办理进程", "Step recorded")).await
}

/// `POST /services/{id}/replies`.
pub(super) async fn reply(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let services = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let public = form.get("public") == "yes";
    let done = services.reply(id, &form.get("body"), public).await.map(|_| ()).map_err(refused);
    after(&state, &user, id, "reply", form, done, ("已保存回复", "Reply saved")).await
}

/// `POST /services/{id}/assign`.
pub(super) async fn assign(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let services = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let assignee = form.get("assignee_id").parse::<Uuid>().ok();
    let done = match form.get("unit_id").parse::<Uuid>() {
        Ok(unit) => services.assign(id, unit, assignee).await.map_err(refused),
        Err(_) => Err(Ok(vec![FormError::new("unit_id", "请选择承办单位", "Choose the handling unit")])),
    };
    after(&state, &user, id, "assign", form, done, ("已转办", "Reassigned")).await
}

/// `POST /services/{id}/satisfaction`.
pub(super) async fn rate(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let services = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let score = form.get("score").parse::<i64>().unwrap_or(0);
    let done = match day_of(&form, "rated_on") {
        Ok(on) => services.rate(id, score, &form.get("comment"), on).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    after(&state, &user, id, "rate", form, done, ("已登记满意度", "Satisfaction recorded")).await
}
