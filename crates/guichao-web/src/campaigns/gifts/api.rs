//! `/api/v1/campaigns/{id}/gifts`: a campaign's gift kinds with their stock,
//! adding a kind and receiving stock (the campaign manager's), handing out
//! to a fellow or a township (who may tick), cancelling, and the hand-outs
//! page by page. A hand-out the stock cannot cover answers 409.

use super::api_types::{
    Batch, BatchBody, GiftKindBody, GiftKindItem, HandOutBody, HandOutItem, HandOutList, HandOutParams, ReceiptBody,
    ReceiptItem, ReceiptParams, Received,
};
use crate::AppState;
use crate::api::fields::{FieldApiResult, FieldErrorBody};
use crate::api::page_size;
use crate::chambers::ApiTwoIds;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use crate::list::page_number;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_domain::campaigns::GiftKindDraft;
use guichao_store::campaigns::{BatchDraft, HandOutDraft, HandOutQuery, ReceiptDraft};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_gift_kinds, add_gift_kind))
        .routes(routes!(receive_gifts))
        .routes(routes!(list_gift_receipts))
        .routes(routes!(list_hand_outs, hand_out_gift))
        .routes(routes!(hand_out_to_township))
        .routes(routes!(cancel_hand_out))
}

/// The gift kind `gift_id` of the campaign with its stock now.
async fn kind_item(state: &AppState, actor: &guichao_store::Actor, id: Uuid, gift_id: Uuid) -> ApiResult<GiftKindItem> {
    let kinds = state.store.campaigns(actor, Permission::LiaisonRead)?.gift_kinds(id).await?;
    Ok(kinds.into_iter().find(|k| k.id == gift_id).ok_or(AppError::NotFound)?.into())
}

