//! Tenants (counties): creating one with its root unit and built-in roles.

use crate::entities::{org_unit, tenant};
use crate::{Store, StoreError, StoreResult};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::sync::atomic::Ordering;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct TenantInfo {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub root_unit_id: Uuid,
}

/// What [`Store::tenants`](crate::Store) knows of the number of tenants.
pub(super) const UNKNOWN: u8 = 0;
const ONE: u8 = 1;
const SEVERAL: u8 = 2;

impl Store {
    /// Whether the database holds a single tenant: then a tenant-wide scope
    /// filters nothing in the search index (see `search_fellows`). Cached: a
    /// tenant created by another process meanwhile only makes searches slower
    /// until restart, never wrong, since every query also names its tenant.
    pub(crate) async fn only_tenant(&self) -> StoreResult<bool> {
        let known = match self.tenants.load(Ordering::Relaxed) {
            UNKNOWN => {
                let several = tenant::Entity::find().limit(2).all(&self.db).await?.len() > 1;
                let known = if several { SEVERAL } else { ONE };
                self.tenants.store(known, Ordering::Relaxed);
                known
            }
            known => known,
        };
        Ok(known == ONE)
    }

    pub async fn tenant_by_code(&self, code: &str) -> StoreResult<Option<TenantInfo>> {
        let found = tenant::Entity::find().filter(tenant::Column::Code.eq(code)).one(&self.db).await?;
        match found {
            Some(t) => Ok(Some(self.tenant_info(t).await?)),
            None => Ok(None),
        }
    }

    pub async fn tenants(&self) -> StoreResult<Vec<TenantInfo>> {
        let mut out = Vec::new();
        for t in tenant::Entity::find().order_by_asc(tenant::Column::Code).all(&self.db).await? {
            out.push(self.tenant_info(t).await?);
        }
        Ok(out)
    }

    async fn tenant_info(&self, t: tenant::Model) -> StoreResult<TenantInfo> {
        let root = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(t.tenant_id))
            .filter(org_unit::Column::ParentId.is_null())
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(TenantInfo { id: t.tenant_id, code: t.code, name: t.name, root_unit_id: root.id })
    }
}
