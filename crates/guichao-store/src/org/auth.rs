//! Signing in and out, and server-side sessions.
//!
//! A session cookie is `<tenant id>.<secret>`; only sha256 of the secret is
//! stored. Five failed logins in a row lock an account for 15 minutes.

use crate::access::load::actor_for;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{session, user};
use crate::org::login_log::log_attempt;
use crate::org::passwords;
use crate::org::secrets::{random_hex, sha256_hex};
use crate::{Actor, Store, StoreError, StoreResult, now};
use chrono::{DateTime, Duration, Utc};
use guichao_domain::auth::LoginResult;
use guichao_domain::auth::{LOCKOUT_MINUTES, MAX_FAILED_LOGINS};
use guichao_domain::ids::new_id;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, used or not.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy { idle: Duration::minutes(30), absolute: Duration::hours(12) }
    }
}

impl SessionPolicy {
    /// Whether a session signed in at `created` and last seen at `last_seen`
    /// still lives at `at`.
    pub(crate) fn alive(&self, created: DateTime<Utc>, last_seen: DateTime<Utc>, at: DateTime<Utc>) -> bool {
        at - last_seen <= self.idle && at - created <= self.absolute
    }
}

/// Why a login did not succeed. Unknown user and wrong password are one case.
/// Only existing accounts lock, so a page must not answer `Locked` differently
/// from `BadCredentials` (the web layer's own limit on failures per username
/// refuses real and made-up names alike).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginFailure {
    BadCredentials,
    Locked {
        until: DateTime<Utc>,
    },
    Disabled,
    /// Unused for `days` or more: disabled at this attempt (said only to
    /// someone who gave the right password).
    Inactive {
        days: i64,
    },
}

/// Where a sign-in comes from, as the web layer saw it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Client<'a> {
    pub ip: Option<&'a str>,
    /// The browser's `User-Agent`, kept (cut short) with the session.
    pub user_agent: Option<&'a str>,
}

/// The longest `User-Agent` kept: enough to name a browser and a system.
const USER_AGENT_MAX: usize = 300;

impl Store {
    /// Checks a password and opens a session. Returns the cookie value and the
    /// actor; for a user with a second factor the session waits for its code
    /// (`Actor::second_factor_pending`, see `Store::second_factor`).
    pub async fn login(
        &self,
        tenant_id: Uuid,
        username: &str,
        password: &str,
        ip: Option<&str>,
    ) -> StoreResult<Result<(String, Actor), LoginFailure>> {
        self.sign_in(tenant_id, username, password, Client { ip, user_agent: None }).await
    }

