//! The one list of the app's areas as the web serves them: each domain
//! [`Area`] with its page routes, its `/api/v1` routes, the page its navigation
//! entry and home card lead to, and the figure its card shows.
//!
//! The router (`lib.rs`, `api/mod.rs`), the navigation (`layout.rs`) and the
//! home page (`home.rs`) are all built from [`AREAS`]; names, card texts,
//! permissions and audit actions come from the domain's [`Area`]. A new area
//! adds one entry here and one variant there.

use crate::AppState;
use axum::Router;
use guichao_domain::Lang;
use guichao_domain::areas::Area;
use guichao_store::{Actor, Store, StoreResult};
use std::future::Future;
use std::pin::Pin;
use utoipa_axum::router::OpenApiRouter;

/// A figure for a home card, counted from the records the user may see
/// (`None` when the user may not count them).
pub type Figure = for<'a> fn(&'a Store, &'a Actor, Lang) -> FigureFuture<'a>;
pub type FigureFuture<'a> = Pin<Box<dyn Future<Output = StoreResult<Option<String>>> + Send + 'a>>;

/// Links a home card shows below its figure, each with a figure of its own
/// (the liaison card's follow-ups and overdue fellows).
pub type CardLinks = for<'a> fn(&'a Store, &'a Actor, Lang) -> CardLinksFuture<'a>;
pub type CardLinksFuture<'a> = Pin<Box<dyn Future<Output = StoreResult<Vec<CardLink>>> + Send + 'a>>;

/// A link on a home card, its figure in its words.
pub struct CardLink {
    pub href: String,
    pub label: String,
}

/// An area as the web serves it.
pub struct WebArea {
    pub area: Area,
    /// The area's page: where its navigation entry and its home card lead.
    pub href: &'static str,
    /// Whether the area has an entry in the navigation bar.
    pub in_nav: bool,
    /// Its HTML pages and forms.
    pub pages: Option<fn() -> Router<AppState>>,
    /// Its `/api/v1` routes, each carrying its OpenAPI description.
    pub api: Option<fn() -> OpenApiRouter<AppState>>,
    /// The figure on its home card.
    pub figure: Option<Figure>,
    /// The links below its home card's figure.
    pub links: Option<CardLinks>,
}

/// Every area, in the order of [`Area::ALL`]: the navigation and the home page
/// show them in this order.
pub const AREAS: [WebArea; 16] = [
    WebArea {
        area: Area::Home,
        href: "/",
        in_nav: true,
        pages: Some(crate::home::routes),
        api: None,
        figure: None,
        links: None,
    },
    WebArea {
        area: Area::Fellows,
        href: "/fellows",
        in_nav: true,
        pages: Some(crate::fellows::routes),
        api: Some(crate::fellows::api::routes),
        figure: Some(crate::home::fellow_count),
        links: None,
    },
    WebArea {
        area: Area::Chambers,
        href: "/chambers",
        in_nav: true,
        pages: Some(crate::chambers::routes),
        api: Some(crate::chambers::api::routes),
        figure: Some(crate::home::chamber_count),
        links: None,
    },
    WebArea {
        area: Area::Liaison,
        href: "/liaison",
        in_nav: true,
        pages: Some(crate::liaison::routes),
        api: Some(crate::liaison::api::routes),
        figure: Some(crate::home::my_fellow_count),
        links: Some(crate::home::liaison_links),
    },
    WebArea {
        area: Area::Events,
        href: "/events",
        in_nav: true,
        pages: Some(crate::events::routes),
        api: Some(crate::events::api::routes),
        figure: Some(crate::home::events_this_year),
        links: None,
    },
    WebArea {
        area: Area::Campaigns,
        href: "/campaigns",
        in_nav: true,
        pages: Some(crate::campaigns::routes),
        api: Some(crate::campaigns::api::routes),
        figure: Some(crate::home::campaign_completion),
        links: None,
    },
    WebArea {
        area: Area::Sms,
        href: "/sms",
        in_nav: true,
        pages: Some(crate::sms::routes),
        api: Some(crate::sms::api::routes),
        figure: None,
        links: None,
    },
    WebArea {
        area: Area::Projects,
        href: "/projects",
        in_nav: true,
        pages: Some(crate::projects::routes),
        api: Some(crate::projects::api::routes),
        figure: Some(crate::home::projects_signed_this_year),
        links: Some(crate::agency::home_links),
    },
    WebArea {
        area: Area::Services,
        href: "/services",
        in_nav: true,
        pages: Some(crate::services::routes),
        api: Some(crate::services::api::routes),
        figure: Some(crate::home::overdue_requests),
        links: None,
    },
    WebArea {
        area: Area::Funds,
        href: "/funds",
        in_nav: true,
        pages: Some(crate::funds::routes),
        api: Some(crate::funds::api::routes),
        figure: Some(crate::funds::loans_figure),
        links: None,
    },
    WebArea {
        area: Area::Policies,
        href: "/policies",
        in_nav: true,
        pages: Some(crate::policies::routes),
        api: Some(crate::policies::api::routes),
        figure: Some(crate::policies::in_force_figure),
        links: None,
    },
    WebArea {
        area: Area::Org,
        href: "/org",
        in_nav: true,
        pages: Some(crate::org::routes),
        api: Some(crate::org::api::routes),
        figure: None,
        links: None,
    },
    WebArea {
        area: Area::Users,
        href: "/users",
        in_nav: true,
        pages: Some(crate::users::routes),
        api: Some(crate::users::api::routes),
        figure: None,
        links: None,
    },
    WebArea {
        area: Area::Audit,
        href: "/audit",
        in_nav: true,
        pages: Some(crate::audit::routes),
        api: Some(crate::audit::api::routes),
        figure: None,
        links: None,
    },
    WebArea {
        area: Area::Account,
        href: "/account",
        in_nav: true,
        pages: Some(crate::account::routes),
        api: Some(crate::account::api::routes),
        figure: None,
        links: None,
    },
    // The docs page is served by `api::router`, which builds it from the
    // document the other areas' API routes make.
    WebArea {
        area: Area::ApiDocs,
        href: "/api/docs",
        in_nav: false,
        pages: None,
        api: None,
        figure: None,
        links: None,
    },
];

/// The areas a user may enter.
pub fn open_to(actor: &Actor) -> impl Iterator<Item = &'static WebArea> + '_ {
    AREAS.iter().filter(|a| a.area.open_to(actor.grants()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_domain_area_is_served_once_in_order() {
        assert_eq!(AREAS.map(|a| a.area), Area::ALL);
    }

    #[test]
    fn hrefs_are_distinct_pages() {
        let mut hrefs: Vec<&str> = AREAS.iter().map(|a| a.href).collect();
        hrefs.sort();
        hrefs.dedup();
        assert_eq!(hrefs.len(), AREAS.len());
        assert!(hrefs.iter().all(|h| h.starts_with('/')));
    }
}
