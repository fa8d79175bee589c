//! API tokens for scripts: `gc_<tenant id>_<secret>`, stored as sha256, carrying
//! their user's scope.

use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::api_token;
use crate::org::secrets::{random_hex, sha256_hex};
use crate::{Actor, Store, StoreError, StoreResult, now};
use chrono::{DateTime, Utc};
use guichao_domain::ids::new_id;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct TokenInfo {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

impl TokenInfo {
    /// Whether the token has stopped working by `at` (revoked or expired).
    pub fn expired(&self, at: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|e| e <= at)
    }
}

/// How long a new token works: whole days from its creation, or until revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenLifetime {
    Days(u32),
    Forever,
}

impl TokenLifetime {
    /// The lifetimes the token page offers, the first the default.
    pub const OFFERED: [TokenLifetime; 4] =
        [TokenLifetime::Days(90), TokenLifetime::Days(30), TokenLifetime::Days(365), TokenLifetime::Forever];
    /// The longest a lifetime in days may be.
    pub const MAX_DAYS: u32 = 3650;

    /// A lifetime in days as typed (`""` or `"never"`: until revoked), 1 to 3650.
    pub fn parse(days: &str) -> StoreResult<TokenLifetime> {
        match days.trim() {
            "" | "never" => Ok(TokenLifetime::Forever),
            d => {
                d.parse::<u32>().ok().filter(|d| (1..=Self::MAX_DAYS).contains(d)).map(TokenLifetime::Days).ok_or_else(
                    || {
                        StoreError::invalid(
                            "有效期应为 1 到 3650 天，或永不过期",
                            "A token lasts 1 to 3650 days, or never expires",
                        )
                    },
                )
            }
        }
    }

    /// The value a form sends for it.
    pub fn code(self) -> String {
        match self {
            TokenLifetime::Days(d) => d.to_string(),
            TokenLifetime::Forever => "never".into(),
        }
    }

    fn expires_at(self, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            TokenLifetime::Days(d) => Some(from + chrono::Duration::days(i64::from(d))),
            TokenLifetime::Forever => None,
        }
    }
}

/// A token just created: the only time its secret is seen.
#[derive(Debug, Clone, Serialize)]
pub struct NewToken {
    #[serde(flatten)]
    pub info: TokenInfo,
    pub token: String,
}

fn valid_token_name(name: &str) -> StoreResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(StoreError::invalid(
            "令牌名称不能为空，且不超过60个字",
            "A token name is required, at most 60 characters",
        ));
    }
    guichao_domain::text::check_lines(&[(name, "令牌名称", "token name")]).map_err(StoreError::Invalid)?;
    Ok(name.to_string())
}

impl Store {
    /// Creates a token for the actor's own account that works until revoked.
    pub async fn create_token(&self, actor: &Actor, name: &str) -> StoreResult<NewToken> {
        self.create_token_for_days(actor, name, TokenLifetime::Forever).await
    }

