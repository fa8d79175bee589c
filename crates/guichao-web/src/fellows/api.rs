//! `/api/v1/fellows`: the registry within the caller's scope. Lists and search
//! answer masked rows; a fellow answers with what hangs off them; writes take
//! the form's fields and answer each broken rule per field (see `api_error`).

use super::api_body::{FellowEditBody, NewFellowBody, RevealFieldBody};
use super::api_error::{FellowApiError, FellowApiResult, FellowErrorBody};
use super::api_types::{Fellow, FellowCount, FellowItem, FellowList, RevealedValue};
use super::query::{ListParams, cut_page, probe_limit};
use crate::AppState;
use crate::api::page_size;
use crate::error::ErrorBody;
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser, request_lang};
use crate::list::page_number;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_domain::fellows::FellowDraft;
use guichao_store::Actor;
use guichao_store::fellows::{FellowQuery, PersonalField};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_fellows, create_fellow))
        .routes(routes!(count_fellows))
        .routes(routes!(get_fellow, update_fellow))
        .routes(routes!(archive_fellow))
        .routes(routes!(restore_fellow))
        .routes(routes!(reveal))
        .merge(super::api_ties::routes())
}

/// Fellows in the caller's scope, filtered, by name in pinyin order (or as
/// `sort` and `dir` say; `page` for a page by number); or, with `q`, every match
/// of a search, best first, with `total` the number of matches and `next` the
/// page after (at most 100 a page).
#[utoipa::path(get, path = "/fellows", tag = "fellows", params(ListParams),
    responses((status = 200, body = FellowList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_fellows(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> FellowApiResult<Json<FellowList>> {
    let lang = request_lang();
    let limit = page_size(p.limit)?;
    if let Some(text) = p.search_text() {
        let offset = p.search_offset()?;
        let page = state.store.fellows(&actor, Permission::FellowRead)?.search_page(text, offset, limit).await?;
        let shown = offset + page.rows.len() as u64;
        let next = (shown < page.total && !page.rows.is_empty())
            .then(|| p.next_search_path("/api/v1/fellows", text, shown, Some(limit)));
        let items = page.rows.into_iter().map(|r| FellowItem::new(r, lang)).collect();
        return Ok(Json(FellowList { items, next, total: Some(page.total) }));
    }
    let page = page_number(&p.page)?;
    let q = FellowQuery { offset: (page - 1) * limit, ..p.to_query(&actor, probe_limit(limit))? };
    let mut rows = state.store.fellows(&actor, Permission::FellowRead)?.list(&q).await?;
    let more = cut_page(&mut rows, limit);
    let next = more.then(|| p.next_path("/api/v1/fellows", &rows[rows.len() - 1], limit, page));
    Ok(Json(FellowList { items: rows.into_iter().map(|r| FellowItem::new(r, lang)).collect(), next, total: None }))
}

/// How many fellows the same filters select in all (`q`, `after` and `limit` are ignored).
#[utoipa::path(get, path = "/fellows/count", tag = "fellows", params(ListParams),
    responses((status = 200, body = FellowCount), (status = 422, body = ErrorBody)))]
async fn count_fellows(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> FellowApiResult<Json<FellowCount>> {
    // `limit` is not used, but a value out of range is refused as on the list.
    page_size(p.limit)?;
    let q = FellowQuery { after: None, ..p.to_query(&actor, 1)? };
    Ok(Json(FellowCount { count: state.store.fellows(&actor, Permission::FellowRead)?.count(&q).await? }))
}

/// One fellow, personal data masked; 404 when missing or outside the caller's scope.
#[utoipa::path(get, path = "/fellows/{id}", tag = "fellows", params(("id" = Uuid, Path, description = "Fellow id")),
    responses((status = 200, body = Fellow), (status = 404, body = ErrorBody)))]
