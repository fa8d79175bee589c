//! `/funds/special`: the special fund's budgets with their balance today,
//! its grants through the shared list building block (by year and status,
//! sorted by date or amount), and for a county writer the budget and grant
//! forms; `/funds/special/grants/{id}`: a grant with its steps and the form
//! for the next one.

use super::form::Reader;
use super::{FundsView, Sent, can_write, refused};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::funds::PartyKind;
use guichao_domain::funds::special::GrantStep;
use guichao_store::funds::special::{BudgetRow, GrantDraft, GrantQuery, GrantRow};
use serde::Deserialize;
use uuid::Uuid;

/// Grants per page.
const PAGE: u64 = 50;
const SORTS: &[&str] = &["date", "amount"];

#[derive(Debug, Default, Deserialize)]
pub(super) struct GrantArgs {
    year: Option<String>,
    status: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

#[derive(Template)]
#[template(path = "funds/special.html")]
struct SpecialPage {
    ctx: Ctx,
    sent: Sent,
    notice: Option<String>,
    budgets: Vec<BudgetRow>,
    grants: Vec<GrantRow>,
    nav: ListNav,
    year: String,
    status: String,
    can_write: bool,
    units: Vec<(Uuid, String)>,
    this_year: i32,
}

impl FundsView for SpecialPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
    fn sent(&self) -> &Sent {
        &self.sent
    }
}

impl SpecialPage {
    fn steps(&self) -> Vec<(&'static str, &'static str)> {
        GrantStep::ALL.iter().map(|s| (s.code(), s.label(self.ctx.lang))).collect()
    }

    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        PartyKind::ALL.iter().map(|k| (k.code(), k.label(self.ctx.lang))).collect()
    }

    fn step_label(&self, s: &GrantStep) -> &'static str {
        s.label(self.ctx.lang)
    }
}

fn parse_args(args: &GrantArgs) -> Result<(Option<i32>, Option<GrantStep>), AppError> {
    let year = match args.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => {
            Some(y.parse::<i32>().map_err(|_| AppError::invalid("年度应为四位数字", "The year is four digits"))?)
        }
    };
    let status = match args.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(GrantStep::parse(s).ok_or_else(|| AppError::invalid("状态无效", "Unknown status"))?),
    };
    Ok((year, status))
}

/// `GET /funds/special?year=&status=&page=&sort=&dir=`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<GrantArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    render(&state, &user, &args, Sent::default()).await
}