    /// Creates a token for the actor's own account that works for `lifetime`.
    pub async fn create_token_for_days(
        &self,
        actor: &Actor,
        name: &str,
        lifetime: TokenLifetime,
    ) -> StoreResult<NewToken> {
        let name = valid_token_name(name)?;
        let tx = self.begin_write().await?;
        let created = insert_token(&*tx, actor.tenant_id, actor.user_id, &name, lifetime).await?;
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(
                AuditAction::TokenCreate,
                "api_token",
                created.info.id,
                json!({"name": name, "expires_at": created.info.expires_at}),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    /// The actor's own tokens, newest first.
    pub async fn tokens(&self, actor: &Actor) -> StoreResult<Vec<TokenInfo>> {
        let rows = api_token::Entity::find()
            .filter(api_token::Column::TenantId.eq(actor.tenant_id))
            .filter(api_token::Column::UserId.eq(actor.user_id))
            .order_by_desc(api_token::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(info).collect())
    }

    /// Revokes one of the actor's own tokens.
    pub async fn revoke_token(&self, actor: &Actor, id: Uuid) -> StoreResult<()> {
        let tx = self.begin_write().await?;
        let done = api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(Some(now())))
            .filter(api_token::Column::TenantId.eq(actor.tenant_id))
            .filter(api_token::Column::UserId.eq(actor.user_id))
            .filter(api_token::Column::Id.eq(id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&*tx)
            .await?;
        if done.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::TokenRevoke, "api_token", id, json!({})))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// When a token that is not revoked expired, if it has (so that a caller
    /// can be told why it is refused).
    pub async fn token_expired_at(&self, token: &str) -> StoreResult<Option<DateTime<Utc>>> {
        let Some(tenant_id) = token_tenant(token) else { return Ok(None) };
        let row = api_token::Entity::find()
            .filter(api_token::Column::TenantId.eq(tenant_id))
            .filter(api_token::Column::TokenHash.eq(sha256_hex(token)))
            .filter(api_token::Column::RevokedAt.is_null())
            .filter(api_token::Column::ExpiresAt.lte(now()))
            .one(&self.db)
            .await?;
        Ok(row.and_then(|r| r.expires_at))
    }

    /// The actor behind a bearer token, if it is live (neither revoked nor
    /// expired) and its user active.
    pub async fn token_actor(&self, token: &str) -> StoreResult<Option<Actor>> {
        let Some(tenant_id) = token_tenant(token) else { return Ok(None) };
        let Some(row) = api_token::Entity::find()
            .filter(api_token::Column::TenantId.eq(tenant_id))
            .filter(api_token::Column::TokenHash.eq(sha256_hex(token)))
            .filter(api_token::Column::RevokedAt.is_null())
            .filter(api_token::Column::ExpiresAt.is_null().or(api_token::Column::ExpiresAt.gt(now())))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let actor = match crate::access::load::active_actor(&self.db, tenant_id, row.user_id).await {
            Ok(a) => a,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        let at = now();
        if row.last_used_at.is_none_or(|t| at - t > chrono::Duration::minutes(1)) {
            let tx = self.begin_write().await?;
            api_token::Entity::update_many()
                .col_expr(api_token::Column::LastUsedAt, Expr::value(Some(at)))
                .filter(api_token::Column::TenantId.eq(tenant_id))
                .filter(api_token::Column::Id.eq(row.id))
                .exec(&*tx)
                .await?;
            tx.commit().await?;
        }
        Ok(Some(actor))
    }
}

/// The tenant a token names (`gc_<tenant>_<secret>`).
fn token_tenant(token: &str) -> Option<Uuid> {
    token.strip_prefix("gc_").and_then(|t| t.split_once('_')).and_then(|(t, _)| Uuid::parse_str(t).ok())
}

async fn insert_token(
    db: &impl sea_orm::ConnectionTrait,
    tenant_id: Uuid,
    user_id: Uuid,
    name: &str,
    lifetime: TokenLifetime,
) -> StoreResult<NewToken> {
    let created_at = now();
    let secret = random_hex(24);
    let token = format!("gc_{}_{secret}", tenant_id.simple());
    let row = api_token::Model {
        tenant_id,
        id: new_id(),
        user_id,
        name: name.to_string(),
        token_hash: sha256_hex(&token),
        prefix: format!("gc_…{}", &secret[..6]),
        last_used_at: None,
        revoked_at: None,
        created_at,
        expires_at: lifetime.expires_at(created_at),
    };
    api_token::Entity::insert(api_token::ActiveModel {
        tenant_id: Set(row.tenant_id),
        id: Set(row.id),
        user_id: Set(row.user_id),
        name: Set(row.name.clone()),
        token_hash: Set(row.token_hash.clone()),
        prefix: Set(row.prefix.clone()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(row.created_at),
        expires_at: Set(row.expires_at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(NewToken { info: info(row), token })
}

fn info(t: api_token::Model) -> TokenInfo {
    TokenInfo {
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        created_at: t.created_at,
        last_used_at: t.last_used_at,
        revoked_at: t.revoked_at,
        expires_at: t.expires_at,
    }
}

#[cfg(feature = "system")]
impl crate::System<'_> {
    /// Creates a token for a user by name, from the CLI (`token create`).
    pub async fn create_token_for(&self, tenant_id: Uuid, username: &str, name: &str) -> StoreResult<NewToken> {
        let name = valid_token_name(name)?;
        let user = self.user_by_name(tenant_id, username).await?.ok_or(StoreError::NotFound)?;
        let tx = self.begin_write().await?;
        let created = insert_token(&*tx, tenant_id, user.id, &name, TokenLifetime::Forever).await?;
        let who = crate::audit::Who::Named { user_id: None, name: "cli", ip: None };
        let detail = json!({"name": name, "user": user.username});
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::TokenCreate, "api_token", created.info.id, detail))
            .await?;
        tx.commit().await?;
        Ok(created)
    }
}
