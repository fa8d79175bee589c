//! The new-fellow and edit forms' handlers: parse what was typed, warn of
//! likely duplicates until confirmed, save with optimistic locking (a
//! conflict keeps what was typed and shows what the other person saved).

use super::form::{Typed, choices};
use super::form_page::{Outcome, render};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::fellows::FellowStatus;
use guichao_store::fellows::FellowView;

pub async fn new_form(
    State(state): State<AppState>,
    user: PageUser,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> PageResult<Response> {
    user.actor.scope(Permission::FellowWrite)?;
    let mut typed = Typed::default();
    typed.form.status = FellowStatus::Active.code().into();
    // Registering a returnee who asked for a service: their request fills the form.
    let asked = FormData::from_query(query.as_deref().unwrap_or_default()).get("service_request");
    if let Ok(request) = asked.parse::<uuid::Uuid>() {
        let prefill = state.store.services(&user.actor, Permission::ServiceWrite)?.returnee_prefill(request).await?;
        typed.form.name = prefill.name;
        typed.form.phone = prefill.phone;
        typed.form.source = user.lang.pick("服务诉求", "Service request").into();
        if let Some(t) = prefill.township_id {
            typed.form.township_id = t.to_string();
        }
        typed.service_request = Some(request);
    }
    // A township's staff file fellows of their own township.
    let townships = choices(&state, &user.actor, &typed).await?.townships;
    if let [only] = townships.as_slice()
        && typed.form.township_id.is_empty()
    {
        typed.form.township_id = only.id.to_string();
    }
    render(&state, &user, None, typed, Outcome::default()).await
}

/// A store refusal shown on the form (422, or 409 for a conflict); anything
/// else is an error page.
fn refusal(e: guichao_store::StoreError, user: &PageUser) -> Result<Outcome, AppError> {
    match AppError::from(e) {
        AppError::Invalid(m) => Ok(Outcome {
            status: Some(StatusCode::UNPROCESSABLE_ENTITY),
            error: Some(m.get(user.lang).to_string()),
            ..Default::default()
        }),
        AppError::Conflict(m) => Ok(Outcome {
            status: Some(StatusCode::CONFLICT),
            error: Some(m.get(user.lang).to_string()),
            ..Default::default()
        }),
        other => Err(other),
    }
}

pub async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    user.actor.scope(Permission::FellowWrite)?;
    let typed = Typed::from_form(&form);
    let draft = match typed.form.parse(guichao_domain::date::today()) {
        Ok(d) => d,
        Err(errors) => return render(&state, &user, None, typed, Outcome { errors, ..Default::default() }).await,
    };
    if !typed.confirm_duplicates {
        let duplicates = state.store.fellows(&user.actor, Permission::FellowRead)?.duplicates(&draft, None).await?;
        if !duplicates.is_empty() {
            return render(&state, &user, None, typed, Outcome { duplicates, ..Default::default() }).await;
        }
    }
    match state.store.fellows(&user.actor, Permission::FellowWrite)?.create(draft).await {
        Ok(id) => match typed.service_request {
            Some(request) => {
                state.store.services(&user.actor, Permission::ServiceWrite)?.link_fellow(request, id).await?;
                Ok(Redirect::to(&format!("/services/{request}")).into_response())
            }
            None => Ok(Redirect::to(&format!("/fellows/{id}")).into_response()),
        },
        Err(e) => {
            let outcome = refusal(e, &user)?;
            render(&state, &user, None, typed, outcome).await
        }
    }
}

/// Whether the user may edit this record: a writer, and not a merged-away copy.
fn editable(stored: &FellowView) -> Result<(), AppError> {
    if !stored.can_write {
        return Err(AppError::Forbidden);
    }
    if stored.merged_into.is_some() {
        return Err(AppError::invalid(
            "该记录已合并到另一条记录，请编辑保留的记录",
            "This record was merged into another; edit the one kept",
        ));
    }
    Ok(())
}

pub async fn edit_form(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let stored = state.store.fellows(&user.actor, Permission::FellowRead)?.get(id).await?;
    editable(&stored)?;
    let typed = Typed::from_view(&stored);
    render(&state, &user, Some(stored), typed, Outcome::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let stored = state.store.fellows(&user.actor, Permission::FellowRead)?.get(id).await?;
    editable(&stored)?;
    let mut typed = Typed::from_form(&form);
    let draft = match typed.form.parse(guichao_domain::date::today()) {
        Ok(d) => d,
        Err(errors) => {
            return render(&state, &user, Some(stored), typed, Outcome { errors, ..Default::default() }).await;
        }
    };
    if !typed.confirm_duplicates {
        let duplicates = state.store.fellows(&user.actor, Permission::FellowRead)?.duplicates(&draft, Some(id)).await?;
        if !duplicates.is_empty() {
            return render(&state, &user, Some(stored), typed, Outcome { duplicates, ..Default::default() }).await;
        }
    }
    let keep = typed.keep(&stored);
    match state.store.fellows(&user.actor, Permission::FellowWrite)?.update_keep(id, draft, typed.version, &keep).await
    {
        Ok(()) => Ok(Redirect::to(&format!("/fellows/{id}")).into_response()),
        Err(e) => {
            let mut outcome = refusal(e, &user)?;
            if outcome.status == Some(StatusCode::CONFLICT) {
                // Saving again overwrites knowingly: the form now carries the
                // version just read, and shows that version's values beside the
                // typed ones.
                let now = state.store.fellows(&user.actor, Permission::FellowRead)?.get(id).await?;
                typed.version = now.version;
                outcome.theirs = Some(now.clone());
                return render(&state, &user, Some(now), typed, outcome).await;
            }
            render(&state, &user, Some(stored), typed, outcome).await
        }
    }
}
