//! Ending what lets a user in besides their password: sessions and API tokens.
//!
//! A new password must shut out whoever knew the old one, so any password
//! change (the user's own, a reset, the command line's) ends every session of
//! the user, the one it was made from included, and revokes their tokens; so
//! does disabling the account. A change of the user's roles or unit ends their
//! sessions: whoever is signed in signs in again under the new grants. Tokens
//! are revoked rather than checked against the account's state, so
//! re-enabling an account does not bring back a token that leaked while it
//! was disabled.

use crate::entities::{api_token, session};
use crate::{StoreResult, now};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use uuid::Uuid;

/// What a password change or a disabled account ended, for the audit log.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ended {
    pub sessions: u64,
    pub tokens: u64,
}

impl Ended {
    pub(crate) fn detail(self) -> Value {
        json!({"sessions_ended": self.sessions, "tokens_revoked": self.tokens})
    }
}

/// Ends every session of the user; answers how many.
pub(crate) async fn end_sessions(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid) -> StoreResult<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::TenantId.eq(tenant_id))
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Ends every session of the user and revokes every live API token.
pub(crate) async fn end_access(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid) -> StoreResult<Ended> {
    let sessions = end_sessions(db, tenant_id, user_id).await?;
    let tokens = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Some(now())))
        .filter(api_token::Column::TenantId.eq(tenant_id))
        .filter(api_token::Column::UserId.eq(user_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected;
    Ok(Ended { sessions, tokens })
}
