//! "我的联系" (`/liaison`): the fellows the signed-in cadre keeps in touch with,
//! a page at a time; ending an assignment; and the routes of the area.

use super::{assign, followups, overdue};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{IdPath, PageUser};
use crate::layout::{Ctx, show_time};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::liaison::{self, ContactState};
use guichao_store::contacts::AssignmentState;
use guichao_store::liaison::MyFellowRow;
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

const PAGE: u64 = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/liaison", get(mine))
        .route("/liaison/assign", get(assign::form).post(assign::assign_all))
        .route("/fellows/{id}/assignments", post(assign::assign_one))
        .route("/liaison/assignments/{id}/end", post(end))
        .merge(crate::contacts::routes())
        .route("/liaison/followups", get(followups::list))
        .route("/liaison/followups/{id}/done", post(followups::finish))
        .route("/liaison/overdue", get(overdue::list))
        .route("/liaison/coverage", get(super::coverage::page))
        .route("/liaison/coverage/fellows", get(super::coverage::fellows))
}

#[derive(Template)]
#[template(path = "liaison/mine.html")]
struct MinePage {
    ctx: Ctx,
    rows: Vec<MyFellowRow>,
    next: Option<String>,
    first_page: bool,
    can_find: bool,
    /// Whether each fellow gets the one-tap "记一次联系" link.
    can_record: bool,
    /// What the last form did (a contact recorded).
    notice: Option<String>,
    /// Where each assignment stands today, by assignment id.
    states: HashMap<Uuid, AssignmentState>,
    /// Whether the user sees the coverage roll-up (a scope wider than their own fellows).
    can_roll_up: bool,
}

impl MinePage {
    fn level(&self, r: &MyFellowRow) -> &'static str {
        r.level.label(self.ctx.lang)
    }

    fn started(&self, r: &MyFellowRow) -> String {
        show_time(&r.started_at).chars().take(10).collect()
    }

    /// The assignment's state today in words (with the days overdue or left),
    /// and its class.
    fn state(&self, r: &MyFellowRow) -> Option<(&'static str, String)> {
        let a = self.states.get(&r.assignment_id)?;
        let label = a.state.label(self.ctx.lang);
        let lang = self.ctx.lang;
        Some(match a.state {
            ContactState::Ok => ("ok", label.to_string()),
            ContactState::Due => {
                let end = liaison::counted_from(a.started_on, a.last_contact) + chrono::Days::new(a.cycle_days as u64);
                let left = (end - today()).num_days();
                ("due", format!("{label}{}{left}{}", lang.pick("，还剩", ": "), lang.pick("天", " days left")))
            }
            ContactState::Overdue => ("overdue", format!("{label} {}{}", a.days_overdue, lang.pick("天", " days"))),
        })
    }

    fn place(&self, r: &MyFellowRow) -> String {
        [r.township.as_str(), r.village.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Deserialize)]
struct MineQuery {
    after_name: Option<String>,
    after_id: Option<String>,
}

async fn mine(State(state): State<AppState>, user: PageUser, Query(q): Query<MineQuery>) -> PageResult<Response> {
    // A cursor that cannot be read starts from the top rather than failing.
    let after = q.after_name.zip(q.after_id.and_then(|id| Uuid::parse_str(&id).ok()));
    let first_page = after.is_none();
    let rows = state.store.liaison(&user.actor, Permission::LiaisonRead)?.mine(PAGE, after).await?;
    let fellows = rows.iter().map(|r| r.fellow_id).collect::<std::collections::BTreeSet<_>>().len() as u64;
    let next = (fellows == PAGE).then(|| {
        let last = &rows[rows.len() - 1];
        format!("/liaison?after_name={}&after_id={}", urlencoding::encode(&last.name), last.fellow_id)
    });
    let states = state.store.contacts(&user.actor, Permission::LiaisonRead)?.my_assignments_state(today()).await?;
    let page = MinePage {
        ctx: Ctx::new(&user, "/liaison"),
        rows,
        next,
        first_page,
        can_find: user.actor.can(Permission::FellowRead),
        can_record: user.actor.can(Permission::LiaisonWrite),
        notice: state.flash.take_notice(&user.session),
        states: states.into_iter().map(|a| (a.assignment_id, a)).collect(),
        can_roll_up: user
            .actor
            .scope(Permission::LiaisonRead)
            .is_ok_and(|s| s.reach() != guichao_domain::access::DataScope::Assigned),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

/// Ends an assignment, then back to the fellow's page (or to "我的联系" when
/// the user no longer sees the fellow, having ended their own duty).
async fn end(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let fellow = state.store.liaison(&user.actor, Permission::LiaisonWrite)?.end(id).await?;
    let to = match state.store.fellows(&user.actor, Permission::FellowRead)?.get(fellow).await {
        Ok(_) => format!("/fellows/{fellow}#liaison"),
        Err(_) => "/liaison".to_string(),
    };
    Ok(Redirect::to(&to).into_response())
}
