//! Ending what lets a user in besides their password: sessions and API tokens.
//!
//! A new password must shut out whoever knew the old one, so a password
//! change ends the user's other sessions and revokes their tokens; a reset or
//! a disabled account ends them all. Tokens are revoked rather than checked
//! against the account's state, so re-enabling an account does not bring
//! back a token that leaked while it was disabled.

use crate::entities::{api_token, session};
use crate::org::auth::parse_cookie;
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

/// Ends the user's sessions, except the one behind the cookie `keep` (the
/// browser that made the change), and revokes every live API token.
pub(crate) async fn end_access(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    user_id: Uuid,
    keep: Option<&str>,
) -> StoreResult<Ended> {
    let mut sessions = session::Entity::delete_many()
        .filter(session::Column::TenantId.eq(tenant_id))
        .filter(session::Column::UserId.eq(user_id));
    if let Some((_, hash)) = keep.and_then(parse_cookie) {
        sessions = sessions.filter(session::Column::TokenHash.ne(hash));
    }
    let sessions = sessions.exec(db).await?.rows_affected;
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
