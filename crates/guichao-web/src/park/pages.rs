//! `/park`: the park's figures as of a day (today unless `?as_of=` says
//! otherwise), then its parcels or its factory units (`?show=units`) through
//! the shared list building block, each with its status and holder on that
//! day; and for a county-wide writer the add-parcel and add-unit forms.

use super::form::{ParcelForm, UnitForm};
use super::{ParkView, refused, sorted};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::flash::Kept;
use crate::layout::Ctx;
use crate::list::{ListNav, Order, fetch_page, page_number};
use crate::projects::api::day;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::park::{ParkAllocations, ParkFigures, Zoning, park_allocations, park_figures};
use guichao_domain::projects::Period;
use guichao_store::park::{ParcelRow, SiteQuery, UnitRow};
use serde::Deserialize;

/// Sites per page.
const PAGE: u64 = 50;
/// The sortable columns of either list; the first is the default (parcels by
/// name, units by building, floor and number).
const SORTS: &[&str] = &["name", "area"];

#[derive(Debug, Default, Deserialize)]
pub(super) struct ParkArgs {
    as_of: Option<String>,
    show: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

/// The forms as typed, and which one a refusal concerns.
#[derive(Default)]
struct Typed {
    parcel: Option<ParcelForm>,
    unit: Option<UnitForm>,
}

#[derive(Template)]
#[template(path = "park/index.html")]
struct ParkPage {
    ctx: Ctx,
    as_of: NaiveDate,
    /// Whether `as_of` was asked for (else it is today).
    dated: bool,
    f: ParkFigures,
    year: i32,
    taken_in: ParkAllocations,
    taken_in_via: ParkAllocations,
    units_shown: bool,
    parcels: Vec<ParcelRow>,
    units: Vec<UnitRow>,
    nav: ListNav,
    can_add: bool,
    parcel_form: ParcelForm,
    unit_form: UnitForm,
    /// The refusal of the form that was sent, by field.
    errors: Vec<FormError>,
    open: &'static str,
    notice: Option<String>,
}

impl ParkView for ParkPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
}

impl ParkPage {
    fn err(&self, field: &str) -> Option<String> {
        FormError::first_for(&self.errors, field, self.ctx.lang)
    }

    /// The page's address with another list shown, keeping the day asked.
    fn show_href(&self, units: bool) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if self.dated {
            query.append_pair("as_of", &self.as_of.to_string());
        }
        if units {
            query.append_pair("show", "units");
        }
        let query = query.finish();
        if query.is_empty() { "/park".into() } else { format!("/park?{query}") }
    }

    /// The occupancy rate as a percentage, or a dash without space.
    fn occupancy(&self) -> String {
        self.f.occupancy_rate.map_or_else(|| "—".into(), |r| format!("{:.1}%", r * 100.0))
    }

    fn zonings(&self) -> Vec<(&'static str, &'static str, bool)> {
        Zoning::ALL.iter().map(|z| (z.code(), z.label(self.ctx.lang), self.parcel_form.zoning == z.code())).collect()
    }
}

/// `GET /park?as_of=&show=units&page=&sort=&dir=`.
pub(super) async fn show(
    State(state): State<AppState>,
    user: PageUser,
    args: Result<Query<ParkArgs>, QueryRejection>,
) -> PageResult<Response> {
    let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query parameters"))?;
    render(&state, &user, &args, Typed::default(), vec![]).await
}

