//! Setting who attended an event or was invited, as a whole list, and with
//! it the contact records of the attended fellows (`sync`).

use super::sync::{attended_rows, sync_contacts};
use super::{AttendanceDraft, ContactChanges, Events};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::contacts::write::remove;
use crate::entities::{chamber, contact_record, event_cadre, event_chamber, event_fellow, fellow, user};
use crate::fellows::insert_models;
use crate::fellows::scope::visible;
use crate::{StoreError, StoreResult};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::events::{Attendance, check_attendance};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde_json::json;
use uuid::Uuid;

/// Each id once, its last status winning.
fn distinct(list: &[(Uuid, Attendance)]) -> Vec<(Uuid, Attendance)> {
    let mut out: Vec<(Uuid, Attendance)> = Vec::with_capacity(list.len());
    for (id, status) in list {
        match out.iter_mut().find(|(o, _)| o == id) {
            Some(found) => found.1 = *status,
            None => out.push((*id, *status)),
        }
    }
    out
}

/// Refuses unless every id of `ids` is found by `found` (a count).
fn all_found(found: u64, ids: &[(Uuid, Attendance)], field: &'static str, zh: &str, en: &str) -> StoreResult<()> {
    if found == ids.len() as u64 { Ok(()) } else { Err(StoreError::field(field, zh, en)) }
}

