//! The gifts page of a campaign and its forms, post/redirect/get: a refused
//! form shows the page again with the message and what was typed.

use crate::AppState;
use crate::campaigns::form::date;
use crate::campaigns::period;
use crate::chambers::{TwoIds, refusal};
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::fellows::{CHOOSE_OR_PASTE, fellow_named};
use crate::flash::Kept;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, page_number};
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::access::Permission;
use guichao_domain::campaigns::{GiftKindDraft, parse_quantity};
use guichao_domain::date::today;
use guichao_domain::paging::Paging;
use guichao_store::campaigns::{
    BatchDraft, CampaignView, GiftKindRow, HandOutDraft, HandOutQuery, HandOutRow, ReceiptDraft, ReceiptRow,
};
use serde::Deserialize;
use uuid::Uuid;

/// Hand-outs per page.
const PAGE: u64 = 50;
/// The latest receipts shown under the stock.
const RECEIPTS: u64 = 20;
/// Newest first only.
const SORTS: &[&str] = &["date"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}/gifts", get(show).post(add_kind))
        .route("/campaigns/{id}/gifts/{gift_id}/receipts", post(receive))
        .route("/campaigns/{id}/gifts/hand-outs", post(hand_out))
        .route("/campaigns/{id}/gifts/batch", post(batch))
        .route("/campaigns/{id}/gifts/hand-outs/{hand_out_id}/cancel", post(cancel))
}

#[derive(Debug, Default, Deserialize)]
struct GiftArgs {
    fellow_id: Option<String>,
    page: Option<String>,
}

/// What the forms held when one was refused.
#[derive(Debug, Default, Clone)]
struct Typed {
    /// The form that was refused: `kind`, `receive`, `hand_out` or `batch`.
    form: &'static str,
    name: String,
    unit: String,
    quantity: String,
    note: String,
    fellow: String,
}

#[derive(Template)]
#[template(path = "campaigns/gifts.html")]
struct GiftsPage {
    ctx: Ctx,
    c: CampaignView,
    kinds: Vec<GiftKindRow>,
    receipts: Vec<ReceiptRow>,
    rows: Vec<HandOutRow>,
    nav: ListNav,
    townships: Vec<(Uuid, String)>,
    /// The fellow the hand-out form is for (from their campaign page).
    fellow: Option<(Uuid, String)>,
    today: String,
    typed: Typed,
    notice: Option<String>,
    error: Option<String>,
}

impl GiftsPage {
    fn period(&self) -> String {
        period(self.c.start, self.c.end, self.ctx.lang)
    }

    /// Whether the viewer may hand gifts out: who may tick, once there is a kind.
    fn can_hand_out(&self) -> bool {
        self.c.can_tick && !self.kinds.is_empty()
    }

    /// Whether older receipts are left out.
    fn more_receipts(&self) -> bool {
        self.receipts.len() as u64 >= RECEIPTS
    }

    fn typed_in(&self, form: &str) -> bool {
        self.typed.form == form
    }

    fn left_class(&self, k: &GiftKindRow) -> &'static str {
        if k.left <= 0 { "num short" } else { "num" }
    }

    fn fellow_value(&self) -> String {
        match &self.fellow {
            Some((id, _)) if !self.typed_in("hand_out") => id.to_string(),
            _ => self.typed.fellow.clone(),
        }
    }

    fn quantity_in(&self, form: &str) -> String {
        if self.typed_in(form) { self.typed.quantity.clone() } else { "1".into() }
    }

    fn note_in(&self, form: &str) -> String {
        if self.typed_in(form) { self.typed.note.clone() } else { String::new() }
    }
}

/// The campaign's townships, or every township of a county-wide one.
fn townships_of(c: &CampaignView, all: Vec<(Uuid, String)>) -> Vec<(Uuid, String)> {
    if c.townships.is_empty() { all } else { c.townships.clone() }
}

