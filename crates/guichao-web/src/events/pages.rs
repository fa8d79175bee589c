//! The event list (`/events`) with its filters, the new and edit forms, and
//! the routes of the whole area (an event's page lives in `detail.rs`, its
//! attendance form in `attendance.rs`).

use super::form::{EventForm, Opt};
use super::{attendance, detail};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::layout::Ctx;
use crate::list::{ListNav, Order, page_number};
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Datelike;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::events::EventKind;
use guichao_domain::paging::Paging;
use guichao_store::events::{Choice, EventQuery, EventRow};
use serde::Deserialize;
use uuid::Uuid;

/// Events per page.
const PAGE: u64 = 50;
/// The list is in date order, newest first; no other sort is offered.
const SORTS: &[&str] = &["date"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).post(create))
        .route("/events/new", get(new))
        .route("/events/{id}", get(detail::show).post(update))
        .route("/events/{id}/edit", get(edit))
        .route("/events/{id}/attendees", post(attendance::save))
        .route("/events/{id}/delete", post(detail::delete))
}

#[derive(Debug, Default, Deserialize)]
struct ListParams {
    kind: Option<String>,
    year: Option<String>,
    place: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<EventRow>,
    nav: ListNav,
    kinds: Vec<Opt>,
    years: Vec<Opt>,
    place: String,
    can_write: bool,
    /// What the last form did (a deletion), once.
    notice: Option<String>,
}

impl ListPage {
    fn kind_label(&self, e: &EventRow) -> &'static str {
        e.kind.label(self.ctx.lang)
    }

    fn dates(&self, e: &EventRow) -> String {
        dates(e.start_date, e.end_date)
    }
}

/// "2024-01-20" or "2024-01-20 至 01-22".
pub(super) fn dates(start: chrono::NaiveDate, end: chrono::NaiveDate) -> String {
    if start == end { start.to_string() } else { format!("{start} – {}", end.format("%m-%d")) }
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

async fn list(
    State(state): State<AppState>,
    user: PageUser,
    params: Result<Query<ListParams>, QueryRejection>,
) -> PageResult<Response> {
    let Query(p) = params.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    let lang = user.lang;
    let order = Order::parse(&p.sort, &p.dir, SORTS)?;
    let kind = match given(&p.kind) {
        None => None,
        Some(k) => Some(EventKind::parse(k).ok_or_else(|| AppError::invalid("活动类型无效", "Unknown kind"))?),
    };
    let year = match given(&p.year) {
        None => None,
        Some(y) => Some(y.parse::<i32>().map_err(|_| AppError::invalid("年份无效", "Bad year"))?),
    };
    let place = given(&p.place).map(str::to_string);
    let mut q = EventQuery { kind, year, place: place.clone(), offset: 0, limit: PAGE };
    let events = state.store.events(&user.actor, Permission::LiaisonRead)?;
    let page = page_number(&p.page)?;
    let (_, total) = events.list(&EventQuery { limit: 1, ..q.clone() }).await?;
    let paging = Paging::new(page, PAGE, total);
    q.offset = paging.offset();
    let (rows, _) = events.list(&q).await?;
    let mut filters: Vec<(&'static str, String)> = vec![];
    let mut caption: Vec<String> = vec![];
    if let Some(k) = kind {
        filters.push(("kind", k.code().into()));
        caption.push(k.label(lang).into());
    }
    if let Some(y) = year {
        filters.push(("year", y.to_string()));
        caption.push(format!("{y}{}", lang.pick("年", "")));
    }
    if let Some(pl) = &place {
        filters.push(("place", pl.clone()));
        caption.push(pl.clone());
    }
    let nav = ListNav::new("/events", filters, SORTS, order, paging).with_caption(format!(
        "{} {}",
        lang.pick("活动", "Events"),
        caption.join(" · ")
    ));
    let this_year = today().year();
    let page = ListPage {
        ctx: Ctx::new(&user, "/events"),
        rows,
        nav,
        kinds: EventKind::ALL
            .iter()
            .map(|k| Opt { value: k.code().into(), label: k.label(lang).into(), selected: kind == Some(*k) })
            .collect(),
        years: (this_year - 6..=this_year + 1)
            .rev()
            .map(|y| Opt { value: y.to_string(), label: y.to_string(), selected: year == Some(y) })
            .collect(),
        place: place.unwrap_or_default(),
        can_write: user.actor.can(Permission::LiaisonWrite),
        notice: state.flash.take_notice(&user.session),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "events/form.html")]
struct FormPage {
    ctx: Ctx,
    /// The event being edited; `None` for a new one.
    id: Option<Uuid>,
    form: EventForm,
    organisers: Vec<Choice>,
    error: Option<String>,
}

impl FormPage {
    fn kinds(&self) -> Vec<Opt> {
        self.form.kinds(self.ctx.lang)
    }

    fn organiser_chosen(&self, c: &Choice) -> bool {
        self.form.organiser_unit_id == c.id.to_string()
    }
}

async fn render_form(
    state: &AppState,
    user: &PageUser,
    id: Option<Uuid>,
    form: EventForm,
    error: Option<String>,
) -> PageResult<Response> {
    let organisers = state.store.events(&user.actor, Permission::LiaisonWrite)?.organisers().await?;
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = FormPage { ctx: Ctx::new(user, "/events"), id, form, organisers, error };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// A refusal to show on the form again; other errors pass through.
fn refused(e: AppError, user: &PageUser) -> Result<String, AppError> {
    match e {
        AppError::Invalid(m) | AppError::Conflict(m) => Ok(m.get(user.lang).to_string()),
        other => Err(other),
    }
}

async fn new(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    render_form(&state, &user, None, EventForm::new(user.actor.unit_id()), None).await
}

async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let typed = EventForm::from_form(&form);
    let created: Result<Uuid, AppError> = async {
        let draft = typed.draft()?;
        Ok(state.store.events(&user.actor, Permission::LiaisonWrite)?.create(draft).await?)
    }
    .await;
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/events/{id}#attendance")).into_response()),
        Err(e) => render_form(&state, &user, None, typed, Some(refused(e, &user)?)).await,
    }
}

async fn edit(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let e = state.store.events(&user.actor, Permission::LiaisonRead)?.get(id).await?;
    if !e.can_edit {
        return Err(AppError::Forbidden);
    }
    render_form(&state, &user, Some(id), EventForm::from_view(&e), None).await
}

async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = EventForm::from_form(&form);
    let saved: Result<(), AppError> = async {
        let draft = typed.draft()?;
        Ok(state.store.events(&user.actor, Permission::LiaisonWrite)?.update(id, draft).await?)
    }
    .await;
    match saved {
        Ok(()) => Ok(Redirect::to(&format!("/events/{id}")).into_response()),
        Err(e) => render_form(&state, &user, Some(id), typed, Some(refused(e, &user)?)).await,
    }
}