async fn render(state: &AppState, user: &PageUser, args: &GrantArgs, sent: Sent) -> PageResult<Response> {
    use chrono::Datelike;
    let (year, status) = parse_args(args)?;
    let order = Order::parse(&args.sort, &args.dir, SORTS)?;
    let funds = state.store.funds(&user.actor, Permission::FundRead)?;
    let q = GrantQuery {
        year,
        status,
        by_amount: order.column == "amount",
        descending: order.descending,
        offset: 0,
        limit: PAGE,
    };
    let (grants, paging) = fetch_page(page_number(&args.page)?, PAGE, |offset| {
        let (funds, q) = (&funds, q.clone());
        async move { funds.grants(&GrantQuery { offset, ..q }).await }
    })
    .await?;
    let mut filters = Vec::new();
    let mut caption = vec![user.lang.pick("专项资金申请", "Special fund grants").to_string()];
    if let Some(y) = year {
        filters.push(("year", y.to_string()));
        caption.push(format!("{y}{}", user.lang.pick("年", "")));
    }
    if let Some(s) = status {
        filters.push(("status", s.code().to_string()));
        caption.push(s.label(user.lang).to_string());
    }
    let status_code = if sent.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if sent.errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let page = SpecialPage {
        ctx: Ctx::new(user, "/funds"),
        notice,
        budgets: funds.budgets(today()).await?,
        grants,
        nav: ListNav::new("/funds/special", filters, SORTS, order, paging).with_caption(caption.join(" · ")),
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        status: status.map(|s| s.code().to_string()).unwrap_or_default(),
        can_write: can_write(&user.actor),
        units: funds.units().await?,
        this_year: today().year(),
        sent,
    };
    Ok((status_code, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `POST /funds/special/budgets`: sets a year's budget.
pub(super) async fn set_budget(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let mut r = Reader::default();
    let year = r.whole(&form, "year");
    let amount = r.amount(&form, "amount");
    let done = match r.done(()) {
        Ok(()) => funds.set_budget(year, amount, &form.get("note")).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(()) => {
            let notice = format!("{}{year}", user.lang.pick("已设定年度预算：", "Budget set for "));
            state.flash.keep(&user.session, Kept::Notice(notice));
            Ok(Redirect::to("/funds/special").into_response())
        }
        Err(refusal) => render(&state, &user, &GrantArgs::default(), Sent::refused("budget", form, refusal?)).await,
    }
}

/// `POST /funds/special/grants`: records a grant applied for.
pub(super) async fn apply(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let mut r = Reader::default();
    let party = r.party(&form);
    let amount_fen = r.amount(&form, "amount");
    let date = r.date(&form, "date", "申请日期", "application day");
    let draft = GrantDraft { party, amount_fen, date, purpose: form.get("purpose"), policy: form.get("policy") };
    let done = match r.done(draft) {
        Ok(d) => funds.apply_grant(d).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(id) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已登记资金申请", "Grant recorded").into()));
            Ok(Redirect::to(&format!("/funds/special/grants/{id}")).into_response())
        }
        Err(refusal) => render(&state, &user, &GrantArgs::default(), Sent::refused("grant", form, refusal?)).await,
    }
}

#[derive(Template)]
#[template(path = "funds/grant.html")]
struct GrantPage {
    ctx: Ctx,
    sent: Sent,
    notice: Option<String>,
    g: GrantRow,
    can_write: bool,
    today: chrono::NaiveDate,
}

impl FundsView for GrantPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
    fn sent(&self) -> &Sent {
        &self.sent
    }
}

impl GrantPage {
    fn next_steps(&self) -> Vec<(&'static str, &'static str)> {
        self.g.status.next().iter().map(|s| (s.code(), s.label(self.ctx.lang))).collect()
    }

    fn step_label(&self, s: &GrantStep) -> &'static str {
        s.label(self.ctx.lang)
    }

    fn kind_label(&self) -> &'static str {
        self.g.recipient.kind.label(self.ctx.lang)
    }
}

async fn render_grant(state: &AppState, user: &PageUser, id: Uuid, sent: Sent) -> PageResult<Response> {
    let g = state.store.funds(&user.actor, Permission::FundRead)?.grant(id).await?;
    let status = if sent.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if sent.errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let page =
        GrantPage { ctx: Ctx::new(user, "/funds"), sent, notice, g, can_write: can_write(&user.actor), today: today() };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `GET /funds/special/grants/{id}`.
pub(super) async fn grant(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> PageResult<Response> {
    render_grant(&state, &user, id, Sent::default()).await
}

/// `POST /funds/special/grants/{id}/steps`: the grant's next step.
pub(super) async fn step(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    form: FormData,
) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let mut r = Reader::default();
    let step = GrantStep::parse(&form.get("step"));
    if step.is_none() {
        r.errors.push(guichao_domain::fellows::FormError::new("step", "请选择审批环节", "Choose the step"));
    }
    let date = r.date(&form, "date", "日期", "day");
    let done = match r.done(step) {
        Ok(Some(step)) => funds.record_step(id, step, date, &form.get("reason")).await.map_err(refused),
        Ok(None) => Err(Ok(vec![])),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(()) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已登记审批环节", "Step recorded").into()));
            Ok(Redirect::to(&format!("/funds/special/grants/{id}")).into_response())
        }
        Err(refusal) => render_grant(&state, &user, id, Sent::refused("step", form, refusal?)).await,
    }
}
