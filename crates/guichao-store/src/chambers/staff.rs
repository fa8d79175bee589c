//! Chamber staff: the users who keep a chamber's membership current. A
//! chamber's memberships are kept by whoever holds `chamber.write` for the
//! whole county, and by the chamber's own staff (the chamber liaison role's
//! "own chamber"); naming the staff is for the county.

use super::Chambers;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{chamber_staff, role, user, user_role};
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// A user who staffs a chamber, or may be chosen to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffRow {
    pub user_id: Uuid,
    pub display_name: String,
    pub username: String,
}

impl Chambers<'_> {
    /// Whether the actor holds this handle's permission for the whole county.
    pub(crate) fn county_wide(&self) -> bool {
        self.0.scope().reach() == DataScope::Tenant
    }

    /// Whether the actor may keep the memberships of `chamber_id`: with
    /// `chamber.write` for the whole county, or as one of its staff.
    pub(crate) async fn keeps_members(&self, chamber_id: Uuid) -> StoreResult<bool> {
        let Ok(scope) = self.0.actor.scope(Permission::ChamberWrite) else { return Ok(false) };
        if scope.reach() == DataScope::Tenant {
            return Ok(true);
        }
        let actor = self.actor();
        let staff = chamber_staff::Entity::find_by_id((actor.tenant_id, chamber_id, actor.user_id))
            .count(&self.store().db)
            .await?;
        Ok(staff > 0)
    }

    /// A chamber's staff, by name.
    pub(crate) async fn staff_of(&self, chamber_id: Uuid) -> StoreResult<Vec<StaffRow>> {
        let t = self.actor().tenant_id;
        let ids: Vec<Uuid> = chamber_staff::Entity::find()
            .filter(chamber_staff::Column::TenantId.eq(t))
            .filter(chamber_staff::Column::ChamberId.eq(chamber_id))
            .all(&self.store().db)
            .await?
            .into_iter()
            .map(|s| s.user_id)
            .collect();
        self.users(user::Column::Id.is_in(ids)).await
    }

    /// The active users who hold the chamber liaison role: who may be named staff.
    pub async fn staff_choices(&self) -> StoreResult<Vec<StaffRow>> {
        let t = self.actor().tenant_id;
        let db = &self.store().db;
        let liaison = role::Entity::find()
            .filter(role::Column::TenantId.eq(t))
            .filter(role::Column::Code.eq(BuiltinRole::ChamberLiaison.code()))
            .one(db)
            .await?;
        let Some(liaison) = liaison else { return Ok(vec![]) };
        let holders: Vec<Uuid> = user_role::Entity::find()
            .filter(user_role::Column::TenantId.eq(t))
            .filter(user_role::Column::RoleId.eq(liaison.id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.user_id)
            .collect();
        self.users(user::Column::Id.is_in(holders)).await
    }

    /// Active users of the actor's county that meet `which`, by name.
    async fn users(&self, which: sea_orm::sea_query::SimpleExpr) -> StoreResult<Vec<StaffRow>> {
        Ok(user::Entity::find()
            .filter(user::Column::TenantId.eq(self.actor().tenant_id))
            .filter(user::Column::Active.eq(true))
            .filter(which)
            .order_by_asc(user::Column::DisplayName)
            .order_by_asc(user::Column::Id)
            .all(&self.store().db)
            .await?
            .into_iter()
            .map(|u| StaffRow { user_id: u.id, display_name: u.display_name, username: u.username })
            .collect())
    }

    /// Names a chamber liaison as staff of a chamber (county-wide `chamber.write`).
    pub async fn add_staff(&self, chamber_id: Uuid, user_id: Uuid) -> StoreResult<()> {
        let chamber = self.writable(chamber_id).await?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        if !self.staff_choices().await?.iter().any(|u| u.user_id == user_id) {
            return Err(StoreError::invalid(
                "只能指定持有“商会联络员”角色且账号启用的用户",
                "Only an active user with the chamber liaison role can be named",
            ));
        }
        let tx = store.begin_write().await?;
        if chamber_staff::Entity::find_by_id((t, chamber_id, user_id)).count(&*tx).await? > 0 {
            return Err(StoreError::conflict("该用户已是本商会联络员", "This user already staffs this chamber"));
        }
        chamber_staff::Entity::insert(chamber_staff::ActiveModel {
            tenant_id: Set(t),
            chamber_id: Set(chamber_id),
            user_id: Set(user_id),
            since: Set(now()),
        })
        .exec_without_returning(&*tx)
        .await?;
        let detail = json!({"chamber": chamber.name, "after": {"user_id": user_id}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ChamberStaffAdd, "chamber", chamber_id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends a user's staffing of a chamber (county-wide `chamber.write`).
    pub async fn remove_staff(&self, chamber_id: Uuid, user_id: Uuid) -> StoreResult<()> {
        let chamber = self.writable(chamber_id).await?;
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        let gone = chamber_staff::Entity::delete_by_id((t, chamber_id, user_id)).exec(&*tx).await?;
        if gone.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        let detail = json!({"chamber": chamber.name, "before": {"user_id": user_id}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::ChamberStaffRemove, "chamber", chamber_id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
