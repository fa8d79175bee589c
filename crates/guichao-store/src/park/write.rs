//! Adding the county's parcels and factory units: only a writer whose
//! `project.write` reaches the whole county may (others get `Forbidden`),
//! each with its audit event in the same transaction. A parcel's name, and
//! a unit's number within its building, are the county's only one.

use super::Park;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{park_parcel, park_unit};
use crate::{Scope, StoreError, StoreResult, now};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::ids::new_id;
use guichao_domain::park::{ParcelDraft, UnitDraft};
use guichao_domain::search::sort_key;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

impl Park<'_> {
    /// Whether the actor may add and change the county's parcels and units.
    pub fn may_add_sites(&self) -> bool {
        self.actor().scope(Permission::ProjectWrite).is_ok_and(|s| s.reach() == DataScope::Tenant)
    }

    /// The write scope, when it reaches the whole county; `Forbidden` otherwise.
    fn county_writer(&self) -> StoreResult<&Scope> {
        let write = self.0.need(Permission::ProjectWrite)?;
        if write.reach() == DataScope::Tenant { Ok(write) } else { Err(StoreError::Forbidden) }
    }

    /// Adds a land parcel; returns its id.
    pub async fn add_parcel(&self, draft: ParcelDraft) -> StoreResult<Uuid> {
        let actor = self.actor();
        let t = self.county_writer()?.tenant_id();
        let d = draft.check().map_err(StoreError::Fields)?;
        let tx = self.store().begin_write().await?;
        let taken = park_parcel::Entity::find()
            .filter(park_parcel::Column::TenantId.eq(t))
            .filter(park_parcel::Column::Name.eq(&d.name))
            .count(&*tx)
            .await?;
        if taken > 0 {
            return Err(StoreError::field(
                "name",
                format!("已有名为“{}”的地块", d.name),
                format!("A parcel named {} exists already", d.name),
            ));
        }
        let row = park_parcel::Model {
            tenant_id: t,
            id: new_id(),
            sort_key: sort_key(&d.name),
            name: d.name,
            area_hundredths_mu: d.area_hundredths_mu,
            zoning: d.zoning.code().to_string(),
            notes: d.notes,
            created_at: now(),
        };
        park_parcel::Entity::insert(park_parcel::ActiveModel::from(row.clone())).exec_without_returning(&*tx).await?;
        let detail = json!({"after": {
            "parcel": row.name, "area_hundredths_mu": row.area_hundredths_mu, "zoning": row.zoning, "notes": row.notes,
        }});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ParkParcel, "park_parcel", row.id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Adds a standard factory unit; returns its id.
    pub async fn add_unit(&self, draft: UnitDraft) -> StoreResult<Uuid> {
        let actor = self.actor();
        let t = self.county_writer()?.tenant_id();
        let d = draft.check().map_err(StoreError::Fields)?;
        let tx = self.store().begin_write().await?;
        let taken = park_unit::Entity::find()
            .filter(park_unit::Column::TenantId.eq(t))
            .filter(park_unit::Column::Building.eq(&d.building))
            .filter(park_unit::Column::UnitNo.eq(&d.unit_no))
            .count(&*tx)
            .await?;
        if taken > 0 {
            return Err(StoreError::field(
                "unit_no",
                format!("{}已有单元“{}”", d.building, d.unit_no),
                format!("{} has a unit {} already", d.building, d.unit_no),
            ));
        }
        let row = park_unit::Model {
            tenant_id: t,
            id: new_id(),
            building: d.building,
            unit_no: d.unit_no,
            floor: d.floor,
            area_m2: d.area_m2,
            notes: d.notes,
            created_at: now(),
        };
        park_unit::Entity::insert(park_unit::ActiveModel::from(row.clone())).exec_without_returning(&*tx).await?;
        let detail = json!({"after": {
            "building": row.building, "unit_no": row.unit_no, "floor": row.floor, "area_m2": row.area_m2,
            "notes": row.notes,
        }});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ParkUnit, "park_unit", row.id, detail)).await?;
        tx.commit().await?;
        Ok(row.id)
    }
}
