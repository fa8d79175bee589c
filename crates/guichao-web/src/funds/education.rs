//! `/funds/education`: the education fund's branches with their size
//! today, the fund year by year, its donations or (`?show=disbursements`)
//! its disbursements through the shared list building block, and for a
//! county writer the branch, donation, paid-in and disbursement forms; a
//! donation's thank-you letter as a print page, one A4 sheet
//! (`/funds/education/donations/{id}/letter`).

use super::form::Reader;
use super::{FundsView, Sent, can_write, refused};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use crate::list::{ListArgs, ListNav, Order, fetch_page, page_number};
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::funds::PartyKind;
use guichao_domain::funds::education::{DisbursementKind, FundSize, ThankYou, thank_you};
use guichao_store::funds::education::{BranchRow, DisbursementDraft, DisbursementRow, DonationDraft, DonationRow};
use serde::Deserialize;
use uuid::Uuid;

const PAGE: u64 = 50;
const SORTS: &[&str] = &["date"];
const FIRST_YEAR: i32 = 2020;

#[derive(Debug, Default, Deserialize)]
pub(super) struct EducationArgs {
    show: Option<String>,
    #[serde(flatten)]
    list: ListArgs,
}

#[derive(Template)]
#[template(path = "funds/education.html")]
struct EducationPage {
    ctx: Ctx,
    sent: Sent,
    notice: Option<String>,
    branches: Vec<BranchRow>,
    years: Vec<(i32, FundSize)>,
    show_out: bool,
    donations: Vec<DonationRow>,
    disbursements: Vec<DisbursementRow>,
    nav: ListNav,
    can_write: bool,
    units: Vec<(Uuid, String)>,
    today: NaiveDate,
}

impl FundsView for EducationPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
    fn sent(&self) -> &Sent {
        &self.sent
    }
}

impl EducationPage {
    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        PartyKind::ALL.iter().map(|k| (k.code(), k.label(self.ctx.lang))).collect()
    }

    fn out_kinds(&self) -> Vec<(&'static str, &'static str)> {
        DisbursementKind::ALL.iter().map(|k| (k.code(), k.label(self.ctx.lang))).collect()
    }

    fn out_kind(&self, k: &DisbursementKind) -> &'static str {
        k.label(self.ctx.lang)
    }

    fn total(&self) -> i64 {
        self.branches.iter().map(|b| b.size_fen).sum()
    }
}

/// `GET /funds/education?show=&page=`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<EducationArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    render(&state, &user, &args, Sent::default()).await
}

async fn render(state: &AppState, user: &PageUser, args: &EducationArgs, sent: Sent) -> PageResult<Response> {
    let show_out = match args.show.as_deref().map(str::trim).unwrap_or_default() {
        "" | "donations" => false,
        "disbursements" => true,
        _ => {
            return Err(AppError::invalid(
                "show 应为 donations 或 disbursements",
                "show is donations or disbursements",
            ));
        }
    };
    let order = Order::parse(&args.list.sort, &args.list.dir, SORTS)?;
    let funds = state.store.funds(&user.actor, Permission::FundRead)?;
    let requested = page_number(&args.list.page)?;
    let (donations, disbursements, paging) = if show_out {
        let (rows, paging) = fetch_page(requested, PAGE, |offset| {
            let funds = &funds;
            async move { funds.disbursements(offset, PAGE).await }
        })
        .await?;
        (vec![], rows, paging)
    } else {
        let (rows, paging) = fetch_page(requested, PAGE, |offset| {
            let funds = &funds;
            async move { funds.donations(offset, PAGE).await }
        })
        .await?;
        (rows, vec![], paging)
    };
    let filters = if show_out { vec![("show", "disbursements".to_string())] } else { vec![] };
    let caption = if show_out {
        user.lang.pick("教育基金支出", "Paid out")
    } else {
        user.lang.pick("教育基金捐赠", "Donations")
    };
    let day = today();
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or(day);
    let code = if sent.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if sent.errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let page = EducationPage {
        ctx: Ctx::new(user, "/funds"),
        notice,
        branches: funds.branches(day).await?,
        years: funds.education_by_year(first, day).await?,
        show_out,
        donations,
        disbursements,
        nav: ListNav::new("/funds/education", filters, SORTS, order, paging).with_caption(caption.into()),
        can_write: can_write(&user.actor),
        units: funds.units().await?,
        today: day,
        sent,
    };
    Ok((code, Html(page.render().map_err(AppError::internal)?)).into_response())
}

