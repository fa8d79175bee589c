//! The industrial park (园区), part of the projects area: the park's figures
//! with its parcels and factory units as of a day (`/park`), a parcel's or a
//! unit's page with its allocation history and the allocate and release
//! forms (`/park/parcels/{id}`, `/park/units/{id}`), the sites a project
//! holds on the project's page, and the `/api/v1/park` routes.

pub mod api;
mod api_types;
mod form;
mod pages;
mod site;

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::layout::Ctx;
use crate::list::Order;
use axum::Router;
use axum::routing::{get, post};
use chrono::NaiveDate;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::fellows::FormError;
use guichao_domain::park::{ParcelStatus, UnitStatus, Zoning, format_m2, format_mu};
use guichao_domain::projects::format_amount;
use guichao_store::park::{AllocationRow, ProjectAllocationRow, SiteSort};
use guichao_store::{Actor, Store, StoreError};
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/park", get(pages::show))
        .route("/park/parcels", post(pages::add_parcel))
        .route("/park/units", post(pages::add_unit))
        .route("/park/parcels/{id}", get(site::parcel))
        .route("/park/parcels/{id}/allocations", post(site::allocate_parcel))
        .route("/park/parcels/{id}/allocations/{allocation_id}/release", post(site::release_parcel))
        .route("/park/units/{id}", get(site::unit))
        .route("/park/units/{id}/allocations", post(site::allocate_unit))
        .route("/park/units/{id}/allocations/{allocation_id}/release", post(site::release_unit))
}

/// A span as people read it: 2023-03-01 至 2024-02-29, or 2023-03-01 起.
fn span(from: NaiveDate, until: Option<NaiveDate>, lang: Lang) -> String {
    match (until, lang) {
        (Some(until), Lang::Zh) => format!("{from} 至 {until}"),
        (Some(until), Lang::En) => format!("{from} to {until}"),
        (None, Lang::Zh) => format!("{from} 起"),
        (None, Lang::En) => format!("from {from}"),
    }
}

/// A site a project holds or held, ready for the project's page.
pub struct ProjectSite {
    pub href: String,
    pub site: String,
    /// 86.5 亩, or 1,200 m².
    pub area: String,
    pub span: String,
    /// The day built on or moved in, or empty.
    pub moved_in: String,
    pub note: String,
}

impl ProjectSite {
    fn new(a: ProjectAllocationRow, lang: Lang) -> ProjectSite {
        let (href, area) = match (a.parcel_id, a.unit_id) {
            (Some(id), _) => (
                format!("/park/parcels/{id}"),
                format!("{} {}", format_mu(a.area_hundredths_mu), lang.pick("亩", "mu")),
            ),
            (None, id) => (format!("/park/units/{}", id.unwrap_or_default()), format!("{} m²", format_m2(a.area_m2))),
        };
        ProjectSite {
            href,
            site: a.site,
            area,
            span: span(a.from, a.until, lang),
            moved_in: a.moved_in.map(|d| d.to_string()).unwrap_or_default(),
            note: a.note,
        }
    }
}

/// The sites allocated to project `id`, for its page (the reader sees it).
pub(crate) async fn project_sites(store: &Store, actor: &Actor, id: Uuid, lang: Lang) -> PageResult<Vec<ProjectSite>> {
    let rows = store.park(actor, Permission::ProjectRead)?.project_allocations(id).await?;
    Ok(rows.into_iter().map(|a| ProjectSite::new(a, lang)).collect())
}

/// What every park page shows the same way: areas, amounts, statuses, who
/// holds a site and for how long.
trait ParkView {
    fn ctx(&self) -> &Ctx;

    fn mu(&self, hundredths: &i64) -> String {
        format_mu(*hundredths)
    }

    fn m2(&self, m2: &i64) -> String {
        format_m2(*m2)
    }

    fn amount(&self, fen: &i64) -> String {
        format_amount(*fen)
    }

    fn zoning(&self, z: &Zoning) -> &'static str {
        z.label(self.ctx().lang)
    }

    fn parcel_status(&self, s: &ParcelStatus) -> &'static str {
        s.label(self.ctx().lang)
    }

    fn unit_status(&self, s: &UnitStatus) -> &'static str {
        s.label(self.ctx().lang)
    }

    /// Who an allocation went to: the project, when the reader may see it.
    fn holder(&self, a: &AllocationRow) -> String {
        match &a.project {
            Some(name) => name.clone(),
            None => self.ctx().t("已分配（其他项目）", "Allocated (another project)").into(),
        }
    }

    fn span(&self, a: &AllocationRow) -> String {
        span(a.from, a.until, self.ctx().lang)
    }

    fn date(&self, day: &Option<NaiveDate>) -> String {
        day.map_or_else(|| "—".into(), |d| d.to_string())
    }
}

/// The store's order for a list's sort column.
fn sorted(order: Order) -> SiteSort {
    if order.column == "area" { SiteSort::Area } else { SiteSort::Name }
}

/// A store refusal as field errors to show on a form (a rule broken, or a
/// conflict, under `form`); other errors pass as the page's error.
fn refused(e: StoreError) -> Result<Vec<FormError>, AppError> {
    match e {
        StoreError::Fields(f) => Ok(f),
        StoreError::Invalid(message) | StoreError::Conflict(message) => Ok(vec![FormError { field: "form", message }]),
        other => Err(other.into()),
    }
}
