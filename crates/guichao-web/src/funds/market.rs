//! `/funds/market`: the new market registrations (市场主体) of a year by township and
//! kind (个体工商户, 企业, 农民专业合作社) with totals, counted by the
//! domain's yearly table from the records the reader sees.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::access::Permission;
use guichao_domain::funds::market::{ByKind, EntityKind, year_table, years};
use guichao_store::StoreResult;
use guichao_store::funds::Funds;
use serde::Deserialize;
use uuid::Uuid;

/// A year's table with the township names, in the county's order.
pub(super) struct Named {
    pub rows: Vec<(Uuid, (String, ByKind))>,
    pub totals: ByKind,
}

/// The table of `year` (default: the latest recorded), the years recorded
/// and the table.
pub(super) async fn table(funds: &Funds<'_>, year: Option<i32>) -> StoreResult<(Option<i32>, Vec<i32>, Named)> {
    let records = funds.entity_records().await?;
    let recorded = years(&records);
    let year = year.or_else(|| recorded.first().copied());
    let t = year.map(|y| year_table(&records, y)).unwrap_or_default();
    let rows =
        funds.units().await?.into_iter().filter_map(|(id, name)| t.rows.get(&id).map(|r| (id, (name, *r)))).collect();
    Ok((year, recorded, Named { rows, totals: t.totals }))
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct YearArgs {
    year: Option<String>,
}

#[derive(Template)]
#[template(path = "funds/market.html")]
struct EntitiesPage {
    ctx: Ctx,
    year: Option<i32>,
    years: Vec<i32>,
    can_write: bool,
    table: Named,
}

impl EntitiesPage {
    fn is_year(&self, y: &i32) -> bool {
        self.year == Some(*y)
    }

    fn kinds(&self) -> Vec<(EntityKind, &'static str)> {
        EntityKind::ALL.iter().map(|k| (*k, k.label(self.ctx.lang))).collect()
    }
}

/// `GET /funds/market?year=`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<YearArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    let year = match args.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => Some(y.parse().map_err(|_| AppError::invalid("年度应为四位数字", "The year is four digits"))?),
    };
    let funds = state.store.funds(&user.actor, Permission::FundRead)?;
    let (year, years, table) = table(&funds, year).await?;
    let page =
        EntitiesPage { ctx: Ctx::new(&user, "/funds"), year, years, table, can_write: super::can_write(&user.actor) };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
