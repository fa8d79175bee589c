//! Allocating a parcel or a unit to a project, and releasing an allocation
//! still held. The writer needs `project.write` on the project (the
//! projects handle's rule, [`Projects::writable`]). The site's row is
//! locked for the transaction, so two allocations of one site cannot both
//! pass the overlap check (PostgreSQL `FOR UPDATE`; SQLite's single writer
//! already serialises them).

use super::{NewParkAllocation, Park, SiteId, allocation, unit_label};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{park_allocation, park_parcel, park_unit, project};
use crate::projects::Projects;
use crate::projects::scope::visible;
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use guichao_domain::park::{NewAllocation, Site, Span, check_allocation, check_release, conflict, double_booking};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
};
use serde_json::json;
use uuid::Uuid;

impl Park<'_> {
    /// The name of site `id` as people read it, the row locked until
    /// `db`'s transaction ends when `lock` says so; `NotFound` when the
    /// county has no such site.
    async fn site_name(&self, db: &impl ConnectionTrait, id: SiteId, lock: bool) -> StoreResult<String> {
        let t = self.actor().tenant_id;
        let name = match id {
            SiteId::Parcel(id) => {
                let mut find = park_parcel::Entity::find()
                    .filter(park_parcel::Column::TenantId.eq(t))
                    .filter(park_parcel::Column::Id.eq(id));
                if lock {
                    find = find.lock_exclusive();
                }
                find.one(db).await?.map(|p| p.name)
            }
            SiteId::Unit(id) => {
                let mut find = park_unit::Entity::find()
                    .filter(park_unit::Column::TenantId.eq(t))
                    .filter(park_unit::Column::Id.eq(id));
                if lock {
                    find = find.lock_exclusive();
                }
                find.one(db).await?.map(|u| unit_label(&u.building, &u.unit_no))
            }
        };
        name.ok_or(StoreError::NotFound)
    }

    /// The project `id`, for a write: locked, `Forbidden` or `NotFound` as
    /// the projects handle answers.
    async fn project_to_write(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<project::Model> {
        Projects(self.0.clone()).writable(db, id).await
    }

    /// The name of project `id` when the actor may see it.
    async fn project_name_seen(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<Option<String>> {
        let Ok(read) = self.0.also(Permission::ProjectRead) else { return Ok(None) };
        let found = project::Entity::find().filter(project::Column::Id.eq(id)).filter(visible(&read)).one(db).await?;
        Ok(found.map(|p| p.name))
    }

    /// Allocates a site to a project; returns the allocation's id. A site
    /// held on any of the days is refused under `from`, naming the project
    /// that holds it when the writer may see that project.
    pub async fn allocate(&self, new: NewParkAllocation) -> StoreResult<Uuid> {
        let actor = self.actor();
        let t = actor.tenant_id;
        self.0.need(Permission::ProjectWrite)?;
        let site = match new.site {
            SiteId::Parcel(_) => Site::Parcel,
            SiteId::Unit(_) => Site::Unit,
        };
        let span = Span { from: new.from, until: new.until };
        let typed = NewAllocation { site, span, moved_in: new.moved_in, note: &new.note };
        let note = check_allocation(typed, today()).map_err(StoreError::Fields)?;
        let tx = self.store().begin_write().await?;
        let site_name = self.site_name(&*tx, new.site, true).await?;
        let project = self.project_to_write(&*tx, new.project_id).await?;
        let of_site = match new.site {
            SiteId::Parcel(id) => park_allocation::Column::ParcelId.eq(id),
            SiteId::Unit(id) => park_allocation::Column::UnitId.eq(id),
        };
        let held = park_allocation::Entity::find()
            .filter(park_allocation::Column::TenantId.eq(t))
            .filter(of_site)
            .all(&*tx)
            .await?;
        let domain: Vec<_> = held.iter().map(|a| allocation(a, |_| true)).collect();
        if let Some(other) = conflict(span, &domain) {
            let name = match other.project_id {
                Some(holder) => self.project_name_seen(&*tx, holder).await?,
                None => None,
            };
            return Err(StoreError::Fields(vec![double_booking(site, other.span, name.as_deref())]));
        }
        let (parcel_id, unit_id) = match new.site {
            SiteId::Parcel(id) => (Some(id), None),
            SiteId::Unit(id) => (None, Some(id)),
        };
        let row = park_allocation::Model {
            tenant_id: t,
            id: new_id(),
            parcel_id,
            unit_id,
            project_id: project.id,
            from_date: new.from,
            until_date: new.until,
            moved_in: new.moved_in,
            note,
            recorded_by: Some(actor.user_id),
            recorded_at: now(),
        };
        park_allocation::Entity::insert(park_allocation::ActiveModel::from(row.clone()))
            .exec_without_returning(&*tx)
            .await?;
        let detail = json!({"after": {
            "site": site_name, "project": project.name, "from": row.from_date, "until": row.until_date,
            "moved_in": row.moved_in, "note": row.note,
        }});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ParkAllocate, "park_allocation", row.id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Releases an allocation still held: `until` becomes its last day.
    pub async fn release(&self, id: Uuid, until: NaiveDate) -> StoreResult<()> {
        let actor = self.actor();
        let t = actor.tenant_id;
        self.0.need(Permission::ProjectWrite)?;
        let tx = self.store().begin_write().await?;
        let held = park_allocation::Entity::find()
            .filter(park_allocation::Column::TenantId.eq(t))
            .filter(park_allocation::Column::Id.eq(id))
            .lock_exclusive()
            .one(&*tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let project = self.project_to_write(&*tx, held.project_id).await?;
        let (site, site_id) = match (held.parcel_id, held.unit_id) {
            (Some(p), _) => (Site::Parcel, SiteId::Parcel(p)),
            (None, Some(u)) => (Site::Unit, SiteId::Unit(u)),
            (None, None) => return Err(StoreError::NotFound),
        };
        check_release(site, &allocation(&held, |_| true), until).map_err(|e| StoreError::Fields(vec![e]))?;
        // Not locked: a release only shortens a span, so it cannot make an
        // overlap, and locking the site after the project could deadlock
        // with an allocation that locks them the other way round.
        let site_name = self.site_name(&*tx, site_id, false).await?;
        let mut change = held.into_active_model();
        change.until_date = Set(Some(until));
        change.update(&*tx).await?;
        let detail = json!({
            "before": {"until": null},
            "after": {"site": site_name, "project": project.name, "until": until},
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ParkRelease, "park_allocation", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
