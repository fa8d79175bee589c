//! `/api/v1/funds/policies`: the policy list, one policy with its
//! beneficiaries and totals, recording and changing a policy, and recording
//! or removing a beneficiary; a policy's attachments (`api_attachments`).
//! Refusals name their fields (422).

use super::api_attachments::AttachmentView;
use crate::AppState;
use crate::api::fields::FieldApiResult;
use crate::api::{page_offset, page_size};
use crate::chambers::ApiTwoIds;
use crate::error::ErrorBody;
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::policies::BeneficiaryKind;
use guichao_store::policies::{Beneficiary, PolicyDraft, PolicyQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update))
        .routes(routes!(add_beneficiary))
        .routes(routes!(remove_beneficiary))
        .merge(super::api_attachments::routes())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// A piece of the title or number.
    pub q: Option<String>,
    pub tag: Option<String>,
    pub issuer: Option<String>,
    /// In force on this day.
    pub in_force_on: Option<NaiveDate>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

/// A policy document.
#[derive(Serialize, ToSchema)]
pub struct PolicyView {
    pub id: Uuid,
    pub title: String,
    pub issuer: String,
    /// Written with full-width brackets: 岳政发〔2023〕5号.
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub tags: Vec<String>,
}

impl From<guichao_store::policies::PolicyRow> for PolicyView {
    fn from(p: guichao_store::policies::PolicyRow) -> Self {
        PolicyView {
            id: p.id,
            title: p.title,
            issuer: p.issuer,
            number: p.number,
            issued_on: p.issued_on,
            valid_from: p.valid_from,
            valid_to: p.valid_to,
            tags: p.tags,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PolicyList {
    pub items: Vec<PolicyView>,
    pub total: u64,
}

/// A policy as sent: the number may use [] or () for the brackets.
#[derive(Deserialize, ToSchema)]
pub struct PolicyBody {
    pub title: String,
    pub issuer: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// Separated by commas.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl From<PolicyBody> for PolicyDraft {
    fn from(b: PolicyBody) -> Self {
        PolicyDraft {
            title: b.title,
            issuer: b.issuer,
            number: b.number,
            issued_on: b.issued_on,
            valid_from: b.valid_from,
            valid_to: b.valid_to,
            tags: b.tags.join(","),
        }
    }
}

/// A beneficiary: `kind` is `project`, `fellow` or `company`.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct BeneficiaryBody {
    pub kind: String,
    pub target_id: Uuid,
    pub amount_fen: Option<i64>,
    pub date: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// A beneficiary as shown (fellows outside the caller's scope are left out).
#[derive(Serialize, ToSchema)]
pub struct BeneficiaryView {
    pub id: Uuid,
    pub kind: String,
    pub target_id: Uuid,
    pub name: String,
    pub amount_fen: Option<i64>,
    pub date: NaiveDate,
    pub note: String,
}

/// A policy with its attachments, its beneficiaries and their totals.
#[derive(Serialize, ToSchema)]
pub struct PolicyDetail {
    pub policy: PolicyView,
    pub attachments: Vec<AttachmentView>,
    pub beneficiaries: Vec<BeneficiaryView>,
    pub count: i64,
    pub amount_fen: i64,
}

/// The policies, newest first.
#[utoipa::path(get, path = "/funds/policies", tag = "policies", params(ListParams),
    responses((status = 200, body = PolicyList), (status = 403, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<ListParams>,
) -> FieldApiResult<Json<PolicyList>> {
    let q = PolicyQuery {
        q: p.q.unwrap_or_default(),
        tag: p.tag.unwrap_or_default(),
        issuer: p.issuer.unwrap_or_default(),
        in_force_on: p.in_force_on,
    };
    let read = state.store.policies(&actor, Permission::PolicyRead)?;
    let (rows, total) = read.list(&q, page_offset(p.offset)?, page_size(p.limit)?).await?;
    Ok(Json(PolicyList { items: rows.into_iter().map(Into::into).collect(), total }))
}

async fn detail_of(state: &AppState, actor: &guichao_store::Actor, id: Uuid) -> FieldApiResult<PolicyDetail> {
    let read = state.store.policies(actor, Permission::PolicyRead)?;
    let policy = read.get(id).await?.into();
    let (rows, totals) = read.beneficiaries(id).await?;
    let beneficiaries = rows
        .into_iter()
        .map(|b| BeneficiaryView {
            id: b.id,
            kind: b.kind.code().into(),
            target_id: b.target_id,
            name: b.name,
            amount_fen: b.amount_fen,
            date: b.date,
            note: b.note,
        })
        .collect();
    let attachments = read.attachments(id).await?.into_iter().map(Into::into).collect();
    Ok(PolicyDetail { policy, attachments, beneficiaries, count: totals.count, amount_fen: totals.amount_fen })
}

/// Records a policy (`policy.write`).
#[utoipa::path(post, path = "/funds/policies", tag = "policies", request_body = PolicyBody,
    responses((status = 201, body = PolicyDetail), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<PolicyBody>,
) -> FieldApiResult<(StatusCode, Json<PolicyDetail>)> {
    let id = state.store.policies(&actor, Permission::PolicyWrite)?.create(&b.into()).await?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, &actor, id).await?)))
}

/// One policy with its beneficiaries and totals.
#[utoipa::path(get, path = "/funds/policies/{id}", tag = "policies", params(("id" = Uuid, Path)),
    responses((status = 200, body = PolicyDetail), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FieldApiResult<Json<PolicyDetail>> {
    Ok(Json(detail_of(&state, &actor, id).await?))
}

/// Changes a policy (`policy.write`).
#[utoipa::path(put, path = "/funds/policies/{id}", tag = "policies", params(("id" = Uuid, Path)), request_body = PolicyBody,
    responses((status = 200, body = PolicyDetail), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<PolicyBody>,
) -> FieldApiResult<Json<PolicyDetail>> {
    state.store.policies(&actor, Permission::PolicyWrite)?.update(id, &b.into()).await?;
    Ok(Json(detail_of(&state, &actor, id).await?))
}

/// Records a beneficiary of a policy (`policy.write`).
#[utoipa::path(post, path = "/funds/policies/{id}/beneficiaries", tag = "policies", params(("id" = Uuid, Path)),
    request_body = BeneficiaryBody,
    responses((status = 201, body = PolicyDetail), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_beneficiary(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(b): ApiJson<BeneficiaryBody>,
) -> FieldApiResult<(StatusCode, Json<PolicyDetail>)> {
    let kind = BeneficiaryKind::parse(&b.kind).ok_or_else(|| {
        guichao_store::StoreError::field("kind", "受益对象类别无效", "kind is project, fellow or company")
    })?;
    let draft = Beneficiary { kind, id: b.target_id, amount_fen: b.amount_fen, date: b.date, note: b.note };
    state.store.policies(&actor, Permission::PolicyWrite)?.add_beneficiary(id, &draft).await?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, &actor, id).await?)))
}

/// Takes a beneficiary off a policy (`policy.write`); audited with what it held.
#[utoipa::path(delete, path = "/funds/policies/{id}/beneficiaries/{beneficiary_id}", tag = "policies",
    params(("id" = Uuid, Path), ("beneficiary_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_beneficiary(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, beneficiary_id): ApiTwoIds,
) -> FieldApiResult<StatusCode> {
    state.store.policies(&actor, Permission::PolicyWrite)?.remove_beneficiary(id, beneficiary_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
