//! `/api/v1/chambers`: chambers of commerce, their liaison offices and members.
//! Chambers are few (tens per county), so the list is a plain array.

use super::ApiTwoIds;
use super::api_types::{ChamberDetail, ChamberItem, ChamberMember, ChamberOffice};
use crate::AppState;
use crate::api::vocab::{ChamberKindCode, MemberPositionCode};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiUser};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::chambers::{ChamberKind, MemberPosition};
use guichao_store::chambers::ChamberDraft;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_chambers, create_chamber))
        .routes(routes!(get_chamber, update_chamber))
        .routes(routes!(add_chamber_office))
        .routes(routes!(remove_chamber_office))
        .routes(routes!(add_chamber_member))
        .routes(routes!(end_chamber_membership))
        .routes(routes!(add_chamber_staff))
        .routes(routes!(remove_chamber_staff))
}

/// A chamber as created or edited.
#[derive(Deserialize, ToSchema)]
pub struct ChamberBody {
    /// Unique in the county, 1-100 characters.
    pub name: String,
    /// `remote` (needs `city`) or `township` (needs `township_id`).
    #[schema(value_type = ChamberKindCode)]
    pub kind: String,
    #[serde(default)]
    pub city: String,
    /// Ignored for a remote chamber.
    pub township_id: Option<Uuid>,
    pub founded: Option<NaiveDate>,
    #[serde(default)]
    pub notes: String,
}

impl ChamberBody {
    fn draft(self) -> Result<ChamberDraft, AppError> {
        let kind = ChamberKind::parse(&self.kind).ok_or_else(|| {
            AppError::invalid("kind 应为 remote（异地商会）或 township（乡镇商会）", "kind is remote or township")
        })?;
        Ok(ChamberDraft {
            name: self.name,
            kind,
            city: self.city,
            township_id: self.township_id,
            founded: self.founded,
            notes: self.notes,
        })
    }
}

#[derive(Deserialize, ToSchema)]
pub struct OfficeBody {
    pub name: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub address: String,
}

#[derive(Deserialize, ToSchema)]
pub struct MemberBody {
    pub fellow_id: Uuid,
    #[schema(value_type = MemberPositionCode)]
    pub position: String,
    pub since: Option<NaiveDate>,
}

#[derive(Deserialize, ToSchema)]
pub struct EndMembershipBody {
    /// The last day of membership; today when absent.
    pub until: Option<NaiveDate>,
}

