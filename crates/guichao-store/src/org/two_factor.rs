//! Two-factor sign-in: enrolling an authenticator app, the second step of a
//! sign-in, recovery codes, and an administrator's reset.
//!
//! The secret is sealed with the field key, as fellows' phones and ID
//! numbers are. Recovery codes are kept as their blind index under the same
//! key (HMAC-SHA256, as phones are indexed), not as argon2 hashes: a code is
//! random, so nothing is gained by a slow hash once the key is needed to
//! compute it at all, and a typed code is then found by one indexed look-up
//! instead of ten argon2 checks. A stolen database without the key file
//! yields neither the secrets nor a way to test recovery codes offline.
//!
//! The last step accepted is written with a condition (`last_step` below the
//! new step), so two requests racing with one code cannot both sign in.

use super::auth::{Client, SessionPolicy, parse_cookie};
use super::login_log::log_attempt;
use crate::access::load::actor_for;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{recovery_code, role, session, user, user_two_factor};
use crate::{Actor, Store, StoreError, StoreResult, now};
use chrono::{DateTime, Duration, Utc};
use guichao_domain::access::AccountWork;
use guichao_domain::auth::LoginResult;
use guichao_domain::auth::totp::{self, CodeRefusal};
use guichao_domain::ids::new_id;
use rand::RngCore;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// How long a session may wait for its second factor after the password.
pub const SECOND_FACTOR_MINUTES: i64 = 10;

/// What an enrolment page shows: the secret to type and the URI of the QR code.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// Base32, no padding.
    pub secret: String,
    pub uri: String,
}

/// A user's two-factor state as their account page shows it.
#[derive(Debug, Clone)]
pub struct TwoFactorStatus {
    pub enrolled: bool,
    pub required: bool,
    pub enrolled_at: Option<DateTime<Utc>>,
    /// Recovery codes not yet used.
    pub recovery_left: u64,
}

/// Why the second step of a sign-in failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactorFailure {
    /// The session is gone or was not waiting for a code: sign in again.
    NoSession,
    /// A wrong or already used code; the session still waits.
    Wrong,
    /// Too many failures: the account is locked and the session ended.
    Locked,
}

/// Which kind of code passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Passed {
    Totp(i64),
    Recovery(Uuid),
}

