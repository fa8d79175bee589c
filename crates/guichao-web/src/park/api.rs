//! `/api/v1/park`: the park's figures as of a day, its parcels and factory
//! units (listed, read, added by a county-wide writer), and allocating a
//! site to a project and releasing it. A double booking, a bad date or a bad
//! area answers 422 with the field under `error.fields`; nothing is written.

use super::api_types::{
    AllocationBody, ParcelBody, ParcelList, ParcelView, ParkAllocationsBody, ParkFiguresBody, ReleaseBody,
    SiteAllocation, UnitBody, UnitList, UnitView,
};
use super::form::release_date;
use super::sorted;
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::{page_offset, page_size};
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use crate::list::Order;
use crate::projects::api::{day, required_day};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::park::UnitDraft;
use guichao_domain::projects::Period;
use guichao_store::Actor;
use guichao_store::park::SiteQuery;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The sortable columns of the site lists; the first is the default.
const SORTS: &[&str] = &["name", "area"];

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(figures))
        .routes(routes!(list_parcels, add_parcel))
        .routes(routes!(get_parcel))
        .routes(routes!(list_units, add_unit))
        .routes(routes!(get_unit))
        .routes(routes!(allocate))
        .routes(routes!(release))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresParams {
    /// The day the records are read as of (default today).
    pub as_of: Option<String>,
    /// With `to`: the first day of a period whose park allocations to count.
    pub from: Option<String>,
    /// With `from`: the period's last day, included.
    pub to: Option<String>,
    /// Count only projects a fellow invested in or introduced.
    pub via_fellows: Option<bool>,
}

