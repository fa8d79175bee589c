//! A user's own sessions: the list on their account page (which browser,
//! from where, since when, last seen) and ending one of them. Only the
//! user's own sessions are reached, and only those still alive under the
//! session policy; the cookie's secret is never read back.

use super::auth::parse_cookie;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::session;
use crate::org::SessionPolicy;
use crate::{Actor, Store, StoreError, StoreResult, now};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// One live session of a user.
#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub id: Uuid,
    /// The browser's `User-Agent` at sign-in (none for sessions older than m0039).
    pub user_agent: Option<String>,
    /// The address it signed in from.
    pub ip: Option<String>,
    pub signed_in_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// The session of the request that asked.
    pub current: bool,
}

impl Store {
    /// The actor's live sessions, the most recently seen first; `current` is
    /// the cookie of the asking browser, if any.
    pub async fn my_sessions(
        &self,
        actor: &Actor,
        policy: SessionPolicy,
        current: Option<&str>,
    ) -> StoreResult<Vec<SessionInfo>> {
        let this = current.and_then(parse_cookie).map(|(_, hash)| hash);
        let at = now();
        let rows = session::Entity::find()
            .filter(session::Column::TenantId.eq(actor.tenant_id))
            .filter(session::Column::UserId.eq(actor.user_id))
            .order_by_desc(session::Column::LastSeenAt)
            .order_by_desc(session::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter(|s| policy.alive(s.created_at, s.last_seen_at, at))
            .map(|s| SessionInfo {
                current: this.as_deref() == Some(s.token_hash.as_str()),
                id: s.id,
                user_agent: s.user_agent,
                ip: s.ip,
                signed_in_at: s.created_at,
                last_seen_at: s.last_seen_at,
            })
            .collect())
    }

    /// Ends one of the actor's own sessions (any other id is `NotFound`),
    /// recorded in the audit log.
    pub async fn end_my_session(&self, actor: &Actor, id: Uuid) -> StoreResult<()> {
        let tx = self.begin_write().await?;
        let ended = session::Entity::delete_many()
            .filter(session::Column::TenantId.eq(actor.tenant_id))
            .filter(session::Column::UserId.eq(actor.user_id))
            .filter(session::Column::Id.eq(id))
            .exec(&*tx)
            .await?
            .rows_affected;
        if ended == 0 {
            return Err(StoreError::NotFound);
        }
        let event = AuditEvent::new(AuditAction::SessionEnd, "user", actor.user_id, json!({"session": id}));
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }
}
