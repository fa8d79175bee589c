//! The login log for readers of the audit log: every sign-in attempt (time,
//! user or the name typed, address, user agent, result), searched by user,
//! address, result and date range. A page at `/audit/logins`, listed through
//! the shared `ListNav`, and `/api/v1/audit/logins`.

use super::filters::day_start;
use crate::AppState;
use crate::api::{page_offset, page_size};
use crate::error::{ApiResult, AppError, ErrorBody, PageResult};
use crate::extract::{ApiQuery, ApiUser, PageUser, request_lang};
use crate::layout::{Ctx, show_time};
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Days, Utc};
use guichao_domain::Lang;
use guichao_domain::auth::{LoginResult, describe_user_agent};
use guichao_store::org::{LoginEntry, LoginQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

const PER_PAGE: u64 = 50;

/// The filters as typed (the page's query and the API's).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LoginFilters {
    /// First day (China time), `2026-01-31`.
    pub from: Option<String>,
    /// Last day (China time, included).
    pub to: Option<String>,
    /// Part of the username typed.
    pub user: Option<String>,
    /// An address, or its start (`10.0.`).
    pub ip: Option<String>,
    /// `success`, `expired`, `unknown_user`, `wrong_password`, `locked`,
    /// `disabled`, `inactive` or `throttled`.
    pub result: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl LoginFilters {
    /// The store's query, or a message about the first bad filter.
    fn query(&self) -> Result<LoginQuery, AppError> {
        let from = given(&self.from).map(|d| day_start(d, ("开始日期", "first day"))).transpose()?;
        let to = given(&self.to).map(|d| day_start(d, ("结束日期", "last day"))).transpose()?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(AppError::invalid("开始日期晚于结束日期", "The first day is after the last day"));
        }
        let result = given(&self.result)
            .map(|r| {
                LoginResult::parse(r)
                    .ok_or_else(|| AppError::invalid("没有这种登录结果，请从列表中选择", "Pick a result from the list"))
            })
            .transpose()?;
        Ok(LoginQuery {
            user: given(&self.user).map(|u| u.chars().take(64).collect()),
            ip: given(&self.ip).map(|u| u.chars().take(64).collect()),
            result,
            from,
            until: to.map(|t| t + Days::new(1)),
            ..LoginQuery::default()
        })
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        [("from", &self.from), ("to", &self.to), ("user", &self.user), ("ip", &self.ip), ("result", &self.result)]
            .into_iter()
            .filter_map(|(k, v)| Some((k, given(v)?.to_string())))
            .collect()
    }
}

pub struct LoginRow {
    pub at: String,
    pub username: String,
    pub display_name: String,
    pub ip: String,
    pub device: String,
    pub user_agent: String,
    pub result: &'static str,
    pub signed_in: bool,
}

impl LoginRow {
    fn new(e: LoginEntry, lang: Lang) -> LoginRow {
        LoginRow {
            at: show_time(&e.at),
            display_name: e.display_name.unwrap_or_default(),
            ip: e.ip.unwrap_or_else(|| "—".into()),
            device: describe_user_agent(e.user_agent.as_deref(), lang),
            user_agent: e.user_agent.unwrap_or_default(),
            result: e.result.label(lang),
            signed_in: e.result.signed_in(),
            username: e.username,
        }
    }
}

pub struct ResultChoice {
    pub code: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "audit/logins.html")]
struct LoginsPage {
    ctx: Ctx,
    f: LoginFilters,
    results: Vec<ResultChoice>,
    error: Option<String>,
    rows: Vec<LoginRow>,
    nav: ListNav,
    /// Some filter is given (the page offers to clear them).
    filtered: bool,
}

impl LoginsPage {
    fn v<'a>(&self, value: &'a Option<String>) -> &'a str {
        value.as_deref().unwrap_or_default()
    }
}

#[derive(Deserialize)]
pub(super) struct PageParam {
    page: Option<String>,
}

/// The log's one order: newest first.
const ORDER: Order = Order { column: "at", descending: true };

/// `GET /audit/logins`.
pub(super) async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Query(f): Query<LoginFilters>,
    Query(p): Query<PageParam>,
) -> PageResult<Response> {
    let log = state.store.login_log(&user.actor)?;
    let lang = user.lang;
    let requested = page_number(&p.page)?;
    let (mut rows, mut paging, mut error) = (Vec::new(), guichao_domain::paging::Paging::new(1, PER_PAGE, 0), None);
    match f.query() {
        Ok(q) => {
            let (found, pages) = fetch_page(requested, PER_PAGE, |offset| {
                let (log, q) = (&log, LoginQuery { offset, limit: PER_PAGE, ..q.clone() });
                async move { Ok::<_, AppError>((log.list(&q).await?, log.count(&q).await?)) }
            })
            .await?;
            rows = found.into_iter().map(|e| LoginRow::new(e, lang)).collect();
            paging = pages;
        }
        Err(e) => error = Some(e.message(lang)),
    }
    let results = LoginResult::ALL
        .into_iter()
        .map(|r| ResultChoice { code: r.code(), label: r.label(lang), selected: given(&f.result) == Some(r.code()) })
        .collect();
    let caption = lang.pick("登录日志", "Login log").to_string();
    let filtered = !f.pairs().is_empty();
    let nav = ListNav::new("/audit/logins", f.pairs(), &["at"], ORDER, paging).with_caption(caption);
    let page = LoginsPage { ctx: Ctx::new(&user, "/audit"), f, results, error, rows, nav, filtered };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_logins))
}

/// One sign-in attempt.
#[derive(Serialize, ToSchema)]
pub struct LoginAttempt {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// The account, when the name typed matched one.
    pub user_id: Option<Uuid>,
    /// The name as typed.
    pub username: String,
    pub display_name: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// `success`, `expired`, `unknown_user`, `wrong_password`, `locked`,
    /// `disabled`, `inactive` or `throttled`.
    pub result: String,
    pub result_label: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginAttemptList {
    pub items: Vec<LoginAttempt>,
    /// The number of attempts the filters match.
    pub total: u64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LoginPaging {
    /// Attempts to skip (newest first).
    pub offset: Option<u64>,
    /// Page size, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// The login log of the caller's county, newest first; needs `audit.read`.
#[utoipa::path(get, path = "/audit/logins", tag = "audit", params(LoginFilters, LoginPaging),
    responses((status = 200, body = LoginAttemptList), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_logins(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(f): ApiQuery<LoginFilters>,
    ApiQuery(p): ApiQuery<LoginPaging>,
) -> ApiResult<Json<LoginAttemptList>> {
    let log = state.store.login_log(&actor)?;
    let q = LoginQuery { offset: page_offset(p.offset)?, limit: page_size(p.limit)?, ..f.query()? };
    let (entries, total) = (log.list(&q).await?, log.count(&q).await?);
    let lang = request_lang();
    let items = entries
        .into_iter()
        .map(|e| LoginAttempt {
            result: e.result.code().to_string(),
            result_label: e.result.label(lang).to_string(),
            id: e.id,
            at: e.at,
            user_id: e.user_id,
            username: e.username,
            display_name: e.display_name,
            ip: e.ip,
            user_agent: e.user_agent,
        })
        .collect();
    Ok(Json(LoginAttemptList { items, total }))
}
