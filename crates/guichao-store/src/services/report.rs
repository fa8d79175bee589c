//! The service report for a period, by kind and by handling unit, over the
//! requests the reader sees. The database only groups identical facts and
//! counts them (two grouped reads on covering indexes, side by side); every figure is
//! computed from them by `guichao_domain::services::ServiceReport`.

use super::{Services, kind_of, status_of, visible};
use crate::entities::{org_unit, service_request};
use crate::{StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::projects::Period;
use guichao_domain::services::{Closed, Rated, Received, ReportKey, ServiceReport, ServiceStatus};
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The longest period a report covers: ten years.
const MAX_PERIOD_DAYS: i64 = 3_660;

/// The report with the names of its units.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceReportPage {
    pub period: Period,
    pub report: ServiceReport,
    pub unit_names: HashMap<Uuid, String>,
}

#[derive(FromQueryResult)]
struct ReceivedRow {
    kind: String,
    unit_id: Uuid,
    n: i64,
}

#[derive(FromQueryResult)]
struct ClosedRow {
    kind: String,
    unit_id: Uuid,
    status: String,
    days_taken: Option<i32>,
    limit_days: i32,
    score: Option<i16>,
    n: i64,
}

impl Services<'_> {
    /// The report for `period` over the requests the reader sees.
    pub async fn report(&self, period: Period) -> StoreResult<ServiceReportPage> {
        use service_request::Column as C;
        let scope = self.0.need(Permission::ServiceRead)?;
        if period.to < period.from || (period.to - period.from).num_days() > MAX_PERIOD_DAYS {
            return Err(StoreError::field(
                "to",
                "统计期间须在十年以内且结束不早于开始",
                "The period must run forwards and span at most ten years",
            ));
        }
        let db = &self.store().db;
        // COUNT(*), not of a column: the covering indexes hold no `id` (a
        // row's key is its rowid on SQLite), and counting one would read every row.
        let n = || Expr::col(Asterisk).count();
        // On SQLite the period is a filter, not the index's range: the
        // report's indexes (m0036) then give the county's requests in group
        // order and SQLite counts them as they come, where a range of dates
        // had to be sorted into groups first. PostgreSQL hashes its groups.
        let sqlite = self.store().backend() == crate::Backend::Sqlite;
        let within = |col: C| {
            let date = if sqlite { Expr::cust_with_expr("+?", Expr::col(col)) } else { Expr::col(col) };
            date.between(period.from, period.to)
        };
        let received = service_request::Entity::find()
            .select_only()
            .column(C::Kind)
            .column(C::UnitId)
            .column_as(n(), "n")
            .filter(visible(scope))
            .filter(within(C::ReceivedOn))
            .group_by(C::Kind)
            .group_by(C::UnitId)
            .into_model::<ReceivedRow>()
            .all(db);
        // The closed requests with their scores: the rated ones are those
        // done with a score.
        let closed = service_request::Entity::find()
            .select_only()
            .column(C::Kind)
            .column(C::UnitId)
            .column(C::Status)
            .column(C::DaysTaken)
            .column(C::LimitDays)
            .column(C::Score)
            .column_as(n(), "n")
            .filter(visible(scope))
            .filter(within(C::ClosedOn))
            .group_by(C::Kind)
            .group_by(C::UnitId)
            .group_by(C::Status)
            .group_by(C::DaysTaken)
            .group_by(C::LimitDays)
            .group_by(C::Score)
            .into_model::<ClosedRow>()
            .all(db);
        // Two reads side by side, each on its own pooled connection.
        let (received, closed) = futures_util::future::try_join(received, closed).await?;
        let key = |kind: &str, unit_id: Uuid| ReportKey { kind: kind_of(kind), unit_id };
        let received: Vec<Received> =
            received.iter().map(|r| Received { key: key(&r.kind, r.unit_id), count: r.n as u64 }).collect();
        let closed_facts: Vec<Closed> = closed
            .iter()
            .map(|c| Closed {
                key: key(&c.kind, c.unit_id),
                status: status_of(&c.status),
                days_taken: c.days_taken.unwrap_or(0) as u32,
                limit_days: c.limit_days as u32,
                count: c.n as u64,
            })
            .collect();
        let rated: Vec<Rated> = closed
            .iter()
            .filter(|c| status_of(&c.status) == ServiceStatus::Done)
            .filter_map(|c| Some(Rated { key: key(&c.kind, c.unit_id), score: c.score? as u8, count: c.n as u64 }))
            .collect();
        let closed = closed_facts;
        let report = ServiceReport::of(&received, &closed, &rated);
        let ids: Vec<Uuid> = report.by_unit.iter().map(|(u, _)| *u).collect();
        let unit_names = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(scope.tenant_id()))
            .filter(org_unit::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        Ok(ServiceReportPage { period, report, unit_names })
    }
}
