//! The login log: every sign-in attempt with its time, the user (or the name
//! typed), address, user agent and result, written in the attempt's own
//! transaction; and its reading for those who hold `audit.read`, searched by
//! user, address, result and date range, newest first. A reader whose
//! `audit.read` is narrower than the county sees the attempts on the
//! accounts of the units in their scope (not those on names that match no
//! account).

use super::auth::Client;
use crate::entities::{login_log, user};
use crate::{Actor, Scoped, Store, StoreResult, now};
use chrono::{DateTime, Utc};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::auth::LoginResult;
use guichao_domain::ids::new_id;
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The longest name kept as typed, and the longest user agent.
const NAME_MAX: usize = 64;
const AGENT_MAX: usize = 300;

fn clean(text: &str, max: usize) -> String {
    text.trim().chars().filter(|c| !c.is_control()).take(max).collect()
}

/// Writes one attempt into the log (inside the attempt's transaction).
pub(crate) async fn log_attempt(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    user_id: Option<Uuid>,
    username: &str,
    client: Client<'_>,
    result: LoginResult,
) -> StoreResult<()> {
    login_log::Entity::insert(login_log::ActiveModel {
        tenant_id: Set(tenant_id),
        id: Set(new_id()),
        at: Set(now()),
        user_id: Set(user_id),
        username: Set(clean(username, NAME_MAX)),
        ip: Set(client.ip.map(|ip| clean(ip, 64))),
        user_agent: Set(client.user_agent.map(|ua| clean(ua, AGENT_MAX)).filter(|ua| !ua.is_empty())),
        result: Set(result.code().to_string()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The filters of the login log; each optional, and they combine.
#[derive(Debug, Clone, Default)]
pub struct LoginQuery {
    /// Part of the username typed.
    pub user: Option<String>,
    /// The address, or its start (`10.0.`).
    pub ip: Option<String>,
    pub result: Option<LoginResult>,
    /// At or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Before this time.
    pub until: Option<DateTime<Utc>>,
    pub offset: u64,
    pub limit: u64,
}

/// One attempt as its reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct LoginEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub user_id: Option<Uuid>,
    /// The name as typed.
    pub username: String,
    /// The account's display name, when the name matched one.
    pub display_name: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    #[serde(serialize_with = "result_code")]
    pub result: LoginResult,
}

fn result_code<S: serde::Serializer>(r: &LoginResult, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.code())
}

/// The login log as one reader reads it (`audit.read`).
pub struct LoginLog<'a>(Scoped<'a>);

impl Store {
    /// The login log for its reader, or `Forbidden` without `audit.read`.
    pub fn login_log<'a>(&'a self, actor: &'a Actor) -> StoreResult<LoginLog<'a>> {
        Ok(LoginLog(Scoped::new(self, actor, Permission::AuditRead, &[Permission::AuditRead])?))
    }

    /// Records an attempt refused before its password was checked (too many
    /// failures from the address or for the name).
    pub async fn log_throttled_login(&self, tenant_id: Uuid, username: &str, client: Client<'_>) -> StoreResult<()> {
        let account = self.user_by_name(tenant_id, username).await?;
        let tx = self.begin_write().await?;
        let name = account.as_ref().map_or(username, |u| u.username.as_str());
        log_attempt(&*tx, tenant_id, account.as_ref().map(|u| u.id), name, client, LoginResult::Throttled).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl LoginLog<'_> {
    /// A page of attempts, newest first.
    pub async fn list(&self, q: &LoginQuery) -> StoreResult<Vec<LoginEntry>> {
        let db = &self.0.store.db;
        let rows = self
            .filtered(q)?
            .order_by_desc(login_log::Column::At)
            .order_by_desc(login_log::Column::Id)
            .offset(q.offset)
            .limit(q.limit.clamp(1, 500))
            .all(db)
            .await?;
        let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.user_id).collect();
        let names: HashMap<Uuid, String> = user::Entity::find()
            .filter(user::Column::TenantId.eq(self.0.actor.tenant_id))
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| LoginEntry {
                display_name: r.user_id.and_then(|id| names.get(&id).cloned()),
                result: LoginResult::parse(&r.result).unwrap_or(LoginResult::WrongPassword),
                id: r.id,
                at: r.at,
                user_id: r.user_id,
                username: r.username,
                ip: r.ip,
                user_agent: r.user_agent,
            })
            .collect())
    }

    /// How many attempts the filters match.
    pub async fn count(&self, q: &LoginQuery) -> StoreResult<u64> {
        Ok(self.filtered(q)?.count(&self.0.store.db).await?)
    }

    fn filtered(&self, q: &LoginQuery) -> StoreResult<Select<login_log::Entity>> {
        let scope = self.0.need(Permission::AuditRead)?;
        let mut find = login_log::Entity::find().filter(login_log::Column::TenantId.eq(scope.tenant_id()));
        if scope.reach() != DataScope::Tenant {
            let users = Query::select()
                .column(user::Column::Id)
                .from(user::Entity)
                .cond_where(scope.units_condition(user::Column::TenantId, user::Column::UnitId))
                .to_owned();
            find = find.filter(login_log::Column::UserId.in_subquery(users));
        }
        if let Some(name) = q.user.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            find = find.filter(login_log::Column::Username.like(crate::like::contains(&name.to_lowercase())));
        }
        if let Some(ip) = q.ip.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            find = find.filter(
                Condition::any()
                    .add(login_log::Column::Ip.eq(ip))
                    .add(login_log::Column::Ip.like(crate::like::starts_with(ip))),
            );
        }
        if let Some(result) = q.result {
            find = find.filter(login_log::Column::Result.eq(result.code()));
        }
        if let Some(from) = q.from {
            find = find.filter(login_log::Column::At.gte(from));
        }
        if let Some(until) = q.until {
            find = find.filter(login_log::Column::At.lt(until));
        }
        Ok(find)
    }
}
