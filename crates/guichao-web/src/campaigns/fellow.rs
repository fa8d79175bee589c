//! One fellow in a campaign (`/campaigns/{id}/fellows/{fellow_id}`): each
//! required kind with its ticks, a tick-by-hand form for each kind still
//! missing (what a cadre uses on a phone), removing a tick made by hand,
//! and a manager's adding and removing of fellows.

use super::form::date;
use super::{how, period};
use crate::AppState;
use crate::chambers::TwoIds;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::fellows::{CHOOSE_OR_PASTE, fellow_named};
use crate::flash::Kept;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::campaigns::TickSource;
use guichao_domain::date::today;
use guichao_domain::liaison::ContactKind;
use guichao_store::campaigns::{CampaignView, MatrixRow, TickView};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "campaigns/fellow.html")]
struct FellowPage {
    ctx: Ctx,
    c: CampaignView,
    row: MatrixRow,
    today: String,
    error: Option<String>,
    notice: Option<String>,
}

impl FellowPage {
    fn kinds(&self) -> &[ContactKind] {
        self.c.kinds.kinds()
    }

    fn kind_label(&self, k: &ContactKind) -> &'static str {
        k.label(self.ctx.lang)
    }

    fn ticks_of(&self, k: &ContactKind) -> Vec<&TickView> {
        self.row.ticks.iter().filter(|t| t.kind == *k).collect()
    }

    fn how(&self, t: &TickView) -> String {
        how(t, self.ctx.lang)
    }

    fn by_hand(&self, t: &TickView) -> bool {
        t.source == TickSource::Hand && self.c.can_tick
    }

    fn period(&self) -> String {
        period(self.c.start, self.c.end, self.ctx.lang)
    }
}

async fn render(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    fellow_id: Uuid,
    error: Option<String>,
) -> PageResult<Response> {
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonRead)?;
    let c = campaigns.get(id).await?;
    let row = campaigns.row(id, fellow_id).await?;
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = FellowPage {
        ctx: Ctx::new(user, "/campaigns"),
        notice: if error.is_none() { state.flash.take_notice(&user.session) } else { None },
        c,
        row,
        today: today().to_string(),
        error,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, fellow_id): TwoIds,
) -> PageResult<Response> {
    render(&state, &user, id, fellow_id, None).await
}

/// A refusal to show on the page again; other errors pass through.
fn refused(e: AppError, user: &PageUser) -> Result<String, AppError> {
    match e {
        AppError::Invalid(m) | AppError::Conflict(m) => Ok(m.get(user.lang).to_string()),
        other => Err(other),
    }
}

fn back(state: &AppState, user: &PageUser, to: String, notice: &str) -> Response {
    state.flash.keep(&user.session, Kept::Notice(notice.to_string()));
    Redirect::to(&to).into_response()
}

pub(super) async fn tick(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, fellow_id): TwoIds,
    form: FormData,
) -> PageResult<Response> {
    let done: Result<Uuid, AppError> = async {
        let kind = ContactKind::parse(form.get("kind").trim())
            .ok_or_else(|| AppError::invalid("请选择慰问方式", "Please choose the kind of touch"))?;
        let day = date(&form.get("date"), "登记日期", "day")?;
        Ok(state
            .store
            .campaigns(&user.actor, Permission::LiaisonWrite)?
            .tick(id, fellow_id, kind, day, &form.get("note"))
            .await?)
    }
    .await;
    match done {
        Ok(_) => {
            Ok(back(&state, &user, format!("/campaigns/{id}/fellows/{fellow_id}"), user.lang.pick("已登记", "Ticked")))
        }
        Err(e) => render(&state, &user, id, fellow_id, Some(refused(e, &user)?)).await,
    }
}

pub(super) async fn untick(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, tick_id): TwoIds,
    form: FormData,
) -> PageResult<Response> {
    state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.untick(id, tick_id).await?;
    let fellow = form.uuid("fellow_id").ok();
    let to = fellow.map_or(format!("/campaigns/{id}"), |f| format!("/campaigns/{id}/fellows/{f}"));
    Ok(back(&state, &user, to, user.lang.pick("已撤销登记", "Tick removed")))
}

pub(super) async fn add(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let fellow = fellow_named(&state, &user.actor, &form.get("fellow_id"), CHOOSE_OR_PASTE).await?;
    state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.add_fellow(id, fellow).await?;
    Ok(back(
        &state,
        &user,
        format!("/campaigns/{id}/fellows/{fellow}"),
        user.lang.pick("已加入本活动", "Added to the campaign"),
    ))
}

pub(super) async fn remove(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, fellow_id): TwoIds,
) -> PageResult<Response> {
    state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.remove_fellow(id, fellow_id).await?;
    Ok(back(&state, &user, format!("/campaigns/{id}"), user.lang.pick("已移出本活动", "Removed from the campaign")))
}
