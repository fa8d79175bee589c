//! `/api/v1/events`: liaison events and their attendance. Setting the
//! attendance records one contact per attended fellow (see the store's
//! `events` module).

use super::api_types::{AttendanceResult, AttendeeBody, AttendeesBody, EventBody, EventDetail, EventList};
use crate::AppState;
use crate::api::fields::{FieldApiError, FieldApiResult, FieldErrorBody};
use crate::api::vocab::EventKindCode;
use crate::api::{page_offset, page_size};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiId, ApiJson, ApiQuery, ApiUser};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_domain::events::{Attendance, EventDraft, EventKind};
use guichao_domain::fellows::FormError;
use guichao_store::Actor;
use guichao_store::events::{AttendanceDraft, EventQuery};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_events, create_event))
        .routes(routes!(get_event, update_event, delete_event))
        .routes(routes!(set_event_attendees))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    #[param(value_type = Option<EventKindCode>)]
    pub kind: Option<String>,
    /// Events starting in this year.
    pub year: Option<i32>,
    /// Events whose place contains this text.
    pub place: Option<String>,
    /// Events per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    /// Events to skip (default 0).
    pub offset: Option<u64>,
}

fn kind(code: &str) -> Result<EventKind, FieldApiError> {
    EventKind::parse(code).ok_or_else(|| {
        let message = Msg::new(
            "活动类型应为 forum（座谈会）、inspection_tour（考察）、promotion（推介会）或 festival（节庆联谊）",
            "kind is forum, inspection_tour, promotion or festival",
        );
        FieldApiError::Fields(vec![FormError { field: "kind", message }])
    })
}

impl EventBody {
    fn draft(self, actor: &Actor) -> Result<EventDraft, FieldApiError> {
        Ok(EventDraft {
            kind: kind(&self.kind)?,
            title: self.title,
            start_date: self.start_date,
            end_date: self.end_date.unwrap_or(self.start_date),
            place: self.place,
            organiser_unit_id: self.organiser_unit_id.unwrap_or(actor.unit_id()),
            outcomes: self.outcomes,
            leads: self.leads,
        })
    }
}

/// The attendees of one list (`fellows`, `cadres`, `chambers`), each status
/// checked.
fn attendees(field: &'static str, list: Vec<AttendeeBody>) -> Result<Vec<(Uuid, Attendance)>, FieldApiError> {
    list.into_iter()
        .map(|a| {
            Attendance::parse(&a.status).map(|status| (a.id, status)).ok_or_else(|| {
                let message =
                    Msg::new("出席状态应为 attended（出席）或 invited（受邀）", "status is attended or invited");
                FieldApiError::Fields(vec![FormError { field, message }])
            })
        })
        .collect()
}

/// The events the caller sees, newest first.
#[utoipa::path(get, path = "/events", tag = "events", params(EventParams),
    responses((status = 200, body = EventList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn list_events(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(p): ApiQuery<EventParams>,
) -> FieldApiResult<Json<EventList>> {
    let q = EventQuery {
        kind: p.kind.as_deref().filter(|k| !k.is_empty()).map(kind).transpose()?,
        year: p.year,
        place: p.place,
        offset: page_offset(p.offset)?,
        limit: page_size(p.limit)?,
    };
    let (rows, total) = state.store.events(&actor, Permission::LiaisonRead)?.list(&q).await?;
    Ok(Json(EventList { items: rows.into_iter().map(Into::into).collect(), total }))
}

/// Records an event (without attendees: set them with `PUT /events/{id}/attendees`).
#[utoipa::path(post, path = "/events", tag = "events", request_body = EventBody,
    responses((status = 201, body = EventDetail), (status = 403, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn create_event(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<EventBody>,
) -> FieldApiResult<(StatusCode, Json<EventDetail>)> {
    let id = state.store.events(&actor, Permission::LiaisonWrite)?.create(body.draft(&actor)?).await?;
    Ok((StatusCode::CREATED, Json(state.store.events(&actor, Permission::LiaisonRead)?.get(id).await?.into())))
}

/// One event with its attendees; fellows the caller may not see have no name.
#[utoipa::path(get, path = "/events/{id}", tag = "events", params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 200, body = EventDetail), (status = 404, body = ErrorBody)))]
async fn get_event(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<Json<EventDetail>> {
    Ok(Json(state.store.events(&actor, Permission::LiaisonRead)?.get(id).await?.into()))
}

/// Edits an event; the contact records of its attended fellows follow.
#[utoipa::path(put, path = "/events/{id}", tag = "events", params(("id" = Uuid, Path, description = "Event id")), request_body = EventBody,
    responses((status = 200, body = EventDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn update_event(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<EventBody>,
) -> FieldApiResult<Json<EventDetail>> {
    state.store.events(&actor, Permission::LiaisonWrite)?.update(id, body.draft(&actor)?).await?;
    Ok(Json(state.store.events(&actor, Permission::LiaisonRead)?.get(id).await?.into()))
}

/// Deletes an event softly, withdrawing the contact records it made.
#[utoipa::path(delete, path = "/events/{id}", tag = "events", params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_event(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
) -> ApiResult<StatusCode> {
    state.store.events(&actor, Permission::LiaisonWrite)?.delete(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets who attended or was invited, as a whole list. Each attended fellow
/// gets one contact record of the event's kind, dated its start; records of
/// fellows no longer attending are withdrawn. 422 for a fellow outside the
/// caller's scope, or attendance before the event starts; nothing is written.
#[utoipa::path(put, path = "/events/{id}/attendees", tag = "events", params(("id" = Uuid, Path, description = "Event id")), request_body = AttendeesBody,
    responses((status = 200, body = AttendanceResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = FieldErrorBody)))]
async fn set_event_attendees(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiId(id): ApiId,
    ApiJson(body): ApiJson<AttendeesBody>,
) -> FieldApiResult<Json<AttendanceResult>> {
    let draft = AttendanceDraft {
        fellows: attendees("fellows", body.fellows)?,
        cadres: attendees("cadres", body.cadres)?,
        chambers: attendees("chambers", body.chambers)?,
    };
    Ok(Json(state.store.events(&actor, Permission::LiaisonWrite)?.set_attendance(id, draft).await?.into()))
}
