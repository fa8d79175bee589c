//! The review of likely duplicates across the registry: each pair side by side
//! with why it matched, and a merge that keeps the record the user picks. A
//! merge can be undone from the dropped record's page.

use super::labels;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_store::fellows::{DuplicatePair, FellowRow};

/// Pairs shown at once.
const PAIRS: usize = 100;

#[derive(Template)]
#[template(path = "fellows/duplicates.html")]
struct DuplicatesPage {
    ctx: Ctx,
    pairs: Vec<DuplicatePair>,
    can_merge: bool,
    error: Option<String>,
}

impl DuplicatesPage {
    fn reasons(&self, pair: &DuplicatePair) -> String {
        pair.reasons.iter().map(|r| r.label(self.ctx.lang)).collect::<Vec<_>>().join(self.ctx.t("、", ", "))
    }

    /// Each record of a pair with the other one (the merge drops the other).
    fn sides<'a>(&self, pair: &'a DuplicatePair) -> [(&'a FellowRow, &'a FellowRow); 2] {
        [(&pair.a, &pair.b), (&pair.b, &pair.a)]
    }

    /// A record's line: home, category, city and work.
    fn about(&self, row: &FellowRow) -> String {
        let mut parts = vec![row.township.clone(), row.village.clone(), labels::category(&row.category, self.ctx.lang)];
        parts.extend([row.city.clone(), row.employer.clone(), row.phone.clone().unwrap_or_default()]);
        if let Some(y) = row.birth_year {
            parts.push(format!("{y}{}", self.ctx.t("年生", " born")));
        }
        parts.retain(|p| !p.is_empty());
        parts.join(" · ")
    }
}

async fn render(state: &AppState, user: &PageUser, status: StatusCode, error: Option<String>) -> PageResult<Response> {
    let pairs = state.store.fellows(&user.actor, Permission::FellowRead)?.duplicate_pairs(PAIRS).await?;
    let page = DuplicatesPage {
        ctx: Ctx::new(user, "/fellows"),
        pairs,
        can_merge: user.actor.can(Permission::FellowWrite),
        error,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

pub async fn review(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    render(&state, &user, StatusCode::OK, None).await
}

pub async fn merge(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let keep = form.uuid("keep")?;
    let drop = form.uuid("drop")?;
    match state.store.fellows(&user.actor, Permission::FellowWrite)?.merge(keep, drop).await.map_err(AppError::from) {
        Ok(()) => Ok(Redirect::to(&format!("/fellows/{keep}")).into_response()),
        Err(AppError::Invalid(m)) => {
            render(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, Some(m.get(user.lang).into())).await
        }
        Err(AppError::Conflict(m)) => render(&state, &user, StatusCode::CONFLICT, Some(m.get(user.lang).into())).await,
        Err(e) => Err(e),
    }
}
