//! Keeping the contact records an event's attendance made in step with the
//! event: one live record per attended fellow, of the event's contact kind,
//! dated its start, at its place, naming its attended cadres (its author when
//! none is listed) and its one attended chamber, noted with its title and
//! carrying its outcomes. Records are written, rewritten and withdrawn
//! through `contacts::write`, each with its own audit event; a record already
//! in step is left alone, so saving the same attendance twice changes nothing.

use super::ContactChanges;
use super::write::kind_of;
use crate::contacts::write::{insert, remove, rewrite};
use crate::entities::{contact_cadre, contact_record, event, event_cadre, event_chamber, event_fellow, fellow};
use crate::fellows::scope::visible;
use crate::{Actor, Scope, StoreResult};
use guichao_domain::events::Attendance;
use guichao_domain::liaison::ContactDraft;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// Every fellow row of event `event_id`.
pub(super) async fn attended_rows(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    event_id: Uuid,
) -> StoreResult<Vec<event_fellow::Model>> {
    Ok(event_fellow::Entity::find()
        .filter(event_fellow::Column::TenantId.eq(tenant_id))
        .filter(event_fellow::Column::EventId.eq(event_id))
        .all(db)
        .await?)
}

/// The attended ids of an attendee table's rows.
fn attended(rows: impl IntoIterator<Item = (Uuid, String)>) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> =
        rows.into_iter().filter(|(_, s)| s == Attendance::Attended.code()).map(|(id, _)| id).collect();
    ids.sort();
    ids
}

/// The contact record an attended fellow should have.
fn draft(e: &event::Model, fellow_id: Uuid, cadres: &[Uuid], chamber: Option<Uuid>) -> ContactDraft {
    ContactDraft {
        kind: kind_of(&e.kind).contact_kind(),
        date: e.start_date,
        place: e.place.clone(),
        cadre_ids: cadres.to_vec(),
        fellow_ids: vec![fellow_id],
        chamber_id: chamber,
        notes: format!("活动：{}", e.title),
        outcome: e.outcomes.clone(),
        follow_up: None,
    }
}

/// Whether stored record `r` with `cadres` (sorted) already says what `d` says.
fn in_step(r: &contact_record::Model, cadres: &[Uuid], d: &ContactDraft) -> bool {
    r.kind == d.kind.code()
        && r.contact_date == d.date
        && r.place == d.place
        && r.chamber_id == d.chamber_id
        && r.notes == d.notes
        && r.outcome == d.outcome
        && cadres == d.cadre_ids.as_slice()
}

/// Brings the contact records of `rows` (the event's fellow rows, as they
/// will be stored) in step with event `e`, setting each row's `contact_id`
/// here and in the table. Attended fellows the writer may not see are
/// written as kept fellows (they were listed by someone who could).
pub(super) async fn sync_contacts(
    db: &impl ConnectionTrait,
    write: &Scope,
    actor: &Actor,
    e: &event::Model,
    rows: &mut [event_fellow::Model],
) -> StoreResult<ContactChanges> {
    let t = e.tenant_id;
    let cadres = attended(
        event_cadre::Entity::find()
            .select_only()
            .column(event_cadre::Column::UserId)
            .column(event_cadre::Column::Status)
            .filter(event_cadre::Column::TenantId.eq(t))
            .filter(event_cadre::Column::EventId.eq(e.id))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?,
    );
    let cadres = if cadres.is_empty() { vec![e.author_id] } else { cadres };
    let chambers = attended(
        event_chamber::Entity::find()
            .select_only()
            .column(event_chamber::Column::ChamberId)
            .column(event_chamber::Column::Status)
            .filter(event_chamber::Column::TenantId.eq(t))
            .filter(event_chamber::Column::EventId.eq(e.id))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?,
    );
    let chamber = if let [one] = chambers.as_slice() { Some(*one) } else { None };
    let linked: Vec<Uuid> = rows.iter().filter_map(|r| r.contact_id).collect();
    let live: HashMap<Uuid, contact_record::Model> = contact_record::Entity::find()
        .filter(contact_record::Column::TenantId.eq(t))
        .filter(contact_record::Column::Id.is_in(linked.clone()))
        .filter(contact_record::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut cadres_of: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for c in contact_cadre::Entity::find()
        .filter(contact_cadre::Column::TenantId.eq(t))
        .filter(contact_cadre::Column::ContactId.is_in(linked))
        .all(db)
        .await?
    {
        cadres_of.entry(c.contact_id).or_default().push(c.user_id);
    }
    cadres_of.values_mut().for_each(|v| v.sort());
    let attending: Vec<Uuid> =
        rows.iter().filter(|r| r.status == Attendance::Attended.code()).map(|r| r.fellow_id).collect();
    let seen: Vec<Uuid> = fellow::Entity::find()
        .select_only()
        .column(fellow::Column::Id)
        .filter(fellow::Column::Id.is_in(attending))
        .filter(visible(write))
        .into_tuple()
        .all(db)
        .await?;
    let mut changes = ContactChanges::default();
    for row in rows.iter_mut() {
        let current = row.contact_id.and_then(|c| live.get(&c));
        let wanted = row.status == Attendance::Attended.code();
        let contact_id = match (wanted, current) {
            (true, Some(r)) => {
                let d = draft(e, row.fellow_id, &cadres, chamber);
                if !in_step(r, cadres_of.get(&r.id).map(Vec::as_slice).unwrap_or_default(), &d) {
                    rewrite(db, write, actor, r.clone(), d).await?;
                    changes.updated += 1;
                }
                Some(r.id)
            }
            (true, None) => {
                let kept: &[Uuid] =
                    if seen.contains(&row.fellow_id) { &[] } else { std::slice::from_ref(&row.fellow_id) };
                let id = insert(db, write, actor, &draft(e, row.fellow_id, &cadres, chamber), kept).await?;
                changes.created += 1;
                Some(id)
            }
            (false, Some(r)) => {
                remove(db, actor, r.clone()).await?;
                changes.removed += 1;
                None
            }
            (false, None) => None,
        };
        if contact_id != row.contact_id {
            row.contact_id = contact_id;
            event_fellow::Entity::update_many()
                .col_expr(event_fellow::Column::ContactId, Expr::value(contact_id))
                .filter(event_fellow::Column::TenantId.eq(t))
                .filter(event_fellow::Column::EventId.eq(e.id))
                .filter(event_fellow::Column::FellowId.eq(row.fellow_id))
                .exec(db)
                .await?;
        }
    }
    Ok(changes)
}
