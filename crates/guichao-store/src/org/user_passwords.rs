//! Setting passwords: a user changing their own, an admin resetting one, the
//! command line's `user passwd`. Each also shuts out whoever knew the old
//! password (see `credentials`): every session of the user ends, the one the
//! change was made from included, and their API tokens are revoked.

use super::credentials::end_access;
use super::history::{check_not_reused, remember};
use super::users::policy;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::user;
use crate::org::passwords;
use crate::{Actor, Store, StoreError, StoreResult, now};
use chrono::{DateTime, Utc};
use guichao_domain::access::AccountWork;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

impl Store {
    /// An admin sets a user's password (and so unlocks the account), ending all
    /// of the user's sessions and revoking their API tokens.
    pub async fn reset_password(&self, actor: &Actor, id: Uuid, password: &str) -> StoreResult<()> {
        let target = self.user(actor, id).await?;
        self.check_may_act_on(actor, id, target.summary.unit_id, &target.role_ids, AccountWork::Password).await?;
        policy(password)?;
        check_not_reused(&self.db, actor.tenant_id, id, password, "password").await?;
        let hash = passwords::hash(password.to_string()).await;
        let tx = self.begin_write().await?;
        write_password(&*tx, actor.tenant_id, id, hash).await?;
        let ended = end_access(&*tx, actor.tenant_id, id).await?;
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::UserPasswordReset, "user", id, ended.detail()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A user changes their own password, proving they know the current one.
    /// Every session of theirs ends (this one too: they sign in again with the
    /// new password) and their API tokens are revoked.
    pub async fn change_own_password(&self, actor: &Actor, current: &str, new: &str) -> StoreResult<()> {
        let row = user::Entity::find_by_id((actor.tenant_id, actor.user_id))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        if !passwords::verify(current.to_string(), row.password_hash).await {
            return Err(StoreError::invalid("当前密码不正确", "The current password is wrong"));
        }
        if current == new {
            return Err(StoreError::invalid(
                "新密码不能与当前密码相同",
                "The new password must differ from the current one",
            ));
        }
        policy(new)?;
        check_not_reused(&self.db, actor.tenant_id, actor.user_id, new, "new").await?;
        let hash = passwords::hash(new.to_string()).await;
        let tx = self.begin_write().await?;
        write_password(&*tx, actor.tenant_id, actor.user_id, hash).await?;
        let ended = end_access(&*tx, actor.tenant_id, actor.user_id).await?;
        let event = AuditEvent::new(AuditAction::UserPasswordChange, "user", actor.user_id, ended.detail());
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Sets the password (the clock of its expiry starts again), unlocks the
/// account and keeps the hash in the user's history.
async fn write_password(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid, hash: String) -> StoreResult<()> {
    remember(db, tenant_id, user_id, &hash).await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash))
        .col_expr(user::Column::PasswordChangedAt, Expr::value(Some(now())))
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .col_expr(user::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(feature = "system")]
impl crate::System<'_> {
    /// Sets a user's password from the CLI (`user passwd`), unlocking the
    /// account, ending its sessions and revoking its API tokens.
    pub async fn set_password_by_name(&self, tenant_id: Uuid, username: &str, password: &str) -> StoreResult<()> {
        policy(password)?;
        let row = self.user_by_name(tenant_id, username).await?.ok_or(StoreError::NotFound)?;
        check_not_reused(&self.db, tenant_id, row.id, password, "password").await?;
        let hash = passwords::hash(password.to_string()).await;
        let tx = self.begin_write().await?;
        write_password(&*tx, tenant_id, row.id, hash).await?;
        let ended = end_access(&*tx, tenant_id, row.id).await?;
        let who = crate::audit::Who::Named { user_id: None, name: "cli", ip: None };
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::UserPasswordReset, "user", row.id, ended.detail()))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
