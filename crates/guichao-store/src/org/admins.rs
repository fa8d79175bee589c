//! The county keeps its administrators: no edit may leave an administrative
//! role (one granting `admin.users` county-wide) that some active user could
//! manage with nobody left to manage it (see
//! `guichao_domain::access::roles_left_unmanaged`). Otherwise the last system
//! admin could drop their own role and only the command line could restore it.
//! Likewise the last active holder of each of the three administrators' roles
//! (三员分立; `guichao_domain::access::duties_left_unheld`) keeps it.

use crate::access::load::stored_grant;
use crate::entities::{role, role_grant, tenant, user, user_role};
use crate::{StoreError, StoreResult};
use guichao_domain::access::{
    BuiltinRole, DataScope, Grants, Permission, duties_left_unheld, is_administrative, last_holder_message,
    roles_left_unmanaged,
};
use guichao_domain::{Lang, Msg};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The grants of every role of a tenant, by role id (one query: the table is small).
pub(crate) async fn grants_by_role(db: &impl ConnectionTrait, tenant_id: Uuid) -> StoreResult<HashMap<Uuid, Grants>> {
    let rows = role_grant::Entity::find().filter(role_grant::Column::TenantId.eq(tenant_id)).all(db).await?;
    let mut pairs: HashMap<Uuid, Vec<(Permission, DataScope)>> = HashMap::new();
    for g in rows {
        if let Some(grant) = stored_grant(&g.permission, &g.scope) {
            pairs.entry(g.role_id).or_default().push(grant);
        }
    }
    Ok(pairs.into_iter().map(|(id, pairs)| (id, Grants::from_pairs(pairs))).collect())
}

/// A picture of who can manage the administrative roles, taken inside a write
/// transaction before an edit and compared with the picture after it.
pub(crate) struct AdminWatch {
    tenant_id: Uuid,
    roles: Vec<(Msg, Grants)>,
    before: Vec<Grants>,
    duties_before: Vec<Vec<BuiltinRole>>,
}

impl AdminWatch {
    /// Locks the tenant's row (on PostgreSQL; SQLite writers are already one at
    /// a time) so that two admins demoting each other at once cannot both pass,
    /// then takes the picture.
    pub(crate) async fn start(db: &impl ConnectionTrait, tenant_id: Uuid) -> StoreResult<AdminWatch> {
        tenant::Entity::find_by_id(tenant_id).lock_exclusive().one(db).await?;
        let grants = grants_by_role(db, tenant_id).await?;
        let mut roles: Vec<(usize, Msg, Grants)> = role::Entity::find()
            .filter(role::Column::TenantId.eq(tenant_id))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|r| {
                let g = grants.get(&r.id).filter(|g| is_administrative(g))?.clone();
                let builtin = BuiltinRole::parse(&r.code);
                let name = match builtin {
                    Some(b) => Msg::new(b.name(Lang::Zh), b.name(Lang::En)),
                    None => Msg::new(r.name.clone(), r.name),
                };
                // Built-in roles in their declared order (the widest first), so
                // the message names the system admin when several are at stake.
                let rank = builtin.and_then(|b| BuiltinRole::ALL.iter().position(|x| *x == b)).unwrap_or(usize::MAX);
                Some((rank, name, g))
            })
            .collect();
        roles.sort_by_key(|(rank, _, _)| *rank);
        let roles = roles.into_iter().map(|(_, name, g)| (name, g)).collect();
        let before = active_admins(db, tenant_id, &grants).await?;
        let duties_before = active_administrators(db, tenant_id).await?;
        Ok(AdminWatch { tenant_id, roles, before, duties_before })
    }

    /// Refuses the edit (the caller's transaction then rolls back) when it left
    /// an administrative role without anyone to manage it.
    pub(crate) async fn check(self, db: &impl ConnectionTrait) -> StoreResult<()> {
        let duties_after = active_administrators(db, self.tenant_id).await?;
        if let Some(duty) = duties_left_unheld(&self.duties_before, &duties_after).into_iter().next() {
            return Err(StoreError::Invalid(last_holder_message(duty)));
        }
        let grants = grants_by_role(db, self.tenant_id).await?;
        let after = active_admins(db, self.tenant_id, &grants).await?;
        let Some(role) = roles_left_unmanaged(&self.roles, &self.before, &after).into_iter().next() else {
            return Ok(());
        };
        Err(StoreError::invalid(
            format!(
                "此修改会使本县再无启用的用户能管理「{}」角色：最后一位管理员不能被移除该角色或停用账号，请先为另一位用户授予该角色",
                role.zh
            ),
            format!(
                "After this change no active user could manage the role {}: the last administrator can neither lose the role nor be disabled; grant the role to another user first",
                role.en
            ),
        ))
    }
}

/// The grants of each active user who holds an administrative role or the
/// security admin's (nobody else can manage one).
async fn active_admins(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    grants: &HashMap<Uuid, Grants>,
) -> StoreResult<Vec<Grants>> {
    // Those who can manage a role: county-wide `admin.users` within their own
    // grants, or the security admin's `admin.security` (see `can_manage`).
    let manages = |g: &Grants| is_administrative(g) || g.scope_of(Permission::SecurityWrite) == Some(DataScope::Tenant);
    let admin_roles: Vec<Uuid> = grants.iter().filter(|(_, g)| manages(g)).map(|(id, _)| *id).collect();
    let holders: HashSet<Uuid> = user_role::Entity::find()
        .filter(user_role::Column::TenantId.eq(tenant_id))
        .filter(user_role::Column::RoleId.is_in(admin_roles))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.user_id)
        .collect();
    let active: Vec<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Id.is_in(holders))
        .filter(user::Column::Active.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    let links = user_role::Entity::find()
        .filter(user_role::Column::TenantId.eq(tenant_id))
        .filter(user_role::Column::UserId.is_in(active.iter().copied()))
        .all(db)
        .await?;
    Ok(active
        .iter()
        .map(|id| {
            let held = links.iter().filter(|l| l.user_id == *id).filter_map(|l| grants.get(&l.role_id));
            Grants::from_pairs(held.flat_map(|g| g.iter().collect::<Vec<_>>()))
        })
        .collect())
}

/// The built-in roles of each active account holding one of the three
/// administrators' roles.
pub(crate) async fn active_administrators(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> StoreResult<Vec<Vec<BuiltinRole>>> {
    let roles: HashMap<Uuid, BuiltinRole> = role::Entity::find()
        .filter(role::Column::TenantId.eq(tenant_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| Some((r.id, BuiltinRole::parse(&r.code).filter(|b| b.is_administrator())?)))
        .collect();
    let links = user_role::Entity::find()
        .filter(user_role::Column::TenantId.eq(tenant_id))
        .filter(user_role::Column::RoleId.is_in(roles.keys().copied()))
        .all(db)
        .await?;
    let holders: HashSet<Uuid> = links.iter().map(|l| l.user_id).collect();
    let active: HashSet<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Id.is_in(holders))
        .filter(user::Column::Active.eq(true))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut by_user: HashMap<Uuid, Vec<BuiltinRole>> = HashMap::new();
    for l in links.iter().filter(|l| active.contains(&l.user_id)) {
        by_user.entry(l.user_id).or_default().push(roles[&l.role_id]);
    }
    Ok(by_user.into_values().collect())
}
