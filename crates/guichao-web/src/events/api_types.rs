//! The JSON shapes of `/api/v1/events`, with their OpenAPI schemas.

use crate::api::vocab::{AttendanceCode, EventKindCode};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_store::events::{ContactChanges, EventParty, EventRow, EventView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An event as created or edited.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    /// 1-100 characters.
    pub title: String,
    #[schema(value_type = EventKindCode)]
    pub kind: String,
    pub start_date: NaiveDate,
    /// The start date when absent; at most 31 days after it.
    pub end_date: Option<NaiveDate>,
    /// A city, or 本县 for the county.
    pub place: String,
    /// The caller's own unit when absent.
    pub organiser_unit_id: Option<Uuid>,
    #[serde(default)]
    pub outcomes: String,
    /// Investment leads raised, free text.
    #[serde(default)]
    pub leads: String,
}

/// One attendee and whether they came.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendeeBody {
    pub id: Uuid,
    #[schema(value_type = AttendanceCode)]
    pub status: String,
}

/// The whole attendance of an event; anyone left out is no longer listed.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendeesBody {
    #[serde(default)]
    pub fellows: Vec<AttendeeBody>,
    /// Users of the county.
    #[serde(default)]
    pub cadres: Vec<AttendeeBody>,
    #[serde(default)]
    pub chambers: Vec<AttendeeBody>,
}

/// What setting the attendance did to the contact records.
#[derive(Serialize, ToSchema)]
pub struct AttendanceResult {
    pub contacts_created: usize,
    pub contacts_updated: usize,
    pub contacts_removed: usize,
}

impl From<ContactChanges> for AttendanceResult {
    fn from(c: ContactChanges) -> AttendanceResult {
        AttendanceResult { contacts_created: c.created, contacts_updated: c.updated, contacts_removed: c.removed }
    }
}

/// One event of a list.
#[derive(Serialize, ToSchema)]
pub struct EventItem {
    pub id: Uuid,
    pub title: String,
    #[schema(value_type = EventKindCode)]
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub place: String,
    pub organiser_unit_id: Uuid,
    pub organiser: String,
    pub attended: u64,
    pub invited: u64,
}

impl From<EventRow> for EventItem {
    fn from(e: EventRow) -> EventItem {
        EventItem {
            id: e.id,
            title: e.title,
            kind: e.kind.code().into(),
            start_date: e.start_date,
            end_date: e.end_date,
            place: e.place,
            organiser_unit_id: e.organiser_unit_id,
            organiser: e.organiser,
            attended: e.attended,
            invited: e.invited,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EventList {
    pub items: Vec<EventItem>,
    pub total: u64,
}

/// A fellow on an event; `name` is null when the caller may not see them.
#[derive(Serialize, ToSchema)]
pub struct EventFellowItem {
    pub fellow_id: Uuid,
    pub name: Option<String>,
    #[schema(value_type = AttendanceCode)]
    pub status: String,
    /// The contact record the attendance made.
    pub contact_id: Option<Uuid>,
}

/// A cadre or a chamber on an event.
#[derive(Serialize, ToSchema)]
pub struct EventPartyItem {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = AttendanceCode)]
    pub status: String,
}

impl From<EventParty> for EventPartyItem {
    fn from(p: EventParty) -> EventPartyItem {
        EventPartyItem { id: p.id, name: p.name, status: p.status.code().into() }
    }
}

/// An event with everyone on it.
#[derive(Serialize, ToSchema)]
pub struct EventDetail {
    pub id: Uuid,
    pub title: String,
    #[schema(value_type = EventKindCode)]
    pub kind: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub place: String,
    pub organiser_unit_id: Uuid,
    pub organiser: String,
    pub outcomes: String,
    pub leads: String,
    pub author_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub fellows: Vec<EventFellowItem>,
    pub cadres: Vec<EventPartyItem>,
    pub chambers: Vec<EventPartyItem>,
    pub can_edit: bool,
}

impl From<EventView> for EventDetail {
    fn from(e: EventView) -> EventDetail {
        EventDetail {
            id: e.id,
            title: e.title,
            kind: e.kind.code().into(),
            start_date: e.start_date,
            end_date: e.end_date,
            place: e.place,
            organiser_unit_id: e.organiser_unit_id,
            organiser: e.organiser,
            outcomes: e.outcomes,
            leads: e.leads,
            author_id: e.author_id,
            created_at: e.created_at,
            updated_at: e.updated_at,
            fellows: e
                .fellows
                .into_iter()
                .map(|f| EventFellowItem {
                    fellow_id: f.fellow_id,
                    name: f.name,
                    status: f.status.code().into(),
                    contact_id: f.contact_id,
                })
                .collect(),
            cadres: e.cadres.into_iter().map(Into::into).collect(),
            chambers: e.chambers.into_iter().map(Into::into).collect(),
            can_edit: e.can_edit,
        }
    }
}
