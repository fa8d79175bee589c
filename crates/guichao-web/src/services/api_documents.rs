//! `/api/v1/services/{id}/documents`: a request's documents through the
//! API, by the page's rules: listed and downloaded by whoever reads the
//! request, uploaded (multipart, the file in `file`, up to the agency
//! documents' limit) by whoever works it; a request outside the caller's
//! reach answers 404. A download is always an attachment in the type it was
//! stored with.

use crate::AppState;
use crate::api::fields::{FieldApiResult, FieldErrorBody};
use crate::error::{AppError, ErrorBody};
use crate::extract::{ApiId, ApiUser};
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use guichao_domain::access::Permission;
use guichao_store::StoreError;
use guichao_store::services::DocumentRow;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_documents, upload_document))
        .routes(routes!(download_document))
        .layer(axum::extract::DefaultBodyLimit::max(crate::upload::DOCUMENT_BODY_LIMIT))
}

/// A document kept with a request.
#[derive(Serialize, ToSchema)]
pub struct ServiceDocument {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// SHA-256 of the bytes, hex; checked again on every download.
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

impl From<DocumentRow> for ServiceDocument {
    fn from(d: DocumentRow) -> ServiceDocument {
        ServiceDocument {
            id: d.id,
            name: d.name,
            content_type: d.content_type,
            size_bytes: d.size_bytes,
            sha256: d.sha256,
            uploaded_by: d.by,
            uploaded_at: d.at,
        }
    }
}

/// The upload: one file in the `file` field.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DocumentUpload {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The documents of a request, oldest first.
#[utoipa::path(get, path = "/services/{id}/documents", tag = "services", params(("id" = Uuid, Path, description = "Request id")),
    responses((status = 200, body = Vec<ServiceDocument>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_documents(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FieldApiResult<Json<Vec<ServiceDocument>>> {
    let read = state.store.services(&actor, Permission::ServiceRead)?;
    Ok(Json(read.documents(id).await?.into_iter().map(Into::into).collect()))
}

/// Keeps a file with a request; answers the request's documents.
#[utoipa::path(post, path = "/services/{id}/documents", tag = "services", params(("id" = Uuid, Path, description = "Request id")),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = Vec<ServiceDocument>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn upload_document(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    multipart: Multipart,
) -> FieldApiResult<(StatusCode, Json<Vec<ServiceDocument>>)> {
    let write = state.store.services(&actor, Permission::ServiceWrite)?;
    let (name, content_type, bytes) =
        crate::upload::read_document(multipart).await.map_err(|e| StoreError::Fields(vec![e]))?;
    write.add_document(id, &name, &content_type, bytes).await?;
    let read = state.store.services(&actor, Permission::ServiceRead)?;
    Ok((StatusCode::CREATED, Json(read.documents(id).await?.into_iter().map(Into::into).collect())))
}

/// A document's bytes, as an attachment in the type it was stored with.
#[utoipa::path(get, path = "/services/{id}/documents/{document_id}", tag = "services",
    params(("id" = Uuid, Path, description = "Request id"), ("document_id" = Uuid, Path, description = "Document id")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn download_document(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, document_id)): Path<(String, String)>,
) -> FieldApiResult<Response> {
    let id_of = |text: &str| text.parse::<Uuid>().map_err(|_| AppError::NotFound);
    let read = state.store.services(&actor, Permission::ServiceRead)?;
    let doc = read.document(id_of(&id)?, id_of(&document_id)?).await?;
    Ok(crate::upload::stored_file(&doc.name, &doc.content_type, doc.bytes)?)
}
