//! `/funds/loans`: the guarantee loans' totals by year, bank and township
//! as of a day, the loans through the shared list building block (by year,
//! bank and standing, sorted by date or amount), and for a county writer
//! the add form; `/funds/loans/{id}`: a loan with its schedule and
//! repayments, and the repayment form.

use super::form::Reader;
use super::{FundsView, Sent, can_write, refused};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use crate::projects::api::day;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::funds::PartyKind;
use guichao_domain::funds::loans::{RepaymentPlan, Standing, Totals};
use guichao_store::funds::loans::{LoanDetail, LoanDraft, LoanQuery, LoanRow};
use serde::Deserialize;
use uuid::Uuid;

const PAGE: u64 = 50;
const SORTS: &[&str] = &["date", "amount"];
/// The standings a list filters by.
const STANDINGS: [&str; 3] = ["current", "overdue", "repaid"];

#[derive(Debug, Default, Deserialize)]
pub(super) struct LoanArgs {
    as_of: Option<String>,
    year: Option<String>,
    bank: Option<String>,
    status: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

#[derive(Template)]
#[template(path = "funds/loans.html")]
struct LoansPage {
    ctx: Ctx,
    sent: Sent,
    notice: Option<String>,
    as_of: NaiveDate,
    totals: Totals,
    loans: Vec<LoanRow>,
    nav: ListNav,
    banks: Vec<String>,
    year: String,
    bank: String,
    status: String,
    can_write: bool,
    units: Vec<(Uuid, String)>,
}

impl FundsView for LoansPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
    fn sent(&self) -> &Sent {
        &self.sent
    }
}

/// How a loan's standing reads, on either page.
fn standing_label(s: &Standing, lang: guichao_domain::Lang) -> String {
    s.label(lang)
}

impl LoansPage {
    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        PartyKind::ALL
            .iter()
            .filter(|k| **k != PartyKind::Company)
            .map(|k| (k.code(), k.label(self.ctx.lang)))
            .collect()
    }

    fn plans(&self) -> Vec<(&'static str, &'static str)> {
        RepaymentPlan::ALL.iter().map(|p| (p.code(), p.label(self.ctx.lang))).collect()
    }

    fn standings(&self) -> Vec<(&'static str, String)> {
        STANDINGS
            .iter()
            .map(|c| {
                let label = match *c {
                    "current" => self.ctx.t("正常", "Current"),
                    "overdue" => self.ctx.t("逾期", "Overdue"),
                    _ => self.ctx.t("已结清", "Repaid"),
                };
                (*c, label.to_string())
            })
            .collect()
    }

    fn standing(&self, s: &Standing) -> String {
        standing_label(s, self.ctx.lang)
    }
}

/// `GET /funds/loans?as_of=&year=&bank=&status=&page=&sort=&dir=`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<LoanArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    render(&state, &user, &args, Sent::default()).await
}

