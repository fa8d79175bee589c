//! `/api/v1/contacts`: contact records within the caller's scope. A record
//! is seen with the fellows it names; a write naming a fellow outside the
//! caller's scope, a bad date or kind, an empty fellow list or absurd values
//! answer 422 with each field under `error.fields`, and nothing is written.

use super::api_types::{Contact, ContactBody, ContactItem, ContactList, ContactParams};
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::page_size;
use crate::error::ErrorBody;
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser, request_lang};
use crate::list::page_number;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::access::Permission;
use guichao_store::contacts::ContactQuery;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_contacts, create_contact)).routes(routes!(
        get_contact,
        update_contact,
        delete_contact
    ))
}

/// Contact records the caller may see, newest first, filtered by fellow,
/// cadre and dates; `page` and `limit` page them, `next` is the next page.
#[utoipa::path(get, path = "/contacts", tag = "contacts", params(ContactParams),
    responses((status = 200, body = ContactList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_contacts(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<ContactParams>,
) -> FieldApiResult<Json<ContactList>> {
    let limit = page_size(p.limit)?;
    let page = page_number(&p.page)?;
    let q = ContactQuery {
        fellow_id: p.fellow_id,
        cadre_id: p.cadre_id,
        from: p.from,
        to: p.to,
        offset: (page - 1) * limit,
        limit,
    };
    let (rows, total) = state.store.contacts(&actor, Permission::LiaisonRead)?.list(&q).await?;
    let shown = q.offset + rows.len() as u64;
    let next = (shown < total && !rows.is_empty()).then(|| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        let filters = [
            ("fellow_id", p.fellow_id.map(|v| v.to_string())),
            ("cadre_id", p.cadre_id.map(|v| v.to_string())),
            ("from", p.from.map(|v| v.to_string())),
            ("to", p.to.map(|v| v.to_string())),
        ];
        for (k, v) in filters {
            if let Some(v) = v {
                query.append_pair(k, &v);
            }
        }
        query.append_pair("limit", &limit.to_string()).append_pair("page", &(page + 1).to_string());
        format!("/api/v1/contacts?{}", query.finish())
    });
    let lang = request_lang();
    Ok(Json(ContactList { items: rows.into_iter().map(|r| ContactItem::new(r, lang)).collect(), total, next }))
}

/// Records a contact (the caller as the cadre when `cadre_ids` is absent).
#[utoipa::path(post, path = "/contacts", tag = "contacts", request_body = ContactBody,
    responses((status = 201, body = Contact), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn create_contact(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<ContactBody>,
) -> FieldApiResult<(StatusCode, Json<Contact>)> {
    let contacts = state.store.contacts(&actor, Permission::LiaisonWrite)?;
    let draft = body.draft(actor.user_id()).map_err(FieldApiError::Fields)?;
    let id = contacts.create(draft).await?;
    let made = state.store.contacts(&actor, Permission::LiaisonRead)?.get(id).await?;
    Ok((StatusCode::CREATED, Json(Contact::new(made, request_lang()))))
}

/// One record with its follow-ups; 404 when deleted or when the caller may
/// see none of its fellows.
#[utoipa::path(get, path = "/contacts/{id}", tag = "contacts", params(("id" = Uuid, Path, description = "Contact id")),
    responses((status = 200, body = Contact), (status = 404, body = ErrorBody)))]
async fn get_contact(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FieldApiResult<Json<Contact>> {
    let found = state.store.contacts(&actor, Permission::LiaisonRead)?.get(id).await?;
    Ok(Json(Contact::new(found, request_lang())))
}

/// Replaces a record (its author or a county-wide writer; 403 for others).
/// The version before is kept in its history. Fellows the record names that
/// the caller may not see stay named.
#[utoipa::path(put, path = "/contacts/{id}", tag = "contacts", params(("id" = Uuid, Path, description = "Contact id")), request_body = ContactBody,
    responses((status = 200, body = Contact), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn update_contact(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<ContactBody>,
) -> FieldApiResult<Json<Contact>> {
    let contacts = state.store.contacts(&actor, Permission::LiaisonWrite)?;
    let draft = body.draft(actor.user_id()).map_err(FieldApiError::Fields)?;
    contacts.update(id, draft).await?;
    let changed = state.store.contacts(&actor, Permission::LiaisonRead)?.get(id).await?;
    Ok(Json(Contact::new(changed, request_lang())))
}

/// Deletes a record softly (its author or a county-wide writer): it no
/// longer counts as a contact; the audit log keeps it.
#[utoipa::path(delete, path = "/contacts/{id}", tag = "contacts", params(("id" = Uuid, Path, description = "Contact id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_contact(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> FieldApiResult<StatusCode> {
    state.store.contacts(&actor, Permission::LiaisonWrite)?.delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}
