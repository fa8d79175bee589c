//! The home page (工作台): a card for each area the user may enter, built from
//! the area list; the figures some cards show; and the health check.

use crate::AppState;
use crate::areas::{self, CardLink, CardLinksFuture, FigureFuture};
use crate::error::PageResult;
use crate::extract::PageUser;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::{Json, Router};
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::liaison::ContactState;
use guichao_store::fellows::FellowQuery;
use guichao_store::{Actor, Store};
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

pub struct Card {
    pub href: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    /// A figure computed from the records the user may see, when the area has one.
    pub figure: Option<String>,
    /// Links below the figure, each with its own figure.
    pub links: Vec<CardLink>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    roles: Vec<String>,
    cards: Vec<Card>,
}

/// One card for each area the user may enter, in the order of the area list.
async fn home(State(state): State<AppState>, user: PageUser) -> PageResult<impl IntoResponse> {
    let lang = user.lang;
    let mut cards = Vec::new();
    for area in areas::open_to(&user.actor) {
        let Some(card) = area.area.card(lang) else { continue };
        let figure = match area.figure {
            Some(figure) => figure(&state.store, &user.actor, lang).await?,
            None => None,
        };
        let links = match area.links {
            Some(links) => links(&state.store, &user.actor, lang).await?,
            None => vec![],
        };
        cards.push(Card { href: area.href, title: card.title, text: card.text, figure, links });
    }
    let page = HomePage { ctx: Ctx::new(&user, "/"), roles: user.actor.role_names(lang), cards };
    Ok(Html(page.render().map_err(crate::error::AppError::internal)?))
}

/// The fellows card's figure: how many fellows the user may see.
pub fn fellow_count<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> FigureFuture<'a> {
    Box::pin(async move {
        let all = store.fellows(actor, Permission::FellowRead)?.count(&FellowQuery::default()).await?;
        Ok(Some(format!("{all} {}", lang.pick("人", "fellows"))))
    })
}

/// The chambers card's figure: how many chambers the user may see.
pub fn chamber_count<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> FigureFuture<'a> {
    Box::pin(async move {
        let all = store.chambers(actor, Permission::ChamberRead)?.count().await?;
        Ok(Some(format!("{all} {}", lang.pick("个", "chambers"))))
    })
}

/// The liaison card's figure: how many fellows the user is assigned to, when
/// they may read fellows at all.
pub fn my_fellow_count<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> FigureFuture<'a> {
    Box::pin(async move {
        if !actor.can(Permission::FellowRead) {
            return Ok(None);
        }
        let mine = FellowQuery { cadre_id: Some(actor.user_id()), ..Default::default() };
        let mine = store.fellows(actor, Permission::FellowRead)?.count(&mine).await?;
        Ok(Some(format!("{mine} {}", lang.pick("人", "fellows"))))
    })
}

/// The liaison card's links: the user's open follow-ups (with how many are
/// overdue) and their own overdue fellows today.
pub fn liaison_links<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> CardLinksFuture<'a> {
    Box::pin(async move {
        let contacts = store.contacts(actor, Permission::LiaisonRead)?;
        let day = today();
        let counts = contacts.followup_counts(day).await?;
        let mut late: Vec<uuid::Uuid> = contacts
            .my_assignments_state(day)
            .await?
            .into_iter()
            .filter(|a| a.state == ContactState::Overdue)
            .map(|a| a.fellow_id)
            .collect();
        late.sort();
        late.dedup();
        let (open, overdue, fellows) = (counts.open, counts.overdue, late.len());
        Ok(vec![
            CardLink {
                href: "/liaison/followups".into(),
                label: match lang {
                    Lang::Zh => format!("待办 {open} 件（逾期 {overdue}）"),
                    Lang::En => format!("{open} follow-ups ({overdue} overdue)"),
                },
            },
            CardLink {
                href: "/liaison/overdue?mine=1".into(),
                label: match lang {
                    Lang::Zh => format!("超期未联系 {fellows} 人"),
                    Lang::En => format!("{fellows} fellows overdue"),
                },
            },
        ])
    })
}

/// `/healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({"status": "ok", "database": state.store.backend().name()}))),
        Err(e) => {
            tracing::error!("health check failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "error", "database": state.store.backend().name()})),
            )
        }
    }
}

/// The events card's figure: the events the user sees that start this year.
pub fn events_this_year<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> FigureFuture<'a> {
    Box::pin(async move {
        use chrono::Datelike;
        let n =
            store.events(actor, Permission::LiaisonRead)?.count_in_year(guichao_domain::date::today().year()).await?;
        Ok(Some(format!("{} {n} {}", lang.pick("今年", "This year:"), lang.pick("场", "events"))))
    })
}

/// The four-ones card's figure: the completion of the latest launched
/// campaign over the fellows the user may see, or how many campaigns there are.
pub fn campaign_completion<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> FigureFuture<'a> {
    Box::pin(async move {
        let campaigns = store.campaigns(actor, Permission::LiaisonRead)?;
        match campaigns.latest_launched().await? {
            Some(id) => {
                let (_, total) =
                    campaigns.completion(id, guichao_store::campaigns::CompletionBy::Township, lang).await?;
                Ok(Some(format!("{} {}", lang.pick("进行中，完成", "Under way:"), total.percent())))
            }
            None => {
                let n = campaigns.count().await?;
                Ok(Some(format!("{n} {}", lang.pick("个活动", "campaigns"))))
            }
        }
    })
}

/// The projects card's figure: the projects the user sees that were signed
/// this year, as the records stand today.
/// The service requests the user sees that are past their deadline and open.
pub fn overdue_requests<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> FigureFuture<'a> {
    Box::pin(async move {
        use guichao_store::services::{ListFilter, ServiceQuery};
        let q = ServiceQuery { filter: ListFilter::Overdue, kind: None, today: today(), offset: 0, limit: 1 };
        let (_, n) = store.services(actor, Permission::ServiceRead)?.list(&q).await?;
        Ok(Some(format!("{} {n} {}", lang.pick("超期未办结", "Overdue:"), lang.pick("件", "requests"))))
    })
}

pub fn projects_signed_this_year<'a>(store: &'a Store, actor: &'a Actor, lang: Lang) -> FigureFuture<'a> {
    Box::pin(async move {
        use chrono::Datelike;
        let day = today();
        let from = chrono::NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day);
        let period = guichao_domain::projects::Period { from, to: day };
        let n = store.projects(actor, Permission::ProjectRead)?.metrics(period, day, false).await?.projects_signed;
        Ok(Some(format!("{} {n} {}", lang.pick("今年签约", "Signed this year:"), lang.pick("个", "projects"))))
    })
}
