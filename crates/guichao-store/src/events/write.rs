//! Creating, editing and deleting events. Each is one transaction with its
//! audit event; an edit rewrites the contact records its attendance made.

use super::sync::{attended_rows, sync_contacts};
use super::{Events, county_wide, visible_events};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::contacts::write::remove;
use crate::entities::{contact_record, event, event_fellow, org_unit};
use crate::fellows::insert_models;
use crate::{Scope, StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::events::{EventDraft, EventKind};
use guichao_domain::ids::new_id;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

/// The image of an event in the audit chain.
pub(super) fn image(e: &event::Model, organiser: &str) -> Value {
    json!({
        "title": e.title, "kind": e.kind, "start_date": e.start_date, "end_date": e.end_date,
        "place": e.place, "organiser": organiser, "outcomes": e.outcomes, "leads": e.leads,
    })
}

/// The name of the tenant's unit `id`, or a field error when it is not one
/// the writer may organise for (their own unit, or one in their scope).
async fn organiser(db: &impl ConnectionTrait, write: &Scope, id: Uuid) -> StoreResult<String> {
    let unit = org_unit::Entity::find()
        .filter(org_unit::Column::Id.eq(id))
        .filter(write.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
        .one(db)
        .await?;
    match unit {
        Some(u) => Ok(u.name),
        None => Err(StoreError::field(
            "organiser_unit_id",
            "主办单位不在您的工作范围内",
            "The organising unit is outside your scope",
        )),
    }
}

/// The checked draft, or its field errors.
fn checked(draft: &EventDraft) -> StoreResult<EventDraft> {
    draft.check(today()).map_err(StoreError::Fields)
}

impl Events<'_> {
    /// The live event `id` if the actor may change it: `NotFound` when they
    /// may not see it, `Forbidden` when they are neither its author nor a
    /// writer whose scope covers its organising unit.
    pub(super) async fn editable(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<event::Model> {
        let write = self.0.need(Permission::LiaisonWrite)?;
        let found = event::Entity::find()
            .filter(event::Column::Id.eq(id))
            .filter(visible_events(write))
            .lock_exclusive()
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        if !may_change(db, write, self.actor().user_id, &found).await? {
            return Err(StoreError::Forbidden);
        }
        Ok(found)
    }

    /// Records an event; returns its id. Attendance is set apart
    /// ([`Events::set_attendance`]).
    pub async fn create(&self, draft: EventDraft) -> StoreResult<Uuid> {
        let actor = self.actor();
        let write = self.0.need(Permission::LiaisonWrite)?;
        let draft = checked(&draft)?;
        let tx = self.store().begin_write().await?;
        let organiser = organiser_for(&*tx, write, actor.unit_id, draft.organiser_unit_id).await?;
        let at = now();
        let row = event::Model {
            tenant_id: actor.tenant_id,
            id: new_id(),
            title: draft.title,
            kind: draft.kind.code().to_string(),
            start_date: draft.start_date,
            end_date: draft.end_date,
            place: draft.place,
            organiser_unit_id: draft.organiser_unit_id,
            outcomes: draft.outcomes,
            leads: draft.leads,
            author_id: actor.user_id,
            created_at: at,
            updated_at: at,
            deleted_at: None,
            deleted_by: None,
        };
        insert_models(&*tx, std::slice::from_ref(&row)).await?;
        let detail = json!({"after": image(&row, &organiser)});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::EventCreate, "event", row.id, detail))
            .await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Replaces an event's fields and rewrites the contact records of its
    /// attended fellows to match (kind, date, place, title, outcomes). An
    /// event with attended fellows cannot move into the future.
    pub async fn update(&self, id: Uuid, draft: EventDraft) -> StoreResult<()> {
        let actor = self.actor();
        let write = self.0.need(Permission::LiaisonWrite)?.clone();
        let draft = checked(&draft)?;
        let tx = self.store().begin_write().await?;
        let before = self.editable(&*tx, id).await?;
        let old_organiser = unit_name(&*tx, actor.tenant_id, before.organiser_unit_id).await?;
        let organiser = if draft.organiser_unit_id == before.organiser_unit_id {
            old_organiser.clone()
        } else {
            organiser_for(&*tx, &write, actor.unit_id, draft.organiser_unit_id).await?
        };
        let mut rows = attended_rows(&*tx, actor.tenant_id, id).await?;
        if draft.start_date > today() && rows.iter().any(|r| r.contact_id.is_some()) {
            return Err(StoreError::field(
                "start_date",
                "已登记出席的活动，开始日期不能晚于今天",
                "An event with attendees cannot start in the future",
            ));
        }
        let after = event::Model {
            title: draft.title,
            kind: draft.kind.code().to_string(),
            start_date: draft.start_date,
            end_date: draft.end_date,
            place: draft.place,
            organiser_unit_id: draft.organiser_unit_id,
            outcomes: draft.outcomes,
            leads: draft.leads,
            updated_at: now(),
            ..before.clone()
        };
        event::Entity::update_many()
            .col_expr(event::Column::Title, Expr::value(after.title.clone()))
            .col_expr(event::Column::Kind, Expr::value(after.kind.clone()))
            .col_expr(event::Column::StartDate, Expr::value(after.start_date))
            .col_expr(event::Column::EndDate, Expr::value(after.end_date))
            .col_expr(event::Column::Place, Expr::value(after.place.clone()))
            .col_expr(event::Column::OrganiserUnitId, Expr::value(after.organiser_unit_id))
            .col_expr(event::Column::Outcomes, Expr::value(after.outcomes.clone()))
            .col_expr(event::Column::Leads, Expr::value(after.leads.clone()))
            .col_expr(event::Column::UpdatedAt, Expr::value(after.updated_at))
            .filter(event::Column::TenantId.eq(actor.tenant_id))
            .filter(event::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        let changes = sync_contacts(&*tx, &write, actor, &after, &mut rows).await?;
        let detail = json!({
            "before": image(&before, &old_organiser), "after": image(&after, &organiser),
            "contacts_updated": changes.updated,
        });
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::EventUpdate, "event", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an event softly, withdrawing the contact records its
    /// attendance made (each with its own audit event). The event's rows stay
    /// for the audit.
    pub async fn delete(&self, id: Uuid) -> StoreResult<()> {
        let actor = self.actor();
        let t = actor.tenant_id;
        let tx = self.store().begin_write().await?;
        let before = self.editable(&*tx, id).await?;
        let contacts: Vec<Uuid> = event_fellow::Entity::find()
            .select_only()
            .column(event_fellow::Column::ContactId)
            .filter(event_fellow::Column::TenantId.eq(t))
            .filter(event_fellow::Column::EventId.eq(id))
            .filter(event_fellow::Column::ContactId.is_not_null())
            .into_tuple::<Option<Uuid>>()
            .all(&*tx)
            .await?
            .into_iter()
            .flatten()
            .collect();
        let live = contact_record::Entity::find()
            .filter(contact_record::Column::TenantId.eq(t))
            .filter(contact_record::Column::Id.is_in(contacts))
            .filter(contact_record::Column::DeletedAt.is_null())
            .all(&*tx)
            .await?;
        let removed = live.len();
        for c in live {
            remove(&*tx, actor, c).await?;
        }
        event::Entity::update_many()
            .col_expr(event::Column::DeletedAt, Expr::value(Some(now())))
            .col_expr(event::Column::DeletedBy, Expr::value(Some(actor.user_id)))
            .filter(event::Column::TenantId.eq(t))
            .filter(event::Column::Id.eq(id))
            .exec(&*tx)
            .await?;
        let organiser = unit_name(&*tx, t, before.organiser_unit_id).await?;
        let detail = json!({"before": image(&before, &organiser), "after": null, "contacts_removed": removed});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::EventDelete, "event", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Whether `user` with the write scope `write` may change event `e`, which
/// they see: as its author, or with a scope covering its organising unit.
pub(super) async fn may_change(
    db: &impl ConnectionTrait,
    write: &Scope,
    user: Uuid,
    e: &event::Model,
) -> StoreResult<bool> {
    let seen = event::Entity::find().filter(event::Column::Id.eq(e.id)).filter(visible_events(write)).count(db).await?;
    Ok(seen > 0 && (e.author_id == user || covers(db, write, e.organiser_unit_id).await?))
}

/// Whether `scope` covers org unit `unit_id` (county-wide writers cover all).
async fn covers(db: &impl ConnectionTrait, scope: &Scope, unit_id: Uuid) -> StoreResult<bool> {
    if county_wide(scope) {
        return Ok(true);
    }
    let n = org_unit::Entity::find()
        .filter(org_unit::Column::Id.eq(unit_id))
        .filter(scope.units_condition(org_unit::Column::TenantId, org_unit::Column::Id))
        .count(db)
        .await?;
    Ok(n > 0)
}

/// The organising unit's name when the writer may organise for it: their own
/// unit or one their scope covers; a field error otherwise.
async fn organiser_for(db: &impl ConnectionTrait, write: &Scope, own: Uuid, unit_id: Uuid) -> StoreResult<String> {
    if unit_id == own {
        return unit_name(db, write.tenant_id(), unit_id).await;
    }
    organiser(db, write, unit_id).await
}

/// The name of the tenant's unit `id` (empty when there is none).
pub(super) async fn unit_name(db: &impl ConnectionTrait, tenant_id: Uuid, id: Uuid) -> StoreResult<String> {
    Ok(org_unit::Entity::find_by_id((tenant_id, id)).one(db).await?.map(|u| u.name).unwrap_or_default())
}

/// The kind of a stored event; a code this version does not know reads as a forum.
pub(super) fn kind_of(code: &str) -> EventKind {
    EventKind::parse(code).unwrap_or(EventKind::Forum)
}
