//! `/api/v1/fellows/{id}/…`: companies, relations and roles held; and the
//! registry's likely duplicates with merge and undo.

use super::api_body::{EndHeldRoleBody, FellowCompanyBody, FellowMergeBody, FellowRelationBody, HeldRoleBody};
use super::api_error::{FellowApiError, FellowApiResult, FellowErrorBody};
use super::api_types::{DuplicatePairItem, Fellow, FellowCompany, FellowRelation, FellowRole};
use crate::AppState;
use crate::error::{ApiError, AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser, request_lang};
use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{CompanyRole, CreditCode, HeldRole, RelationKind};
use guichao_store::StoreError;
use guichao_store::fellows::CompanyDraft;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_company))
        .routes(routes!(remove_company))
        .routes(routes!(add_relation))
        .routes(routes!(remove_relation))
        .routes(routes!(add_role))
        .routes(routes!(end_role))
        .routes(routes!(duplicates))
        .routes(routes!(merge))
        .routes(routes!(unmerge))
}

/// The fellow and a record under them in the path; malformed ids answer 404.
struct ApiIds(Uuid, Uuid);

impl<S: Send + Sync> FromRequestParts<S> for ApiIds {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<(Uuid, Uuid)>::from_request_parts(parts, state).await {
            Ok(Path((a, b))) => Ok(ApiIds(a, b)),
            Err(_) => Err(AppError::NotFound.into()),
        }
    }
}

/// A vocabulary value by code or by the words people write.
fn vocab<T>(
    field: &'static str,
    text: &str,
    parse: fn(&str) -> Option<T>,
    words: fn(&str) -> Option<T>,
) -> FellowApiResult<T> {
    parse(text.trim()).or_else(|| words(text)).ok_or_else(|| {
        FellowApiError::field(field, format!("{field} 的值“{text}”无法识别"), format!("Unknown {field} {text:?}"))
    })
}

/// Links a company (reusing a known one with the same credit code, else name).
#[utoipa::path(post, path = "/fellows/{id}/companies", tag = "fellows", params(("id" = Uuid, Path, description = "Fellow id")), request_body = FellowCompanyBody,
    responses((status = 201, body = FellowCompany), (status = 404, body = ErrorBody), (status = 422, body = FellowErrorBody)))]
async fn add_company(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<FellowCompanyBody>,
) -> FellowApiResult<(StatusCode, Json<FellowCompany>)> {
    let role = vocab("role", &b.role, CompanyRole::parse, CompanyRole::from_words)?;
    let credit_code = match b.credit_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(code) => Some(
            CreditCode::parse(code)
                .map_err(|e| FellowApiError::field("credit_code", e.message(Lang::Zh), e.message(Lang::En)))?,
        ),
    };
    let draft = CompanyDraft { name: b.name, credit_code, industry: b.industry, city: b.city };
    let link = state.store.fellows(&actor, Permission::FellowWrite)?.link_company(id, draft, role).await?;
    let view = state.store.fellows(&actor, Permission::FellowRead)?.get(id).await?;
    let company = view.companies.into_iter().find(|c| c.link_id == link).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(company.into())))
}

/// Removes a company from the fellow (the company record stays).
#[utoipa::path(delete, path = "/fellows/{id}/companies/{link_id}", tag = "fellows",
    params(("id" = Uuid, Path, description = "Fellow id"), ("link_id" = Uuid, Path, description = "The link's id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove_company(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiIds(id, link): ApiIds,
) -> FellowApiResult<StatusCode> {
    state.store.fellows(&actor, Permission::FellowWrite)?.unlink_company(id, link).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records that this fellow and another (whom the caller may see) are related.
#[utoipa::path(post, path = "/fellows/{id}/relations", tag = "fellows", params(("id" = Uuid, Path, description = "Fellow id")), request_body = FellowRelationBody,
    responses((status = 201, body = FellowRelation), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = FellowErrorBody)))]
