//! The small forms on a fellow's page: companies (add, remove), relations to
//! other fellows (add, remove) and roles held (add, end). A refusal shows at
//! its section of the page with what was typed.

use super::detail::{Extras, after_write};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, PageUser};
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::{parse_optional_date, today};
use guichao_domain::fellows::{CompanyRole, CreditCode, HeldRole, RelationKind};
use guichao_store::StoreError;
use guichao_store::fellows::CompanyDraft;
use uuid::Uuid;

const COMPANY_FIELDS: [&str; 5] = ["company_name", "credit_code", "company_industry", "company_city", "company_role"];
const RELATION_FIELDS: [&str; 4] = ["other_id", "other_name", "kind", "note"];
const ROLE_FIELDS: [&str; 4] = ["role", "start_date", "end_date", "role_note"];

/// Two ids in the path; a malformed one is a record that does not exist.
pub struct Ids(pub Uuid, pub Uuid);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Ids {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        match Path::<(Uuid, Uuid)>::from_request_parts(parts, state).await {
            Ok(Path((a, b))) => Ok(Ids(a, b)),
            Err(_) => Err(AppError::NotFound),
        }
    }
}

/// One id in the path (the fellow).
pub struct FellowId(pub Uuid);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for FellowId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        crate::extract::IdPath::from_request_parts(parts, state).await.map(|p| FellowId(p.0))
    }
}

/// A date field of a form, read by the shared reader of typed dates; blank is none.
fn date(form: &FormData, field: &str, zh: &str, en: &str) -> Result<Option<NaiveDate>, AppError> {
    let text = form.get(field);
    parse_optional_date(&text).map_err(|e| AppError::Invalid(e.msg(zh, en, &text)))
}

pub async fn add_company(
    State(state): State<AppState>,
    user: PageUser,
    FellowId(id): FellowId,
    form: FormData,
) -> PageResult<Response> {
    let result = async {
        let role = CompanyRole::parse(&form.get("company_role"))
            .ok_or_else(|| AppError::invalid("请选择在该企业的身份", "Choose the fellow's role in the company"))?;
        let code = form.get("credit_code");
        let credit_code = if code.is_empty() {
            None
        } else {
            Some(CreditCode::parse(&code).map_err(|e| {
                AppError::invalid(
                    format!("统一社会信用代码有误：{}", e.message(guichao_domain::Lang::Zh)),
                    format!("Credit code: {}", e.message(guichao_domain::Lang::En)),
                )
            })?)
        };
        let draft = CompanyDraft {
            name: form.get("company_name"),
            credit_code,
            industry: form.get("company_industry"),
            city: form.get("company_city"),
        };
        state.store.fellows(&user.actor, Permission::FellowWrite)?.link_company(id, draft, role).await?;
        Ok::<_, AppError>(())
    }
    .await;
    after_write(&state, &user, id, "#companies", result, |m| Extras::refused("companies", m, &form, &COMPANY_FIELDS))
        .await
}

pub async fn remove_company(State(state): State<AppState>, user: PageUser, Ids(id, link): Ids) -> PageResult<Response> {
    let result = state.store.fellows(&user.actor, Permission::FellowWrite)?.unlink_company(id, link).await;
    after_write(&state, &user, id, "#companies", result, |m| Extras::at("companies", m)).await
}

pub async fn add_relation(
    State(state): State<AppState>,
    user: PageUser,
    FellowId(id): FellowId,
    form: FormData,
) -> PageResult<Response> {
    // The fellow must be visible before "not found" can mean the other one.
    state.store.fellows(&user.actor, Permission::FellowRead)?.get(id).await?;
    let result = async {
        let other = Uuid::parse_str(&form.get("other_id"))
            .map_err(|_| AppError::invalid("请先查找并选择另一位乡友", "Find and choose the other fellow first"))?;
        let kind = RelationKind::parse(&form.get("kind"))
            .ok_or_else(|| AppError::invalid("请选择关系类型", "Choose the kind of relation"))?;
        match state
            .store
            .fellows(&user.actor, Permission::FellowWrite)?
            .relate(id, other, kind, &form.get("note"))
            .await
        {
            Err(StoreError::NotFound) => Err(AppError::invalid("未找到所选乡友", "The chosen fellow was not found")),
            other => other.map(|_| ()).map_err(AppError::from),
        }
    }
    .await;
    after_write(&state, &user, id, "#relations", result, |m| Extras::refused("relations", m, &form, &RELATION_FIELDS))
        .await
}

pub async fn remove_relation(
    State(state): State<AppState>,
    user: PageUser,
    Ids(id, relation): Ids,
) -> PageResult<Response> {
    let result = state.store.fellows(&user.actor, Permission::FellowWrite)?.unrelate(id, relation).await;
    after_write(&state, &user, id, "#relations", result, |m| Extras::at("relations", m)).await
}

pub async fn add_role(
    State(state): State<AppState>,
    user: PageUser,
    FellowId(id): FellowId,
    form: FormData,
) -> PageResult<Response> {
    let result = async {
        let role =
            HeldRole::parse(&form.get("role")).ok_or_else(|| AppError::invalid("请选择任职类型", "Choose the role"))?;
        let start = date(&form, "start_date", "开始日期", "start date")?;
        let end = date(&form, "end_date", "结束日期", "end date")?;
        state
            .store
            .fellows(&user.actor, Permission::FellowWrite)?
            .add_held_role(id, role, start, end, &form.get("role_note"))
            .await?;
        Ok::<_, AppError>(())
    }
    .await;
    after_write(&state, &user, id, "#roles", result, |m| Extras::refused("roles", m, &form, &ROLE_FIELDS)).await
}

pub async fn end_role(
    State(state): State<AppState>,
    user: PageUser,
    Ids(id, role): Ids,
    form: FormData,
) -> PageResult<Response> {
    let result = async {
        let end = date(&form, "end_date", "结束日期", "end date")?.unwrap_or_else(today);
        state.store.fellows(&user.actor, Permission::FellowWrite)?.end_held_role(id, role, end).await?;
        Ok::<_, AppError>(())
    }
    .await;
    after_write(&state, &user, id, "#roles", result, |m| Extras::at("roles", m)).await
}
