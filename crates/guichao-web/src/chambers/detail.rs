//! One chamber (`/chambers/{id}`): its offices and the members the viewer may
//! see, and the forms that edit it, add and remove offices, add members and
//! end memberships. A refused form shows the page again with what was typed.

use super::form::{ChamberForm, MemberForm, OfficeForm, Opt, date};
use super::pages::ChamberFormPage;
use super::{TwoIds, refusal};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::fellows::{CHOOSE_OR_PASTE, fellow_named};
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::chambers::MemberPosition;
use guichao_domain::date::today;
use guichao_store::chambers::{ChamberView, MemberRow, StaffRow, TownshipChoice};
use uuid::Uuid;

/// What to do when several fellows share the typed name of a new member.
#[derive(Template)]
#[template(path = "chambers/detail.html")]
struct DetailPage {
    ctx: Ctx,
    c: ChamberView,
    townships: Vec<TownshipChoice>,
    form: ChamberForm,
    office: OfficeForm,
    member: MemberForm,
    error: Option<String>,
    today: String,
    /// Whether the viewer keeps the memberships (county-wide chamber.write,
    /// or the chamber's own staff).
    can_add_members: bool,
    /// Chamber liaisons who may be named staff (for county-wide writers).
    staff_choices: Vec<StaffRow>,
}

impl ChamberFormPage for DetailPage {
    fn form(&self) -> &ChamberForm {
        &self.form
    }

    fn lang(&self) -> Lang {
        self.ctx.lang
    }

    fn townships(&self) -> &[TownshipChoice] {
        &self.townships
    }
}

impl DetailPage {
    fn kind_label(&self) -> &'static str {
        self.c.kind.label(self.ctx.lang)
    }

    fn position(&self, m: &MemberRow) -> &'static str {
        m.position.label(self.ctx.lang)
    }

    fn positions(&self) -> Vec<Opt> {
        let chosen = MemberPosition::parse(&self.member.position).unwrap_or(MemberPosition::Member);
        MemberPosition::ALL.iter().map(|p| Opt::new(p.code(), p.label(self.ctx.lang), *p == chosen)).collect()
    }

    fn date(&self, d: &Option<chrono::NaiveDate>) -> String {
        d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
    }
}

/// What the forms hold when the page is shown: as stored, or as typed.
#[derive(Default)]
struct Typed {
    form: Option<ChamberForm>,
    office: OfficeForm,
    member: MemberForm,
}

async fn render(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    typed: Typed,
    error: Option<(StatusCode, String)>,
) -> PageResult<Response> {
    let c = state.store.chambers(&user.actor, Permission::ChamberRead)?.get(id).await?;
    let townships = if c.can_write {
        state.store.chambers(&user.actor, Permission::ChamberRead)?.townships().await?
    } else {
        vec![]
    };
    let staff_choices = if c.can_write {
        let chosen: Vec<Uuid> = c.staff.iter().map(|s| s.user_id).collect();
        let all = state.store.chambers(&user.actor, Permission::ChamberWrite)?.staff_choices().await?;
        all.into_iter().filter(|u| !chosen.contains(&u.user_id)).collect()
    } else {
        vec![]
    };
    let (status, error) = match error {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    let page = DetailPage {
        ctx: Ctx::new(user, "/chambers"),
        form: typed.form.unwrap_or_else(|| ChamberForm::from_view(&c)),
        can_add_members: c.can_keep_members,
        staff_choices,
        today: today().to_string(),
        office: typed.office,
        member: typed.member,
        townships,
        error,
        c,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// After a write: back to the page, or the page again with the refusal.
async fn after(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    result: Result<(), AppError>,
    typed: Typed,
) -> PageResult<Response> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/chambers/{id}")).into_response()),
        Err(e) => {
            let shown = refusal(e, user.lang)?;
            render(state, user, id, typed, Some(shown)).await
        }
    }
}

pub(super) async fn show(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    render(&state, &user, id, Typed::default(), None).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = ChamberForm::from_form(&form);
    let result = match typed.draft() {
        Ok(draft) => {
            state.store.chambers(&user.actor, Permission::ChamberWrite)?.update(id, draft).await.map_err(AppError::from)
        }
        Err(e) => Err(e),
    };
    after(&state, &user, id, result, Typed { form: Some(typed), ..Default::default() }).await
}

pub(super) async fn add_office(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let o = OfficeForm::from_form(&form);
    let result =
        state.store.chambers(&user.actor, Permission::ChamberWrite)?.add_office(id, &o.name, &o.city, &o.address).await;
    after(&state, &user, id, result.map(|_| ()).map_err(AppError::from), Typed { office: o, ..Default::default() })
        .await
}

pub(super) async fn remove_office(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, office): TwoIds,
) -> PageResult<Response> {
    let result = state
        .store
        .chambers(&user.actor, Permission::ChamberWrite)?
        .remove_office(id, office)
        .await
        .map_err(AppError::from);
    after(&state, &user, id, result, Typed::default()).await
}

pub(super) async fn add_member(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let m = MemberForm::from_form(&form);
    let result: Result<(), AppError> = async {
        let (position, since) = (m.position()?, m.since()?);
        let fellow = fellow_named(&state, &user.actor, &m.fellow, CHOOSE_OR_PASTE).await?;
        state.store.chambers(&user.actor, Permission::ChamberWrite)?.add_member(id, fellow, position, since).await?;
        Ok(())
    }
    .await;
    after(&state, &user, id, result, Typed { member: m, ..Default::default() }).await
}

pub(super) async fn end_membership(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, member): TwoIds,
    form: FormData,
) -> PageResult<Response> {
    // The member must belong to the chamber in the path (and be visible).
    let c = state.store.chambers(&user.actor, Permission::ChamberRead)?.get(id).await?;
    if !c.members.iter().chain(&c.former_members).any(|m| m.id == member) {
        return Err(AppError::NotFound);
    }
    let result: Result<(), AppError> = async {
        let until = date(&form.get("until"), "退会日期", "end date")?.unwrap_or_else(today);
        state.store.chambers(&user.actor, Permission::ChamberWrite)?.end_membership(member, until).await?;
        Ok(())
    }
    .await;
    after(&state, &user, id, result, Typed::default()).await
}

/// `POST /chambers/{id}/staff`: names a chamber liaison as the chamber's staff.
pub(super) async fn add_staff(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let result = async {
        let chosen = Uuid::parse_str(form.get("user_id").trim())
            .map_err(|_| AppError::invalid("请选择商会联络员", "Choose a chamber liaison"))?;
        state.store.chambers(&user.actor, Permission::ChamberWrite)?.add_staff(id, chosen).await?;
        Ok(())
    }
    .await;
    after(&state, &user, id, result, Typed::default()).await
}

/// `POST /chambers/{id}/staff/{user_id}/delete`: ends a user's staffing.
pub(super) async fn remove_staff(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, staff): TwoIds,
) -> PageResult<Response> {
    let result = state.store.chambers(&user.actor, Permission::ChamberWrite)?.remove_staff(id, staff).await;
    after(&state, &user, id, result.map_err(AppError::from), Typed::default()).await
}