fn random_secret() -> [u8; totp::SECRET_BYTES] {
    let mut secret = [0u8; totp::SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    secret
}

fn refusal(r: CodeRefusal) -> StoreError {
    refusal_of("code", r)
}

/// The refusal of a code typed into the form field `field`.
fn refusal_of(field: &'static str, r: CodeRefusal) -> StoreError {
    match r {
        CodeRefusal::Malformed => {
            StoreError::field(field, "请输入验证器显示的6位数字", "Type the 6 digits the app shows")
        }
        CodeRefusal::Wrong => StoreError::field(field, "验证码不正确", "The code is wrong"),
        CodeRefusal::Replayed => StoreError::field(
            field,
            "该验证码已用过，请等下一个验证码",
            "That code was used already; wait for the next one",
        ),
    }
}

impl Store {
    fn open_secret(&self, sealed: &str) -> StoreResult<Vec<u8>> {
        let base32 = self.field_key()?.decrypt(sealed).ok_or_else(|| {
            StoreError::Db(sea_orm::DbErr::Custom("a two-factor secret does not open with this key".into()))
        })?;
        totp::base32_decode(&base32)
            .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom("a two-factor secret is not base32".into())))
    }

    fn recovery_hash(&self, tenant_id: Uuid, user_id: Uuid, normalised: &str) -> StoreResult<String> {
        Ok(self.field_key()?.blind_index(tenant_id, "recovery_code", &format!("{}:{normalised}", user_id.simple())))
    }

    async fn two_factor_row(
        &self,
        db: &impl ConnectionTrait,
        tenant_id: Uuid,
        user_id: Uuid,
    ) -> StoreResult<Option<user_two_factor::Model>> {
        Ok(user_two_factor::Entity::find_by_id((tenant_id, user_id)).one(db).await?)
    }

    /// The actor's two-factor state.
    pub async fn two_factor_status(&self, actor: &Actor) -> StoreResult<TwoFactorStatus> {
        let row = self.two_factor_row(&self.db, actor.tenant_id, actor.user_id).await?;
        let enrolled_at = row.and_then(|r| r.enrolled_at);
        let recovery_left = recovery_code::Entity::find()
            .filter(recovery_code::Column::TenantId.eq(actor.tenant_id))
            .filter(recovery_code::Column::UserId.eq(actor.user_id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(&self.db)
            .await?;
        Ok(TwoFactorStatus {
            enrolled: enrolled_at.is_some(),
            required: actor.two_factor_required,
            enrolled_at,
            recovery_left: if enrolled_at.is_some() { recovery_left } else { 0 },
        })
    }

    /// The secret the actor is to add to their app: the one already shown
    /// and not yet confirmed, else a new one (so reloading the page shows the
    /// same QR code). Their current second factor, if any, keeps working.
    pub async fn begin_enrolment(&self, actor: &Actor) -> StoreResult<Enrolment> {
        let key = self.field_key()?;
        let row = self.two_factor_row(&self.db, actor.tenant_id, actor.user_id).await?;
        let pending = match row.as_ref().and_then(|r| r.pending_secret.as_deref()) {
            Some(sealed) => Some(self.open_secret(sealed)?),
            None => None,
        };
        let secret = match pending {
            Some(secret) => secret,
            None => {
                let secret = random_secret().to_vec();
                let sealed = key.encrypt(&totp::base32_encode(&secret));
                let tx = self.begin_write().await?;
                if row.is_some() {
                    user_two_factor::Entity::update_many()
                        .col_expr(user_two_factor::Column::PendingSecret, Expr::value(Some(sealed)))
                        .col_expr(user_two_factor::Column::UpdatedAt, Expr::value(now()))
                        .filter(user_two_factor::Column::TenantId.eq(actor.tenant_id))
                        .filter(user_two_factor::Column::UserId.eq(actor.user_id))
                        .exec(&*tx)
                        .await?;
                } else {
                    user_two_factor::Entity::insert(user_two_factor::ActiveModel {
                        tenant_id: Set(actor.tenant_id),
                        user_id: Set(actor.user_id),
                        secret: Set(None),
                        enrolled_at: Set(None),
                        last_step: Set(None),
                        pending_secret: Set(Some(sealed)),
                        updated_at: Set(now()),
                    })
                    .exec_without_returning(&*tx)
                    .await?;
                }
                tx.commit().await?;
                secret
            }
        };
        let account = format!("{} {}", actor.tenant_name, actor.username);
        Ok(Enrolment { secret: totp::base32_encode(&secret), uri: totp::otpauth_uri(&secret, &account) })
    }

    /// Confirms the secret of [`Store::begin_enrolment`] with a code from the
    /// app and returns the ten recovery codes (shown once). Moving to a new
    /// app needs a code of the current one too (`current`).
    pub async fn confirm_enrolment(
        &self,
        actor: &Actor,
        code: &str,
        current: Option<&str>,
    ) -> StoreResult<Vec<String>> {
        let row = self.two_factor_row(&self.db, actor.tenant_id, actor.user_id).await?;
        let Some(pending) = row.as_ref().and_then(|r| r.pending_secret.clone()) else {
            return Err(StoreError::invalid("请重新打开绑定页面", "Open the enrolment page again"));
        };
        let was_enrolled = row.as_ref().is_some_and(|r| r.enrolled_at.is_some());
        let at = now().timestamp();
        if was_enrolled {
            let current = current.unwrap_or_default();
            let old = self.open_secret(row.as_ref().and_then(|r| r.secret.as_deref()).unwrap_or_default())?;
            let last = row.as_ref().and_then(|r| r.last_step);
            let step = totp::verify(&old, current, at, last).map_err(|r| refusal_of("current", r))?;
            let tx = self.begin_write().await?;
            let taken = take_step(&*tx, actor.tenant_id, actor.user_id, step).await?;
            tx.commit().await?;
            if !taken {
                return Err(refusal_of("current", CodeRefusal::Replayed));
            }
        }
        let secret = self.open_secret(&pending)?;
        // A new secret has no steps used yet.
        let step = totp::verify(&secret, code, at, None).map_err(refusal)?;
        let codes = new_recovery_codes();
        let tx = self.begin_write().await?;
        user_two_factor::Entity::update_many()
            .col_expr(user_two_factor::Column::Secret, Expr::value(Some(pending)))
            .col_expr(user_two_factor::Column::PendingSecret, Expr::value(Option::<String>::None))
            .col_expr(user_two_factor::Column::EnrolledAt, Expr::value(Some(now())))
            .col_expr(user_two_factor::Column::LastStep, Expr::value(Some(step)))
            .col_expr(user_two_factor::Column::UpdatedAt, Expr::value(now()))
            .filter(user_two_factor::Column::TenantId.eq(actor.tenant_id))
            .filter(user_two_factor::Column::UserId.eq(actor.user_id))
            .exec(&*tx)
            .await?;
        self.replace_recovery_codes(&*tx, actor.tenant_id, actor.user_id, &codes).await?;
        let action = if was_enrolled { AuditAction::TwoFactorReenrol } else { AuditAction::TwoFactorEnrol };
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(action, "user", actor.user_id, json!({}))).await?;
        tx.commit().await?;
        Ok(codes)
    }

    /// Ten new recovery codes in place of the old ones, proven with a code of
    /// the app.
    pub async fn regenerate_recovery_codes(&self, actor: &Actor, code: &str) -> StoreResult<Vec<String>> {
        self.check_own_code(actor, code).await?;
        let codes = new_recovery_codes();
        let tx = self.begin_write().await?;
        self.replace_recovery_codes(&*tx, actor.tenant_id, actor.user_id, &codes).await?;
        let event = AuditEvent::new(AuditAction::TwoFactorRecoveryRegenerate, "user", actor.user_id, json!({}));
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(codes)
    }

    /// Switches two-factor sign-in off, for a user of whom it is not required,
    /// proven with a code of the app.
    pub async fn disable_two_factor(&self, actor: &Actor, code: &str) -> StoreResult<()> {
        if actor.two_factor_required {
            return Err(StoreError::invalid(
                "您的角色要求两步验证，不能关闭",
                "Your role requires two-factor sign-in; it cannot be switched off",
            ));
        }
        self.check_own_code(actor, code).await?;
        let tx = self.begin_write().await?;
        remove_second_factor(&*tx, actor.tenant_id, actor.user_id).await?;
        let event = AuditEvent::new(AuditAction::TwoFactorDisable, "user", actor.user_id, json!({}));
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An administrator removes a user's second factor (a lost phone): the
    /// user enrols again at their next sign-in if it is required of them.
    /// Allowed to whoever may reset the user's password.
    pub async fn reset_two_factor(&self, actor: &Actor, id: Uuid) -> StoreResult<()> {
        let target = self.user(actor, id).await?;
        self.check_may_act_on(actor, id, target.summary.unit_id, &target.role_ids, AccountWork::Password).await?;
        let tx = self.begin_write().await?;
        let had = remove_second_factor(&*tx, actor.tenant_id, id).await?;
        let event = AuditEvent::new(AuditAction::TwoFactorReset, "user", id, json!({"was_enrolled": had}));
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a user of the actor's county has a confirmed second factor
    /// (for the user pages; the same scope as reading the user).
    pub async fn user_two_factor_enrolled(&self, actor: &Actor, id: Uuid) -> StoreResult<bool> {
        self.user(actor, id).await?;
        Ok(self.two_factor_row(&self.db, actor.tenant_id, id).await?.is_some_and(|r| r.enrolled_at.is_some()))
    }

    /// Marks a role of the county as requiring a second factor, or unmarks
    /// it ([`check_two_factor_policy`]).
    pub async fn set_role_requires_two_factor(&self, actor: &Actor, role_id: Uuid, required: bool) -> StoreResult<()> {
        check_two_factor_policy(actor)?;
        let role =
            role::Entity::find_by_id((actor.tenant_id, role_id)).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        if role.requires_two_factor == required {
            return Ok(());
        }
        let tx = self.begin_write().await?;
        role::Entity::update_many()
            .col_expr(role::Column::RequiresTwoFactor, Expr::value(required))
            .filter(role::Column::TenantId.eq(actor.tenant_id))
            .filter(role::Column::Id.eq(role_id))
            .exec(&*tx)
            .await?;
        let name = guichao_domain::access::BuiltinRole::parse(&role.code)
            .map_or(role.name.clone(), |b| b.name(guichao_domain::Lang::Zh).to_string());
        let detail = json!({"name": name, "required": required});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::RoleTwoFactor, "role", role_id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks a code of the actor's own app (taking its step, so it is not
    /// used twice).
    async fn check_own_code(&self, actor: &Actor, code: &str) -> StoreResult<()> {
        let row = self.two_factor_row(&self.db, actor.tenant_id, actor.user_id).await?;
        let Some(row) = row.filter(|r| r.enrolled_at.is_some()) else {
            return Err(StoreError::invalid("您尚未启用两步验证", "You have no second factor"));
        };
        let secret = self.open_secret(row.secret.as_deref().unwrap_or_default())?;
        let step = totp::verify(&secret, code, now().timestamp(), row.last_step).map_err(refusal)?;
        let tx = self.begin_write().await?;
        let taken = take_step(&*tx, actor.tenant_id, actor.user_id, step).await?;
        tx.commit().await?;
        if !taken {
            return Err(refusal(CodeRefusal::Replayed));
        }
        Ok(())
    }

    async fn replace_recovery_codes(
        &self,
        db: &impl ConnectionTrait,
        tenant_id: Uuid,
        user_id: Uuid,
        codes: &[String],
    ) -> StoreResult<()> {
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::TenantId.eq(tenant_id))
            .filter(recovery_code::Column::UserId.eq(user_id))
            .exec(db)
            .await?;
        let at = now();
        let mut rows = Vec::with_capacity(codes.len());
        for code in codes {
            let normalised = totp::normalise_recovery_code(code).expect("a made code reads back");
            rows.push(recovery_code::ActiveModel {
                tenant_id: Set(tenant_id),
                id: Set(new_id()),
                user_id: Set(user_id),
                code_hash: Set(self.recovery_hash(tenant_id, user_id, &normalised)?),
                used_at: Set(None),
                created_at: Set(at),
            });
        }
        recovery_code::Entity::insert_many(rows).exec_without_returning(db).await?;
        Ok(())
    }

    /// The second step of a sign-in: a code of the app or a recovery code for
    /// a session whose password was right. A wrong code counts as a failed
    /// sign-in (five in a row lock the account and end the session).
    pub async fn second_factor(
        &self,
        cookie: &str,
        code: &str,
        client: Client<'_>,
        policy: SessionPolicy,
    ) -> StoreResult<Result<Actor, SecondFactorFailure>> {
        let Some(s) = self.pending_session(cookie, policy).await? else {
            return Ok(Err(SecondFactorFailure::NoSession));
        };
        let tenant_id = s.tenant_id;
        let Some(row) = user::Entity::find_by_id((tenant_id, s.user_id)).one(&self.db).await?.filter(|u| u.active)
        else {
            return Ok(Err(SecondFactorFailure::NoSession));
        };
        let at = now();
        let who = || Who::Named { user_id: Some(row.id), name: &row.username, ip: client.ip };
        if row.locked_until.is_some_and(|u| u > at) {
            let tx = self.begin_write().await?;
            session::Entity::delete_by_id((tenant_id, s.id)).exec(&*tx).await?;
            tx.commit().await?;
            return Ok(Err(SecondFactorFailure::Locked));
        }
        let tf = self.two_factor_row(&self.db, tenant_id, row.id).await?.filter(|r| r.enrolled_at.is_some());
        let Some(tf) = tf else { return Ok(Err(SecondFactorFailure::NoSession)) };
        let secret = self.open_secret(tf.secret.as_deref().unwrap_or_default())?;
        let passed = match totp::verify(&secret, code, at.timestamp(), tf.last_step) {
            Ok(step) => Some(Passed::Totp(step)),
            Err(_) => match totp::normalise_recovery_code(code) {
                Some(normalised) => {
                    let hash = self.recovery_hash(tenant_id, row.id, &normalised)?;
                    recovery_code::Entity::find()
                        .filter(recovery_code::Column::TenantId.eq(tenant_id))
                        .filter(recovery_code::Column::UserId.eq(row.id))
                        .filter(recovery_code::Column::CodeHash.eq(hash))
                        .filter(recovery_code::Column::UsedAt.is_null())
                        .one(&self.db)
                        .await?
                        .map(|c| Passed::Recovery(c.id))
                }
                None => None,
            },
        };
        let tx = self.begin_write().await?;
        // Taken under the write: a code raced in twice passes once.
        let taken = match passed {
            Some(Passed::Totp(step)) => take_step(&*tx, tenant_id, row.id, step).await?,
            Some(Passed::Recovery(id)) => {
                recovery_code::Entity::update_many()
                    .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(at)))
                    .filter(recovery_code::Column::TenantId.eq(tenant_id))
                    .filter(recovery_code::Column::Id.eq(id))
                    .filter(recovery_code::Column::UsedAt.is_null())
                    .exec(&*tx)
                    .await?
                    .rows_affected
                    == 1
            }
            None => false,
        };
        if !taken {
            let (failures, lock) = super::auth::count_failure(&*tx, tenant_id, &row, at).await?;
            if lock.is_some() {
                session::Entity::delete_by_id((tenant_id, s.id)).exec(&*tx).await?;
            }
            let detail = json!({"reason": "wrong second factor", "failures": failures, "locked": lock.is_some()});
            record(&*tx, tenant_id, who(), AuditEvent::new(AuditAction::LoginFailed, "user", row.id, detail)).await?;
            log_attempt(&*tx, tenant_id, Some(row.id), &row.username, client, LoginResult::WrongSecondFactor).await?;
            tx.commit().await?;
            return Ok(Err(if lock.is_some() { SecondFactorFailure::Locked } else { SecondFactorFailure::Wrong }));
        }
        session::Entity::update_many()
            .col_expr(session::Column::SecondFactorPending, Expr::value(false))
            .col_expr(session::Column::LastSeenAt, Expr::value(at))
            .filter(session::Column::TenantId.eq(tenant_id))
            .filter(session::Column::Id.eq(s.id))
            .exec(&*tx)
            .await?;
        super::auth::signed_in(&*tx, tenant_id, row.id, at).await?;
        let expired = self.account_policy().password_expired(row.password_changed_at, at);
        let result = if expired { LoginResult::PasswordExpired } else { LoginResult::Success };
        log_attempt(&*tx, tenant_id, Some(row.id), &row.username, client, result).await?;
        let by = match passed {
            Some(Passed::Recovery(_)) => "recovery_code",
            _ => "totp",
        };
        let mut detail = json!({"session": s.id, "second_factor": by});
        if expired {
            detail["password_expired"] = json!(true);
        }
        record(&*tx, tenant_id, who(), AuditEvent::new(AuditAction::Login, "user", row.id, detail)).await?;
        if matches!(passed, Some(Passed::Recovery(_))) {
            let remaining = recovery_code::Entity::find()
                .filter(recovery_code::Column::TenantId.eq(tenant_id))
                .filter(recovery_code::Column::UserId.eq(row.id))
                .filter(recovery_code::Column::UsedAt.is_null())
                .count(&*tx)
                .await?;
            let event =
                AuditEvent::new(AuditAction::TwoFactorRecoveryUse, "user", row.id, json!({"remaining": remaining}));
            record(&*tx, tenant_id, who(), event).await?;
        }
        let actor = actor_for(&*tx, row).await?;
        tx.commit().await?;
        Ok(Ok(actor.with_ip(client.ip.map(str::to_string))))
    }

    /// The session behind a cookie if it lives and waits for its second
    /// factor (for at most [`SECOND_FACTOR_MINUTES`]).
    async fn pending_session(&self, cookie: &str, policy: SessionPolicy) -> StoreResult<Option<session::Model>> {
        let Some((tenant_id, hash)) = parse_cookie(cookie) else { return Ok(None) };
        let s = session::Entity::find()
            .filter(session::Column::TenantId.eq(tenant_id))
            .filter(session::Column::TokenHash.eq(hash))
            .one(&self.db)
            .await?;
        let at = now();
        Ok(s.filter(|s| {
            s.second_factor_pending
                && policy.alive(s.created_at, s.last_seen_at, at)
                && at - s.created_at <= Duration::minutes(SECOND_FACTOR_MINUTES)
        }))
    }
}