async fn add_relation(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<FellowRelationBody>,
) -> FellowApiResult<(StatusCode, Json<FellowRelation>)> {
    let kind = vocab("kind", &b.kind, RelationKind::parse, RelationKind::from_words)?;
    // The fellow first, so that "not found" afterwards means the other one.
    state.store.fellows(&actor, Permission::FellowRead)?.get(id).await?;
    let relation =
        match state.store.fellows(&actor, Permission::FellowWrite)?.relate(id, b.other_id, kind, &b.note).await {
            Err(StoreError::NotFound) => {
                return Err(FellowApiError::field("other_id", "未找到该乡友", "No such fellow"));
            }
            other => other?,
        };
    let view = state.store.fellows(&actor, Permission::FellowRead)?.get(id).await?;
    let found = view.relations.into_iter().find(|r| r.id == relation).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(found.into())))
}

#[utoipa::path(delete, path = "/fellows/{id}/relations/{relation_id}", tag = "fellows",
    params(("id" = Uuid, Path, description = "Fellow id"), ("relation_id" = Uuid, Path, description = "Relation id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove_relation(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiIds(id, relation): ApiIds,
) -> FellowApiResult<StatusCode> {
    state.store.fellows(&actor, Permission::FellowWrite)?.unrelate(id, relation).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a role the fellow holds (industry advisor, deputy, CPPCC member).
#[utoipa::path(post, path = "/fellows/{id}/roles", tag = "fellows", params(("id" = Uuid, Path, description = "Fellow id")), request_body = HeldRoleBody,
    responses((status = 201, body = FellowRole), (status = 404, body = ErrorBody), (status = 422, body = FellowErrorBody)))]
async fn add_role(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<HeldRoleBody>,
) -> FellowApiResult<(StatusCode, Json<FellowRole>)> {
    let role = vocab("role", &b.role, HeldRole::parse, HeldRole::from_words)?;
    let role_id = state
        .store
        .fellows(&actor, Permission::FellowWrite)?
        .add_held_role(id, role, b.start_date, b.end_date, &b.note)
        .await?;
    let view = state.store.fellows(&actor, Permission::FellowRead)?.get(id).await?;
    let found = view.roles.into_iter().find(|r| r.id == role_id).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(found.into())))
}

/// Ends a role held (roles are never deleted: their dates are history).
#[utoipa::path(post, path = "/fellows/{id}/roles/{role_id}/end", tag = "fellows",
    params(("id" = Uuid, Path, description = "Fellow id"), ("role_id" = Uuid, Path, description = "Held role id")), request_body = EndHeldRoleBody,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn end_role(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiIds(id, role): ApiIds,
    ApiJson(b): ApiJson<EndHeldRoleBody>,
) -> FellowApiResult<StatusCode> {
    state
        .store
        .fellows(&actor, Permission::FellowWrite)?
        .end_held_role(id, role, b.end_date.unwrap_or_else(guichao_domain::date::today))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct DuplicateParams {
    /// Pairs at most, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
}

/// Pairs of records in the caller's scope that look like one person (a small,
/// bounded list: a plain array).
#[utoipa::path(get, path = "/fellows/duplicates", tag = "fellows", params(DuplicateParams),
    responses((status = 200, body = Vec<DuplicatePairItem>), (status = 403, body = ErrorBody)))]
async fn duplicates(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<DuplicateParams>,
) -> FellowApiResult<Json<Vec<DuplicatePairItem>>> {
    let lang = request_lang();
    let pairs = state
        .store
        .fellows(&actor, Permission::FellowRead)?
        .duplicate_pairs(crate::api::page_size(p.limit)? as usize)
        .await?;
    Ok(Json(pairs.into_iter().map(|p| DuplicatePairItem::new(p, lang)).collect()))
}

/// Merges `drop` into `keep` (both writable by the caller); answers the kept record.
#[utoipa::path(post, path = "/fellows/merge", tag = "fellows", request_body = FellowMergeBody,
    responses((status = 200, body = Fellow), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn merge(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<FellowMergeBody>,
) -> FellowApiResult<Json<Fellow>> {
    state.store.fellows(&actor, Permission::FellowWrite)?.merge(b.keep, b.drop).await?;
    Ok(Json(state.store.fellows(&actor, Permission::FellowRead)?.get(b.keep).await?.into()))
}

/// Undoes the merge of a dropped record (the `id` of the record that was merged away).
#[utoipa::path(post, path = "/fellows/{id}/unmerge", tag = "fellows", params(("id" = Uuid, Path, description = "The merged-away fellow's id")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn unmerge(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FellowApiResult<StatusCode> {
    state.store.fellows(&actor, Permission::FellowWrite)?.unmerge(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
