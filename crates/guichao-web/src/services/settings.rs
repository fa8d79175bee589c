//! `/services/settings`: the county's time limit for each kind of request
//! and its holiday calendar for a year (holidays, and weekend days worked
//! 调休). Everyone who reads requests sees them; a writer whose
//! `service.write` reaches the whole county changes them.

use super::list::services_keep_calendar;
use super::refused;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Datelike, Days, NaiveDate};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::services::{DayMark, ServiceKind};
use guichao_store::services::{CalendarDay, LimitRow};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub(super) struct SettingsArgs {
    year: Option<i32>,
}

#[derive(Template)]
#[template(path = "services/settings.html")]
struct SettingsPage {
    ctx: Ctx,
    year: i32,
    limits: Vec<LimitRow>,
    days: Vec<CalendarDay>,
    can_edit: bool,
    errors: Vec<FormError>,
    notice: Option<String>,
}

impl SettingsPage {
    fn err(&self, field: &str) -> Option<String> {
        FormError::first_for(&self.errors, field, self.ctx.lang)
    }

    fn kind(&self, k: &ServiceKind) -> &'static str {
        k.label(self.ctx.lang)
    }

    fn mark(&self, m: &DayMark) -> &'static str {
        m.label(self.ctx.lang)
    }

    fn weekday(&self, d: &NaiveDate) -> &'static str {
        const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let i = d.weekday().num_days_from_monday() as usize;
        self.ctx.lang.pick(ZH[i], EN[i])
    }
}

async fn render(state: &AppState, user: &PageUser, year: i32, errors: Vec<FormError>) -> PageResult<Response> {
    let services = state.store.services(&user.actor, Permission::ServiceRead)?;
    let (from, to) = (
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| AppError::invalid("年份无效", "Bad year"))?,
        NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| AppError::invalid("年份无效", "Bad year"))?,
    );
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = SettingsPage {
        ctx: Ctx::new(user, "/services"),
        year,
        limits: services.limits().await?,
        days: services.calendar(from, to).await?,
        can_edit: services_keep_calendar(state, user),
        notice: if errors.is_empty() { state.flash.take_notice(&user.session) } else { None },
        errors,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `GET /services/settings?year=`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<SettingsArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("年份无效", "Bad year"))?;
    let year = args.year.unwrap_or_else(|| today().year());
    if !(2000..=2100).contains(&year) {
        return Err(AppError::invalid("年份无效", "Bad year"));
    }
    render(&state, &user, year, vec![]).await
}

/// `POST /services/settings/limits`: every kind's limit, in one go.
pub(super) async fn limits(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let services = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let current = services.limits().await?;
    let mut errors = Vec::new();
    for row in current {
        let typed = form.get(row.kind.code());
        if typed.is_empty() {
            continue;
        }
        let days: i64 = typed.parse().unwrap_or(0);
        if days == row.days as i64 {
            continue;
        }
        if let Err(e) = services.set_limit(row.kind, days).await {
            errors.extend(refused(e)?.into_iter().map(|e| FormError { field: "limits", message: e.message }));
        }
    }
    if !errors.is_empty() {
        return render(&state, &user, today().year(), errors).await;
    }
    state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已保存办理时限", "Time limits saved").into()));
    Ok(Redirect::to("/services/settings").into_response())
}

/// `POST /services/settings/calendar`: marks the days from `from` to `to`
/// (one day when `to` is empty) as `mark` (`holiday`, `workday` or `clear`).
pub(super) async fn calendar(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let services = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let parse = |v: String| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
    let from = parse(form.get("from"));
    let to = if form.get("to").is_empty() { from } else { parse(form.get("to")) };
    let mark = match form.get("mark").as_str() {
        "clear" => Some(None),
        code => DayMark::parse(code).map(Some),
    };
    let (Some(from), Some(to), Some(mark)) = (from, to, mark) else {
        let e = FormError::new(
            "from",
            "请填写日期（如 2025-01-28）并选择标记",
            "Give the days (like 2025-01-28) and the mark",
        );
        return render(&state, &user, today().year(), vec![e]).await;
    };
    let mut days = Vec::new();
    let mut day = from;
    while day <= to && days.len() <= guichao_store::services::MAX_CALENDAR_DAYS {
        days.push((day, mark, form.get("name")));
        day = day + Days::new(1);
    }
    if let Err(e) = services.mark_days(&days).await {
        return render(&state, &user, from.year(), refused(e)?).await;
    }
    state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已更新节假日安排", "Calendar updated").into()));
    Ok(Redirect::to(&format!("/services/settings?year={}", from.year())).into_response())
}
