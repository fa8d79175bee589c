//! Liaison events (活动): forums, inspection tours, promotion meetings and
//! festival gatherings, with the fellows, cadres and chambers who attended or
//! were invited.
//!
//! Who sees an event: a user whose `liaison.read` scope covers its organising
//! unit, a cadre listed on it (attended or invited), and a user who may see
//! one of its fellows (`fellows::scope::visible_ids`, as contact records are
//! seen). A fellow the reader may not see is listed without a name.
//!
//! Who changes one: its author, or a holder of `liaison.write` whose scope
//! covers its organising unit. An event is organised by the writer's own unit
//! or a unit in their scope.
//!
//! Recording attendance writes one contact record per attended fellow through
//! the contacts area's own write path (`contacts::write`), linked from the
//! fellow's attendance row; later changes to the attendance or to the event
//! rewrite or withdraw those records, so each attended fellow counts once.

mod attendance;
mod read;
mod sync;
mod write;

use crate::entities::{event, event_cadre, event_fellow};
use crate::fellows::scope::visible_ids;
use crate::{Actor, Scope, Scoped, Store, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::events::{Attendance, EventKind};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

/// The permissions an [`Events`] handle is made with: events are liaison work.
const AREA: [Permission; 2] = [Permission::LiaisonRead, Permission::LiaisonWrite];

/// The most rows one page of the event list holds.
pub const MAX_PAGE_ROWS: u64 = 200;

/// Events as one actor reaches them with one permission.
pub struct Events<'a>(pub(crate) Scoped<'a>);

impl Store {
    /// Events for work that needs `permission` (`liaison.read` or
    /// `liaison.write`), or `Forbidden`.
    pub fn events<'a>(&'a self, actor: &'a Actor, permission: Permission) -> StoreResult<Events<'a>> {
        Ok(Events(Scoped::new(self, actor, permission, &AREA)?))
    }
}

impl<'a> Events<'a> {
    fn store(&self) -> &'a Store {
        self.0.store
    }

    fn actor(&self) -> &'a Actor {
        self.0.actor
    }
}

/// The live events of the scope's tenant that the holder of `scope` sees.
pub(crate) fn visible_events(scope: &Scope) -> Condition {
    let t = scope.tenant_id();
    let listed = Query::select()
        .column(event_cadre::Column::EventId)
        .from(event_cadre::Entity)
        .and_where(event_cadre::Column::TenantId.eq(t))
        .and_where(event_cadre::Column::UserId.eq(scope.user_id()))
        .to_owned();
    let with_seen_fellow = Query::select()
        .column(event_fellow::Column::EventId)
        .from(event_fellow::Entity)
        .and_where(event_fellow::Column::TenantId.eq(t))
        .and_where(event_fellow::Column::FellowId.in_subquery(visible_ids(scope)))
        .to_owned();
    Condition::all().add(event::Column::TenantId.eq(t)).add(event::Column::DeletedAt.is_null()).add(
        Condition::any()
            .add(scope.units_condition(event::Column::TenantId, event::Column::OrganiserUnitId))
            .add(event::Column::Id.in_subquery(listed))
            .add(event::Column::Id.in_subquery(with_seen_fellow)),
    )
}

/// The event whose attendance made contact record `contact_id`, if one did
/// (the record is then changed through the event, not on its own).
pub(crate) async fn event_of(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    contact_id: Uuid,
) -> StoreResult<Option<Uuid>> {
    let found = event_fellow::Entity::find()
        .filter(event_fellow::Column::TenantId.eq(tenant_id))
        .filter(event_fellow::Column::ContactId.eq(contact_id))
        .one(db)
        .await?;
    Ok(found.map(|link| link.event_id))
}

/// Whether `scope` holds `liaison.write` for the whole county.
fn county_wide(scope: &Scope) -> bool {
    scope.reach() == DataScope::Tenant
}

/// An event as the form or the API sends it is `guichao_domain::events::EventDraft`.
pub use guichao_domain::events::EventDraft;

/// Who attended or was invited, as a whole list: what the attendance form
/// and `PUT /api/v1/events/{id}/attendees` send. Anyone left out is no
/// longer listed (fellows the writer may not see stay as they were).
#[derive(Debug, Clone, Default)]
pub struct AttendanceDraft {
    pub fellows: Vec<(Uuid, Attendance)>,
    pub cadres: Vec<(Uuid, Attendance)>,
    pub chambers: Vec<(Uuid, Attendance)>,
}

/// What setting attendance did to the contact records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ContactChanges {
    pub created: usize,
    pub updated: usize,
    pub removed: usize,
}

/// Which events a list shows: any of the filters, newest first.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    pub kind: Option<EventKind>,
    /// Events starting in this calendar year.
    pub year: Option<i32>,
    /// Events whose place contains this text.
    pub place: Option<String>,
    pub offset: u64,
    /// 1 to [`MAX_PAGE_ROWS`].
    pub limit: u64,
}

/// One line of the event list.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub id: Uuid,
    pub title: String,
    pub kind: EventKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub place: String,
    pub organiser_unit_id: Uuid,
    pub organiser: String,
    /// Fellows who attended (all of them: a count names nobody).
    pub attended: u64,
    /// Fellows invited who did not attend.
    pub invited: u64,
}

/// A fellow on an event. `name` is `None` when the reader may not see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventFellow {
    pub fellow_id: Uuid,
    pub name: Option<String>,
    pub status: Attendance,
    /// The contact record the attendance made, for an attended fellow.
    pub contact_id: Option<Uuid>,
}

/// A cadre or a chamber on an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventParty {
    pub id: Uuid,
    pub name: String,
    pub status: Attendance,
}

/// An event with everyone on it.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub id: Uuid,
    pub title: String,
    pub kind: EventKind,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub place: String,
    pub organiser_unit_id: Uuid,
    pub organiser: String,
    pub outcomes: String,
    pub leads: String,
    pub author_id: Uuid,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Fellows the reader may see first, by name; attended before invited.
    pub fellows: Vec<EventFellow>,
    pub cadres: Vec<EventParty>,
    pub chambers: Vec<EventParty>,
    /// Whether the reader may edit it, set its attendance and delete it.
    pub can_edit: bool,
}

/// A unit that may organise an event, or a chamber or cadre to choose (for
/// a form's select).
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub id: Uuid,
    pub name: String,
}