    /// [`Store::login`] with all that is known of the client.
    pub async fn sign_in(
        &self,
        tenant_id: Uuid,
        username: &str,
        password: &str,
        client: Client<'_>,
    ) -> StoreResult<Result<(String, Actor), LoginFailure>> {
        let ip = client.ip;
        let named = |name: &'static str| Who::Named { user_id: None, name, ip };
        let Some(row) = self.user_by_name(tenant_id, username).await? else {
            // Spend the same time as a real check, so timing does not reveal names.
            passwords::verify(password.to_string(), passwords::dummy_hash().await.to_string()).await;
            let tx = self.begin_write().await?;
            let detail = json!({"username": username.chars().take(64).collect::<String>(), "reason": "unknown user"});
            record(&*tx, tenant_id, named("anonymous"), AuditEvent::new(AuditAction::LoginFailed, "user", "", detail))
                .await?;
            log_attempt(&*tx, tenant_id, None, username, client, LoginResult::UnknownUser).await?;
            tx.commit().await?;
            return Ok(Err(LoginFailure::BadCredentials));
        };
        let who = Who::Named { user_id: Some(row.id), name: &row.username, ip };
        let at = now();
        if let Some(until) = row.locked_until.filter(|u| *u > at) {
            // Spend the time of a check here too: a quick answer would tell a
            // locked (so existing) account from an unknown name.
            passwords::verify(password.to_string(), row.password_hash.clone()).await;
            let tx = self.begin_write().await?;
            record(
                &*tx,
                tenant_id,
                who,
                AuditEvent::new(AuditAction::LoginFailed, "user", row.id, json!({"reason": "locked"})),
            )
            .await?;
            log_attempt(&*tx, tenant_id, Some(row.id), &row.username, client, LoginResult::Locked).await?;
            tx.commit().await?;
            return Ok(Err(LoginFailure::Locked { until }));
        }
        if !passwords::verify(password.to_string(), row.password_hash.clone()).await {
            let tx = self.begin_write().await?;
            let (failures, lock) = count_failure(&*tx, tenant_id, &row, at).await?;
            let detail = json!({"reason": "wrong password", "failures": failures, "locked": lock.is_some()});
            record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::LoginFailed, "user", row.id, detail)).await?;
            log_attempt(&*tx, tenant_id, Some(row.id), &row.username, client, LoginResult::WrongPassword).await?;
            tx.commit().await?;
            return Ok(Err(match lock {
                Some(until) => LoginFailure::Locked { until },
                None => LoginFailure::BadCredentials,
            }));
        }
        if !row.active {
            let tx = self.begin_write().await?;
            record(
                &*tx,
                tenant_id,
                who,
                AuditEvent::new(AuditAction::LoginFailed, "user", row.id, json!({"reason": "disabled"})),
            )
            .await?;
            log_attempt(&*tx, tenant_id, Some(row.id), &row.username, client, LoginResult::Disabled).await?;
            tx.commit().await?;
            return Ok(Err(LoginFailure::Disabled));
        }
        let policy = self.account_policy();
        if policy.unused_too_long(row.last_used_at, at) {
            // Disabled now, by the rule rather than by a person: an admin
            // enables it again (see `update_user`).
            let days = row.last_used_at.map_or(0, |t| (at - t).num_days());
            let tx = self.begin_write().await?;
            user::Entity::update_many()
                .col_expr(user::Column::Active, Expr::value(false))
                .col_expr(user::Column::UpdatedAt, Expr::value(at))
                .filter(user::Column::TenantId.eq(tenant_id))
                .filter(user::Column::Id.eq(row.id))
                .exec(&*tx)
                .await?;
            let ended = super::credentials::end_access(&*tx, tenant_id, row.id).await?;
            let mut detail = ended.detail();
            detail["unused_days"] = json!(days);
            detail["limit_days"] = json!(policy.inactive_after.num_days());
            let system = Who::Named { user_id: None, name: "system", ip };
            let event = AuditEvent::new(AuditAction::UserDisableInactive, "user", row.id, detail);
            record(&*tx, tenant_id, system, event).await?;
            let failed = AuditEvent::new(AuditAction::LoginFailed, "user", row.id, json!({"reason": "inactive"}));
            record(&*tx, tenant_id, who, failed).await?;
            log_attempt(&*tx, tenant_id, Some(row.id), &row.username, client, LoginResult::Inactive).await?;
            tx.commit().await?;
            return Ok(Err(LoginFailure::Inactive { days: policy.inactive_after.num_days() }));
        }
        let secret = random_hex(32);
        let tx = self.begin_write().await?;
        // With a second factor, the password alone signs nobody in: the
        // session waits for the code, and the failures in a row are cleared
        // only once the code is right too.
        let pending = super::two_factor::enrolled(&*tx, tenant_id, row.id).await?;
        if !pending {
            signed_in(&*tx, tenant_id, row.id, at).await?;
        }
        let session_id = new_id();
        session::Entity::insert(session::ActiveModel {
            tenant_id: Set(tenant_id),
            id: Set(session_id),
            token_hash: Set(sha256_hex(&secret)),
            user_id: Set(row.id),
            last_seen_at: Set(at),
            ip: Set(ip.map(str::to_string)),
            user_agent: Set(client
                .user_agent
                .map(|ua| ua.chars().filter(|c| !c.is_control()).take(USER_AGENT_MAX).collect())),
            created_at: Set(at),
            second_factor_pending: Set(pending),
        })
        .exec_without_returning(&*tx)
        .await?;
        if pending {
            log_attempt(&*tx, tenant_id, Some(row.id), &row.username, client, LoginResult::SecondFactorAsked).await?;
        } else {
            let expired = policy.password_expired(row.password_changed_at, at);
            let result = if expired { LoginResult::PasswordExpired } else { LoginResult::Success };
            log_attempt(&*tx, tenant_id, Some(row.id), &row.username, client, result).await?;
            let detail = if expired {
                json!({"session": session_id, "password_expired": true})
            } else {
                json!({"session": session_id})
            };
            record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::Login, "user", row.id, detail)).await?;
        }
        let mut actor = actor_for(&*tx, row).await?;
        actor.second_factor_pending = pending;
        tx.commit().await?;
        Ok(Ok((format!("{}.{secret}", tenant_id.simple()), actor.with_ip(ip.map(str::to_string)))))
    }

    /// The actor behind a session cookie, if the session is alive. Touching the
    /// session extends its idle expiry (at most once a minute, to spare writes).
    pub async fn session_actor(&self, cookie: &str, policy: SessionPolicy) -> StoreResult<Option<Actor>> {
        let Some((tenant_id, hash)) = parse_cookie(cookie) else { return Ok(None) };
        let Some(s) = session::Entity::find()
            .filter(session::Column::TenantId.eq(tenant_id))
            .filter(session::Column::TokenHash.eq(hash))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let at = now();
        if !policy.alive(s.created_at, s.last_seen_at, at) {
            let tx = self.begin_write().await?;
            session::Entity::delete_by_id((tenant_id, s.id)).exec(&*tx).await?;
            tx.commit().await?;
            return Ok(None);
        }
        let mut actor = match crate::access::load::active_actor(&self.db, tenant_id, s.user_id).await {
            Ok(actor) => actor,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        actor.second_factor_pending = s.second_factor_pending;
        if at - s.last_seen_at > Duration::minutes(1) {
            let tx = self.begin_write().await?;
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(at))
                .filter(session::Column::TenantId.eq(tenant_id))
                .filter(session::Column::Id.eq(s.id))
                .exec(&*tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Some(actor))
    }

    /// Ends the session behind a cookie and records the logout.
    pub async fn logout(&self, cookie: &str, actor: &Actor) -> StoreResult<()> {
        let Some((tenant_id, hash)) = parse_cookie(cookie) else { return Ok(()) };
        let tx = self.begin_write().await?;
        session::Entity::delete_many()
            .filter(session::Column::TenantId.eq(tenant_id))
            .filter(session::Column::TokenHash.eq(hash))
            .exec(&*tx)
            .await?;
        record(&*tx, tenant_id, actor, AuditEvent::new(AuditAction::Logout, "user", actor.user_id, json!({}))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves a session's clock back, for tests of expiry.
    #[doc(hidden)]
    pub async fn age_session(&self, cookie: &str, by: Duration) -> StoreResult<()> {
        let Some((tenant_id, hash)) = parse_cookie(cookie) else { return Ok(()) };
        let s = session::Entity::find()
            .filter(session::Column::TenantId.eq(tenant_id))
            .filter(session::Column::TokenHash.eq(hash))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let tx = self.begin_write().await?;
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(s.last_seen_at - by))
            .col_expr(session::Column::CreatedAt, Expr::value(s.created_at - by))
            .filter(session::Column::TenantId.eq(tenant_id))
            .filter(session::Column::Id.eq(s.id))
            .exec(&*tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

pub(super) fn parse_cookie(cookie: &str) -> Option<(Uuid, String)> {
    let (tenant, secret) = cookie.split_once('.')?;
    if secret.len() != 64 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((Uuid::parse_str(tenant).ok()?, sha256_hex(secret)))
}

/// One more failed attempt in a row: the count, or the lock once it reaches
/// [`MAX_FAILED_LOGINS`] (and the count starts again). Returns the count and
/// the end of the lock.
pub(super) async fn count_failure(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    row: &user::Model,
    at: DateTime<Utc>,
) -> Result<(i32, Option<DateTime<Utc>>), sea_orm::DbErr> {
    let failures = row.failed_logins + 1;
    let lock = (failures >= MAX_FAILED_LOGINS).then(|| at + Duration::minutes(LOCKOUT_MINUTES));
    user::Entity::update_many()
        .col_expr(user::Column::FailedLogins, Expr::value(if lock.is_some() { 0 } else { failures }))
        .col_expr(user::Column::LockedUntil, Expr::value(lock))
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok((failures, lock))
}

/// A complete sign-in: the failures in a row cleared and the account's last
/// use recorded.
pub(super) async fn signed_in(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    user_id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::FailedLogins, Expr::value(0))
        .col_expr(user::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(user::Column::LastUsedAt, Expr::value(Some(at)))
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
