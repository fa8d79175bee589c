//! `/api/v1/campaigns/letter-templates` (the county's letter templates) and
//! `/api/v1/campaigns/{id}/letters/...`: the merge preview, and batches
//! marked printed (which tick the letter column) and undone.

use super::api_types::{
    BatchBody, BatchDone, BatchItem, LetterTemplateBody, LetterTemplateItem, Preview, PreviewParams, Undone,
};
use crate::AppState;
use crate::api::fields::{FieldApiResult, FieldErrorBody};
use crate::chambers::ApiTwoIds;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_store::campaigns::letters::{BatchDraft, LetterTemplateDraft, MergeQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_letter_templates, create_letter_template))
        .routes(routes!(get_letter_template, update_letter_template, delete_letter_template))
        .routes(routes!(letters_preview))
        .routes(routes!(list_letter_batches, mark_letters_printed))
        .routes(routes!(undo_letter_batch))
}

/// The county's letter templates by name.
#[utoipa::path(get, path = "/campaigns/letter-templates", tag = "campaigns",
    responses((status = 200, body = Vec<LetterTemplateItem>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_letter_templates(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
) -> ApiResult<Json<Vec<LetterTemplateItem>>> {
    let rows = state.store.campaigns(&actor, Permission::LiaisonRead)?.letter_templates().await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Adds a letter template (county-wide `liaison.write`).
#[utoipa::path(post, path = "/campaigns/letter-templates", tag = "campaigns", request_body = LetterTemplateBody,
    responses((status = 201, body = LetterTemplateItem), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn create_letter_template(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<LetterTemplateBody>,
) -> FieldApiResult<(StatusCode, Json<LetterTemplateItem>)> {
    let draft = LetterTemplateDraft { name: body.name, body: body.body };
    let id = state.store.campaigns(&actor, Permission::LiaisonWrite)?.save_letter_template(None, draft).await?;
    let made = state.store.campaigns(&actor, Permission::LiaisonRead)?.letter_template(id).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// One letter template.
#[utoipa::path(get, path = "/campaigns/letter-templates/{id}", tag = "campaigns", params(("id" = Uuid, Path, description = "Template id")),
    responses((status = 200, body = LetterTemplateItem), (status = 404, body = ErrorBody)))]
async fn get_letter_template(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<LetterTemplateItem>> {
    Ok(Json(state.store.campaigns(&actor, Permission::LiaisonRead)?.letter_template(id).await?.into()))
}

/// Replaces a letter template's name and text.
#[utoipa::path(put, path = "/campaigns/letter-templates/{id}", tag = "campaigns", params(("id" = Uuid, Path, description = "Template id")), request_body = LetterTemplateBody,
    responses((status = 200, body = LetterTemplateItem), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn update_letter_template(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<LetterTemplateBody>,
) -> FieldApiResult<Json<LetterTemplateItem>> {
    let draft = LetterTemplateDraft { name: body.name, body: body.body };
    state.store.campaigns(&actor, Permission::LiaisonWrite)?.save_letter_template(Some(id), draft).await?;
    Ok(Json(state.store.campaigns(&actor, Permission::LiaisonRead)?.letter_template(id).await?.into()))
}

/// Deletes a letter template; printed batches keep its name.
#[utoipa::path(delete, path = "/campaigns/letter-templates/{id}", tag = "campaigns", params(("id" = Uuid, Path, description = "Template id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_letter_template(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<StatusCode> {
    state.store.campaigns(&actor, Permission::LiaisonWrite)?.delete_letter_template(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The merge preview: the campaign's fellows the caller may tick (who may
/// print is who may tick), by name, each with their letter and address;
/// by default only those whose letter is not yet ticked.
#[utoipa::path(get, path = "/campaigns/{id}/letters/preview", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id"), PreviewParams),
    responses((status = 200, body = Preview), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn letters_preview(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiQuery(p): ApiQuery<PreviewParams>,
) -> FieldApiResult<Json<Preview>> {
    let limit = p.limit.unwrap_or(50);
    if !(1..=guichao_domain::campaigns::letters::MAX_LETTERS).contains(&limit) {
        return Err(AppError::invalid("limit 应在 1 至 2000 之间", "limit is 1 to 2000").into());
    }
    let q = MergeQuery {
        template_id: Some(p.template_id),
        township_id: p.township_id,
        only_unticked: !p.all.unwrap_or(false),
        sign_off: p.sign_off.unwrap_or_else(|| super::default_sign_off(actor.tenant_name())),
        date: p.date.unwrap_or_else(today),
        limit,
    };
    let merge = state.store.campaigns(&actor, Permission::LiaisonWrite)?.merge_letters(id, &q).await?;
    Ok(Json(Preview { items: merge.letters.into_iter().map(Into::into).collect(), total: merge.total }))
}

/// The campaign's batches marked printed that the caller may see, latest first.
#[utoipa::path(get, path = "/campaigns/{id}/letters/batches", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = Vec<BatchItem>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_letter_batches(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<Vec<BatchItem>>> {
    let rows = state.store.campaigns(&actor, Permission::LiaisonWrite)?.letter_batches(id).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Marks a batch printed: records it and ticks the letter column of each of
/// its fellows not yet ticked, in one transaction; audited with counts.
/// 404 when a fellow is not one the caller may tick; 409 when all are ticked.
#[utoipa::path(post, path = "/campaigns/{id}/letters/batches", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")), request_body = BatchBody,
    responses((status = 201, body = BatchDone), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn mark_letters_printed(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<BatchBody>,
) -> FieldApiResult<(StatusCode, Json<BatchDone>)> {
    let draft = BatchDraft {
        template_id: body.template_id,
        township_id: body.township_id,
        only_unticked: body.only_unticked.unwrap_or(true),
        sign_off: body.sign_off,
        date: body.date,
        fellow_ids: body.fellow_ids,
    };
    let done = state.store.campaigns(&actor, Permission::LiaisonWrite)?.mark_letters_printed(id, draft).await?;
    Ok((StatusCode::CREATED, Json(done.into())))
}

/// Undoes a batch: removes its ticks and marks it undone; audited.
#[utoipa::path(post, path = "/campaigns/{id}/letters/batches/{batch_id}/undo", tag = "campaigns",
    params(("id" = Uuid, Path, description = "Campaign id"), ("batch_id" = Uuid, Path, description = "Batch id")),
    responses((status = 200, body = Undone), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn undo_letter_batch(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, batch_id): ApiTwoIds,
) -> ApiResult<Json<Undone>> {
    let ticks = state.store.campaigns(&actor, Permission::LiaisonWrite)?.undo_letter_batch(id, batch_id).await?;
    Ok(Json(Undone { ticks }))
}
