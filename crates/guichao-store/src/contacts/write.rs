//! Recording, editing and deleting contact records. Each is one transaction
//! with its audit event; a record names only fellows the writer may see (a
//! refusal is a field error on `fellow_ids`, and nothing is written).

use super::load::image;
use super::{Contacts, visible_records};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::campaigns::kept::recount_fellows;
use crate::entities::{
    chamber, contact_cadre, contact_fellow, contact_history, contact_pair, contact_record, fellow, followup, user,
};
use crate::fellows::insert_models;
use crate::fellows::scope::visible;
use crate::names::user_names;
use crate::{Actor, Scope, StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::ContactDraft;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use serde_json::json;
use uuid::Uuid;

/// The draft with its rules applied, its fellows visible to `write` (apart
/// from `kept`: fellows an edit keeps that the editor may not see), its
/// cadres and follow-up owner active users of the tenant, its chamber one of
/// the tenant's.
async fn checked(
    db: &impl ConnectionTrait,
    write: &Scope,
    draft: &ContactDraft,
    kept: &[Uuid],
) -> StoreResult<ContactDraft> {
    let draft = draft.check(today()).map_err(StoreError::Fields)?;
    let t = write.tenant_id();
    let asked: Vec<Uuid> = draft.fellow_ids.iter().filter(|f| !kept.contains(f)).copied().collect();
    let seen =
        fellow::Entity::find().filter(fellow::Column::Id.is_in(asked.clone())).filter(visible(write)).count(db).await?;
    if seen != asked.len() as u64 {
        let unseen = asked.len() as u64 - seen;
        return Err(StoreError::field(
            "fellow_ids",
            format!("所选乡友中有{unseen}位不在您的联系工作范围内，不能登记"),
            format!("{unseen} of the fellows chosen are outside your liaison scope"),
        ));
    }
    let active = |ids: Vec<Uuid>| {
        user::Entity::find()
            .filter(user::Column::TenantId.eq(t))
            .filter(user::Column::Id.is_in(ids))
            .filter(user::Column::Active.eq(true))
            .count(db)
    };
    if active(draft.cadre_ids.clone()).await? != draft.cadre_ids.len() as u64 {
        return Err(StoreError::field(
            "cadre_ids",
            "所选联系干部不存在或账号已停用",
            "A cadre chosen does not exist or is disabled",
        ));
    }
    if let Some(f) = &draft.follow_up
        && active(vec![f.owner_id]).await? == 0
    {
        return Err(StoreError::field(
            "follow_up_owner",
            "跟进责任人不存在或账号已停用",
            "The follow-up's owner does not exist or is disabled",
        ));
    }
    if let Some(c) = draft.chamber_id
        && chamber::Entity::find_by_id((t, c)).one(db).await?.is_none()
    {
        return Err(StoreError::field("chamber_id", "所选商会不存在", "No such chamber"));
    }
    Ok(draft)
}

/// Writes what hangs off record `id` on `date`: its fellows, its cadres and
/// one pair per fellow x cadre.
async fn write_links(db: &impl ConnectionTrait, t: Uuid, id: Uuid, draft: &ContactDraft) -> StoreResult<()> {
    let date = draft.date;
    let fellows: Vec<contact_fellow::Model> = draft
        .fellow_ids
        .iter()
        .map(|f| contact_fellow::Model { tenant_id: t, contact_id: id, fellow_id: *f, contact_date: date })
        .collect();
    let cadres: Vec<contact_cadre::Model> =
        draft.cadre_ids.iter().map(|u| contact_cadre::Model { tenant_id: t, contact_id: id, user_id: *u }).collect();
    let pairs: Vec<contact_pair::Model> = draft
        .fellow_ids
        .iter()
        .flat_map(|f| {
            draft.cadre_ids.iter().map(move |c| contact_pair::Model {
                tenant_id: t,
                contact_id: id,
                fellow_id: *f,
                cadre_id: *c,
                contact_date: date,
            })
        })
        .collect();
    insert_models(db, &fellows).await?;
    insert_models(db, &cadres).await?;
    insert_models(db, &pairs).await?;
    Ok(())
}

/// Inserts the follow-up a draft leaves, if any.
async fn write_follow_up(db: &impl ConnectionTrait, t: Uuid, id: Uuid, draft: &ContactDraft) -> StoreResult<()> {
    if let Some(f) = &draft.follow_up {
        let row = followup::Model {
            tenant_id: t,
            id: new_id(),
            contact_id: id,
            what: f.what.clone(),
            owner_id: f.owner_id,
            due: f.due,
            done_at: None,
            done_by: None,
            result: String::new(),
        };
        insert_models(db, &[row]).await?;
    }
    Ok(())
}

/// The fellows a record names.
async fn fellows_of(db: &impl ConnectionTrait, t: Uuid, id: Uuid) -> StoreResult<Vec<Uuid>> {
    Ok(contact_fellow::Entity::find()
        .select_only()
        .column(contact_fellow::Column::FellowId)
        .filter(contact_fellow::Column::TenantId.eq(t))
        .filter(contact_fellow::Column::ContactId.eq(id))
        .into_tuple()
        .all(db)
        .await?)
}

/// The cadres a record names, with their names.
async fn cadres_of(db: &impl ConnectionTrait, t: Uuid, id: Uuid) -> StoreResult<Vec<(Uuid, String)>> {
    let ids: Vec<Uuid> = contact_cadre::Entity::find()
        .select_only()
        .column(contact_cadre::Column::UserId)
        .filter(contact_cadre::Column::TenantId.eq(t))
        .filter(contact_cadre::Column::ContactId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let names = user_names(db, t, ids.iter().copied()).await?;
    Ok(ids.into_iter().map(|u| (u, names.get(&u).cloned().unwrap_or_default())).collect())
}

/// Removes what hangs off a record and is rewritten on an edit.
async fn clear_links(db: &impl ConnectionTrait, t: Uuid, id: Uuid) -> StoreResult<()> {
    contact_pair::Entity::delete_many()
        .filter(contact_pair::Column::TenantId.eq(t))
        .filter(contact_pair::Column::ContactId.eq(id))
        .exec(db)
        .await?;
    contact_fellow::Entity::delete_many()
        .filter(contact_fellow::Column::TenantId.eq(t))
        .filter(contact_fellow::Column::ContactId.eq(id))
        .exec(db)
        .await?;
    contact_cadre::Entity::delete_many()
        .filter(contact_cadre::Column::TenantId.eq(t))
        .filter(contact_cadre::Column::ContactId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

fn model(t: Uuid, id: Uuid, author: &Actor, draft: &ContactDraft) -> contact_record::Model {
    let at = now();
    contact_record::Model {
        tenant_id: t,
        id,
        kind: draft.kind.code().to_string(),
        contact_date: draft.date,
        place: draft.place.clone(),
        chamber_id: draft.chamber_id,
        notes: draft.notes.clone(),
        outcome: draft.outcome.clone(),
        author_id: author.user_id,
        created_at: at,
        updated_at: at,
        deleted_at: None,
        deleted_by: None,
    }
}

impl Contacts<'_> {
    /// Records a contact with its fellows, cadres and follow-up; returns its id.
    pub async fn create(&self, draft: ContactDraft) -> StoreResult<Uuid> {
        let write = self.0.need(Permission::LiaisonWrite)?;
        let tx = self.store().begin_write().await?;
        let id = insert(&*tx, write, self.actor(), &draft, &[]).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The live record `id` if the actor may change it: `NotFound` when they
    /// may not see it, `Forbidden` when they are neither its author nor a
    /// county-wide writer.
    async fn editable(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<contact_record::Model> {
        let write = self.0.need(Permission::LiaisonWrite)?;
        let found = contact_record::Entity::find()
            .filter(contact_record::Column::Id.eq(id))
            .filter(visible_records(write))
            .lock_exclusive()
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        if found.author_id != self.actor().user_id && !self.county_wide_writer() {
            return Err(StoreError::Forbidden);
        }
        if crate::events::event_of(db, found.tenant_id, id).await?.is_some() {
            return Err(StoreError::conflict(
                "这条联系记录由活动出席生成，请在活动页面修改出席名单",
                "This contact was made by an event's attendance: change the attendance on the event's page",
            ));
        }
        Ok(found)
    }

    /// Replaces a record's fields, fellows and cadres, keeping its image
    /// before the edit in its history. Fellows the record names that the
    /// editor may not see stay named (the editor's form cannot show them). A
    /// follow-up in the draft replaces the record's open one; without one,
    /// an open follow-up is withdrawn. Done follow-ups stay as they are.
    pub async fn update(&self, id: Uuid, draft: ContactDraft) -> StoreResult<()> {
        let write = self.0.need(Permission::LiaisonWrite)?.clone();
        let tx = self.store().begin_write().await?;
        let before = self.editable(&*tx, id).await?;
        rewrite(&*tx, &write, self.actor(), before, draft).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a record softly: it is hidden from every read and no longer
    /// counts as a contact; the row and its history stay for the audit.
    pub async fn delete(&self, id: Uuid) -> StoreResult<()> {
        let tx = self.store().begin_write().await?;
        let before = self.editable(&*tx, id).await?;
        remove(&*tx, self.actor(), before).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Records a contact in `db` (a write transaction) with its links, its
/// follow-up and its audit event, by `actor` with the write scope `write`;
/// `kept` are fellows it may name that the writer does not see (an event's
/// attendee kept from an earlier list). The contacts handle and the events
/// area's attendance both write through here, so the rules are one.
pub(crate) async fn insert(
    db: &impl ConnectionTrait,
    write: &Scope,
    actor: &Actor,
    draft: &ContactDraft,
    kept: &[Uuid],
) -> StoreResult<Uuid> {
    let t = actor.tenant_id;
    let draft = checked(db, write, draft, kept).await?;
    let id = new_id();
    let row = model(t, id, actor, &draft);
    insert_models(db, std::slice::from_ref(&row)).await?;
    write_links(db, t, id, &draft).await?;
    write_follow_up(db, t, id, &draft).await?;
    recount_fellows(db, t, &draft.fellow_ids).await?;
    let cadres = cadres_of(db, t, id).await?;
    let detail = json!({"after": image(&row, &draft.fellow_ids, &cadres), "follow_up": draft.follow_up.as_ref().map(|f| &f.what)});
    record(db, t, actor, AuditEvent::new(AuditAction::ContactCreate, "contact", id, detail)).await?;
    Ok(id)
}

/// Replaces the fields, fellows and cadres of the live record `before`
/// (which the caller has found and may change), keeping its image in its
/// history. Fellows it names that the editor may not see stay named (the
/// editor's form cannot show them). A follow-up in the draft replaces the
/// record's open one; without one, an open follow-up is withdrawn. Done
/// follow-ups stay as they are.
pub(crate) async fn rewrite(
    db: &impl ConnectionTrait,
    write: &Scope,
    actor: &Actor,
    before: contact_record::Model,
    draft: ContactDraft,
) -> StoreResult<()> {
    let (t, id) = (actor.tenant_id, before.id);
    let old_fellows = fellows_of(db, t, id).await?;
    let seen: Vec<Uuid> = fellow::Entity::find()
        .select_only()
        .column(fellow::Column::Id)
        .filter(fellow::Column::Id.is_in(old_fellows.clone()))
        .filter(visible(write))
        .into_tuple()
        .all(db)
        .await?;
    let kept: Vec<Uuid> = old_fellows.iter().filter(|f| !seen.contains(f)).copied().collect();
    let mut draft = draft;
    let missing: Vec<Uuid> = kept.iter().filter(|k| !draft.fellow_ids.contains(k)).copied().collect();
    draft.fellow_ids.extend(missing);
    let draft = checked(db, write, &draft, &kept).await?;
    let old_cadres = cadres_of(db, t, id).await?;
    let before_image = image(&before, &old_fellows, &old_cadres);
    let after = contact_record::Model {
        author_id: before.author_id,
        created_at: before.created_at,
        ..model(t, id, actor, &draft)
    };
    contact_record::Entity::update_many()
        .col_expr(contact_record::Column::Kind, Expr::value(after.kind.clone()))
        .col_expr(contact_record::Column::ContactDate, Expr::value(after.contact_date))
        .col_expr(contact_record::Column::Place, Expr::value(after.place.clone()))
        .col_expr(contact_record::Column::ChamberId, Expr::value(after.chamber_id))
        .col_expr(contact_record::Column::Notes, Expr::value(after.notes.clone()))
        .col_expr(contact_record::Column::Outcome, Expr::value(after.outcome.clone()))
        .col_expr(contact_record::Column::UpdatedAt, Expr::value(after.updated_at))
        .filter(contact_record::Column::TenantId.eq(t))
        .filter(contact_record::Column::Id.eq(id))
        .exec(db)
        .await?;
    clear_links(db, t, id).await?;
    write_links(db, t, id, &draft).await?;
    followup::Entity::delete_many()
        .filter(followup::Column::TenantId.eq(t))
        .filter(followup::Column::ContactId.eq(id))
        .filter(followup::Column::DoneAt.is_null())
        .exec(db)
        .await?;
    write_follow_up(db, t, id, &draft).await?;
    recount_fellows(db, t, &[old_fellows.as_slice(), draft.fellow_ids.as_slice()].concat()).await?;
    let history = contact_history::Model {
        tenant_id: t,
        id: new_id(),
        contact_id: id,
        at: after.updated_at,
        user_id: actor.user_id,
        before: before_image.to_string(),
    };
    insert_models(db, &[history]).await?;
    let cadres = cadres_of(db, t, id).await?;
    let detail = json!({"before": before_image, "after": image(&after, &draft.fellow_ids, &cadres)});
    record(db, t, actor, AuditEvent::new(AuditAction::ContactUpdate, "contact", id, detail)).await?;
    Ok(())
}

/// Deletes the live record `before` softly (the caller has found it and may
/// change it): it is hidden from every read and no longer counts as a
/// contact; the row and its history stay for the audit.
pub(crate) async fn remove(db: &impl ConnectionTrait, actor: &Actor, before: contact_record::Model) -> StoreResult<()> {
    let (t, id) = (actor.tenant_id, before.id);
    contact_record::Entity::update_many()
        .col_expr(contact_record::Column::DeletedAt, Expr::value(Some(now())))
        .col_expr(contact_record::Column::DeletedBy, Expr::value(Some(actor.user_id)))
        .filter(contact_record::Column::TenantId.eq(t))
        .filter(contact_record::Column::Id.eq(id))
        .exec(db)
        .await?;
    contact_pair::Entity::delete_many()
        .filter(contact_pair::Column::TenantId.eq(t))
        .filter(contact_pair::Column::ContactId.eq(id))
        .exec(db)
        .await?;
    let fellows = fellows_of(db, t, id).await?;
    recount_fellows(db, t, &fellows).await?;
    let cadres = cadres_of(db, t, id).await?;
    let detail = json!({"before": image(&before, &fellows, &cadres), "after": null});
    record(db, t, actor, AuditEvent::new(AuditAction::ContactDelete, "contact", id, detail)).await?;
    Ok(())
}
