//! `/api/v1/liaison/coverage`: the coverage roll-up as of a date by township,
//! cadre or level, and the fellows behind any of its figures.

use super::coverage::{as_of, by};
use crate::AppState;
use crate::api::{page_offset, page_size};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::extract::{ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::liaison::{CoverageCounts, Measure};
use guichao_store::contacts::{ALL_KEY, CoverageFellowQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(liaison_coverage)).routes(routes!(liaison_coverage_fellows))
}

/// One row of the roll-up: a township, a cadre, a level, or the total.
#[derive(Serialize, ToSchema)]
pub struct CoverageRowBody {
    /// The township's or cadre's id, the level's code (`county`, `township`,
    /// `village`), `none` for fellows without a township, `all` for the total.
    pub key: String,
    pub label: String,
    pub fellows: u64,
    pub assigned_county: u64,
    pub assigned_township: u64,
    pub assigned_village: u64,
    pub contacted_90d: u64,
    pub overdue: u64,
}

impl CoverageRowBody {
    fn new(key: String, label: String, c: CoverageCounts) -> CoverageRowBody {
        CoverageRowBody {
            key,
            label,
            fellows: c.fellows,
            assigned_county: c.assigned_county,
            assigned_township: c.assigned_township,
            assigned_village: c.assigned_village,
            contacted_90d: c.contacted_90d,
            overdue: c.overdue,
        }
    }
}

/// The roll-up: one row a group, and the total (each fellow once).
#[derive(Serialize, ToSchema)]
pub struct CoverageBody {
    pub as_of: NaiveDate,
    /// `township`, `cadre` or `level`.
    pub by: String,
    pub rows: Vec<CoverageRowBody>,
    pub total: CoverageRowBody,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageParams {
    /// YYYY-MM-DD; today (China) when absent.
    pub as_of: Option<String>,
    /// `township` (default), `cadre` or `level`.
    pub by: Option<String>,
}

/// Liaison coverage as of a date in the caller's scope: fellows, fellows with
/// a live assignment at each level, contacted in the 90 days up to the date,
/// overdue. 403 for a caller who sees only their own assigned fellows.
#[utoipa::path(get, path = "/liaison/coverage", tag = "liaison", params(CoverageParams),
    responses((status = 200, body = CoverageBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn liaison_coverage(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<CoverageParams>,
) -> ApiResult<Json<CoverageBody>> {
    let (as_of, by) = (as_of(q.as_of.as_deref())?, by(q.by.as_deref())?);
    let lang = guichao_domain::Lang::Zh;
    let t = state.store.contacts(&actor, Permission::LiaisonRead)?.coverage(as_of, by, lang).await?;
    Ok(Json(CoverageBody {
        as_of,
        by: by.code().to_string(),
        rows: t.rows.into_iter().map(|r| CoverageRowBody::new(r.key, r.label, r.counts)).collect(),
        total: CoverageRowBody::new(ALL_KEY.to_string(), lang.pick("全部乡友", "All fellows").to_string(), t.total),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageFellowsParams {
    /// YYYY-MM-DD; today (China) when absent.
    pub as_of: Option<String>,
    /// `township` (default), `cadre` or `level`.
    pub by: Option<String>,
    /// A row's key, or `all` (default).
    pub key: Option<String>,
    /// `fellows` (default), `assigned_county`, `assigned_township`, `assigned_village`, `contacted_90d` or `overdue`.
    pub measure: Option<String>,
    /// 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// A fellow behind a figure.
#[derive(Serialize, ToSchema)]
pub struct CoverageFellowBody {
    pub fellow_id: Uuid,
    pub name: String,
    pub township: String,
}

#[derive(Serialize, ToSchema)]
pub struct CoverageFellowList {
    pub items: Vec<CoverageFellowBody>,
    /// How many fellows the figure counts.
    pub total: u64,
}

/// The fellows behind one figure of the roll-up, by name.
#[utoipa::path(get, path = "/liaison/coverage/fellows", tag = "liaison", params(CoverageFellowsParams),
    responses((status = 200, body = CoverageFellowList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn liaison_coverage_fellows(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<CoverageFellowsParams>,
) -> ApiResult<Json<CoverageFellowList>> {
    let measure = Measure::parse(q.measure.as_deref().map_or("fellows", str::trim)).ok_or_else(|| {
        AppError::invalid("measure 取值无效", "measure is fellows, assigned_*, contacted_90d or overdue")
    })?;
    let query = CoverageFellowQuery {
        by: by(q.by.as_deref())?,
        key: q.key.unwrap_or_else(|| ALL_KEY.to_string()),
        measure,
        as_of: as_of(q.as_of.as_deref())?,
        offset: page_offset(q.offset)?,
        limit: page_size(q.limit)?,
    };
    let (rows, total) = state.store.contacts(&actor, Permission::LiaisonRead)?.coverage_fellows(&query).await?;
    let items = rows
        .into_iter()
        .map(|f| CoverageFellowBody { fellow_id: f.fellow_id, name: f.name, township: f.township })
        .collect();
    Ok(Json(CoverageFellowList { items, total }))
}
