//! A request's documents on its page: uploading one (multipart, up to the
//! agency documents' limit) and downloading one, always as an attachment
//! in the type it was stored with, only through a request the user sees.

use super::detail;
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::flash::Kept;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;
use guichao_domain::agency::{MAX_DOCUMENT_BYTES, check_document};
use guichao_domain::fellows::FormError;
use uuid::Uuid;

/// The `file` field of an upload: its name, type and bytes.
pub(super) async fn read(mut multipart: Multipart) -> Result<(String, String, Vec<u8>), FormError> {
    let fault = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            check_document("file", MAX_DOCUMENT_BYTES + 1).expect_err("over the limit")
        } else {
            FormError::new(
                "file",
                "上传的内容无法读取，请重新选择文件",
                "The upload could not be read; choose the file again",
            )
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(fault)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_string();
            let content_type = field.content_type().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(fault)?.to_vec();
            return Ok((name, content_type, bytes));
        }
    }
    Err(check_document("", 0).expect_err("an empty upload"))
}

fn id_of(text: &str) -> Result<Uuid, AppError> {
    text.parse().map_err(|_| AppError::NotFound)
}

/// `POST /services/{id}/documents`.
pub(super) async fn upload(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    multipart: Multipart,
) -> PageResult<Response> {
    let id = id_of(&id)?;
    let write = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let added = match read(multipart).await {
        Ok((name, content_type, bytes)) => {
            write.add_document(id, &name, &content_type, bytes).await.map(|_| ()).map_err(super::refused)
        }
        Err(e) => Err(Ok(vec![e])),
    };
    match added {
        Ok(()) => {
            state.flash.keep(&user.session, Kept::Notice(user.lang.pick("已上传材料", "Document uploaded").into()));
            Ok(Redirect::to(&format!("/services/{id}")).into_response())
        }
        Err(refusal) => detail::refused_page(&state, &user, id, "document", refusal?).await,
    }
}

/// `GET /services/{id}/documents/{document_id}`: never shown inline (it is
/// the requester's file, not a page of ours).
pub(super) async fn download(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, document_id)): Path<(String, String)>,
) -> PageResult<Response> {
    let read = state.store.services(&user.actor, Permission::ServiceRead)?;
    let doc = read.document(id_of(&id)?, id_of(&document_id)?).await?;
    let disposition = format!("attachment; filename*=UTF-8''{}", urlencoding::encode(&doc.name));
    let content_type = HeaderValue::from_str(&doc.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&disposition).map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        doc.bytes,
    )
        .into_response())
}