async fn render(
    state: &AppState,
    user: &PageUser,
    args: &ParkArgs,
    typed: Typed,
    errors: Vec<FormError>,
) -> PageResult<Response> {
    let lang = user.lang;
    let asked = day(&args.as_of, "as_of")?;
    let as_of = asked.unwrap_or_else(today);
    let units_shown = match args.show.as_deref().map(str::trim).unwrap_or_default() {
        "" | "parcels" => false,
        "units" => true,
        _ => return Err(AppError::invalid("show 应为 parcels 或 units", "show is parcels or units")),
    };
    let order = Order::parse(&args.sort, &args.dir, SORTS)?;
    let park = state.store.park(&user.actor, Permission::ProjectRead)?;
    let facts = park.facts().await?;
    let year = Period {
        from: NaiveDate::from_ymd_opt(as_of.year(), 1, 1).unwrap_or(as_of),
        to: NaiveDate::from_ymd_opt(as_of.year(), 12, 31).unwrap_or(as_of),
    };
    let taken = |via| park_allocations(&facts.parcels, &facts.units, &facts.projects, year, as_of, via);
    let q = SiteQuery { as_of, sort: sorted(order), descending: order.descending, offset: 0, limit: PAGE };
    let requested = page_number(&args.page)?;
    let (parcels, units, paging) = if units_shown {
        let (rows, paging) = fetch_page(requested, PAGE, |offset| {
            let park = &park;
            async move { park.units(&SiteQuery { offset, ..q }).await }
        })
        .await?;
        (vec![], rows, paging)
    } else {
        let (rows, paging) = fetch_page(requested, PAGE, |offset| {
            let park = &park;
            async move { park.parcels(&SiteQuery { offset, ..q }).await }
        })
        .await?;
        (rows, vec![], paging)
    };
    let mut filters: Vec<(&'static str, String)> = asked.iter().map(|d| ("as_of", d.to_string())).collect();
    if units_shown {
        filters.push(("show", "units".into()));
    }
    let caption = format!(
        "{} · {}{}",
        if units_shown {
            lang.pick("标准厂房", "Factory units")
        } else {
            lang.pick("园区土地", "Land parcels")
        },
        lang.pick("截至 ", "as of "),
        as_of
    );
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = if errors.is_empty() { state.flash.take_notice(&user.session) } else { None };
    let open = match (&typed.parcel, &typed.unit) {
        (Some(_), _) => "parcel",
        (None, Some(_)) => "unit",
        (None, None) => "",
    };
    let page = ParkPage {
        ctx: Ctx::new(user, "/projects"),
        as_of,
        dated: asked.is_some(),
        f: park_figures(&facts.parcels, &facts.units, as_of),
        year: as_of.year(),
        taken_in: taken(false),
        taken_in_via: taken(true),
        units_shown,
        parcels,
        units,
        nav: ListNav::new("/park", filters, SORTS, order, paging).with_caption(caption),
        can_add: park.may_add_sites(),
        parcel_form: typed.parcel.unwrap_or_default(),
        unit_form: typed.unit.unwrap_or_default(),
        errors,
        open,
        notice,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// `POST /park/parcels`: to the new parcel's page, or `/park` again with
/// the refusal under its fields.
pub(super) async fn add_parcel(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let park = state.store.park(&user.actor, Permission::ProjectWrite)?;
    let typed = ParcelForm::from_form(&form);
    let added = match typed.draft() {
        Ok(draft) => park.add_parcel(draft).await.map_err(refused),
        Err(errors) => Err(Ok(errors)),
    };
    match added {
        Ok(id) => {
            let notice = format!("{}{}", user.lang.pick("已登记地块：", "Parcel added: "), typed.name.trim());
            state.flash.keep(&user.session, Kept::Notice(notice));
            Ok(Redirect::to(&format!("/park/parcels/{id}")).into_response())
        }
        Err(refusal) => {
            let typed = Typed { parcel: Some(typed), unit: None };
            render(&state, &user, &ParkArgs::default(), typed, refusal?).await
        }
    }
}

/// `POST /park/units`: to the new unit's page, or the unit list again with
/// the refusal under its fields.
pub(super) async fn add_unit(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let park = state.store.park(&user.actor, Permission::ProjectWrite)?;
    let typed = UnitForm::from_form(&form);
    let added = match typed.draft() {
        Ok(draft) => park.add_unit(draft).await.map_err(refused),
        Err(errors) => Err(Ok(errors)),
    };
    match added {
        Ok(id) => {
            let notice = format!(
                "{}{} {}",
                user.lang.pick("已登记厂房：", "Factory unit added: "),
                typed.building.trim(),
                typed.unit_no.trim()
            );
            state.flash.keep(&user.session, Kept::Notice(notice));
            Ok(Redirect::to(&format!("/park/units/{id}")).into_response())
        }
        Err(refusal) => {
            let args = ParkArgs { show: Some("units".into()), ..ParkArgs::default() };
            render(&state, &user, &args, Typed { parcel: None, unit: Some(typed) }, refusal?).await
        }
    }
}