#[cfg(feature = "system")]
impl crate::System<'_> {
    /// Removes a user's second factor from the CLI (`user reset-two-factor`):
    /// the way back in for the county's last administrator who lost both the
    /// phone and the recovery codes. Audited as done by `cli`.
    pub async fn reset_two_factor_by_name(&self, tenant_id: Uuid, username: &str) -> StoreResult<bool> {
        let row = self.user_by_name(tenant_id, username).await?.ok_or(StoreError::NotFound)?;
        let tx = self.begin_write().await?;
        let had = remove_second_factor(&*tx, tenant_id, row.id).await?;
        let who = Who::Named { user_id: None, name: "cli", ip: None };
        let event = AuditEvent::new(AuditAction::TwoFactorReset, "user", row.id, json!({"was_enrolled": had}));
        record(&*tx, tenant_id, who, event).await?;
        tx.commit().await?;
        Ok(had)
    }
}

/// Ten fresh recovery codes as the user reads them.
fn new_recovery_codes() -> Vec<String> {
    (0..totp::RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 8];
            rand::rng().fill_bytes(&mut bytes);
            totp::recovery_code(bytes)
        })
        .collect()
}

/// Records `step` as the user's last step if it is later than the one kept;
/// false when another request took it (or a later one) first.
async fn take_step(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid, step: i64) -> StoreResult<bool> {
    let res = user_two_factor::Entity::update_many()
        .col_expr(user_two_factor::Column::LastStep, Expr::value(Some(step)))
        .filter(user_two_factor::Column::TenantId.eq(tenant_id))
        .filter(user_two_factor::Column::UserId.eq(user_id))
        .filter(
            Condition::any()
                .add(user_two_factor::Column::LastStep.is_null())
                .add(user_two_factor::Column::LastStep.lt(step)),
        )
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Removes a user's second factor and recovery codes; whether they had one.
async fn remove_second_factor(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid) -> StoreResult<bool> {
    let had = user_two_factor::Entity::find_by_id((tenant_id, user_id))
        .one(db)
        .await?
        .is_some_and(|r| r.enrolled_at.is_some());
    user_two_factor::Entity::delete_many()
        .filter(user_two_factor::Column::TenantId.eq(tenant_id))
        .filter(user_two_factor::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::TenantId.eq(tenant_id))
        .filter(recovery_code::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(had)
}

/// Whether a user has a confirmed second factor (inside a sign-in).
pub(crate) async fn enrolled(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid) -> StoreResult<bool> {
    Ok(user_two_factor::Entity::find_by_id((tenant_id, user_id))
        .one(db)
        .await?
        .is_some_and(|r| r.enrolled_at.is_some()))
}

/// Who decides which roles require a second factor: whoever grants roles
/// county-wide (三员分立: the security admin's work, or a county admin's).
pub fn check_two_factor_policy(actor: &Actor) -> StoreResult<()> {
    match actor.account_scope(AccountWork::Roles)?.reach() {
        guichao_domain::access::DataScope::Tenant => Ok(()),
        _ => Err(StoreError::Forbidden),
    }
}
