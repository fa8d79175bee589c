//! `/funds/households`: the "211" households' count by township as of a
//! day, the households through the shared list building block (by township
//! and year verified), and for a county writer the add form;
//! `/funds/households/{id}`: one household and, for a county writer, its
//! edit form.

use super::form::Reader;
use super::{FundsView, Sent, can_write, refused};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use crate::projects::api::day;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::funds::households::{parse_mu, show_mu};
use guichao_store::funds::households::{HouseholdDraft, HouseholdPlace, HouseholdQuery, HouseholdRow};
use serde::Deserialize;
use uuid::Uuid;

const PAGE: u64 = 50;
const SORTS: &[&str] = &["township"];

#[derive(Debug, Default, Deserialize)]
pub(super) struct HouseholdArgs {
    as_of: Option<String>,
    township: Option<String>,
    year: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

#[derive(Template)]
#[template(path = "funds/households.html")]
struct HouseholdsPage {
    ctx: Ctx,
    sent: Sent,
    notice: Option<String>,
    as_of: NaiveDate,
    counts: Vec<(Uuid, String, i64)>,
    total: i64,
    households: Vec<HouseholdRow>,
    nav: ListNav,
    township: String,
    year: String,
    can_write: bool,
    places: Vec<HouseholdPlace>,
    /// The household being edited, on its own page.
    editing: Option<HouseholdRow>,
}

impl FundsView for HouseholdsPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
    fn sent(&self) -> &Sent {
        &self.sent
    }
}

impl HouseholdsPage {
    fn mu(&self, hundredths: &i64) -> String {
        show_mu(*hundredths)
    }

    fn townships(&self) -> impl Iterator<Item = &HouseholdPlace> {
        self.places.iter().filter(|p| p.id == p.township_id)
    }

    fn place_label(&self, p: &HouseholdPlace) -> String {
        if p.id == p.township_id { p.name.clone() } else { format!("{} · {}", p.township_name, p.name) }
    }

    /// A field's value: as typed when the form came back, else the edited household's.
    fn value(&self, field: &str) -> String {
        if self.open("household") {
            return self.typed("household", field);
        }
        let Some(h) = &self.editing else { return String::new() };
        match field {
            "head_name" => h.head_name.clone(),
            "unit_id" => h.unit_id.to_string(),
            "area" => show_mu(h.area_hundredths_mu).trim_end_matches('亩').to_string(),
            "income" => format!("{}", h.income_fen as f64 / 1_000_000.0),
            "year" => h.year_verified.to_string(),
            _ => h.note.clone(),
        }
    }

    fn action(&self) -> String {
        self.editing.as_ref().map_or("/funds/households".into(), |h| format!("/funds/households/{}", h.id))
    }
}

fn year_arg(y: &Option<String>) -> Result<Option<i32>, AppError> {
    match y.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => Ok(None),
        Some(y) => Ok(Some(y.parse().map_err(|_| AppError::invalid("年度应为四位数字", "The year is four digits"))?)),
    }
}

/// `GET /funds/households?as_of=&township=&year=&page=`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<HouseholdArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    render(&state, &user, &args, Sent::default(), None).await
}

async fn render(
    state: &AppState,
    user: &PageUser,
    args: &HouseholdArgs,
    sent: Sent,
    editing: Option<HouseholdRow>,
) -> PageResult<Response> {
    let lang = user.lang;
    let asked = day(&args.as_of, "as_of")?;
    let as_of = asked.unwrap_or_else(today);
    let year = year_arg(&args.year)?;
    let township = match args.township.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(Uuid::parse_str(t).map_err(|_| AppError::invalid("乡镇有误", "Unknown township"))?),
    };
    let order = Order::parse(&args.sort, &args.dir, SORTS)?;
    let funds = state.store.funds(&user.actor, Permission::FundRead)?;
    let q = HouseholdQuery { township, year, offset: 0, limit: PAGE };
    let (households, paging) = fetch_page(page_number(&args.page)?, PAGE, |offset| {
        let (funds, q) = (&funds, q.clone());
        async move { funds.households(&HouseholdQuery { offset, ..q }).await }
    })
    .await?;
    let counts = funds.households_by_township(as_of).await?;
    let places = funds.household_places().await?;
    let mut filters: Vec<(&'static str, String)> = asked.iter().map(|d| ("as_of", d.to_string())).collect();
    let mut caption = vec![lang.pick("211户", "211 households").to_string()];
    if let Some(t) = township {
        filters.push(("township", t.to_string()));
        caption.extend(places.iter().find(|p| p.id == t).map(|p| p.name.clone()));
    }
    if let Some(y) = year {
        filters.push(("year", y.to_string()));
        caption.push(format!("{y}{}", lang.pick("年认定", " verified")));
    }
    let code = if sent.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if sent.errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let page = HouseholdsPage {
        ctx: Ctx::new(user, "/funds"),
        notice,
        as_of,
        total: counts.iter().map(|(_, _, n)| n).sum(),
        counts,
        households,
        nav: ListNav::new("/funds/households", filters, SORTS, order, paging).with_caption(caption.join(" · ")),
        township: township.map(|t| t.to_string()).unwrap_or_default(),
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        can_write: can_write(&user.actor),
        places,
        editing,
        sent,
    };
    Ok((code, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// A household as the form gives it: land in mu, income in 万元.
fn read(f: &FormData) -> Result<HouseholdDraft, Vec<FormError>> {
    let mut r = Reader::default();
    let area = parse_mu(&f.get("area")).unwrap_or_else(|| {
        r.errors.push(FormError::new("area", "请填写亩数，如 100 或 98.5", "Write the area in mu: 100 or 98.5"));
        0
    });
    let income_fen = r.amount(f, "income");
    let year_verified = r.whole(f, "year");
    let unit_id = r.id(f, "unit_id", "请选择乡镇或村", "Choose a township or village");
    r.done(HouseholdDraft {
        head_name: f.get("head_name"),
        unit_id,
        area_hundredths_mu: area,
        income_fen,
        year_verified,
        note: f.get("note"),
    })
}

/// `POST /funds/households`: records a household.
pub(super) async fn add(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let done = match read(&form) {
        Ok(d) => funds.add_household(d).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(_) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已登记211户", "Household recorded").into()));
            Ok(Redirect::to("/funds/households").into_response())
        }
        Err(refusal) => {
            render(&state, &user, &HouseholdArgs::default(), Sent::refused("household", form, refusal?), None).await
        }
    }
}

/// `GET /funds/households/{id}`: the household with its edit form.
pub(super) async fn one(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let h = state.store.funds(&user.actor, Permission::FundRead)?.household(id).await?;
    render(&state, &user, &HouseholdArgs::default(), Sent::default(), Some(h)).await
}

/// `POST /funds/households/{id}`: corrects a household.
pub(super) async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let funds = state.store.funds(&user.actor, Permission::FundWrite)?;
    let done = match read(&form) {
        Ok(d) => funds.update_household(id, d).await.map_err(refused),
        Err(e) => Err(Ok(e)),
    };
    match done {
        Ok(()) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已修改211户", "Household updated").into()));
            Ok(Redirect::to("/funds/households").into_response())
        }
        Err(refusal) => {
            let h = state.store.funds(&user.actor, Permission::FundRead)?.household(id).await?;
            render(&state, &user, &HouseholdArgs::default(), Sent::refused("household", form, refusal?), Some(h)).await
        }
    }
}
