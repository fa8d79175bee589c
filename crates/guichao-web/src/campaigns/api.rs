//! `/api/v1/campaigns`: the four-ones campaigns — list, draft, edit, launch
//! and close; the matrix page by page; completion by township or cadre;
//! ticks by hand; fellows added or removed by hand. Campaigns are few (a
//! handful a year), so their list is a plain array; the matrix is paged.

use super::api_types::{
    CampaignBody, CampaignDetail, CampaignItem, Completion, CompletionParams, FellowBody, Launched, MatrixItem,
    MatrixList, MatrixParams, Tick, TickBody,
};
use super::parse_missing;
use crate::AppState;
use crate::api::fields::{FieldApiResult, FieldErrorBody};
use crate::api::page_size;
use crate::chambers::ApiTwoIds;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser, request_lang};
use crate::list::page_number;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_store::campaigns::{CompletionBy, MatrixQuery};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_campaigns, create_campaign))
        .routes(routes!(get_campaign, update_campaign))
        .routes(routes!(launch_campaign))
        .routes(routes!(close_campaign))
        .routes(routes!(campaign_matrix))
        .routes(routes!(campaign_completion))
        .routes(routes!(tick_by_hand))
        .routes(routes!(remove_tick))
        .routes(routes!(add_campaign_fellow))
        .routes(routes!(remove_campaign_fellow))
        .merge(super::gifts::api::routes())
        .merge(super::letters::api::routes())
}

