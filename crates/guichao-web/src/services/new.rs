//! `/services/new`: recording a request for a fellow (picked from those the
//! user sees, by the search-as-you-type picker) or a returnee not in the
//! registry (name, phone, home township), to a handling unit and assignee
//! in the user's reach.

use super::refused;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::layout::Ctx;
use crate::select::Opt;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::services::{Requester, ServiceDraft, ServiceKind};
use guichao_store::services::Choice;
use uuid::Uuid;

/// The form as typed.
#[derive(Default)]
struct Typed {
    kind: String,
    /// `fellow` or `returnee`.
    who: String,
    fellow_id: String,
    fellow_name: String,
    name: String,
    phone: String,
    township_id: String,
    subject: String,
    details: String,
    unit_id: String,
    assignee_id: String,
    received_on: String,
}

impl Typed {
    fn from_form(f: &FormData) -> Typed {
        Typed {
            kind: f.get("kind"),
            who: f.get("who"),
            fellow_id: f.get("fellow_id"),
            fellow_name: f.get("fellow_name"),
            name: f.get("name"),
            phone: f.get("phone"),
            township_id: f.get("township_id"),
            subject: f.get("subject"),
            details: f.get("details"),
            unit_id: f.get("unit_id"),
            assignee_id: f.get("assignee_id"),
            received_on: f.get("received_on"),
        }
    }

    /// The draft, or the fields that cannot even be read.
    fn draft(&self) -> Result<ServiceDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let kind = ServiceKind::parse(&self.kind);
        if kind.is_none() {
            errors.push(FormError::new("kind", "请选择诉求类别", "Choose the kind of request"));
        }
        let uuid = |v: &str| v.parse::<Uuid>().ok();
        let requester = if self.who == "returnee" {
            Requester::Returnee {
                name: self.name.clone(),
                phone: self.phone.clone(),
                township_id: uuid(&self.township_id),
            }
        } else {
            match uuid(&self.fellow_id) {
                Some(id) => Requester::Fellow(id),
                None => {
                    errors.push(FormError::new("fellow_id", "请查找并选择乡友", "Find and pick the fellow"));
                    Requester::Fellow(Uuid::nil())
                }
            }
        };
        let unit_id = uuid(&self.unit_id).unwrap_or_else(|| {
            errors.push(FormError::new("unit_id", "请选择承办单位", "Choose the handling unit"));
            Uuid::nil()
        });
        let received_on = if self.received_on.is_empty() {
            today()
        } else {
            NaiveDate::parse_from_str(&self.received_on, "%Y-%m-%d").unwrap_or_else(|_| {
                errors.push(FormError::new("received_on", "日期格式应为 2024-03-01", "Dates look like 2024-03-01"));
                today()
            })
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ServiceDraft {
            kind: kind.unwrap_or(ServiceKind::Other),
            requester,
            subject: self.subject.clone(),
            details: self.details.clone(),
            unit_id,
            assignee_id: uuid(&self.assignee_id),
            received_on,
        })
    }
}

#[derive(Template)]
#[template(path = "services/new.html")]
struct NewPage {
    ctx: Ctx,
    typed: Typed,
    units: Vec<Choice>,
    assignees: Vec<Choice>,
    townships: Vec<Choice>,
    errors: Vec<FormError>,
}

impl NewPage {
    fn err(&self, field: &str) -> Option<String> {
        FormError::first_for(&self.errors, field, self.ctx.lang)
    }

    fn kinds(&self) -> Vec<Opt> {
        ServiceKind::ALL
            .iter()
            .map(|k| Opt::new(k.code(), k.label(self.ctx.lang), self.typed.kind == k.code()))
            .collect()
    }

    fn opts(&self, choices: &[Choice], chosen: &str) -> Vec<Opt> {
        choices.iter().map(|c| Opt::new(c.id.to_string(), c.name.clone(), c.id.to_string() == chosen)).collect()
    }

    fn returnee(&self) -> bool {
        self.typed.who == "returnee"
    }
}

async fn render(state: &AppState, user: &PageUser, typed: Typed, errors: Vec<FormError>) -> PageResult<Response> {
    let services = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let page = NewPage {
        ctx: Ctx::new(user, "/services"),
        typed,
        units: services.unit_choices().await?,
        assignees: services.assignee_choices().await?,
        townships: services.township_choices().await?,
        errors,
    };
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `GET /services/new`: handled by the user's own unit and by them, by default.
pub(super) async fn form(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    let typed = Typed {
        who: "fellow".into(),
        unit_id: user.actor.unit_id().to_string(),
        assignee_id: user.actor.user_id().to_string(),
        received_on: today().to_string(),
        ..Typed::default()
    };
    render(&state, &user, typed, vec![]).await
}

/// `POST /services/new`: to the request's page, or the form again.
pub(super) async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let services = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let typed = Typed::from_form(&form);
    let made = match typed.draft() {
        Ok(draft) => services.create(draft).await.map_err(refused),
        Err(errors) => Err(Ok(errors)),
    };
    match made {
        Ok(id) => Ok(Redirect::to(&format!("/services/{id}")).into_response()),
        Err(refusal) => render(&state, &user, typed, refusal?).await,
    }
}
