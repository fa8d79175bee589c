//! The org tree page: one unit, its ancestors and its children, each child
//! expandable in place (children are fetched on demand, so 10,000 units cost
//! nothing up front). Admins add, rename and remove units here.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::layout::Ctx;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::access::Permission;
use guichao_store::org::UnitNode;
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/org", get(tree))
        .route("/org/units", post(create))
        .route("/org/units/{id}/rename", post(rename))
        .route("/org/units/{id}/delete", post(delete))
}

#[derive(Template)]
#[template(path = "org/tree.html")]
struct TreePage {
    ctx: Ctx,
    trail: Vec<UnitNode>,
    current: Option<UnitNode>,
    children: Vec<UnitNode>,
    can_edit: bool,
    error: Option<String>,
    /// Fellows per unit (the unit and below) among those the viewer may see;
    /// `None` when the viewer may not read fellows.
    fellows: Option<HashMap<Uuid, u64>>,
    /// Active users per unit.
    cadres: HashMap<Uuid, u64>,
}

impl TreePage {
    fn level_label(&self, unit: &UnitNode) -> &'static str {
        unit.level.label(self.ctx.lang)
    }

    fn fellow_count(&self, unit: &UnitNode) -> Option<u64> {
        self.fellows.as_ref().map(|f| f.get(&unit.id).copied().unwrap_or(0))
    }

    fn cadre_count(&self, unit: &UnitNode) -> u64 {
        self.cadres.get(&unit.id).copied().unwrap_or(0)
    }
}

#[derive(Deserialize)]
struct TreeQuery {
    unit: Option<Uuid>,
}

async fn tree(State(state): State<AppState>, user: PageUser, Query(q): Query<TreeQuery>) -> PageResult<Response> {
    render(&state, user, q.unit, None).await
}

async fn render(state: &AppState, user: PageUser, unit: Option<Uuid>, error: Option<String>) -> PageResult<Response> {
    let store = &state.store;
    let (trail, current, children) = match unit {
        Some(id) => {
            let current = store.unit(&user.actor, Permission::OrgRead, id).await?;
            let trail = store.unit_trail(&user.actor, id).await?;
            let children = store.unit_children(&user.actor, Some(id)).await?;
            (trail, Some(current), children)
        }
        None => (vec![], None, store.unit_children(&user.actor, None).await?),
    };
    let can_edit = user.actor.can(Permission::OrgWrite);
    let ids: Vec<Uuid> = current.iter().chain(&children).map(|u| u.id).collect();
    let fellows = match user.actor.can(Permission::FellowRead) {
        true => Some(store.fellows(&user.actor, Permission::FellowRead)?.count_by_unit(&ids).await?),
        false => None,
    };
    let cadres = store.active_users_by_unit(&user.actor, &ids).await?;
    let status =
        if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let page = TreePage { ctx: Ctx::new(&user, "/org"), trail, current, children, can_edit, error, fellows, cadres };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// Runs an edit; on a rule broken, shows the page again with the message.
async fn after_edit(
    state: &AppState,
    user: PageUser,
    back_to: Option<Uuid>,
    result: Result<(), guichao_store::StoreError>,
) -> PageResult<Response> {
    match result.map_err(AppError::from) {
        Ok(()) => {
            Ok(Redirect::to(&back_to.map(|id| format!("/org?unit={id}")).unwrap_or_else(|| "/org".into()))
                .into_response())
        }
        Err(AppError::Invalid(m) | AppError::Conflict(m)) => {
            let message = m.get(user.lang).to_string();
            render(state, user, back_to, Some(message)).await
        }
        Err(e) => Err(e),
    }
}

async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let parent = form.uuid("parent_id")?;
    let result = state.store.create_unit(&user.actor, parent, &form.get("name")).await.map(|_| ());
    after_edit(&state, user, Some(parent), result).await
}

async fn rename(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let result = state.store.rename_unit(&user.actor, id, &form.get("name")).await;
    after_edit(&state, user, Some(id), result).await
}

async fn delete(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let parent = state.store.unit(&user.actor, Permission::OrgWrite, id).await?.parent_id;
    let result = state.store.delete_unit(&user.actor, id).await;
    let back = if result.is_ok() { parent } else { Some(id) };
    after_edit(&state, user, back, result).await
}
