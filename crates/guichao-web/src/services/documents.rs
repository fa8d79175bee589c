//! A request's documents on its page: uploading one (multipart, up to the
//! agency documents' limit) and downloading one, always as an attachment
//! in the type it was stored with, only through a request the user sees.

use super::detail;
use crate::AppState;
use crate::error::PageResult;
use crate::extract::PageUser;
use crate::flash::Kept;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use guichao_domain::access::Permission;

use crate::extract::path_id as id_of;

/// `POST /services/{id}/documents`.
pub(super) async fn upload(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    multipart: Multipart,
) -> PageResult<Response> {
    let id = id_of(&id)?;
    let write = state.store.services(&user.actor, Permission::ServiceWrite)?;
    let added = match crate::upload::read_document(multipart).await {
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
    crate::upload::stored_file(&doc.name, &doc.content_type, doc.bytes)
}