async fn render(state: &AppState, user: &PageUser, args: &LoanArgs, sent: Sent) -> PageResult<Response> {
    let lang = user.lang;
    let asked = day(&args.as_of, "as_of")?;
    let as_of = asked.unwrap_or_else(today);
    let year = match args.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => {
            Some(y.parse::<i32>().map_err(|_| AppError::invalid("年度应为四位数字", "The year is four digits"))?)
        }
    };
    let bank = args.bank.as_deref().map(str::trim).filter(|b| !b.is_empty()).map(str::to_string);
    let status = args.status.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    if status.as_deref().is_some_and(|s| !STANDINGS.contains(&s)) {
        return Err(AppError::invalid("状态应为 current、overdue 或 repaid", "status is current, overdue or repaid"));
    }
    let order = Order::parse(&args.sort, &args.dir, SORTS)?;
    let funds = state.store.funds(&user.actor, Permission::FundRead)?;
    let q = LoanQuery {
        as_of,
        year,
        bank: bank.clone(),
        status: status.clone(),
        by_amount: order.column == "amount",
        descending: order.descending,
        offset: 0,
        limit: PAGE,
    };
    let (loans, paging) = fetch_page(page_number(&args.page)?, PAGE, |offset| {
        let (funds, q) = (&funds, q.clone());
        async move { funds.loans(&LoanQuery { offset, ..q }).await }
    })
    .await?;
    let mut filters: Vec<(&'static str, String)> = asked.iter().map(|d| ("as_of", d.to_string())).collect();
    let mut caption = vec![format!("{}{as_of}", lang.pick("创业担保贷款 · 截至 ", "Guarantee loans · as of "))];
    if let Some(y) = year {
        filters.push(("year", y.to_string()));
        caption.push(format!("{y}{}", lang.pick("年放款", " disbursed")));
    }
    if let Some(b) = &bank {
        filters.push(("bank", b.clone()));
        caption.push(b.clone());
    }
    if let Some(s) = &status {
        filters.push(("status", s.clone()));
        caption.push(s.clone());
    }
    let code = if sent.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if sent.errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let page = LoansPage {
        ctx: Ctx::new(user, "/funds"),
        notice,
        as_of,
        totals: funds.loan_totals(as_of).await?,
        loans,
        nav: ListNav::new("/funds/loans", filters, SORTS, order, paging).with_caption(caption.join(" · ")),
        banks: funds.loan_banks().await?,
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        bank: bank.unwrap_or_default(),
        status: status.unwrap_or_default(),
        can_write: can_write(&user.actor),
        units: funds.units().await?,
        sent,
    };
    Ok((code, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// A loan as the form or the API's body gives it.
pub(super) fn read_loan(r: &mut Reader, f: &FormData) -> LoanDraft {
    LoanDraft {
        party: r.party(f),
        phone: f.get("phone"),
        id_number: f.get("id_number"),
        bank: f.get("bank"),
        contract_no: f.get("contract_no"),
        amount_fen: r.amount(f, "amount"),
        rate_bp: r.rate(f, "rate"),
        subsidy_bp: r.rate(f, "subsidy"),
        term_months: r.whole(f, "term_months"),
        disbursed: r.date(f, "disbursed", "放款日期", "disbursement day"),
        plan: RepaymentPlan::parse(&f.get("plan")).unwrap_or_else(|| {
            r.errors.push(guichao_domain::fellows::FormError::new(
                "plan",
                "请选择还款方式",
                "Choose the repayment plan",
            ));
            RepaymentPlan::AtMaturity
        }),
        guarantor: f.get("guarantor"),
        note: f.get("note"),
    }
}

/// `POST /funds/loans`: records a loan.
pub(super) async fn add(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let mut r = Reader::default();
    let draft = read_loan(&mut r, &form);
    let done = match r.done(draft) {
        Ok(d) => funds.add_loan(d).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(id) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已登记贷款", "Loan recorded").into()));
            Ok(Redirect::to(&format!("/funds/loans/{id}")).into_response())
        }
        Err(refusal) => render(&state, &user, &LoanArgs::default(), Sent::refused("loan", form, refusal?)).await,
    }
}

#[derive(Template)]
#[template(path = "funds/loan.html")]
struct LoanPage {
    ctx: Ctx,
    sent: Sent,
    notice: Option<String>,
    l: LoanDetail,
    today: NaiveDate,
    can_write: bool,
}

impl FundsView for LoanPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
    fn sent(&self) -> &Sent {
        &self.sent
    }
}

impl LoanPage {
    fn standing(&self) -> String {
        standing_label(&self.l.row.standing, self.ctx.lang)
    }

    fn plan(&self) -> &'static str {
        self.l.row.plan.label(self.ctx.lang)
    }

    fn owed(&self) -> i64 {
        self.l.row.amount_fen - self.l.row.repaid_fen
    }
}

async fn render_loan(state: &AppState, user: &PageUser, id: Uuid, sent: Sent) -> PageResult<Response> {
    let l = state.store.funds(&user.actor, Permission::FundRead)?.loan(id, today()).await?;
    let code = if sent.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if sent.errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let page =
        LoanPage { ctx: Ctx::new(user, "/funds"), sent, notice, l, today: today(), can_write: can_write(&user.actor) };
    Ok((code, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `GET /funds/loans/{id}`.
pub(super) async fn loan(State(state): State<AppState>, user: PageUser, Path(id): Path<Uuid>) -> PageResult<Response> {
    render_loan(&state, &user, id, Sent::default()).await
}

/// `POST /funds/loans/{id}/repayments`.
pub(super) async fn repay(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    form: FormData,
) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let mut r = Reader::default();
    let date = r.date(&form, "date", "还款日期", "repayment day");
    let principal = r.amount(&form, "principal");
    let interest = if form.get("interest").is_empty() { 0 } else { r.amount(&form, "interest") };
    let done = match r.done(()) {
        Ok(()) => funds.repay(id, date, principal, interest, &form.get("note")).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(_) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已登记还款", "Repayment recorded").into()));
            Ok(Redirect::to(&format!("/funds/loans/{id}")).into_response())
        }
        Err(refusal) => render_loan(&state, &user, id, Sent::refused("repay", form, refusal?)).await,
    }
}
