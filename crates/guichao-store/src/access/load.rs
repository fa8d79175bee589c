//! Building an [`Actor`] from a user row: their unit and the grants of their roles.

use super::Actor;
use crate::entities::{org_unit, role, role_grant, tenant, user, user_role, user_two_factor};
use crate::{StoreError, StoreResult};
use guichao_domain::access::{DataScope, Grants, Permission};
use guichao_domain::org::UnitLevel;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter};
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

/// The user's tenant and unit, read together.
#[derive(FromQueryResult)]
struct Place {
    tenant_name: String,
    unit_name: String,
    level: String,
    path: String,
    /// When the user confirmed a second factor (none without).
    enrolled_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One grant of one of the user's roles (none for a role without grants).
#[derive(FromQueryResult)]
struct RoleGrant {
    role_id: Uuid,
    code: String,
    name: String,
    requires_two_factor: bool,
    permission: Option<String>,
    scope: Option<String>,
}

/// The actor of `user`: two statements, since every request of a signed-in
/// user or a token builds one.
pub(crate) async fn actor_for(db: &impl ConnectionTrait, user: user::Model) -> StoreResult<Actor> {
    let (t, u) = (user.tenant_id, user.unit_id);
    let place = Query::select()
        .expr_as(Expr::col((tenant::Entity, tenant::Column::Name)), "tenant_name")
        .expr_as(Expr::col((org_unit::Entity, org_unit::Column::Name)), "unit_name")
        .expr_as(Expr::col((org_unit::Entity, org_unit::Column::Level)), "level")
        .expr_as(Expr::col((org_unit::Entity, org_unit::Column::Path)), "path")
        .expr_as(Expr::col((user_two_factor::Entity, user_two_factor::Column::EnrolledAt)), "enrolled_at")
        .from(org_unit::Entity)
        .inner_join(
            tenant::Entity,
            Expr::col((tenant::Entity, tenant::Column::TenantId))
                .equals((org_unit::Entity, org_unit::Column::TenantId)),
        )
        .left_join(
            user_two_factor::Entity,
            Expr::col((user_two_factor::Entity, user_two_factor::Column::TenantId))
                .eq(t)
                .and(Expr::col((user_two_factor::Entity, user_two_factor::Column::UserId)).eq(user.id)),
        )
        .and_where(Expr::col((org_unit::Entity, org_unit::Column::TenantId)).eq(t))
        .and_where(Expr::col((org_unit::Entity, org_unit::Column::Id)).eq(u))
        .to_owned();
    let backend = db.get_database_backend();
    let place = Place::find_by_statement(backend.build(&place)).one(db).await?.ok_or(StoreError::NotFound)?;
    let (ur, r, g) = (user_role::Entity, role::Entity, role_grant::Entity);
    let grants = Query::select()
        .expr_as(Expr::col((r, role::Column::Id)), "role_id")
        .column((r, role::Column::Code))
        .column((r, role::Column::Name))
        .column((r, role::Column::RequiresTwoFactor))
        .column((g, role_grant::Column::Permission))
        .column((g, role_grant::Column::Scope))
        .from(ur)
        .inner_join(
            r,
            Expr::col((r, role::Column::TenantId))
                .equals((ur, user_role::Column::TenantId))
                .and(Expr::col((r, role::Column::Id)).equals((ur, user_role::Column::RoleId))),
        )
        .left_join(
            g,
            Expr::col((g, role_grant::Column::TenantId))
                .equals((r, role::Column::TenantId))
                .and(Expr::col((g, role_grant::Column::RoleId)).equals((r, role::Column::Id))),
        )
        .and_where(Expr::col((ur, user_role::Column::TenantId)).eq(t))
        .and_where(Expr::col((ur, user_role::Column::UserId)).eq(user.id))
        .order_by((r, role::Column::Id), Order::Asc)
        .to_owned();
    let rows = RoleGrant::find_by_statement(backend.build(&grants)).all(db).await?;
    let mut roles: Vec<(String, String)> = Vec::new();
    let mut last = None;
    for row in &rows {
        if last != Some(row.role_id) {
            roles.push((row.code.clone(), row.name.clone()));
            last = Some(row.role_id);
        }
    }
    let two_factor_required =
        guichao_domain::auth::totp::required_by_roles(rows.iter().map(|r| (r.code.as_str(), r.requires_two_factor)));
    let grants =
        Grants::from_pairs(rows.iter().filter_map(|g| stored_grant(g.permission.as_deref()?, g.scope.as_deref()?)));
    Ok(Actor {
        tenant_id: t,
        tenant_name: place.tenant_name,
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        unit_id: u,
        unit_name: place.unit_name,
        unit_level: UnitLevel::parse(&place.level).unwrap_or(UnitLevel::Village),
        grants,
        roles,
        ip: None,
        unit_path: place.path,
        password_changed_at: user.password_changed_at,
        two_factor_enrolled: place.enrolled_at.is_some(),
        two_factor_required,
        second_factor_pending: false,
    })
}

/// A stored grant as a permission and its scope; a code this version does
/// not know grants nothing.
pub(crate) fn stored_grant(permission: &str, scope: &str) -> Option<(Permission, DataScope)> {
    Some((Permission::parse(permission)?, DataScope::parse(scope)?))
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
    Ok(Grants::from_pairs(rows.iter().filter_map(|g| stored_grant(&g.permission, &g.scope))))
}
