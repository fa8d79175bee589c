//! Roles of a tenant and their grants.

use crate::access::load::stored_grant;
use crate::entities::{role, role_grant};
use crate::{Store, StoreResult};
use guichao_domain::Lang;
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct RoleInfo {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub builtin: bool,
    /// Everyone holding the role must sign in with a second factor: marked by
    /// the county, or always so for an administrator role.
    pub requires_two_factor: bool,
    /// The county's own mark (what the roles page edits).
    pub marked_two_factor: bool,
    pub grants: Vec<(Permission, DataScope)>,
}

impl RoleInfo {
    /// The role's name in the user's language (built-in roles are translated).
    pub fn display_name(&self, lang: Lang) -> String {
        BuiltinRole::parse(&self.code).map(|r| r.name(lang).to_string()).unwrap_or_else(|| self.name.clone())
    }
}

impl Store {
    /// Every role of a tenant with its grants, built-in roles first.
    pub async fn roles(&self, tenant_id: Uuid) -> StoreResult<Vec<RoleInfo>> {
        let roles = role::Entity::find()
            .filter(role::Column::TenantId.eq(tenant_id))
            .order_by_desc(role::Column::Builtin)
            .order_by_asc(role::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let grants =
            role_grant::Entity::find().filter(role_grant::Column::TenantId.eq(tenant_id)).all(&self.db).await?;
        let mut out: Vec<RoleInfo> = roles
            .into_iter()
            .map(|r| RoleInfo {
                grants: grants
                    .iter()
                    .filter(|g| g.role_id == r.id)
                    .filter_map(|g| stored_grant(&g.permission, &g.scope))
                    .collect(),
                requires_two_factor: r.requires_two_factor
                    || BuiltinRole::parse(&r.code).is_some_and(|b| b.always_requires_two_factor()),
                marked_two_factor: r.requires_two_factor,
                id: r.id,
                code: r.code,
                name: r.name,
                builtin: r.builtin,
            })
            .collect();
        // Built-in roles in their declared order, so pages list them the same way everywhere.
        out.sort_by_key(|r| BuiltinRole::ALL.iter().position(|b| b.code() == r.code).unwrap_or(usize::MAX));
        Ok(out)
    }
}

#[cfg(feature = "system")]
impl crate::System<'_> {
    /// The id of a built-in role in a tenant.
    pub async fn builtin_role_id(&self, tenant_id: Uuid, builtin: BuiltinRole) -> StoreResult<Uuid> {
        role::Entity::find()
            .filter(role::Column::TenantId.eq(tenant_id))
            .filter(role::Column::Code.eq(builtin.code()))
            .one(&self.db)
            .await?
            .map(|r| r.id)
            .ok_or(crate::StoreError::NotFound)
    }
}
