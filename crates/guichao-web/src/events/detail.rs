//! One event (`/events/{id}`): its facts, its attendees (fellows the reader
//! may not see are counted, not named) and, for those who may change it,
//! the attendance form and the delete button.

use super::attendance::AttendanceForm;
use super::pages::dates;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::{Ctx, show_time};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::events::Attendance;
use guichao_store::events::{Choice, EventFellow, EventParty, EventView};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "events/detail.html")]
struct DetailPage {
    ctx: Ctx,
    e: EventView,
    /// The county's chambers, for the attendance form.
    chambers: Vec<Choice>,
    form: AttendanceForm,
    notice: Option<String>,
    error: Option<String>,
}

impl DetailPage {
    fn kind_label(&self) -> &'static str {
        self.e.kind.label(self.ctx.lang)
    }

    fn contact_kind(&self) -> &'static str {
        self.e.kind.contact_kind().label(self.ctx.lang)
    }

    fn dates(&self) -> String {
        dates(self.e.start_date, self.e.end_date)
    }

    fn updated(&self) -> String {
        show_time(&self.e.updated_at)
    }

    fn status(&self, s: &Attendance) -> &'static str {
        s.label(self.ctx.lang)
    }

    fn attended(&self, s: &Attendance) -> bool {
        *s == Attendance::Attended
    }

    fn named(&self) -> Vec<&EventFellow> {
        self.e.fellows.iter().filter(|f| f.name.is_some()).collect()
    }

    /// Fellows on the event whom the reader may not see.
    fn unnamed(&self) -> usize {
        self.e.fellows.iter().filter(|f| f.name.is_none()).count()
    }

    fn count_attended(&self) -> usize {
        self.e.fellows.iter().filter(|f| f.status == Attendance::Attended).count()
    }

    fn count_invited(&self) -> usize {
        self.e.fellows.iter().filter(|f| f.status == Attendance::Invited).count()
    }

    fn chamber_status(&self, c: &Choice) -> &'static str {
        self.e.chambers.iter().find(|p| p.id == c.id).map_or("", |p| p.status.code())
    }

    fn party_status(&self, p: &EventParty) -> &'static str {
        p.status.code()
    }

    fn fellow_status(&self, f: &EventFellow) -> &'static str {
        f.status.code()
    }
}

/// The page, with what a refused attendance form typed and its message.
pub(super) async fn render(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    form: AttendanceForm,
    error: Option<String>,
) -> PageResult<Response> {
    let e = state.store.events(&user.actor, Permission::LiaisonRead)?.get(id).await?;
    let chambers =
        if e.can_edit { state.store.events(&user.actor, Permission::LiaisonWrite)?.chambers().await? } else { vec![] };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let notice = if error.is_none() { state.flash.take_notice(&user.session) } else { None };
    let page = DetailPage { ctx: Ctx::new(user, "/events"), e, chambers, form, notice, error };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) async fn show(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    render(&state, &user, id, AttendanceForm::default(), None).await
}

/// `POST /events/{id}/delete`: deletes the event softly with the contact
/// records its attendance made, then back to the list.
pub(super) async fn delete(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    state.store.events(&user.actor, Permission::LiaisonWrite)?.delete(id).await?;
    let done = user.lang.pick("活动已删除，其生成的联系记录已一并撤销", "Event deleted with the contacts it made");
    state.flash.keep(&user.session, Kept::Notice(done.into()));
    Ok(Redirect::to("/events").into_response())
}
