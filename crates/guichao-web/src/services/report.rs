//! `/services/report?from=&to=`: the service report for a period (this
//! year by default) by kind and by handling unit: received, done, done on
//! time with its rate, median working days to done, average satisfaction.

use super::ServiceView;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use crate::projects::api::day;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::projects::Period;
use guichao_domain::services::{ReportLine, ServiceKind};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub(super) struct ReportArgs {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Template)]
#[template(path = "services/report.html")]
struct ReportPage {
    ctx: Ctx,
    from: NaiveDate,
    to: NaiveDate,
    by_kind: Vec<(ServiceKind, ReportLine)>,
    by_unit: Vec<(String, ReportLine)>,
    total: ReportLine,
}

impl ServiceView for ReportPage {
    fn lang(&self) -> Lang {
        self.ctx.lang
    }
}

/// `GET /services/report`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<ReportArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    let now = today();
    let from = day(&args.from, "from")?.unwrap_or_else(|| NaiveDate::from_ymd_opt(now.year(), 1, 1).unwrap_or(now));
    let to = day(&args.to, "to")?.unwrap_or(now);
    let page = state.store.services(&user.actor, Permission::ServiceRead)?.report(Period { from, to }).await?;
    let mut by_unit: Vec<(String, ReportLine)> = page
        .report
        .by_unit
        .iter()
        .map(|(u, l)| (page.unit_names.get(u).cloned().unwrap_or_default(), l.clone()))
        .collect();
    by_unit.sort_by(|a, b| b.1.received.cmp(&a.1.received).then_with(|| a.0.cmp(&b.0)));
    let page = ReportPage {
        ctx: Ctx::new(&user, "/services"),
        from,
        to,
        by_kind: page.report.by_kind.clone(),
        by_unit,
        total: page.report.total.clone(),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
