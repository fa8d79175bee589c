//! The forms on a project's page: a stage event (or a correction of one), a
//! fellow credited, and funds in place. Each writes through the store's
//! project handle; a refusal shows the page again with the problem beside
//! the form and what was typed kept.

use super::pages::{Typed, render_detail};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::fellows::{CHOOSE_OR_PASTE, fellow_named};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::parse_optional_date;
use guichao_domain::projects::{AmountUnit, FundEvidence, NewStageEvent, ProjectRole, Stage, parse_amount};
use uuid::Uuid;

/// Which form on the page a refusal belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    History,
    Fellows,
    Funds,
}

/// A date a form field must hold; `zh`/`en` name the field.
fn required_date(text: &str, zh: &str, en: &str) -> Result<NaiveDate, AppError> {
    parse_optional_date(text)
        .map_err(|e| AppError::Invalid(e.msg(zh, en, text)))?
        .ok_or_else(|| AppError::invalid(format!("请填写{zh}"), format!("The {en} is required")))
}

/// Back to the project after a write, or its page again with the refusal.
async fn after(
    state: &AppState,
    user: &PageUser,
    id: Uuid,
    section: Section,
    typed: Typed,
    result: Result<(), AppError>,
) -> PageResult<Response> {
    let anchor = match section {
        Section::History => "history",
        Section::Fellows => "fellows",
        Section::Funds => "funds",
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/projects/{id}#{anchor}")).into_response()),
        Err(AppError::Invalid(m)) => {
            render_detail(state, user, id, typed, Some((section, m.get(user.lang).into()))).await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn add_event(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = Typed::event(&form);
    let result = async {
        let stage = Stage::parse(&typed.stage)
            .filter(|s| *s != Stage::Lead)
            .ok_or_else(|| AppError::invalid("请选择阶段", "Please choose the stage"))?;
        let on = required_date(&typed.on, "日期", "date")?;
        let supersedes = match typed.supersedes.trim() {
            "" => None,
            s => Some(
                Uuid::parse_str(s)
                    .map_err(|_| AppError::invalid("请选择要更正的记录", "Choose the event to correct"))?,
            ),
        };
        let new = NewStageEvent { stage, on, note: typed.note.clone(), supersedes, reason: typed.reason.clone() };
        state.store.projects(&user.actor, Permission::ProjectWrite)?.add_event(id, new).await?;
        Ok(())
    }
    .await;
    after(&state, &user, id, Section::History, typed, result).await
}

pub(super) async fn link_fellow(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = Typed::credit(&form);
    let result = async {
        let role = ProjectRole::parse(&typed.role)
            .ok_or_else(|| AppError::invalid("请选择乡友在项目中的作用", "Please choose the fellow's part"))?;
        let fellow = fellow_named(&state, &user.actor, &typed.fellow, CHOOSE_OR_PASTE).await?;
        state.store.projects(&user.actor, Permission::ProjectWrite)?.link_fellow(id, fellow, role).await?;
        Ok(())
    }
    .await;
    after(&state, &user, id, Section::Fellows, typed, result).await
}

pub(super) async fn unlink_fellow(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let result = async {
        let fellow = form.uuid("fellow_id")?;
        let role = ProjectRole::parse(&form.get("role"))
            .ok_or_else(|| AppError::invalid("请选择乡友在项目中的作用", "Please choose the fellow's part"))?;
        state.store.projects(&user.actor, Permission::ProjectWrite)?.unlink_fellow(id, fellow, role).await?;
        Ok(())
    }
    .await;
    after(&state, &user, id, Section::Fellows, Typed::default(), result).await
}

pub(super) async fn add_funds(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let typed = Typed::funds(&form);
    let result = async {
        let unit = AmountUnit::parse(&typed.money_unit).unwrap_or(AmountUnit::Wan);
        let amount = parse_amount(&typed.amount, unit).map_err(AppError::Invalid)?;
        let on = required_date(&typed.on, "到位日期", "date of arrival")?;
        let evidence = FundEvidence::parse(&typed.evidence)
            .ok_or_else(|| AppError::invalid("请选择凭证类型", "Please choose the evidence"))?;
        let projects = state.store.projects(&user.actor, Permission::ProjectWrite)?;
        projects.add_funds(id, amount, on, evidence, &typed.note).await?;
        Ok(())
    }
    .await;
    after(&state, &user, id, Section::Funds, typed, result).await
}
