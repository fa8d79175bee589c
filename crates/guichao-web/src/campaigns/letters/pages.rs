//! A campaign's letters page (`/campaigns/{id}/letters`): the merge form
//! (template, township, only fellows not yet ticked, sign-off, date) that
//! opens the print page or the label sheet, and the batches marked printed,
//! each with its undo; marking a batch printed; and a fellow's mailing
//! details (`/campaigns/{id}/letters/fellows/{fellow_id}`).

use super::MergeParams;
use crate::AppState;
use crate::chambers::TwoIds;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use crate::select::Opt;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_store::StoreError;
use guichao_store::campaigns::CampaignView;
use guichao_store::campaigns::letters::{AddressDraft, AddressView, BatchDraft, BatchRow};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "campaigns/letters/index.html")]
struct LettersPage {
    ctx: Ctx,
    c: CampaignView,
    notice: Option<String>,
    templates: Vec<Opt>,
    townships: Vec<Opt>,
    p: MergeParams,
    batches: Vec<BatchRow>,
    can_keep_templates: bool,
}

impl LettersPage {
    fn at(&self, b: &BatchRow) -> String {
        guichao_domain::date::china_time(b.created_at).format("%Y-%m-%d %H:%M").to_string()
    }

    fn township(&self, b: &BatchRow) -> String {
        if b.township.is_empty() { self.ctx.t("全部乡镇", "All townships").into() } else { b.township.clone() }
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    RawQuery(raw): RawQuery,
) -> PageResult<Response> {
    let form = FormData::from_query(raw.as_deref().unwrap_or_default());
    let p = MergeParams::read(&form, &super::default_sign_off(user.actor.tenant_name()))?;
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonWrite)?;
    let c = state.store.campaigns(&user.actor, Permission::LiaisonRead)?.get(id).await?;
    let templates = campaigns
        .letter_templates()
        .await?
        .into_iter()
        .map(|t| Opt::new(t.id.to_string(), t.name, p.template_id == Some(t.id)))
        .collect();
    let townships = campaigns
        .townships()
        .await?
        .into_iter()
        .map(|(t, name)| Opt::new(t.to_string(), name, p.township_id == Some(t)))
        .collect();
    let page = LettersPage {
        ctx: Ctx::new(&user, "/campaigns"),
        notice: state.flash.take_notice(&user.session),
        batches: campaigns.letter_batches(id).await?,
        can_keep_templates: campaigns.manages(),
        c,
        templates,
        townships,
        p,
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

fn back(state: &AppState, user: &PageUser, to: String, notice: String) -> Response {
    state.flash.keep(&user.session, Kept::Notice(notice));
    Redirect::to(&to).into_response()
}

/// The fellow ids a print page posts, comma-joined.
fn fellow_ids(text: &str) -> Result<Vec<Uuid>, AppError> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| Uuid::parse_str(t).map_err(|_| AppError::invalid("乡友编号无效", "Unknown fellow id")))
        .collect()
}

pub(super) async fn mark_printed(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let p = MergeParams::read(&form, "")?;
    let template_id = p.template_id.ok_or_else(|| AppError::invalid("请选择信件模板", "Please choose a template"))?;
    let draft = BatchDraft {
        template_id,
        township_id: p.township_id,
        only_unticked: !p.all,
        sign_off: p.sign_off.clone(),
        date: p.date,
        fellow_ids: fellow_ids(&form.get("fellow_ids"))?,
    };
    let done = state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.mark_letters_printed(id, draft).await?;
    let notice = match user.lang {
        guichao_domain::Lang::Zh => {
            format!("已标记为已打印：登记信件 {} 人，已登记过跳过 {} 人", done.ticked, done.skipped)
        }
        guichao_domain::Lang::En => format!("Marked printed: {} ticked, {} already ticked", done.ticked, done.skipped),
    };
    Ok(back(&state, &user, format!("/campaigns/{id}/letters?{}", p.query()), notice))
}

pub(super) async fn undo(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, batch_id): TwoIds,
) -> PageResult<Response> {
    let n = state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.undo_letter_batch(id, batch_id).await?;
    let notice = match user.lang {
        guichao_domain::Lang::Zh => format!("已撤销该批次，取消登记 {n} 人"),
        guichao_domain::Lang::En => format!("Batch undone: {n} ticks removed"),
    };
    Ok(back(&state, &user, format!("/campaigns/{id}/letters"), notice))
}

#[derive(Template)]
#[template(path = "campaigns/letters/address.html")]
struct AddressPage {
    ctx: Ctx,
    c: CampaignView,
    a: AddressView,
    error: Option<String>,
}

async fn render_address(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    a: Option<AddressView>,
    fellow_id: Uuid,
    error: Option<String>,
) -> PageResult<Response> {
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonWrite)?;
    let c = state.store.campaigns(&user.actor, Permission::LiaisonRead)?.get(id).await?;
    let a = match a {
        Some(a) => a,
        None => campaigns.letter_address(fellow_id).await?,
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = AddressPage { ctx: Ctx::new(user, "/campaigns"), c, a, error };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub(super) async fn address(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, fellow_id): TwoIds,
) -> PageResult<Response> {
    render_address(&state, &user, id, None, fellow_id, None).await
}

pub(super) async fn save_address(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, fellow_id): TwoIds,
    form: FormData,
) -> PageResult<Response> {
    let draft = AddressDraft {
        salutation: form.get("salutation"),
        address: form.get("address"),
        postcode: form.get("postcode"),
    };
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonWrite)?;
    match campaigns.set_letter_address(fellow_id, draft.clone()).await {
        // The label sheet shows the fellow's label now, no longer in the
        // list of those without an address.
        Ok(()) => Ok(Redirect::to(&format!("/campaigns/{id}/letters/labels")).into_response()),
        Err(e @ StoreError::Fields(_)) => {
            let text = match AppError::from(e) {
                AppError::Invalid(m) => m.get(user.lang).to_string(),
                _ => String::new(),
            };
            let mut a = campaigns.letter_address(fellow_id).await?;
            (a.salutation, a.address, a.postcode) = (draft.salutation, draft.address, draft.postcode);
            render_address(&state, &user, id, Some(a), fellow_id, Some(text)).await
        }
        Err(e) => Err(e.into()),
    }
}
