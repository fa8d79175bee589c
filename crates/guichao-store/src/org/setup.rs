//! Setting a county up (system work: `guichao init`, the demo, tests): a
//! tenant with its root unit and built-in roles, and the roles brought in
//! line with the code at start-up.

use super::TenantInfo;
use super::tenants::UNKNOWN;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{org_unit, tenant};
use crate::entities::{role, role_grant};
use crate::{StoreError, StoreResult, now};
use guichao_domain::Lang;
use guichao_domain::access::BuiltinRole;
use guichao_domain::ids::new_id;
use guichao_domain::org::UnitLevel;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::sync::atomic::Ordering;
use uuid::Uuid;

impl crate::System<'_> {
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
            audit_keyed: Set(true),
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

/// Creates missing built-in roles and resets their grants to the code's definition.
pub(crate) async fn sync_builtin_roles(db: &impl ConnectionTrait, tenant_id: Uuid) -> StoreResult<()> {
    for builtin in BuiltinRole::ALL {
        let existing = role::Entity::find()
            .filter(role::Column::TenantId.eq(tenant_id))
            .filter(role::Column::Code.eq(builtin.code()))
            .one(db)
            .await?;
        let role_id = match existing {
            Some(r) => r.id,
            None => {
                let id = new_id();
                role::Entity::insert(role::ActiveModel {
                    tenant_id: Set(tenant_id),
                    id: Set(id),
                    code: Set(builtin.code().to_string()),
                    name: Set(builtin.name(Lang::Zh).to_string()),
                    builtin: Set(true),
                    created_at: Set(now()),
                    requires_two_factor: Set(false),
                })
                .exec_without_returning(db)
                .await?;
                id
            }
        };
        role_grant::Entity::delete_many()
            .filter(role_grant::Column::TenantId.eq(tenant_id))
            .filter(role_grant::Column::RoleId.eq(role_id))
            .exec(db)
            .await?;
        let grants: Vec<_> = builtin
            .grants()
            .iter()
            .map(|(p, s)| role_grant::ActiveModel {
                tenant_id: Set(tenant_id),
                role_id: Set(role_id),
                permission: Set(p.code().to_string()),
                scope: Set(s.code().to_string()),
            })
            .collect();
        role_grant::Entity::insert_many(grants).exec_without_returning(db).await?;
    }
    Ok(())
}