impl Events<'_> {
    /// Sets the event's attendees to `draft`: fellows, cadres and chambers,
    /// each attended or invited; anyone left out is no longer listed. Fellows
    /// the writer may not see keep their place as it was. Every attended
    /// fellow gets one contact record (made, rewritten or withdrawn here);
    /// returns what happened to the records. Fellows must be ones the writer
    /// may see, cadres active users and chambers the county's, or nothing is
    /// written (a field error on `fellows`, `cadres` or `chambers`).
    pub async fn set_attendance(&self, id: Uuid, draft: AttendanceDraft) -> StoreResult<ContactChanges> {
        let actor = self.actor();
        let write = self.0.need(Permission::LiaisonWrite)?.clone();
        let t = actor.tenant_id;
        let (fellows, cadres, chambers) =
            (distinct(&draft.fellows), distinct(&draft.cadres), distinct(&draft.chambers));
        let tx = self.store().begin_write().await?;
        let e = self.editable(&*tx, id).await?;
        let old = attended_rows(&*tx, t, id).await?;
        let old_ids: Vec<Uuid> = old.iter().map(|r| r.fellow_id).collect();
        let seen_old: Vec<Uuid> = fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .filter(fellow::Column::Id.is_in(old_ids))
            .filter(visible(&write))
            .into_tuple()
            .all(&*tx)
            .await?;
        let kept: Vec<event_fellow::Model> = old
            .iter()
            .filter(|r| !seen_old.contains(&r.fellow_id) && !fellows.iter().any(|(f, _)| *f == r.fellow_id))
            .cloned()
            .collect();
        let anyone_attended = fellows.iter().chain(&cadres).any(|(_, s)| *s == Attendance::Attended)
            || kept.iter().any(|r| r.status == Attendance::Attended.code());
        let lists = [("fellows", fellows.len() + kept.len()), ("cadres", cadres.len()), ("chambers", chambers.len())];
        check_attendance(e.start_date, anyone_attended, &lists, today()).map_err(StoreError::Fields)?;
        self.check_parties(&*tx, &write, &fellows, &cadres, &chambers).await?;

        let removed: Vec<event_fellow::Model> = old
            .iter()
            .filter(|r| !kept.contains(r) && !fellows.iter().any(|(f, _)| *f == r.fellow_id))
            .cloned()
            .collect();
        let live_removed = contact_record::Entity::find()
            .filter(contact_record::Column::TenantId.eq(t))
            .filter(contact_record::Column::Id.is_in(removed.iter().filter_map(|r| r.contact_id).collect::<Vec<_>>()))
            .filter(contact_record::Column::DeletedAt.is_null())
            .all(&*tx)
            .await?;
        let mut changes = ContactChanges { removed: live_removed.len(), ..Default::default() };
        for c in live_removed {
            remove(&*tx, actor, c).await?;
        }
        let mut rows: Vec<event_fellow::Model> = kept;
        rows.extend(fellows.iter().map(|(f, s)| event_fellow::Model {
            tenant_id: t,
            event_id: id,
            fellow_id: *f,
            status: s.code().to_string(),
            contact_id: old.iter().find(|r| r.fellow_id == *f).and_then(|r| r.contact_id),
        }));
        event_fellow::Entity::delete_many()
            .filter(event_fellow::Column::TenantId.eq(t))
            .filter(event_fellow::Column::EventId.eq(id))
            .exec(&*tx)
            .await?;
        insert_models(&*tx, &rows).await?;
        event_cadre::Entity::delete_many()
            .filter(event_cadre::Column::TenantId.eq(t))
            .filter(event_cadre::Column::EventId.eq(id))
            .exec(&*tx)
            .await?;
        let cadre_rows: Vec<event_cadre::Model> = cadres
            .iter()
            .map(|(u, s)| event_cadre::Model { tenant_id: t, event_id: id, user_id: *u, status: s.code().into() })
            .collect();
        insert_models(&*tx, &cadre_rows).await?;
        event_chamber::Entity::delete_many()
            .filter(event_chamber::Column::TenantId.eq(t))
            .filter(event_chamber::Column::EventId.eq(id))
            .exec(&*tx)
            .await?;
        let chamber_rows: Vec<event_chamber::Model> = chambers
            .iter()
            .map(|(c, s)| event_chamber::Model { tenant_id: t, event_id: id, chamber_id: *c, status: s.code().into() })
            .collect();
        insert_models(&*tx, &chamber_rows).await?;

        let synced = sync_contacts(&*tx, &write, actor, &e, &mut rows).await?;
        changes.created += synced.created;
        changes.updated += synced.updated;
        changes.removed += synced.removed;
        let count = |status: Attendance| rows.iter().filter(|r| r.status == status.code()).count();
        let detail = json!({
            "attended": count(Attendance::Attended), "invited": count(Attendance::Invited),
            "cadres": cadres.len(), "chambers": chambers.len(),
            "fellow_ids": rows.iter().map(|r| r.fellow_id).collect::<Vec<_>>(),
            "contacts_created": changes.created, "contacts_updated": changes.updated,
            "contacts_removed": changes.removed,
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::EventAttendance, "event", id, detail)).await?;
        tx.commit().await?;
        Ok(changes)
    }

    /// Refuses fellows the writer may not see, cadres who are not active
    /// users of the county and chambers that are not the county's.
    async fn check_parties(
        &self,
        db: &impl ConnectionTrait,
        write: &crate::Scope,
        fellows: &[(Uuid, Attendance)],
        cadres: &[(Uuid, Attendance)],
        chambers: &[(Uuid, Attendance)],
    ) -> StoreResult<()> {
        let t = write.tenant_id();
        let ids = |list: &[(Uuid, Attendance)]| list.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        let seen = fellow::Entity::find()
            .filter(fellow::Column::Id.is_in(ids(fellows)))
            .filter(visible(write))
            .count(db)
            .await?;
        if seen != fellows.len() as u64 {
            let unseen = fellows.len() as u64 - seen;
            return Err(StoreError::field(
                "fellows",
                format!("所选乡友中有{unseen}位不在您的联系工作范围内，不能登记"),
                format!("{unseen} of the fellows chosen are outside your liaison scope"),
            ));
        }
        let active = user::Entity::find()
            .filter(user::Column::TenantId.eq(t))
            .filter(user::Column::Id.is_in(ids(cadres)))
            .filter(user::Column::Active.eq(true))
            .count(db)
            .await?;
        all_found(
            active,
            cadres,
            "cadres",
            "所选干部不存在或账号已停用",
            "A cadre chosen does not exist or is disabled",
        )?;
        let found = chamber::Entity::find()
            .filter(chamber::Column::TenantId.eq(t))
            .filter(chamber::Column::Id.is_in(ids(chambers)))
            .count(db)
            .await?;
        all_found(found, chambers, "chambers", "所选商会不存在", "A chamber chosen does not exist")
    }
}