async fn get_fellow(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FellowApiResult<Json<Fellow>> {
    Ok(Json(state.store.fellows(&actor, Permission::FellowRead)?.get(id).await?.into()))
}

/// Refuses a draft that resembles stored records, unless confirmed.
async fn check_duplicates(
    state: &AppState,
    actor: &Actor,
    draft: &FellowDraft,
    except: Option<Uuid>,
    confirmed: bool,
) -> FellowApiResult<()> {
    if confirmed {
        return Ok(());
    }
    let hits = state.store.fellows(actor, Permission::FellowRead)?.duplicates(draft, except).await?;
    if hits.is_empty() { Ok(()) } else { Err(FellowApiError::Duplicates(hits)) }
}

/// Registers a fellow. Every broken rule is listed under `error.fields`; a
/// record that resembles stored ones answers 409 with `error.duplicates`
/// unless `confirm_duplicates` is true.
#[utoipa::path(post, path = "/fellows", tag = "fellows", request_body = NewFellowBody,
    responses((status = 201, body = Fellow), (status = 403, body = ErrorBody), (status = 409, body = FellowErrorBody), (status = 422, body = FellowErrorBody)))]
async fn create_fellow(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<NewFellowBody>,
) -> FellowApiResult<(StatusCode, Json<Fellow>)> {
    actor.scope(guichao_domain::access::Permission::FellowWrite)?;
    let draft = body.form().parse(guichao_domain::date::today()).map_err(FellowApiError::Fields)?;
    check_duplicates(&state, &actor, &draft, None, body.confirm_duplicates).await?;
    let id = state.store.fellows(&actor, Permission::FellowWrite)?.create(draft).await?;
    Ok((StatusCode::CREATED, Json(state.store.fellows(&actor, Permission::FellowRead)?.get(id).await?.into())))
}

/// Replaces a fellow's record (see the body for personal fields); 409 when
/// `version` is stale or the record resembles others (unless confirmed).
#[utoipa::path(put, path = "/fellows/{id}", tag = "fellows", params(("id" = Uuid, Path, description = "Fellow id")), request_body = FellowEditBody,
    responses((status = 200, body = Fellow), (status = 404, body = ErrorBody), (status = 409, body = FellowErrorBody), (status = 422, body = FellowErrorBody)))]
async fn update_fellow(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<FellowEditBody>,
) -> FellowApiResult<Json<Fellow>> {
    let stored = state.store.fellows(&actor, Permission::FellowRead)?.get(id).await?;
    if !stored.can_write {
        return Err(crate::error::AppError::Forbidden.into());
    }
    let (form, keep) = body.form(&stored);
    let draft = form.parse(guichao_domain::date::today()).map_err(FellowApiError::Fields)?;
    check_duplicates(&state, &actor, &draft, Some(id), body.confirm_duplicates).await?;
    state.store.fellows(&actor, Permission::FellowWrite)?.update_keep(id, draft, body.version, &keep).await?;
    Ok(Json(state.store.fellows(&actor, Permission::FellowRead)?.get(id).await?.into()))
}

/// Archives a fellow (never deletes): they leave lists and search.
#[utoipa::path(post, path = "/fellows/{id}/archive", tag = "fellows", params(("id" = Uuid, Path, description = "Fellow id")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn archive_fellow(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FellowApiResult<StatusCode> {
    state.store.fellows(&actor, Permission::FellowWrite)?.archive(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Brings an archived fellow back.
#[utoipa::path(post, path = "/fellows/{id}/restore", tag = "fellows", params(("id" = Uuid, Path, description = "Fellow id")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn restore_fellow(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FellowApiResult<StatusCode> {
    state.store.fellows(&actor, Permission::FellowWrite)?.restore(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One personal value in full. Needs `fellow.reveal` over the fellow (403
/// otherwise); every call is recorded in the audit log.
#[utoipa::path(post, path = "/fellows/{id}/reveal", tag = "fellows", params(("id" = Uuid, Path, description = "Fellow id")), request_body = RevealFieldBody,
    responses((status = 200, body = RevealedValue), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FellowErrorBody)))]
async fn reveal(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<RevealFieldBody>,
) -> FellowApiResult<Json<RevealedValue>> {
    let field = PersonalField::parse(body.field.trim()).ok_or_else(|| {
        FellowApiError::field(
            "field",
            "field 应为 phone、id_number、wechat 或 email",
            "field is phone, id_number, wechat or email",
        )
    })?;
    let value = state.store.fellows(&actor, Permission::FellowReveal)?.reveal(id, field).await?;
    Ok(Json(RevealedValue { field: field.code().into(), value }))
}