/// Every chamber of the caller's county, remote ones first.
#[utoipa::path(get, path = "/chambers", tag = "chambers",
    responses((status = 200, body = Vec<ChamberItem>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_chambers(State(state): State<AppState>, ApiUser(actor): ApiUser) -> ApiResult<Json<Vec<ChamberItem>>> {
    Ok(Json(state.store.chambers(&actor, Permission::ChamberRead)?.list().await?.into_iter().map(Into::into).collect()))
}

/// Creates a chamber; 409 when the name is taken.
#[utoipa::path(post, path = "/chambers", tag = "chambers", request_body = ChamberBody,
    responses((status = 201, body = ChamberDetail), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_chamber(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<ChamberBody>,
) -> ApiResult<(StatusCode, Json<ChamberDetail>)> {
    let id = state.store.chambers(&actor, Permission::ChamberWrite)?.create(body.draft()?).await?;
    Ok((StatusCode::CREATED, Json(state.store.chambers(&actor, Permission::ChamberRead)?.get(id).await?.into())))
}

/// One chamber with its offices and the members the caller may see.
#[utoipa::path(get, path = "/chambers/{id}", tag = "chambers", params(("id" = Uuid, Path, description = "Chamber id")),
    responses((status = 200, body = ChamberDetail), (status = 404, body = ErrorBody)))]
async fn get_chamber(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<ChamberDetail>> {
    Ok(Json(state.store.chambers(&actor, Permission::ChamberRead)?.get(id).await?.into()))
}

/// Edits a chamber.
#[utoipa::path(put, path = "/chambers/{id}", tag = "chambers", params(("id" = Uuid, Path, description = "Chamber id")), request_body = ChamberBody,
    responses((status = 200, body = ChamberDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_chamber(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ChamberBody>,
) -> ApiResult<Json<ChamberDetail>> {
    state.store.chambers(&actor, Permission::ChamberWrite)?.update(id, body.draft()?).await?;
    Ok(Json(state.store.chambers(&actor, Permission::ChamberRead)?.get(id).await?.into()))
}

/// Sets up a liaison office under a chamber.
#[utoipa::path(post, path = "/chambers/{id}/offices", tag = "chambers", params(("id" = Uuid, Path, description = "Chamber id")), request_body = OfficeBody,
    responses((status = 201, body = ChamberOffice), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_chamber_office(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<OfficeBody>,
) -> ApiResult<(StatusCode, Json<ChamberOffice>)> {
    let office =
        state.store.chambers(&actor, Permission::ChamberWrite)?.add_office(id, &b.name, &b.city, &b.address).await?;
    let view = state.store.chambers(&actor, Permission::ChamberRead)?.get(id).await?;
    let row = view.offices.into_iter().find(|o| o.id == office).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// Removes a liaison office.
#[utoipa::path(delete, path = "/chambers/{id}/offices/{office_id}", tag = "chambers",
    params(("id" = Uuid, Path, description = "Chamber id"), ("office_id" = Uuid, Path, description = "Liaison office id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove_chamber_office(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, office): ApiTwoIds,
) -> ApiResult<StatusCode> {
    state.store.chambers(&actor, Permission::ChamberWrite)?.remove_office(id, office).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a fellow as a member; the caller must be able to write the fellow. 404
/// for a fellow outside the caller's scope, 409 when already a member.
#[utoipa::path(post, path = "/chambers/{id}/members", tag = "chambers", params(("id" = Uuid, Path, description = "Chamber id")), request_body = MemberBody,
    responses((status = 201, body = ChamberMember), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_chamber_member(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<MemberBody>,
) -> ApiResult<(StatusCode, Json<ChamberMember>)> {
    let position = MemberPosition::parse(&b.position).ok_or_else(|| {
        AppError::invalid(
            "position 应为 president、vice_president、secretary_general 或 member",
            "position is president, vice_president, secretary_general or member",
        )
    })?;
    let member =
        state.store.chambers(&actor, Permission::ChamberWrite)?.add_member(id, b.fellow_id, position, b.since).await?;
    let view = state.store.chambers(&actor, Permission::ChamberRead)?.get(id).await?;
    let row = view.members.into_iter().find(|m| m.id == member).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// Ends a membership on `until`, else today (an empty body will do).
#[utoipa::path(post, path = "/chambers/{id}/members/{member_id}/end", tag = "chambers",
    params(("id" = Uuid, Path, description = "Chamber id"), ("member_id" = Uuid, Path, description = "Membership id")), request_body = EndMembershipBody,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn end_chamber_membership(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, member): ApiTwoIds,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<StatusCode> {
    let body = body.map_err(|_| AppError::TooLarge)?;
    let b: EndMembershipBody = if body.iter().all(u8::is_ascii_whitespace) {
        EndMembershipBody { until: None }
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            AppError::invalid(
                format!("请求内容不是有效的 JSON 或字段不符：{e}"),
                format!("The body is not valid JSON for this call: {e}"),
            )
        })?
    };
    let view = state.store.chambers(&actor, Permission::ChamberRead)?.get(id).await?;
    if !view.members.iter().chain(&view.former_members).any(|m| m.id == member) {
        return Err(AppError::NotFound.into());
    }
    let until = b.until.unwrap_or_else(guichao_domain::date::today);
    state.store.chambers(&actor, Permission::ChamberWrite)?.end_membership(member, until).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whom to name as a chamber's staff.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffBody {
    /// An active user holding the chamber liaison role.
    pub user_id: Uuid,
}

/// Names a chamber liaison as the chamber's staff: they may then add and end
/// its memberships. Needs `chamber.write` for the whole county.
#[utoipa::path(post, path = "/chambers/{id}/staff", tag = "chambers", request_body = StaffBody,
    params(("id" = Uuid, Path, description = "Chamber id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_chamber_staff(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<StaffBody>,
) -> ApiResult<StatusCode> {
    state.store.chambers(&actor, Permission::ChamberWrite)?.add_staff(id, b.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends a user's staffing of a chamber.
#[utoipa::path(delete, path = "/chambers/{id}/staff/{user_id}", tag = "chambers",
    params(("id" = Uuid, Path, description = "Chamber id"), ("user_id" = Uuid, Path, description = "The staff member's user id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_chamber_staff(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, user): ApiTwoIds,
) -> ApiResult<StatusCode> {
    state.store.chambers(&actor, Permission::ChamberWrite)?.remove_staff(id, user).await?;
    Ok(StatusCode::NO_CONTENT)
}
