//! `/api/v1/funds/policies/{id}/attachments`: uploading a policy's
//! attachment (multipart, one `file`, up to the documents' limit;
//! `policy.write`) and downloading one (`policy.read`), always as an
//! attachment in the type it was stored with.

use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult};
use crate::chambers::ApiTwoIds;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiId, ApiUser};
use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use guichao_domain::access::Permission;
use guichao_store::policies::AttachmentRow;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .layer(axum::extract::DefaultBodyLimit::max(crate::upload::DOCUMENT_BODY_LIMIT))
        .routes(routes!(download))
}

/// A file kept with a policy, checked against its SHA-256 when read back.
#[derive(Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    pub at: DateTime<Utc>,
}

impl From<AttachmentRow> for AttachmentView {
    fn from(a: AttachmentRow) -> Self {
        AttachmentView {
            id: a.id,
            name: a.name,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
            sha256: a.sha256,
            at: a.at,
        }
    }
}

/// The multipart form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AttachmentUpload {
    /// The file, with its name (PDF, Word, images...; not empty, at most 10 MB).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Attaches a file to a policy (`policy.write`).
#[utoipa::path(post, path = "/funds/policies/{id}/attachments", tag = "policies", params(("id" = Uuid, Path)),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = AttachmentView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    multipart: Multipart,
) -> FieldApiResult<(StatusCode, Json<AttachmentView>)> {
    let write = state.store.policies(&actor, Permission::PolicyWrite)?;
    write.get(id).await?;
    let (name, content_type, bytes) =
        crate::upload::read_document(multipart).await.map_err(|e| FieldApiError::Fields(vec![e]))?;
    let attachment_id = write.attach(id, &name, &content_type, bytes).await?;
    let row = write.attachments(id).await?.into_iter().find(|a| a.id == attachment_id).ok_or_else(|| {
        FieldApiError::from(crate::error::AppError::internal("an attachment just written is missing"))
    })?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// One attachment's bytes, as a download (`policy.read`).
#[utoipa::path(get, path = "/funds/policies/{id}/attachments/{attachment_id}", tag = "policies",
    params(("id" = Uuid, Path), ("attachment_id" = Uuid, Path)),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 404, body = ErrorBody)))]
async fn download(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiTwoIds(id, attachment_id): ApiTwoIds,
) -> Result<Response, ApiError> {
    let a = state.store.policies(&actor, Permission::PolicyRead)?.attachment(id, attachment_id).await?;
    Ok(crate::upload::stored_file(&a.name, &a.content_type, a.bytes)?)
}
