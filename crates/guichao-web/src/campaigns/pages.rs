//! The campaign list (`/campaigns`), the draft form (new and edit), launch
//! and close, and the routes of the whole area (a campaign's page lives in
//! `detail.rs`, a fellow's ticks in `fellow.rs`, the export in `export.rs`).

use super::form::CampaignForm;
use super::{detail, export, fellow, period, state_badge};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use crate::list::{ListArgs, ListNav, Order, page_number};
use crate::select::Opt;
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::access::Permission;
use guichao_domain::fellows::Category;
use guichao_domain::liaison::ContactKind;
use guichao_domain::paging::Paging;
use guichao_store::campaigns::CampaignSummary;
use uuid::Uuid;

/// Campaigns per page.
const PAGE: u64 = 50;
/// The list is by start, latest first; no other order is offered.
const SORTS: &[&str] = &["start"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/campaigns", get(list).post(create))
        .route("/campaigns/new", get(new))
        .route("/campaigns/{id}", get(detail::show).post(update))
        .route("/campaigns/{id}/edit", get(edit))
        .route("/campaigns/{id}/launch", post(launch))
        .route("/campaigns/{id}/close", post(close))
        .route("/campaigns/{id}/missing", get(detail::missing))
        .route("/campaigns/{id}/export.xlsx", get(export::xlsx))
        .route("/campaigns/{id}/fellows", post(fellow::add))
        .route("/campaigns/{id}/fellows/{fellow_id}", get(fellow::show))
        .route("/campaigns/{id}/fellows/{fellow_id}/ticks", post(fellow::tick))
        .route("/campaigns/{id}/fellows/{fellow_id}/remove", post(fellow::remove))
        .route("/campaigns/{id}/ticks/{tick_id}/delete", post(fellow::untick))
        .merge(super::gifts::routes())
        .merge(super::letters::routes())
}

#[derive(Template)]
#[template(path = "campaigns/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<CampaignSummary>,
    nav: ListNav,
    can_manage: bool,
}

impl ListPage {
    fn period(&self, c: &CampaignSummary) -> String {
        period(c.start, c.end, self.ctx.lang)
    }

    fn state(&self, c: &CampaignSummary) -> (&'static str, &'static str) {
        state_badge(c.state, self.ctx.lang)
    }

    fn kinds(&self, c: &CampaignSummary) -> String {
        let labels: Vec<&str> = c.kinds.kinds().iter().map(|k| k.label(self.ctx.lang)).collect();
        labels.join(self.ctx.t("、", ", "))
    }
}

async fn list(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<ListArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("翻页参数有误", "Bad paging parameters"))?;
    let order = Order::parse(&args.sort, &args.dir, SORTS)?;
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonRead)?;
    let paging = Paging::new(page_number(&args.page)?, PAGE, campaigns.count().await?);
    let rows = campaigns.page(paging.offset(), PAGE, false).await?;
    let nav = ListNav::new("/campaigns", vec![], SORTS, order, paging)
        .with_caption(user.lang.pick("“四个一”走访慰问", "Four-ones campaigns").to_string());
    let can_manage = state.store.campaigns(&user.actor, Permission::LiaisonWrite).is_ok_and(|w| w.manages());
    let page = ListPage { ctx: Ctx::new(&user, "/campaigns"), rows, nav, can_manage };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "campaigns/form.html")]
struct FormPage {
    ctx: Ctx,
    /// The campaign being edited; `None` for a new one.
    id: Option<Uuid>,
    form: CampaignForm,
    townships: Vec<(Uuid, String)>,
    error: Option<String>,
}

impl FormPage {
    fn kinds(&self) -> Vec<Opt> {
        ContactKind::ALL.iter().map(|k| Opt::new(k.code(), k.label(self.ctx.lang), self.form.has_kind(k))).collect()
    }

    fn township_options(&self) -> Vec<Opt> {
        self.townships.iter().map(|(id, name)| Opt::new(id.to_string(), name, self.form.has_township(id))).collect()
    }

    fn categories(&self) -> Vec<Opt> {
        Category::ALL
            .iter()
            .map(|c| Opt::new(c.code(), c.label(self.ctx.lang), self.form.category == c.code()))
            .collect()
    }
}

async fn render_form(
    state: &AppState,
    user: &PageUser,
    id: Option<Uuid>,
    form: CampaignForm,
    error: Option<String>,
) -> PageResult<Response> {
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonWrite)?;
    if !campaigns.manages() {
        return Err(AppError::Forbidden);
    }
    let townships = campaigns.townships().await?;
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = FormPage { ctx: Ctx::new(user, "/campaigns"), id, form, townships, error };
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
    render_form(&state, &user, None, CampaignForm::new(), None).await
}

async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let typed = CampaignForm::from_form(&form);
    let created: Result<Uuid, AppError> = async {
        let draft = typed.draft()?;
        Ok(state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.create(draft).await?)
    }
    .await;
    match created {
        Ok(id) => Ok(Redirect::to(&format!("/campaigns/{id}")).into_response()),
        Err(e) => render_form(&state, &user, None, typed, Some(refused(e, &user)?)).await,
    }
}

async fn edit(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let c = state.store.campaigns(&user.actor, Permission::LiaisonRead)?.get(id).await?;
    if !c.can_manage {
        return Err(AppError::Forbidden);
    }
    render_form(&state, &user, Some(id), CampaignForm::from_view(&c), None).await
}

async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = CampaignForm::from_form(&form);
    let saved: Result<(), AppError> = async {
        let draft = typed.draft()?;
        Ok(state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.update(id, draft).await?)
    }
    .await;
    match saved {
        Ok(()) => Ok(Redirect::to(&format!("/campaigns/{id}")).into_response()),
        Err(e) => render_form(&state, &user, Some(id), typed, Some(refused(e, &user)?)).await,
    }
}

/// Leaves a notice for the campaign page and goes there.
fn back(state: &AppState, user: &PageUser, id: Uuid, notice: String) -> Response {
    state.flash.keep(&user.session, Kept::Notice(notice));
    Redirect::to(&format!("/campaigns/{id}")).into_response()
}

async fn launch(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let n = state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.launch(id).await?;
    let notice = format!(
        "{}{n}{}",
        user.lang.pick("活动已启动，纳入乡友 ", "Launched with "),
        user.lang.pick(" 人", " fellows")
    );
    Ok(back(&state, &user, id, notice))
}

async fn close(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.close(id).await?;
    Ok(back(&state, &user, id, user.lang.pick("活动已结束", "The campaign is closed").to_string()))
}
