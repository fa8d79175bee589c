//! `/api/v1/sms`: templates, queueing, the outbox and each message's status,
//! opt-outs and replies, and the delivered messages of a campaign.

use super::api_types::*;
use crate::AppState;
use crate::api::vocab::SmsStatusCode;
use crate::api::{page_offset, page_size};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::Category;
use guichao_domain::sms::{OptOutSource, Reply, SmsStatus};
use guichao_store::fellows::FellowQuery;
use guichao_store::sms::{OptOutDraft, OutboxQuery, QueueRequest, Receipt, Recipients, TemplateDraft};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sms_templates, create_sms_template))
        .routes(routes!(update_sms_template))
        .routes(routes!(queue_sms))
        .routes(routes!(list_sms_outbox))
        .routes(routes!(get_sms_message))
        .routes(routes!(resolve_sms_message))
        .routes(routes!(list_sms_opt_outs, add_sms_opt_out))
        .routes(routes!(remove_sms_opt_out))
        .routes(routes!(record_sms_reply))
        .routes(routes!(record_sms_receipts))
        .routes(routes!(list_sms_delivered))
}

/// The county's SMS templates by name.
#[utoipa::path(get, path = "/sms/templates", tag = "sms",
    responses((status = 200, body = Vec<SmsTemplateItem>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_sms_templates(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> ApiResult<Json<Vec<SmsTemplateItem>>> {
    Ok(Json(state.store.sms(&actor, Permission::SmsRead)?.templates().await?.into_iter().map(Into::into).collect()))
}

/// Adds a template (county-wide `sms.write`); 422 names the field at fault.
#[utoipa::path(post, path = "/sms/templates", tag = "sms", request_body = SmsTemplateBody,
    responses((status = 201, body = SmsTemplateItem), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_sms_template(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<SmsTemplateBody>,
) -> ApiResult<(StatusCode, Json<SmsTemplateItem>)> {
    let draft = TemplateDraft { name: b.name, body: b.body, provider_template: b.provider_template };
    let id = state.store.sms(&actor, Permission::SmsWrite)?.save_template(None, draft).await?;
    Ok((StatusCode::CREATED, Json(state.store.sms(&actor, Permission::SmsRead)?.template(id).await?.into())))
}

/// Replaces a template.
#[utoipa::path(put, path = "/sms/templates/{id}", tag = "sms", params(("id" = Uuid, Path, description = "Template id")), request_body = SmsTemplateBody,
    responses((status = 200, body = SmsTemplateItem), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_sms_template(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<SmsTemplateBody>,
) -> ApiResult<Json<SmsTemplateItem>> {
    let draft = TemplateDraft { name: b.name, body: b.body, provider_template: b.provider_template };
    state.store.sms(&actor, Permission::SmsWrite)?.save_template(Some(id), draft).await?;
    Ok(Json(state.store.sms(&actor, Permission::SmsRead)?.template(id).await?.into()))
}

/// Queues a template for fellows, all in one transaction, and says who was
/// left out and why. A fellow id the caller may not send to answers 404 and
/// queues nothing.
#[utoipa::path(post, path = "/sms/queue", tag = "sms", request_body = SmsQueueBody,
    responses((status = 200, body = SmsQueueResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn queue_sms(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<SmsQueueBody>,
) -> ApiResult<Json<SmsQueueResult>> {
    let recipients = match b.fellow_ids {
        Some(ids) => Recipients::Fellows(ids),
        None => {
            let category = match b.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                None => None,
                Some(c) => Some(
                    Category::parse(c)
                        .ok_or_else(|| {
                            AppError::invalid("category 不是有效的类别", "category is not a known category")
                        })?
                        .code()
                        .to_string(),
                ),
            };
            Recipients::Filter(Box::new(FellowQuery {
                township_id: b.township_id,
                category,
                city: b.city.filter(|c| !c.trim().is_empty()),
                tag: b.tag.filter(|t| !t.trim().is_empty()),
                ..Default::default()
            }))
        }
    };
    let req = QueueRequest {
        template_id: b.template_id,
        recipients,
        campaign_id: b.campaign_id,
        sign_off: b.sign_off,
        date: b.date.unwrap_or_else(today),
    };
    Ok(Json(state.store.sms(&actor, Permission::SmsWrite)?.queue(req).await?.into()))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    #[param(value_type = Option<SmsStatusCode>)]
    pub status: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub fellow_id: Option<Uuid>,
    pub batch_id: Option<Uuid>,
    /// Messages per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// Messages to skip (default 0).
    pub offset: Option<u64>,
}

/// The outbox: messages to the fellows the caller may see, newest first.
#[utoipa::path(get, path = "/sms/outbox", tag = "sms", params(OutboxParams),
    responses((status = 200, body = SmsMessageList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_sms_outbox(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<OutboxParams>,
) -> ApiResult<Json<SmsMessageList>> {
    let status = match p.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            Some(SmsStatus::parse(s).ok_or_else(|| AppError::invalid("status 不是有效的发送状态", "Unknown status"))?)
        }
    };
    let q = OutboxQuery {
        status,
        campaign_id: p.campaign_id,
        fellow_id: p.fellow_id,
        batch_id: p.batch_id,
        offset: page_offset(p.offset)?,
        limit: page_size(p.limit)?,
    };
    let sms = state.store.sms(&actor, Permission::SmsRead)?;
    Ok(Json(SmsMessageList {
        items: sms.outbox(&q).await?.into_iter().map(Into::into).collect(),
        total: sms.outbox_count(&q).await?,
        by_status: sms.status_counts(&q).await?.into_iter().map(Into::into).collect(),
    }))
}

/// One message with its status trail; 404 outside the caller's scope.
#[utoipa::path(get, path = "/sms/outbox/{id}", tag = "sms", params(("id" = Uuid, Path, description = "Message id")),
    responses((status = 200, body = SmsMessageDetail), (status = 404, body = ErrorBody)))]
async fn get_sms_message(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<SmsMessageDetail>> {
    Ok(Json(state.store.sms(&actor, Permission::SmsRead)?.message(id).await?.into()))
}

/// Closes a message left `sending` (no answer from the provider) as sent or
/// not; 409 for a message in another state.
#[utoipa::path(post, path = "/sms/outbox/{id}/resolve", tag = "sms", params(("id" = Uuid, Path, description = "Message id")), request_body = SmsResolveBody,
    responses((status = 200, body = SmsMessageDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn resolve_sms_message(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<SmsResolveBody>,
) -> ApiResult<Json<SmsMessageDetail>> {
    state.store.sms(&actor, Permission::SmsWrite)?.resolve(id, b.sent).await?;
    Ok(Json(state.store.sms(&actor, Permission::SmsRead)?.message(id).await?.into()))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OptOutParams {
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// The opt-out list, newest first.
#[utoipa::path(get, path = "/sms/opt-outs", tag = "sms", params(OptOutParams),
    responses((status = 200, body = SmsOptOutList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_sms_opt_outs(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<OptOutParams>,
) -> ApiResult<Json<SmsOptOutList>> {
    let sms = state.store.sms(&actor, Permission::SmsRead)?;
    let items = sms.opt_outs(page_offset(p.offset)?, page_size(p.limit)?).await?;
    Ok(Json(SmsOptOutList { items: items.into_iter().map(Into::into).collect(), total: sms.opt_out_count().await? }))
}

/// Puts a number or a fellow on the opt-out list; 409 when already there.
#[utoipa::path(post, path = "/sms/opt-outs", tag = "sms", request_body = SmsOptOutBody,
    responses((status = 201, body = SmsOptOutItem), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_sms_opt_out(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<SmsOptOutBody>,
) -> ApiResult<(StatusCode, Json<SmsOptOutItem>)> {
    let source = match b.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => OptOutSource::Call,
        Some(s) => OptOutSource::parse(s)
            .ok_or_else(|| AppError::invalid("source 应为 call 或 reply", "source is call or reply"))?,
    };
    let sms = state.store.sms(&actor, Permission::SmsWrite)?;
    let id = sms.add_opt_out(OptOutDraft { phone: b.phone, fellow_id: b.fellow_id, source, note: b.note }).await?;
    let read = state.store.sms(&actor, Permission::SmsRead)?;
    // The newest entry is the one just added.
    let row = read.opt_outs(0, 1).await?.into_iter().find(|o| o.id == id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// Takes an entry off the opt-out list.
#[utoipa::path(delete, path = "/sms/opt-outs/{id}", tag = "sms", params(("id" = Uuid, Path, description = "Opt-out id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove_sms_opt_out(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<StatusCode> {
    state.store.sms(&actor, Permission::SmsWrite)?.remove_opt_out(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A reply to a greeting, handed on by the provider's upstream: R or 退订
/// puts the number on the opt-out list.
#[utoipa::path(post, path = "/sms/replies", tag = "sms", request_body = SmsReplyBody,
    responses((status = 200, body = SmsReplyResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn record_sms_reply(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<SmsReplyBody>,
) -> ApiResult<Json<SmsReplyResult>> {
    let reply = state.store.sms(&actor, Permission::SmsWrite)?.record_reply(&b.phone, &b.text).await?;
    Ok(Json(SmsReplyResult { opt_out: reply == Reply::OptOut }))
}

/// Delivery reports from the provider's upstream: a `sent` (or `sending`)
/// message becomes `delivered`, or fails as not delivered. One transaction.
#[utoipa::path(post, path = "/sms/receipts", tag = "sms", request_body = SmsReceiptsBody,
    responses((status = 200, body = SmsReceiptsResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn record_sms_receipts(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<SmsReceiptsBody>,
) -> ApiResult<Json<SmsReceiptsResult>> {
    let receipts: Vec<Receipt> = b
        .receipts
        .into_iter()
        .map(|r| Receipt { message_id: r.message_id, delivered: r.delivered, detail: r.detail })
        .collect();
    let r = state.store.sms(&actor, Permission::SmsWrite)?.record_receipts(&receipts).await?;
    Ok(Json(SmsReceiptsResult { delivered: r.delivered, undelivered: r.undelivered, ignored: r.ignored }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveredParams {
    pub campaign_id: Uuid,
}

/// The fellows the caller may see with a delivered message of a campaign,
/// each at their first delivery (what a campaign's SMS column ticks from).
#[utoipa::path(get, path = "/sms/delivered", tag = "sms", params(DeliveredParams),
    responses((status = 200, body = Vec<SmsDeliveredItem>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_sms_delivered(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<DeliveredParams>,
) -> ApiResult<Json<Vec<SmsDeliveredItem>>> {
    let rows = state.store.sms(&actor, Permission::SmsRead)?.delivered(p.campaign_id).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}