async fn render(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    args: GiftArgs,
    typed: Typed,
    refused: Option<(StatusCode, String)>,
) -> PageResult<Response> {
    let campaigns = state.store.campaigns(&user.actor, Permission::LiaisonRead)?;
    let c = campaigns.get(id).await?;
    let kinds = campaigns.gift_kinds(id).await?;
    let receipts = campaigns.gift_receipts(id, RECEIPTS).await?;
    let fellow = match args.fellow_id.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        None => None,
        Some(text) => {
            let fellow_id = Uuid::parse_str(text).map_err(|_| AppError::NotFound)?;
            let row = campaigns.row(id, fellow_id).await?;
            Some((row.fellow_id, row.name))
        }
    };
    let q = HandOutQuery { fellow_id: fellow.as_ref().map(|f| f.0), ..Default::default() };
    let paging = Paging::new(page_number(&args.page)?, PAGE, campaigns.hand_out_count(id, &q).await?);
    let q = HandOutQuery { offset: paging.offset(), limit: PAGE, ..q };
    let rows = campaigns.hand_outs(id, &q).await?;
    let filters = fellow.iter().map(|f| ("fellow_id", f.0.to_string())).collect();
    let caption = match &fellow {
        Some((_, name)) => format!("{} · {name}", user.lang.pick("物资发放记录", "Hand-outs")),
        None => user.lang.pick("物资发放记录", "Hand-outs").to_string(),
    };
    let nav =
        ListNav::new(format!("/campaigns/{id}/gifts"), filters, SORTS, Order::parse(&None, &None, SORTS)?, paging)
            .with_caption(caption);
    let townships = townships_of(&c, campaigns.townships().await?);
    let (status, error) = match refused {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    let page = GiftsPage {
        ctx: Ctx::new(user, "/campaigns"),
        notice: if error.is_none() { state.flash.take_notice(&user.session) } else { None },
        c,
        kinds,
        receipts,
        rows,
        nav,
        townships,
        fellow,
        today: today().to_string(),
        typed,
        error,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

async fn show(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    args: Result<Query<GiftArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("参数有误", "Bad parameters"))?;
    render(&state, &user, id, args, Typed::default(), None).await
}

/// Back to the gifts page (of the fellow, when the form was theirs) with a notice.
fn back(state: &AppState, user: &PageUser, id: Uuid, fellow: Option<Uuid>, notice: String) -> Response {
    state.flash.keep(&user.session, Kept::Notice(notice));
    let to = match fellow {
        Some(f) => format!("/campaigns/{id}/gifts?fellow_id={f}"),
        None => format!("/campaigns/{id}/gifts"),
    };
    Redirect::to(&to).into_response()
}

/// The page again with the refusal, or the error page.
async fn again(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    e: AppError,
    typed: Typed,
    fellow: Option<Uuid>,
) -> PageResult<Response> {
    let refused = refusal(e, user.lang)?;
    let args = GiftArgs { fellow_id: fellow.map(|f| f.to_string()), page: None };
    render(state, user, id, args, typed, Some(refused)).await
}

fn quantity(form: &FormData) -> Result<i64, AppError> {
    parse_quantity(&form.get("quantity")).map_err(AppError::Invalid)
}

async fn add_kind(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let draft = GiftKindDraft { name: form.get("name"), unit: form.get("unit"), note: form.get("note") };
    let typed = Typed {
        form: "kind",
        name: draft.name.clone(),
        unit: draft.unit.clone(),
        note: draft.note.clone(),
        ..Default::default()
    };
    let done: Result<Uuid, AppError> =
        async { Ok(state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.add_gift_kind(id, draft).await?) }
            .await;
    match done {
        Ok(_) => Ok(back(&state, &user, id, None, user.lang.pick("已新增慰问物资", "Gift kind added").into())),
        Err(e) => again(&state, &user, id, e, typed, None).await,
    }
}

async fn receive(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, gift_id): TwoIds,
    form: FormData,
) -> PageResult<Response> {
    let typed = Typed { form: "receive", quantity: form.get("quantity"), note: form.get("note"), ..Default::default() };
    let done: Result<Uuid, AppError> = async {
        let draft = ReceiptDraft {
            quantity: quantity(&form)?,
            date: date(&form.get("date"), "入库日期", "day")?,
            note: form.get("note"),
        };
        Ok(state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.receive_gifts(id, gift_id, draft).await?)
    }
    .await;
    match done {
        Ok(_) => Ok(back(&state, &user, id, None, user.lang.pick("已登记入库", "Stock received").into())),
        Err(e) => again(&state, &user, id, e, typed, None).await,
    }
}

async fn hand_out(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let from_fellow = form.uuid("back_to_fellow").ok();
    let typed = Typed {
        form: "hand_out",
        quantity: form.get("quantity"),
        note: form.get("note"),
        fellow: form.get("fellow_id"),
        ..Default::default()
    };
    let done: Result<Uuid, AppError> = async {
        let gift_id = form.uuid("gift_id").map_err(|_| AppError::invalid("请选择慰问物资", "Please choose a gift"))?;
        let fellow_id = fellow_named(&state, &user.actor, &form.get("fellow_id"), CHOOSE_OR_PASTE).await?;
        let draft = HandOutDraft {
            gift_id,
            fellow_id,
            quantity: quantity(&form)?,
            date: date(&form.get("date"), "发放日期", "day")?,
            note: form.get("note"),
        };
        Ok(state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.hand_out(id, draft).await?)
    }
    .await;
    match done {
        Ok(_) => Ok(back(&state, &user, id, from_fellow, user.lang.pick("已登记发放", "Gift handed out").into())),
        Err(e) => again(&state, &user, id, e, typed, from_fellow).await,
    }
}

async fn batch(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = Typed { form: "batch", quantity: form.get("quantity"), note: form.get("note"), ..Default::default() };
    let done = async {
        let draft = BatchDraft {
            gift_id: form.uuid("gift_id").map_err(|_| AppError::invalid("请选择慰问物资", "Please choose a gift"))?,
            township_id: form
                .uuid("township_id")
                .map_err(|_| AppError::invalid("请选择乡镇", "Please choose a township"))?,
            quantity: quantity(&form)?,
            date: date(&form.get("date"), "发放日期", "day")?,
            note: form.get("note"),
        };
        Ok::<_, AppError>(
            state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.hand_out_township(id, draft).await?,
        )
    }
    .await;
    match done {
        Ok(r) => {
            let notice = match user.lang {
                guichao_domain::Lang::Zh => format!("已向 {} 位乡友发放，共 {}", r.fellows, r.quantity),
                guichao_domain::Lang::En => format!("Handed out to {} fellows, {} in all", r.fellows, r.quantity),
            };
            Ok(back(&state, &user, id, None, notice))
        }
        Err(e) => again(&state, &user, id, e, typed, None).await,
    }
}

async fn cancel(
    State(state): State<AppState>,
    user: PageUser,
    TwoIds(id, hand_out_id): TwoIds,
    form: FormData,
) -> PageResult<Response> {
    let from_fellow = form.uuid("back_to_fellow").ok();
    let done: Result<(), AppError> = async {
        Ok(state.store.campaigns(&user.actor, Permission::LiaisonWrite)?.cancel_hand_out(id, hand_out_id).await?)
    }
    .await;
    match done {
        Ok(()) => Ok(back(
            &state,
            &user,
            id,
            from_fellow,
            user.lang.pick("已撤销发放，物资已退回库存", "Hand-out cancelled").into(),
        )),
        Err(e) => again(&state, &user, id, e, Typed::default(), from_fellow).await,
    }
}
