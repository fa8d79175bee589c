//! The new-project and edit forms (`/projects/new`, `/projects/{id}/edit`):
//! a refused form shows again with what was typed and each problem under its
//! field; an edit saved by someone else meanwhile is a conflict, not an
//! overwrite.

use super::form::ProjectForm;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::fellows::field_errors;
use crate::layout::Ctx;
use crate::select::Opt;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::fellows::FormError;
use guichao_domain::projects::{AmountUnit, ProjectKind, ProjectSource};
use guichao_store::StoreError;
use guichao_store::events::Choice;
use guichao_store::projects::ProjectChoices;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "projects/form.html")]
struct FormPage {
    ctx: Ctx,
    /// The project being edited, with its name.
    editing: Option<(Uuid, String)>,
    form: ProjectForm,
    choices: ProjectChoices,
    errors: HashMap<&'static str, String>,
    /// A problem no field holds (a conflict).
    error: Option<String>,
}

impl FormPage {
    fn err(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    fn action(&self) -> String {
        match &self.editing {
            Some((id, _)) => format!("/projects/{id}/edit"),
            None => "/projects".into(),
        }
    }

    fn options(choices: &[Choice], chosen: &[String]) -> Vec<Opt> {
        choices
            .iter()
            .map(|c| {
                let value = c.id.to_string();
                Opt { selected: chosen.contains(&value), label: c.name.clone(), value }
            })
            .collect()
    }

    fn units(&self) -> Vec<Opt> {
        Self::options(&self.choices.units, std::slice::from_ref(&self.form.unit_id))
    }

    fn officers(&self) -> Vec<Opt> {
        Self::options(&self.choices.users, std::slice::from_ref(&self.form.officer_id))
    }

    fn team(&self) -> Vec<Opt> {
        Self::options(&self.choices.users, &self.form.team)
    }

    fn chambers(&self) -> Vec<Opt> {
        Self::options(&self.choices.chambers, std::slice::from_ref(&self.form.source_chamber_id))
    }

    fn kinds(&self) -> Vec<Opt> {
        let lang = self.ctx.lang;
        let kind = |k: ProjectKind| Opt {
            value: k.code().into(),
            label: k.label(lang).into(),
            selected: self.form.kind == k.code(),
        };
        ProjectKind::ALL.into_iter().map(kind).collect()
    }

    fn sources(&self) -> Vec<Opt> {
        let lang = self.ctx.lang;
        let source = |s: ProjectSource| Opt {
            value: s.code().into(),
            label: s.label(lang).into(),
            selected: self.form.source == s.code(),
        };
        ProjectSource::ALL.into_iter().map(source).collect()
    }

    fn money_units(&self) -> Vec<Opt> {
        [AmountUnit::Wan, AmountUnit::Yi]
            .into_iter()
            .map(|u| Opt {
                value: u.code().into(),
                label: u.label(self.ctx.lang).into(),
                selected: self.form.money_unit == u.code(),
            })
            .collect()
    }
}

/// The form page, `status` 200 for a fresh form and 422/409 for a refused one.
async fn render(
    state: &AppState,
    user: &PageUser,
    editing: Option<(Uuid, String, Uuid)>,
    form: ProjectForm,
    errors: &[FormError],
    error: Option<String>,
    status: StatusCode,
) -> PageResult<Response> {
    let projects = state.store.projects(&user.actor, Permission::ProjectWrite)?;
    let choices = projects.choices(editing.as_ref().map(|e| e.2)).await?;
    let page = FormPage {
        ctx: Ctx::new(user, "/projects"),
        editing: editing.map(|(id, name, _)| (id, name)),
        form,
        choices,
        errors: field_errors(errors, user.lang),
        error,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

/// A store refusal shown on the form: each field's problem (422) or a
/// conflict (409); anything else is an error page.
async fn refused(
    state: &AppState,
    user: &PageUser,
    editing: Option<(Uuid, String, Uuid)>,
    form: ProjectForm,
    e: StoreError,
) -> PageResult<Response> {
    match e {
        StoreError::Fields(errors) => {
            render(state, user, editing, form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        StoreError::Conflict(m) => {
            let message = Some(m.get(user.lang).to_string());
            render(state, user, editing, form, &[], message, StatusCode::CONFLICT).await
        }
        other => Err(other.into()),
    }
}

pub(super) async fn new_form(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    let form = ProjectForm::new(user.actor.unit_id());
    render(&state, &user, None, form, &[], None, StatusCode::OK).await
}

pub(super) async fn create(State(state): State<AppState>, user: PageUser, data: FormData) -> PageResult<Response> {
    let form = ProjectForm::from_form(&data);
    let (draft, company, _) = match form.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return render(&state, &user, None, form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    match state.store.projects(&user.actor, Permission::ProjectWrite)?.create_with_company(draft, company).await {
        Ok(id) => Ok(Redirect::to(&format!("/projects/{id}")).into_response()),
        Err(e) => refused(&state, &user, None, form, e).await,
    }
}

/// The project to edit, when the user may change it.
async fn editable(state: &AppState, user: &PageUser, id: Uuid) -> PageResult<guichao_store::projects::ProjectDetail> {
    let p = state.store.projects(&user.actor, Permission::ProjectRead)?.get(id).await?;
    if !p.can_write {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
) -> PageResult<Response> {
    let p = editable(&state, &user, id).await?;
    let form = ProjectForm::from_detail(&p);
    render(&state, &user, Some((id, p.name, p.unit_id)), form, &[], None, StatusCode::OK).await
}

pub(super) async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    data: FormData,
) -> PageResult<Response> {
    let p = editable(&state, &user, id).await?;
    let editing = Some((id, p.name, p.unit_id));
    let form = ProjectForm::from_form(&data);
    let (draft, company, version) = match form.parse() {
        Ok(parsed) => parsed,
        Err(errors) => {
            return render(&state, &user, editing, form, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let projects = state.store.projects(&user.actor, Permission::ProjectWrite)?;
    match projects.update(id, draft, company, version).await {
        Ok(()) => Ok(Redirect::to(&format!("/projects/{id}")).into_response()),
        Err(e) => refused(&state, &user, editing, form, e).await,
    }
}
