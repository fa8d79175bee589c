//! A parcel's page (`/park/parcels/{id}`) and a factory unit's
//! (`/park/units/{id}`): its facts and status today, its allocation history
//! (a held allocation with a release form for a writer of its project), and
//! the allocate form, whose refusal (a double booking under 起始日期) shows
//! under its field with what was typed.

use super::form::{AllocationForm, release_date};
use super::{ParkView, refused};
use crate::AppState;
use crate::chambers::TwoIds;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::park::{format_m2, format_mu};
use guichao_store::park::{AllocationRow, ProjectChoice, SiteId};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "park/site.html")]
struct SitePage {
    ctx: Ctx,
    is_parcel: bool,
    title: String,
    /// The page's path, which its forms post under.
    base: String,
    facts: Vec<(&'static str, String)>,
    status: &'static str,
    status_code: &'static str,
    holder: Option<AllocationRow>,
    notes: String,
    allocations: Vec<AllocationRow>,
    /// Whether the reader has `project.write` at all.
    can_allocate: bool,
    choices: Vec<ProjectChoice>,
    form: AllocationForm,
    errors: Vec<FormError>,
    /// A refused release: the allocation and why.
    release_refused: Option<(Uuid, String)>,
    notice: Option<String>,
    today: String,
}

impl ParkView for SitePage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
}

impl SitePage {
    fn err(&self, field: &str) -> Option<String> {
        FormError::first_for(&self.errors, field, self.ctx.lang)
    }

    fn release_error(&self, a: &AllocationRow) -> Option<&str> {
        self.release_refused.as_ref().filter(|(id, _)| *id == a.id).map(|(_, m)| m.as_str())
    }

    fn chosen(&self, p: &ProjectChoice) -> bool {
        self.form.project_id == p.id.to_string()
    }

    /// What a parcel's or a unit's `moved_in` day is called.
    fn moved_in_label(&self) -> &'static str {
        match self.is_parcel {
            true => self.ctx.t("建成日期", "Built"),
            false => self.ctx.t("入驻日期", "Moved in"),
        }
    }
}

/// What a refused form leaves on the page.
#[derive(Default)]
struct Refusal {
    form: AllocationForm,
    errors: Vec<FormError>,
    release: Option<(Uuid, String)>,
}

fn base(site: SiteId) -> String {
    match site {
        SiteId::Parcel(id) => format!("/park/parcels/{id}"),
        SiteId::Unit(id) => format!("/park/units/{id}"),
    }
}

async fn render(state: &AppState, user: &PageUser, site: SiteId, refusal: Refusal) -> PageResult<Response> {
    let park = state.store.park(&user.actor, Permission::ProjectRead)?;
    let (lang, day) = (user.lang, today());
    let mut page = SitePage {
        ctx: Ctx::new(user, "/projects"),
        is_parcel: matches!(site, SiteId::Parcel(_)),
        title: String::new(),
        base: base(site),
        facts: vec![],
        status: "",
        status_code: "",
        holder: None,
        notes: String::new(),
        allocations: vec![],
        can_allocate: user.actor.can(Permission::ProjectWrite),
        choices: park.project_choices().await?,
        form: refusal.form,
        errors: refusal.errors,
        release_refused: refusal.release,
        notice: None,
        today: day.to_string(),
    };
    match site {
        SiteId::Parcel(id) => {
            let p = park.parcel(id, day).await?;
            page.facts = vec![
                (
                    lang.pick("面积", "Area"),
                    format!("{} {}", format_mu(p.row.area_hundredths_mu), lang.pick("亩", "mu")),
                ),
                (lang.pick("用地性质", "Zoning"), p.row.zoning.label(lang).to_string()),
            ];
            (page.title, page.status, page.status_code) = (p.row.name, p.row.status.label(lang), p.row.status.code());
            (page.holder, page.notes, page.allocations) = (p.row.holder, p.notes, p.allocations);
        }
        SiteId::Unit(id) => {
            let u = park.unit(id, day).await?;
            page.facts = vec![
                (lang.pick("楼层", "Floor"), u.row.floor.to_string()),
                (lang.pick("面积", "Area"), format!("{} m²", format_m2(u.row.area_m2))),
            ];
            page.title = format!("{} {}", u.row.building, u.row.unit_no);
            (page.status, page.status_code) = (u.row.status.label(lang), u.row.status.code());
            (page.holder, page.notes, page.allocations) = (u.row.holder, u.notes, u.allocations);
        }
    }
    let refused = !page.errors.is_empty() || page.release_refused.is_some();
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    if !refused {
        page.notice = state.flash.take_notice(&user.session);
    }
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) async fn parcel(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    render(&state, &user, SiteId::Parcel(id), Refusal::default()).await
}

pub(super) async fn unit(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    render(&state, &user, SiteId::Unit(id), Refusal::default()).await
}

/// Allocates `site` as the form says: back to its page with a notice, or
/// the page again with the refusal under its fields.
async fn allocate(state: &AppState, user: &PageUser, site: SiteId, form: &FormData) -> PageResult<Response> {
    let park = state.store.park(&user.actor, Permission::ProjectWrite)?;
    let typed = AllocationForm::from_form(form);
    let done = match typed.allocation(site) {
        Ok(new) => park.allocate(new).await.map_err(refused),
        Err(errors) => Err(Ok(errors)),
    };
    match done {
        Ok(_) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已分配", "Allocated").into()));
            Ok(Redirect::to(&base(site)).into_response())
        }
        Err(refusal) => render(state, user, site, Refusal { form: typed, errors: refusal?, release: None }).await,
    }
}

pub(super) async fn allocate_parcel(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    allocate(&state, &user, SiteId::Parcel(id), &form).await
}

pub(super) async fn allocate_unit(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    allocate(&state, &user, SiteId::Unit(id), &form).await
}

/// Releases allocation `id` of `site` on the form's date: back to the page
/// with a notice, or the page again with the refusal beside the allocation.
async fn release(state: &AppState, user: &PageUser, site: SiteId, id: Uuid, form: &FormData) -> PageResult<Response> {
    let park = state.store.park(&user.actor, Permission::ProjectWrite)?;
    let (of, _) = state.store.park(&user.actor, Permission::ProjectRead)?.allocation(id).await?;
    if of != site {
        return Err(AppError::NotFound);
    }
    let done = match release_date(&form.get("until")) {
        Ok(until) => park.release(id, until).await.map_err(refused),
        Err(errors) => Err(Ok(errors)),
    };
    match done {
        Ok(()) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已释放", "Released").into()));
            Ok(Redirect::to(&base(site)).into_response())
        }
        Err(refusal) => {
            let errors = refusal?;
            let said: Vec<&str> = errors.iter().map(|e| e.message.get(user.lang)).collect();
            let release = Some((id, said.join(user.lang.pick("；", "; "))));
            render(state, user, site, Refusal { release, ..Refusal::default() }).await
        }
    }
}

pub(super) async fn release_parcel(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, allocation): TwoIds,
    form: FormData,
) -> PageResult<Response> {
    release(&state, &user, SiteId::Parcel(id), allocation, &form).await
}

pub(super) async fn release_unit(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, allocation): TwoIds,
    form: FormData,
) -> PageResult<Response> {
    release(&state, &user, SiteId::Unit(id), allocation, &form).await
}