/// The park's land and factory space as of `as_of`; with `from` and `to`,
/// also the projects given a site in that period.
#[utoipa::path(get, path = "/park", tag = "park", params(FiguresParams),
    responses((status = 200, body = ParkFiguresBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn figures(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<FiguresParams>,
) -> FieldApiResult<Json<ParkFiguresBody>> {
    let as_of = day(&p.as_of, "as_of")?.unwrap_or_else(today);
    let period = match (&p.from, &p.to) {
        (None, None) => None,
        _ => Some(Period { from: required_day(&p.from, "from")?, to: required_day(&p.to, "to")? }),
    };
    let park = state.store.park(&actor, Permission::ProjectRead)?;
    let via = p.via_fellows.unwrap_or(false);
    let allocations = match period {
        Some(period) => Some(ParkAllocationsBody::new(period, via, park.allocations_in(period, as_of, via).await?)),
        None => None,
    };
    Ok(Json(ParkFiguresBody::new(park.figures(as_of).await?, allocations)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SiteParams {
    /// The day the statuses are for (default today).
    pub as_of: Option<String>,
    /// `name` (the default: parcels by name, units by building, floor and
    /// number) or `area`.
    pub sort: Option<String>,
    /// `asc` (the default) or `desc`.
    pub dir: Option<String>,
    /// Sites per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// Sites to skip (default 0).
    pub offset: Option<u64>,
}

impl SiteParams {
    fn query(&self) -> Result<SiteQuery, AppError> {
        let order = Order::parse(&self.sort, &self.dir, SORTS)?;
        Ok(SiteQuery {
            as_of: day(&self.as_of, "as_of")?.unwrap_or_else(today),
            sort: sorted(order),
            descending: order.descending,
            offset: page_offset(self.offset)?,
            limit: page_size(self.limit)?,
        })
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfParams {
    /// The day the status is for (default today).
    pub as_of: Option<String>,
}

fn as_of(p: &AsOfParams) -> Result<NaiveDate, AppError> {
    Ok(day(&p.as_of, "as_of")?.unwrap_or_else(today))
}

/// The county's land parcels with their status on `as_of`.
#[utoipa::path(get, path = "/park/parcels", tag = "park", params(SiteParams),
    responses((status = 200, body = ParcelList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_parcels(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<SiteParams>,
) -> FieldApiResult<Json<ParcelList>> {
    let (rows, total) = state.store.park(&actor, Permission::ProjectRead)?.parcels(&p.query()?).await?;
    Ok(Json(ParcelList { items: rows.into_iter().map(Into::into).collect(), total }))
}

/// Adds a land parcel (a writer whose `project.write` reaches the whole county).
#[utoipa::path(post, path = "/park/parcels", tag = "park", request_body = ParcelBody,
    responses((status = 201, body = ParcelView), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add_parcel(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<ParcelBody>,
) -> FieldApiResult<(StatusCode, Json<ParcelView>)> {
    let park = state.store.park(&actor, Permission::ProjectWrite)?;
    let draft = body.form().and_then(|f| f.draft()).map_err(FieldApiError::Fields)?;
    let id = park.add_parcel(draft).await?;
    let made = state.store.park(&actor, Permission::ProjectRead)?.parcel(id, today()).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// One parcel with its status on `as_of` and every allocation.
#[utoipa::path(get, path = "/park/parcels/{id}", tag = "park", params(("id" = Uuid, Path, description = "Parcel id"), AsOfParams),
    responses((status = 200, body = ParcelView), (status = 404, body = ErrorBody)))]
async fn get_parcel(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiQuery(p): ApiQuery<AsOfParams>,
) -> FieldApiResult<Json<ParcelView>> {
    let found = state.store.park(&actor, Permission::ProjectRead)?.parcel(id, as_of(&p)?).await?;
    Ok(Json(found.into()))
}

/// The county's standard factory units with their status on `as_of`.
#[utoipa::path(get, path = "/park/units", tag = "park", params(SiteParams),
    responses((status = 200, body = UnitList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_units(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<SiteParams>,
) -> FieldApiResult<Json<UnitList>> {
    let (rows, total) = state.store.park(&actor, Permission::ProjectRead)?.units(&p.query()?).await?;
    Ok(Json(UnitList { items: rows.into_iter().map(Into::into).collect(), total }))
}

/// Adds a standard factory unit (a writer whose `project.write` reaches the whole county).
#[utoipa::path(post, path = "/park/units", tag = "park", request_body = UnitBody,
    responses((status = 201, body = UnitView), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add_unit(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<UnitBody>,
) -> FieldApiResult<(StatusCode, Json<UnitView>)> {
    let park = state.store.park(&actor, Permission::ProjectWrite)?;
    let draft = UnitDraft {
        building: body.building,
        unit_no: body.unit_no,
        floor: body.floor,
        area_m2: body.area_m2,
        notes: body.notes,
    };
    let id = park.add_unit(draft).await?;
    let made = state.store.park(&actor, Permission::ProjectRead)?.unit(id, today()).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// One factory unit with its status on `as_of` and every allocation.
#[utoipa::path(get, path = "/park/units/{id}", tag = "park", params(("id" = Uuid, Path, description = "Unit id"), AsOfParams),
    responses((status = 200, body = UnitView), (status = 404, body = ErrorBody)))]
async fn get_unit(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiQuery(p): ApiQuery<AsOfParams>,
) -> FieldApiResult<Json<UnitView>> {
    let found = state.store.park(&actor, Permission::ProjectRead)?.unit(id, as_of(&p)?).await?;
    Ok(Json(found.into()))
}

/// The allocation `id` as `actor` reads it, with its site.
async fn allocation_of(state: &AppState, actor: &Actor, id: uuid::Uuid) -> FieldApiResult<SiteAllocation> {
    let (site, row) = state.store.park(actor, Permission::ProjectRead)?.allocation(id).await?;
    Ok(SiteAllocation::new(site, row))
}

/// Allocates a parcel or a unit to a project the caller may write. A site
/// already allocated on any of the days answers 422 under `from`, naming the
/// project that holds it only when the caller may see that project.
#[utoipa::path(post, path = "/park/allocations", tag = "park", request_body = AllocationBody,
    responses((status = 201, body = SiteAllocation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn allocate(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<AllocationBody>,
) -> FieldApiResult<(StatusCode, Json<SiteAllocation>)> {
    let park = state.store.park(&actor, Permission::ProjectWrite)?;
    let new = body.allocation().map_err(FieldApiError::Fields)?;
    let id = park.allocate(new).await?;
    Ok((StatusCode::CREATED, Json(allocation_of(&state, &actor, id).await?)))
}

/// Releases an allocation still held: `until` becomes its last day.
#[utoipa::path(post, path = "/park/allocations/{id}/release", tag = "park", params(("id" = Uuid, Path, description = "Allocation id")), request_body = ReleaseBody,
    responses((status = 200, body = SiteAllocation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn release(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ReleaseBody>,
) -> FieldApiResult<Json<SiteAllocation>> {
    let park = state.store.park(&actor, Permission::ProjectWrite)?;
    let until = release_date(&body.until).map_err(FieldApiError::Fields)?;
    park.release(id, until).await?;
    Ok(Json(allocation_of(&state, &actor, id).await?))
}