/// Every campaign of the caller's county, the latest first.
#[utoipa::path(get, path = "/campaigns", tag = "campaigns",
    responses((status = 200, body = Vec<CampaignItem>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_campaigns(State(state): State<AppState>, ApiUser(actor): ApiUser) -> ApiResult<Json<Vec<CampaignItem>>> {
    let rows = state.store.campaigns(&actor, Permission::LiaisonRead)?.page(0, 200, false).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Drafts a campaign (county-wide `liaison.write`); its fellows are chosen at launch.
#[utoipa::path(post, path = "/campaigns", tag = "campaigns", request_body = CampaignBody,
    responses((status = 201, body = CampaignDetail), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn create_campaign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<CampaignBody>,
) -> FieldApiResult<(StatusCode, Json<CampaignDetail>)> {
    let id = state.store.campaigns(&actor, Permission::LiaisonWrite)?.create(body.draft()?).await?;
    let made = state.store.campaigns(&actor, Permission::LiaisonRead)?.get(id).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// One campaign with its filter.
#[utoipa::path(get, path = "/campaigns/{id}", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignDetail), (status = 404, body = ErrorBody)))]
async fn get_campaign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<CampaignDetail>> {
    Ok(Json(state.store.campaigns(&actor, Permission::LiaisonRead)?.get(id).await?.into()))
}

/// Replaces a draft's name, period, kinds and filter (422 once launched).
#[utoipa::path(put, path = "/campaigns/{id}", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")), request_body = CampaignBody,
    responses((status = 200, body = CampaignDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn update_campaign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<CampaignBody>,
) -> FieldApiResult<Json<CampaignDetail>> {
    state.store.campaigns(&actor, Permission::LiaisonWrite)?.update(id, body.draft()?).await?;
    Ok(Json(state.store.campaigns(&actor, Permission::LiaisonRead)?.get(id).await?.into()))
}

/// Launches a draft: the fellows its filter selects now are frozen as its fellows.
#[utoipa::path(post, path = "/campaigns/{id}/launch", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = Launched), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn launch_campaign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<Launched>> {
    let fellows = state.store.campaigns(&actor, Permission::LiaisonWrite)?.launch(id).await?;
    Ok(Json(Launched { fellows }))
}

/// Closes a launched campaign; no more ticks by hand.
#[utoipa::path(post, path = "/campaigns/{id}/close", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")),
    responses((status = 200, body = CampaignDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn close_campaign(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<CampaignDetail>> {
    state.store.campaigns(&actor, Permission::LiaisonWrite)?.close(id).await?;
    Ok(Json(state.store.campaigns(&actor, Permission::LiaisonRead)?.get(id).await?.into()))
}

/// The matrix: the campaign's fellows the caller may see, by name, each with
/// their ticks; filtered by township, cadre and a missing kind (or `any`).
#[utoipa::path(get, path = "/campaigns/{id}/matrix", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id"), MatrixParams),
    responses((status = 200, body = MatrixList), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn campaign_matrix(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiQuery(p): ApiQuery<MatrixParams>,
) -> ApiResult<Json<MatrixList>> {
    let limit = page_size(p.limit)?;
    let page = page_number(&p.page)?;
    let missing =
        match p.missing.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            None => None,
            Some(m) => Some(parse_missing(m).ok_or_else(|| {
                AppError::invalid("missing 应为慰问方式代码或 any", "missing is a kind's code or any")
            })?),
        };
    let q = MatrixQuery {
        township_id: p.township_id,
        cadre_id: p.cadre_id,
        missing,
        offset: (page - 1) * limit,
        limit,
        ..Default::default()
    };
    let found = state.store.campaigns(&actor, Permission::LiaisonRead)?.matrix(id, &q).await?;
    let shown = q.offset + found.rows.len() as u64;
    let next = (shown < found.total && !found.rows.is_empty()).then(|| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("township_id", p.township_id.map(|v| v.to_string())),
            ("cadre_id", p.cadre_id.map(|v| v.to_string())),
            ("missing", p.missing.clone()),
        ] {
            if let Some(v) = v {
                query.append_pair(k, &v);
            }
        }
        query.append_pair("limit", &limit.to_string()).append_pair("page", &(page + 1).to_string());
        format!("/api/v1/campaigns/{id}/matrix?{}", query.finish())
    });
    let items: Vec<MatrixItem> = found.rows.into_iter().map(Into::into).collect();
    Ok(Json(MatrixList { items, total: found.total, next }))
}

/// Completion by township (default) or by cadre, over the fellows the caller may see.
#[utoipa::path(get, path = "/campaigns/{id}/completion", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id"), CompletionParams),
    responses((status = 200, body = Completion), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn campaign_completion(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiQuery(p): ApiQuery<CompletionParams>,
) -> ApiResult<Json<Completion>> {
    let by = match p.by.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => CompletionBy::Township,
        Some(b) => CompletionBy::parse(b)
            .ok_or_else(|| AppError::invalid("by 应为 township 或 cadre", "by is township or cadre"))?,
    };
    let (rows, total) =
        state.store.campaigns(&actor, Permission::LiaisonRead)?.completion(id, by, request_lang()).await?;
    Ok(Json(Completion { by: by.code().into(), rows: rows.into_iter().map(Into::into).collect(), total: total.into() }))
}

/// Ticks a kind for a fellow by hand (a launched campaign; `liaison.write`
/// over the fellow); 409 when that kind is ticked by hand already.
#[utoipa::path(post, path = "/campaigns/{id}/ticks", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")), request_body = TickBody,
    responses((status = 201, body = Tick), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn tick_by_hand(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<TickBody>,
) -> FieldApiResult<(StatusCode, Json<Tick>)> {
    let kind = body.kind()?;
    let tick_id = state
        .store
        .campaigns(&actor, Permission::LiaisonWrite)?
        .tick(id, body.fellow_id, kind, body.date, &body.note)
        .await?;
    let row = state.store.campaigns(&actor, Permission::LiaisonRead)?.row(id, body.fellow_id).await?;
    let tick = row.ticks.into_iter().find(|t| t.tick_id == Some(tick_id)).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(tick.into())))
}

/// Removes a tick made by hand (others go with what made them: 422).
#[utoipa::path(delete, path = "/campaigns/{id}/ticks/{tick_id}", tag = "campaigns",
    params(("id" = Uuid, Path, description = "Campaign id"), ("tick_id" = Uuid, Path, description = "Tick id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn remove_tick(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, tick_id): ApiTwoIds,
) -> ApiResult<StatusCode> {
    state.store.campaigns(&actor, Permission::LiaisonWrite)?.untick(id, tick_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a fellow to a launched campaign by hand (county-wide `liaison.write`); audited.
#[utoipa::path(post, path = "/campaigns/{id}/fellows", tag = "campaigns", params(("id" = Uuid, Path, description = "Campaign id")), request_body = FellowBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add_campaign_fellow(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<FellowBody>,
) -> FieldApiResult<StatusCode> {
    state.store.campaigns(&actor, Permission::LiaisonWrite)?.add_fellow(id, body.fellow_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a fellow out of a launched campaign by hand; audited.
#[utoipa::path(delete, path = "/campaigns/{id}/fellows/{fellow_id}", tag = "campaigns",
    params(("id" = Uuid, Path, description = "Campaign id"), ("fellow_id" = Uuid, Path, description = "Fellow id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn remove_campaign_fellow(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, fellow_id): ApiTwoIds,
) -> ApiResult<StatusCode> {
    state.store.campaigns(&actor, Permission::LiaisonWrite)?.remove_fellow(id, fellow_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
