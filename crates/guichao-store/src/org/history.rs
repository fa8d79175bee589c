//! The passwords a user has had: a new password may not be any of the last
//! [`PASSWORD_HISTORY`] (the current one among them). Each is kept as the
//! argon2id hash the account stored, never as text; older ones are deleted.

use crate::entities::{password_history, user};
use crate::org::passwords;
use crate::{StoreError, StoreResult, now};
use guichao_domain::auth::PASSWORD_HISTORY;
use guichao_domain::ids::new_id;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// Refuses `new` when it is one of the user's last passwords, as an error of
/// the form field `field` (the one the new password was typed in).
pub(crate) async fn check_not_reused(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    user_id: Uuid,
    new: &str,
    field: &'static str,
) -> StoreResult<()> {
    let mut hashes: Vec<String> = password_history::Entity::find()
        .filter(password_history::Column::TenantId.eq(tenant_id))
        .filter(password_history::Column::UserId.eq(user_id))
        .order_by_desc(password_history::Column::CreatedAt)
        .order_by_desc(password_history::Column::Id)
        .limit(PASSWORD_HISTORY as u64)
        .all(db)
        .await?
        .into_iter()
        .map(|h| h.password_hash)
        .collect();
    // Accounts older than the history have only their current hash.
    if let Some(current) = user::Entity::find_by_id((tenant_id, user_id)).one(db).await?
        && !hashes.contains(&current.password_hash)
    {
        hashes.push(current.password_hash);
    }
    for hash in hashes {
        if passwords::verify(new.to_string(), hash).await {
            return Err(StoreError::field(
                field,
                format!("新密码不能与最近{PASSWORD_HISTORY}次使用过的密码相同，请换一个"),
                format!("The new password may not be any of your last {PASSWORD_HISTORY}; choose another"),
            ));
        }
    }
    Ok(())
}

/// Keeps `hash` as the user's newest password and forgets all but the last
/// [`PASSWORD_HISTORY`].
pub(crate) async fn remember(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid, hash: &str) -> StoreResult<()> {
    password_history::Entity::insert(password_history::ActiveModel {
        tenant_id: Set(tenant_id),
        id: Set(new_id()),
        user_id: Set(user_id),
        password_hash: Set(hash.to_string()),
        created_at: Set(now()),
    })
    .exec_without_returning(db)
    .await?;
    let old: Vec<Uuid> = password_history::Entity::find()
        .select_only()
        .column(password_history::Column::Id)
        .filter(password_history::Column::TenantId.eq(tenant_id))
        .filter(password_history::Column::UserId.eq(user_id))
        .order_by_desc(password_history::Column::CreatedAt)
        .order_by_desc(password_history::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    // A handful of rows at most (one more than kept); SQLite has no OFFSET without LIMIT.
    let old: Vec<Uuid> = old.into_iter().skip(PASSWORD_HISTORY).collect();
    if !old.is_empty() {
        password_history::Entity::delete_many()
            .filter(password_history::Column::TenantId.eq(tenant_id))
            .filter(password_history::Column::Id.is_in(old))
            .exec(db)
            .await?;
    }
    Ok(())
}
