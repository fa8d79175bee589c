//! Writing chambers and their liaison offices. Names are unique per county;
//! every write is audited with before and after images.

use super::Chambers;
use super::{ChamberDraft, checked, name_taken, taken};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{chamber, chamber_office};
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::chambers;
use guichao_domain::ids::new_id;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

fn image(c: &chamber::Model) -> Value {
    json!({
        "name": c.name, "kind": c.kind, "city": c.city, "township_id": c.township_id,
        "founded": c.founded, "notes": c.notes,
    })
}

fn office_image(o: &chamber_office::Model) -> Value {
    json!({"office_id": o.id, "name": o.name, "city": o.city, "address": o.address})
}

/// Refuses a name another chamber of the tenant already has (checked inside the
/// write transaction; the unique index catches a race on PostgreSQL).
async fn ensure_name_free(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> StoreResult<()> {
    let mut find =
        chamber::Entity::find().filter(chamber::Column::TenantId.eq(tenant_id)).filter(chamber::Column::Name.eq(name));
    if let Some(id) = except {
        find = find.filter(chamber::Column::Id.ne(id));
    }
    if find.count(db).await? > 0 {
        return Err(taken(name));
    }
    Ok(())
}

impl Chambers<'_> {
    /// A chamber of the actor's county, for a write: `Forbidden` without
    /// `chamber.write`, `NotFound` for an unknown id.
    pub(crate) async fn writable(&self, id: Uuid) -> StoreResult<chamber::Model> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::ChamberWrite)?;
        let c = chamber::Entity::find_by_id((actor.tenant_id, id)).one(&store.db).await?.ok_or(StoreError::NotFound)?;
        if !self.county_wide() {
            return Err(StoreError::Forbidden);
        }
        Ok(c)
    }

    pub async fn create(&self, draft: ChamberDraft) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::ChamberWrite)?;
        if !self.county_wide() {
            return Err(StoreError::Forbidden);
        }
        let d = checked(&store.db, actor.tenant_id, draft).await?;
        let tx = store.begin_write().await?;
        ensure_name_free(&*tx, actor.tenant_id, &d.name, None).await?;
        let model = chamber::Model {
            tenant_id: actor.tenant_id,
            id: new_id(),
            name: d.name.clone(),
            sort_key: guichao_domain::search::sort_key(&d.name),
            kind: d.kind.code().to_string(),
            city: d.city,
            township_id: d.township_id,
            founded: d.founded,
            notes: d.notes,
            created_at: now(),
        };
        let after = image(&model);
        let id = model.id;
        chamber::Entity::insert(chamber::ActiveModel::from(model).reset_all())
            .exec_without_returning(&*tx)
            .await
            .map_err(|e| name_taken(e, &d.name))?;
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::ChamberCreate, "chamber", id, json!({"after": after})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update(&self, id: Uuid, draft: ChamberDraft) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let before = self.writable(id).await?;
        let d = checked(&store.db, actor.tenant_id, draft).await?;
        let tx = store.begin_write().await?;
        ensure_name_free(&*tx, actor.tenant_id, &d.name, Some(id)).await?;
        let after = chamber::Model {
            name: d.name.clone(),
            sort_key: guichao_domain::search::sort_key(&d.name),
            kind: d.kind.code().to_string(),
            city: d.city,
            township_id: d.township_id,
            founded: d.founded,
            notes: d.notes,
            ..before.clone()
        };
        chamber::Entity::update(chamber::ActiveModel::from(after.clone()).reset_all())
            .exec(&*tx)
            .await
            .map_err(|e| name_taken(e, &d.name))?;
        let detail = json!({"before": image(&before), "after": image(&after)});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::ChamberUpdate, "chamber", id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets up a liaison office (联络处) under a chamber.
    pub async fn add_office(&self, chamber_id: Uuid, name: &str, city: &str, address: &str) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        self.writable(chamber_id).await?;
        let office = chamber_office::Model {
            tenant_id: actor.tenant_id,
            id: new_id(),
            chamber_id,
            name: chambers::OFFICE_NAME.check(name).map_err(StoreError::Invalid)?,
            city: chambers::CITY.check(city).map_err(StoreError::Invalid)?,
            address: chambers::ADDRESS.check(address).map_err(StoreError::Invalid)?,
            created_at: now(),
        };
        let tx = store.begin_write().await?;
        let detail = json!({"after": office_image(&office)});
        let id = office.id;
        chamber_office::Entity::insert(chamber_office::ActiveModel::from(office).reset_all())
            .exec_without_returning(&*tx)
            .await?;
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::ChamberOfficeAdd, "chamber", chamber_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Removes a liaison office (offices carry no history worth keeping; the
    /// audit event keeps what it was).
    pub async fn remove_office(&self, chamber_id: Uuid, office_id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.writable(chamber_id).await?;
        let tx = store.begin_write().await?;
        let office = chamber_office::Entity::find_by_id((actor.tenant_id, office_id))
            .one(&*tx)
            .await?
            .filter(|o| o.chamber_id == chamber_id)
            .ok_or(StoreError::NotFound)?;
        chamber_office::Entity::delete_by_id((actor.tenant_id, office_id)).exec(&*tx).await?;
        let detail = json!({"before": office_image(&office)});
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::ChamberOfficeRemove, "chamber", chamber_id, detail),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