fn back(state: &AppState, user: &PageUser, zh: &'static str, en: &'static str, to: &str) -> PageResult<Response> {
    state.flash.keep(&user.session, Kept::Notice(user.lang.pick(zh, en).into()));
    Ok(Redirect::to(to).into_response())
}

/// `POST /funds/education/donations`: a donation, or with `open_branch`
/// set, a branch opened for a unit.
pub(super) async fn donate(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let mut r = Reader::default();
    if form.has("open_branch") {
        let unit = r.id(&form, "unit_id", "请选择单位", "Choose the unit");
        let done = match r.done(()) {
            Ok(()) => funds.open_branch(unit, &form.get("branch_name")).await.map_err(refused),
            Err(e) => Err(Ok(e)),
        };
        return match done {
            Ok(_) => back(&state, &user, "已设立基金分会", "Branch opened", "/funds/education"),
            Err(refusal) => {
                render(&state, &user, &EducationArgs::default(), Sent::refused("branch", form, refusal?)).await
            }
        };
    }
    let draft = DonationDraft {
        branch_id: r.id(&form, "branch_id", "请选择基金分会", "Choose the branch"),
        donor: r.party(&form),
        amount_fen: r.amount(&form, "amount"),
        pledged: r.date(&form, "pledged_on", "认捐日期", "pledge day"),
        paid: r.optional_date(&form, "paid_on", "到账日期", "paid day"),
        purpose: form.get("purpose"),
    };
    let done = match r.done(draft) {
        Ok(d) => funds.add_donation(d).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(_) => back(&state, &user, "已登记捐赠", "Donation recorded", "/funds/education"),
        Err(refusal) => {
            render(&state, &user, &EducationArgs::default(), Sent::refused("donation", form, refusal?)).await
        }
    }
}

/// `POST /funds/education/donations/{id}/paid`.
pub(super) async fn paid(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
    form: FormData,
) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let mut r = Reader::default();
    let date = r.date(&form, "paid_on", "到账日期", "paid day");
    let done = match r.done(()) {
        Ok(()) => funds.donation_paid(id, date).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(()) => back(&state, &user, "已登记到账", "Marked paid in", "/funds/education"),
        Err(refusal) => render(&state, &user, &EducationArgs::default(), Sent::refused("paid", form, refusal?)).await,
    }
}

/// `POST /funds/education/disbursements`.
pub(super) async fn disburse(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let mut r = Reader::default();
    let kind = DisbursementKind::parse(&form.get("kind")).unwrap_or_else(|| {
        r.errors.push(guichao_domain::fellows::FormError::new("kind", "请选择支出类别", "Choose the kind"));
        DisbursementKind::Other
    });
    let draft = DisbursementDraft {
        branch_id: r.id(&form, "branch_id", "请选择基金分会", "Choose the branch"),
        kind,
        recipient: form.get("recipient"),
        amount_fen: r.amount(&form, "amount"),
        date: r.date(&form, "date", "支出日期", "day paid"),
        note: form.get("note"),
    };
    let done = match r.done(draft) {
        Ok(d) => funds.disburse(d).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    let args = EducationArgs { show: Some("disbursements".into()), ..Default::default() };
    match done {
        Ok(_) => back(&state, &user, "已登记支出", "Payment recorded", "/funds/education?show=disbursements"),
        Err(refusal) => render(&state, &user, &args, Sent::refused("disbursement", form, refusal?)).await,
    }
}

#[derive(Template)]
#[template(path = "funds/letter.html")]
struct LetterPage {
    lang: Lang,
    donation: DonationRow,
    paragraphs: Vec<String>,
}

impl LetterPage {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }
}

/// `GET /funds/education/donations/{id}/letter`: the donation's thank-you
/// letter, one A4 sheet to print.
pub(super) async fn letter(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<Uuid>,
) -> PageResult<Response> {
    let donation = state.store.funds(&user.actor, Permission::FundRead)?.donation(id).await?;
    let paragraphs = thank_you(&ThankYou {
        donor: &donation.donor.name,
        is_company: donation.donor.kind == PartyKind::Company,
        branch: &donation.branch,
        amount_fen: donation.amount_fen,
        paid: donation.paid,
        purpose: &donation.purpose,
        county: user.actor.tenant_name(),
        date: donation.paid.unwrap_or(donation.pledged),
    });
    let page = LetterPage { lang: user.lang, donation, paragraphs };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}
