//! Building an [`Actor`] from a user row: their unit and the grants of their roles.

use super::Actor;
use crate::entities::{org_unit, role, role_grant, tenant, user, user_role};
use crate::{StoreError, StoreResult};
use guichao_domain::access::{DataScope, Grants, Permission};
use guichao_domain::org::UnitLevel;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The actor for an active user, or `NotFound` for a missing or disabled one.
pub(crate) async fn active_actor(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid) -> StoreResult<Actor> {
    let user = user::Entity::find_by_id((tenant_id, user_id))
        .one(db)
        .await?
        .filter(|u| u.active)
        .ok_or(StoreError::NotFound)?;
    actor_for(db, user).await
}

pub(crate) async fn actor_for(db: &impl ConnectionTrait, user: user::Model) -> StoreResult<Actor> {
    let tenant = tenant::Entity::find_by_id(user.tenant_id).one(db).await?.ok_or(StoreError::NotFound)?;
    let unit =
        org_unit::Entity::find_by_id((user.tenant_id, user.unit_id)).one(db).await?.ok_or(StoreError::NotFound)?;
    let role_ids: Vec<Uuid> = user_role::Entity::find()
        .filter(user_role::Column::TenantId.eq(user.tenant_id))
        .filter(user_role::Column::UserId.eq(user.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.role_id)
        .collect();
    let grants = roles_grants(db, user.tenant_id, &role_ids).await?;
    let roles = role::Entity::find()
        .filter(role::Column::TenantId.eq(user.tenant_id))
        .filter(role::Column::Id.is_in(role_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    Ok(Actor {
        tenant_id: user.tenant_id,
        tenant_name: tenant.name,
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        unit_id: unit.id,
        unit_name: unit.name,
        unit_level: UnitLevel::parse(&unit.level).unwrap_or(UnitLevel::Village),
        grants,
        roles,
        ip: None,
        unit_path: unit.path,
    })
}

/// The union of the grants of some roles of a tenant.
pub(crate) async fn roles_grants(db: &impl ConnectionTrait, tenant_id: Uuid, role_ids: &[Uuid]) -> StoreResult<Grants> {
    let mut role_ids = role_ids.to_vec();
    role_ids.sort();
    role_ids.dedup();
    let role_ids = role_ids.as_slice();
    let known = role::Entity::find()
        .filter(role::Column::TenantId.eq(tenant_id))
        .filter(role::Column::Id.is_in(role_ids.iter().copied()))
        .all(db)
        .await?;
    if known.len() != role_ids.len() {
        return Err(StoreError::invalid("所选角色不存在", "A chosen role does not exist"));
    }
    let rows = role_grant::Entity::find()
        .filter(role_grant::Column::TenantId.eq(tenant_id))
        .filter(role_grant::Column::RoleId.is_in(role_ids.iter().copied()))
        .all(db)
        .await?;
    Ok(Grants::from_pairs(
        rows.into_iter().filter_map(|g| Some((Permission::parse(&g.permission)?, DataScope::parse(&g.scope)?))),
    ))
}
