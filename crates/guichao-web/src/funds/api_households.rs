//! `/api/v1/households`: the "211" households the caller sees (a township
//! user: their township's), recording and correcting one (county
//! `fund.write`, audited), and their count by township on a day; and
//! `/api/v1/funds/market`: a year's new market registrations (市场主体) by township and
//! kind with totals.

use super::api::{AsOfParams, as_of};
use crate::AppState;
use crate::api::fields::{FieldApiResult, FieldErrorBody};
use crate::api::{page_offset, page_size};
use crate::error::ErrorBody;
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_domain::funds::market::EntityKind;
use guichao_store::funds::households::{HouseholdDraft, HouseholdQuery, HouseholdRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, add))
        .routes(routes!(by_township))
        .routes(routes!(one, update))
        .routes(routes!(market))
}

/// A "211" household: land in hundredths of a mu, income in fen a year.
#[derive(Serialize, ToSchema)]
pub struct HouseholdView {
    pub id: Uuid,
    pub head_name: String,
    /// The village (or the township) it is recorded in.
    pub unit_id: Uuid,
    pub unit: String,
    pub township_id: Uuid,
    pub township: String,
    pub area_hundredths_mu: i64,
    pub income_fen: i64,
    pub year_verified: i32,
    pub note: String,
}

impl From<HouseholdRow> for HouseholdView {
    fn from(r: HouseholdRow) -> HouseholdView {
        HouseholdView {
            id: r.id,
            head_name: r.head_name,
            unit_id: r.unit_id,
            unit: r.unit_name,
            township_id: r.township_id,
            township: r.township_name,
            area_hundredths_mu: r.area_hundredths_mu,
            income_fen: r.income_fen,
            year_verified: r.year_verified,
            note: r.note,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct HouseholdList {
    pub items: Vec<HouseholdView>,
    pub total: u64,
}

/// A household as recorded or corrected.
#[derive(Deserialize, ToSchema)]
pub struct HouseholdBody {
    pub head_name: String,
    /// A village or a township of the county.
    pub unit_id: Uuid,
    pub area_hundredths_mu: i64,
    pub income_fen: i64,
    pub year_verified: i32,
    #[serde(default)]
    pub note: String,
}

impl From<HouseholdBody> for HouseholdDraft {
    fn from(b: HouseholdBody) -> HouseholdDraft {
        HouseholdDraft {
            head_name: b.head_name,
            unit_id: b.unit_id,
            area_hundredths_mu: b.area_hundredths_mu,
            income_fen: b.income_fen,
            year_verified: b.year_verified,
            note: b.note,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HouseholdParams {
    pub township_id: Option<Uuid>,
    /// Verified in this year.
    pub year: Option<i32>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// The households the caller sees, by township, village and head.
#[utoipa::path(get, path = "/households", tag = "funds", params(HouseholdParams),
    responses((status = 200, body = HouseholdList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<HouseholdParams>,
) -> FieldApiResult<Json<HouseholdList>> {
    let q = HouseholdQuery {
        township: p.township_id,
        year: p.year,
        offset: page_offset(p.offset)?,
        limit: page_size(p.limit)?,
    };
    let (rows, total) = state.store.funds(&actor, Permission::FundRead)?.households(&q).await?;
    Ok(Json(HouseholdList { items: rows.into_iter().map(Into::into).collect(), total }))
}

/// Records a household (county `fund.write`); refusals name their fields.
#[utoipa::path(post, path = "/households", tag = "funds", request_body = HouseholdBody,
    responses((status = 201, body = HouseholdView), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn add(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<HouseholdBody>,
) -> FieldApiResult<(StatusCode, Json<HouseholdView>)> {
    let id = state.store.funds(&actor, Permission::FundWrite)?.add_household(b.into()).await?;
    let made = state.store.funds(&actor, Permission::FundRead)?.household(id).await?;
    Ok((StatusCode::CREATED, Json(made.into())))
}

/// One household.
#[utoipa::path(get, path = "/households/{id}", tag = "funds", params(("id" = Uuid, Path, description = "Household id")),
    responses((status = 200, body = HouseholdView), (status = 404, body = ErrorBody)))]
async fn one(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FieldApiResult<Json<HouseholdView>> {
    Ok(Json(state.store.funds(&actor, Permission::FundRead)?.household(id).await?.into()))
}

/// Corrects a household (county `fund.write`), audited with before and after.
#[utoipa::path(put, path = "/households/{id}", tag = "funds", params(("id" = Uuid, Path, description = "Household id")), request_body = HouseholdBody,
    responses((status = 200, body = HouseholdView), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<HouseholdBody>,
) -> FieldApiResult<Json<HouseholdView>> {
    state.store.funds(&actor, Permission::FundWrite)?.update_household(id, b.into()).await?;
    Ok(Json(state.store.funds(&actor, Permission::FundRead)?.household(id).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct TownshipCount {
    pub township_id: Uuid,
    pub township: String,
    pub households: i64,
}

#[derive(Serialize, ToSchema)]
pub struct HouseholdCounts {
    pub as_of: chrono::NaiveDate,
    pub townships: Vec<TownshipCount>,
    pub total: i64,
}

/// The households verified by `as_of`'s year, by township the caller sees.
#[utoipa::path(get, path = "/households/by-township", tag = "funds", params(AsOfParams),
    responses((status = 200, body = HouseholdCounts), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn by_township(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<AsOfParams>,
) -> FieldApiResult<Json<HouseholdCounts>> {
    let as_of = as_of(&p.as_of)?;
    let rows = state.store.funds(&actor, Permission::FundRead)?.households_by_township(as_of).await?;
    let total = rows.iter().map(|(_, _, n)| n).sum();
    let townships = rows
        .into_iter()
        .map(|(township_id, township, households)| TownshipCount { township_id, township, households })
        .collect();
    Ok(Json(HouseholdCounts { as_of, townships, total }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParams {
    /// The year (default: the latest recorded).
    pub year: Option<i32>,
}

/// A township's new market registrations in the year by kind.
#[derive(Serialize, ToSchema)]
pub struct EntityRow {
    pub township_id: Uuid,
    pub township: String,
    pub individual: i64,
    pub enterprise: i64,
    pub cooperative: i64,
    pub total: i64,
}

#[derive(Serialize, ToSchema)]
pub struct EntityTable {
    pub year: Option<i32>,
    /// Every year recorded, latest first.
    pub years: Vec<i32>,
    pub rows: Vec<EntityRow>,
    /// The county's (or the caller's townships') totals; `township_id` is nil.
    pub totals: EntityRow,
}

/// New market registrations (市场主体) of a year, by township and kind.
#[utoipa::path(get, path = "/funds/market", tag = "funds", params(YearParams),
    responses((status = 200, body = EntityTable), (status = 403, body = ErrorBody)))]
async fn market(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> FieldApiResult<Json<EntityTable>> {
    let funds = state.store.funds(&actor, Permission::FundRead)?;
    let (year, years, table) = super::market::table(&funds, p.year).await?;
    let row = |township_id, township: String, r: &guichao_domain::funds::market::ByKind| EntityRow {
        township_id,
        township,
        individual: r.of(EntityKind::Individual),
        enterprise: r.of(EntityKind::Enterprise),
        cooperative: r.of(EntityKind::Cooperative),
        total: r.total(),
    };
    let rows = table.rows.iter().map(|(id, (name, r))| row(*id, name.clone(), r)).collect();
    Ok(Json(EntityTable { year, years, rows, totals: row(Uuid::nil(), "合计".into(), &table.totals) }))
}
