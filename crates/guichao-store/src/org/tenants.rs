//! Tenants (counties): creating one with its root unit and built-in roles.

use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{org_unit, tenant};
use crate::org::roles::sync_builtin_roles;
use crate::{Store, StoreError, StoreResult, now};
use guichao_domain::ids::new_id;
use guichao_domain::org::UnitLevel;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
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
const UNKNOWN: u8 = 0;
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

    /// Creates a tenant (county) with its county unit and the built-in roles.
    pub async fn create_tenant(&self, code: &str, name: &str) -> StoreResult<TenantInfo> {
        let code = code.trim();
        let name =
            guichao_domain::org::valid_unit_name(name).map_err(|e| StoreError::invalid(e, "Invalid county name"))?;
        if code.is_empty() || code.len() > 12 || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(StoreError::invalid(
                "行政区划代码应为数字，如 430621",
                "The area code must be digits, e.g. 430621",
            ));
        }
        if self.tenant_by_code(code).await?.is_some() {
            return Err(StoreError::conflict(format!("代码 {code} 已被使用"), format!("Code {code} is taken")));
        }
        let tx = self.begin_write().await?;
        let tenant_id = new_id();
        let root_id = new_id();
        tenant::Entity::insert(tenant::ActiveModel {
            tenant_id: Set(tenant_id),
            code: Set(code.to_string()),
            name: Set(name.clone()),
            audit_seq: Set(0),
            audit_head: Set(String::new()),
            created_at: Set(now()),
        })
        .exec_without_returning(&*tx)
        .await?;
        org_unit::Entity::insert(org_unit::ActiveModel {
            tenant_id: Set(tenant_id),
            id: Set(root_id),
            parent_id: Set(None),
            level: Set(UnitLevel::County.code().to_string()),
            name: Set(name.clone()),
            path: Set(format!("/{root_id}/")),
            sort: Set(0),
            created_at: Set(now()),
        })
        .exec_without_returning(&*tx)
        .await?;
        sync_builtin_roles(&*tx, tenant_id).await?;
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(
            &*tx,
            tenant_id,
            who,
            AuditEvent::new(AuditAction::TenantCreate, "tenant", tenant_id, json!({"code": code, "name": name})),
        )
        .await?;
        tx.commit().await?;
        self.tenants.store(UNKNOWN, Ordering::Relaxed);
        Ok(TenantInfo { id: tenant_id, code: code.to_string(), name, root_unit_id: root_id })
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

    /// Brings every tenant's built-in roles in line with the code (run at start-up).
    pub async fn sync_roles(&self) -> StoreResult<()> {
        let tx = self.begin_write().await?;
        for t in tenant::Entity::find().all(&*tx).await? {
            sync_builtin_roles(&*tx, t.tenant_id).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