/// The campaign's gift kinds with received, handed out and left.
#[utoipa::path(get, path = "/campaigns/{id}/gifts", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = Vec<GiftKindItem>), (status = 404, body = ErrorBody)))]
async fn list_gift_kinds(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<GiftKindItem>>> {
    let kinds = state.store.campaigns(&actor, Permission::LiaisonRead)?.gift_kinds(id).await?;
    Ok(Json(kinds.into_iter().map(Into::into).collect()))
}

/// Adds a gift kind (county-wide `liaison.write`; a campaign not closed that requires gifts).
#[utoipa::path(post, path = "/campaigns/{id}/gifts", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")), request_body = GiftKindBody,
    responses((status = 201, body = GiftKindItem), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add_gift_kind(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<GiftKindBody>,
) -> FieldApiResult<(StatusCode, Json<GiftKindItem>)> {
    let draft = GiftKindDraft { name: body.name, unit: body.unit, note: body.note };
    let gift_id = state.store.campaigns(&actor, Permission::LiaisonWrite)?.add_gift_kind(id, draft).await?;
    Ok((StatusCode::CREATED, Json(kind_item(&state, &actor, id, gift_id).await?)))
}

/// Receives stock into a gift kind (county-wide `liaison.write`).
#[utoipa::path(post, path = "/campaigns/{id}/gifts/{gift_id}/receipts", tag = "campaigns",
    params(("id" = Uuid, Path, description = "Campaign id"), ("gift_id" = Uuid, Path, description = "Gift kind id")), request_body = ReceiptBody,
    responses((status = 201, body = Received), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn receive_gifts(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, gift_id): ApiTwoIds,
    ApiJson(body): ApiJson<ReceiptBody>,
) -> FieldApiResult<(StatusCode, Json<Received>)> {
    let draft = ReceiptDraft { quantity: body.quantity, date: body.date, note: body.note };
    let receipt = state.store.campaigns(&actor, Permission::LiaisonWrite)?.receive_gifts(id, gift_id, draft).await?;
    let gift = kind_item(&state, &actor, id, gift_id).await?;
    Ok((StatusCode::CREATED, Json(Received { id: receipt, gift })))
}

/// The latest stock receipts of the campaign's gift kinds, newest first.
#[utoipa::path(get, path = "/campaigns/{id}/gifts/receipts", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id"), ReceiptParams),
    responses((status = 200, body = Vec<ReceiptItem>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_gift_receipts(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiQuery(p): ApiQuery<ReceiptParams>,
) -> ApiResult<Json<Vec<ReceiptItem>>> {
    let rows = state.store.campaigns(&actor, Permission::LiaisonRead)?.gift_receipts(id, page_size(p.limit)?).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// The hand-outs of the fellows the caller may see, newest first; cancelled ones included.
#[utoipa::path(get, path = "/campaigns/{id}/gifts/hand-outs", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id"), HandOutParams),
    responses((status = 200, body = HandOutList), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_hand_outs(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiQuery(p): ApiQuery<HandOutParams>,
) -> ApiResult<Json<HandOutList>> {
    let limit = page_size(p.limit)?;
    let page = page_number(&p.page)?;
    let q = HandOutQuery { gift_id: p.gift_id, fellow_id: p.fellow_id, offset: (page - 1) * limit, limit };
    let campaigns = state.store.campaigns(&actor, Permission::LiaisonRead)?;
    let total = campaigns.hand_out_count(id, &q).await?;
    let rows = campaigns.hand_outs(id, &q).await?;
    let next = (q.offset + (rows.len() as u64) < total && !rows.is_empty()).then(|| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [("gift_id", p.gift_id), ("fellow_id", p.fellow_id)] {
            if let Some(v) = v {
                query.append_pair(k, &v.to_string());
            }
        }
        query.append_pair("limit", &limit.to_string()).append_pair("page", &(page + 1).to_string());
        format!("/api/v1/campaigns/{id}/gifts/hand-outs?{}", query.finish())
    });
    Ok(Json(HandOutList { items: rows.into_iter().map(Into::into).collect(), total, next }))
}

/// Hands a gift out to a fellow (who may tick them); ticks the gift column
/// unless it is ticked already; 409 when the stock left cannot cover it.
#[utoipa::path(post, path = "/campaigns/{id}/gifts/hand-outs", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")), request_body = HandOutBody,
    responses((status = 201, body = HandOutItem), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn hand_out_gift(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<HandOutBody>,
) -> FieldApiResult<(StatusCode, Json<HandOutItem>)> {
    let draft = HandOutDraft {
        gift_id: body.gift_id,
        fellow_id: body.fellow_id,
        quantity: body.quantity,
        date: body.date,
        note: body.note,
    };
    let hand_out_id = state.store.campaigns(&actor, Permission::LiaisonWrite)?.hand_out(id, draft).await?;
    let q = HandOutQuery { fellow_id: Some(body.fellow_id), limit: 200, ..Default::default() };
    let rows = state.store.campaigns(&actor, Permission::LiaisonRead)?.hand_outs(id, &q).await?;
    let made = rows.into_iter().find(|h| h.id == hand_out_id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// One gift to every fellow of a township the caller may tick whose gift is
/// not ticked, all or none; 409 when the stock left cannot cover them all.
#[utoipa::path(post, path = "/campaigns/{id}/gifts/batches", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")), request_body = BatchBody,
    responses((status = 201, body = Batch), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn hand_out_to_township(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<BatchBody>,
) -> FieldApiResult<(StatusCode, Json<Batch>)> {
    let draft = BatchDraft {
        gift_id: body.gift_id,
        township_id: body.township_id,
        quantity: body.quantity,
        date: body.date,
        note: body.note,
    };
    let report = state.store.campaigns(&actor, Permission::LiaisonWrite)?.hand_out_township(id, draft).await?;
    Ok((StatusCode::CREATED, Json(report.into())))
}

/// Cancels a hand-out: its quantity back in stock, its tick removed; audited.
#[utoipa::path(post, path = "/campaigns/{id}/gifts/hand-outs/{hand_out_id}/cancel", tag = "campaigns",
    params(("id" = Uuid, Path, description = "Campaign id"), ("hand_out_id" = Uuid, Path, description = "Hand-out id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn cancel_hand_out(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, hand_out_id): ApiTwoIds,
) -> ApiResult<StatusCode> {
    state.store.campaigns(&actor, Permission::LiaisonWrite)?.cancel_hand_out(id, hand_out_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
