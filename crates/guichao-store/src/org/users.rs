//! User accounts: listing within scope, creating, editing. Nobody may give an
//! account more than they hold (see `Grants::covers`), nor act on an account
//! that holds more than they do (see `acting`); the county keeps its last
//! administrator (see `admins`).

use super::admins::AdminWatch;
use super::credentials::{Ended, end_access, end_sessions};
use crate::access::load::roles_grants;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{org_unit, role, user, user_role};
use crate::org::passwords;
use crate::{Actor, Scope, Store, StoreError, StoreResult, now};
use chrono::{DateTime, Utc};
use guichao_domain::Lang;
use guichao_domain::access::{AccountWork, BuiltinRole, Permission, check_admin_roles, is_administrative, may_grant};
use guichao_domain::auth::check_password_policy;
use guichao_domain::ids::new_id;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    /// Part of a username or display name.
    pub q: Option<String>,
    /// Keyset: users with a username after this one (username order only).
    pub after: Option<String>,
    pub sort: UserSort,
    pub descending: bool,
    /// Rows skipped before the page (paging by page number).
    pub offset: u64,
    pub limit: u64,
}

/// The orders a user list can take, each served by an index (`users_username`,
/// and m0007's `users_sort`). Ties go by id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UserSort {
    #[default]
    Username,
    /// By display name in pinyin order.
    Name,
}

impl UserSort {
    pub const ALL: [UserSort; 2] = [UserSort::Username, UserSort::Name];

    pub fn code(self) -> &'static str {
        match self {
            UserSort::Username => "username",
            UserSort::Name => "name",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UserSummary {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub roles: Vec<String>,
    pub active: bool,
    pub locked_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserDetail {
    #[serde(flatten)]
    pub summary: UserSummary,
    pub role_ids: Vec<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// Whether the reader may act on this account at all (any of the three
    /// below).
    pub manageable: bool,
    /// Whether the reader may change its name, unit and active flag.
    pub may_edit: bool,
    /// Whether the reader may change its roles.
    pub may_grant: bool,
    /// Whether the reader may reset its password (and so unlock it).
    pub may_reset: bool,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub unit_id: Uuid,
    pub role_ids: Vec<Uuid>,
    pub password: String,
}

#[derive(Debug, Clone)]
pub struct UserEdit {
    pub display_name: String,
    pub unit_id: Uuid,
    pub role_ids: Vec<Uuid>,
    pub active: bool,
    /// The version the editor started from; a newer stored version is a conflict.
    pub version: i32,
}

fn valid_username(name: &str) -> StoreResult<String> {
    let name = name.trim().to_lowercase();
    let ok = (2..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        && name.starts_with(|c: char| c.is_ascii_lowercase());
    if !ok {
        return Err(StoreError::invalid(
            "用户名须为2到32位小写字母、数字或 . _ -，并以字母开头",
            "A username has 2 to 32 lower-case letters, digits or . _ - and starts with a letter",
        ));
    }
    Ok(name)
}

fn valid_display_name(name: &str) -> StoreResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(StoreError::invalid("姓名不能为空，且不超过50个字", "The name is required, at most 50 characters"));
    }
    guichao_domain::text::check_lines(&[(name, "姓名", "name")]).map_err(StoreError::Invalid)?;
    Ok(name.to_string())
}

pub(super) fn policy(password: &str) -> StoreResult<()> {
    check_password_policy(password).map_err(|e| StoreError::invalid(e.message(Lang::Zh), e.message(Lang::En)))
}

impl Store {
    /// A page of the users the actor may see, in the query's order.
    pub async fn users(&self, actor: &Actor, q: &UserQuery) -> StoreResult<Vec<UserSummary>> {
        let mut find = self.matching_users(actor, q)?;
        if let Some(after) = &q.after {
            find = find.filter(user::Column::Username.gt(after.as_str()));
        }
        let column = match q.sort {
            UserSort::Username => user::Column::Username,
            UserSort::Name => user::Column::SortKey,
        };
        let order = if q.descending { Order::Desc } else { Order::Asc };
        let rows = find
            .order_by(column, order.clone())
            .order_by(user::Column::Id, order)
            .offset((q.offset > 0).then_some(q.offset))
            .limit(q.limit.clamp(1, 200))
            .all(&self.db)
            .await?;
        summaries(&self.db, actor.tenant_id, rows).await
    }

    /// How many users the actor may see match the query (cursor aside).
    pub async fn count_users(&self, actor: &Actor, q: &UserQuery) -> StoreResult<u64> {
        Ok(self.matching_users(actor, q)?.count(&self.db).await?)
    }

    fn matching_users(&self, actor: &Actor, q: &UserQuery) -> StoreResult<sea_orm::Select<user::Entity>> {
        let scope = actor.scope(Permission::UsersRead)?;
        let mut find = user::Entity::find().filter(user_condition(&scope));
        if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            find = find.filter(
                Condition::any()
                    .add(user::Column::Username.like(crate::like::contains(text)))
                    .add(user::Column::DisplayName.like(crate::like::contains(text))),
            );
        }
        Ok(find)
    }

    pub async fn user(&self, actor: &Actor, id: Uuid) -> StoreResult<UserDetail> {
        let scope = actor.scope(Permission::UsersRead)?;
        let row = user::Entity::find()
            .filter(user::Column::Id.eq(id))
            .filter(user_condition(&scope))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let (version, created_at) = (row.version, row.created_at);
        let summary = summaries(&self.db, actor.tenant_id, vec![row]).await?.remove(0);
        let role_ids = role_ids_of(&self.db, actor.tenant_id, id).await?;
        let unit_id = summary.unit_id;
        let may_edit = self.may_act_on(actor, id, unit_id, &role_ids, AccountWork::Existence).await?;
        let may_grant = self.may_act_on(actor, id, unit_id, &role_ids, AccountWork::Roles).await?;
        let may_reset = self.may_act_on(actor, id, unit_id, &role_ids, AccountWork::Password).await?;
        let manageable = may_edit || may_grant || may_reset;
        Ok(UserDetail { summary, role_ids, version, created_at, manageable, may_edit, may_grant, may_reset })
    }

    pub async fn create_user(&self, actor: &Actor, new: NewUser) -> StoreResult<Uuid> {
        let scope = actor.account_scope(AccountWork::Existence)?;
        let username = valid_username(&new.username)?;
        let display_name = valid_display_name(&new.display_name)?;
        policy(&new.password)?;
        check_unit(self, &scope, new.unit_id).await?;
        if !new.role_ids.is_empty() {
            self.check_grantable(actor, &new.role_ids).await?;
        }
        let hash = passwords::hash(new.password).await;
        let tx = self.begin_write().await?;
        ensure_username_free(&*tx, actor.tenant_id, &username).await?;
        let id = new_id();
        insert_user(&*tx, actor.tenant_id, id, &username, &display_name, new.unit_id, hash).await?;
        set_roles(&*tx, actor.tenant_id, id, &new.role_ids).await?;
        let after = json!({"username": username, "display_name": display_name, "unit_id": new.unit_id, "role_ids": new.role_ids, "active": true});
        record(
            &*tx,
            actor.tenant_id,
            actor,
            AuditEvent::new(AuditAction::UserCreate, "user", id, json!({"after": after})),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Edits an account's name, unit, roles and active flag. Disabling it ends
    /// its sessions and revokes its API tokens, for good: enabling it again
    /// brings none of them back; it is recorded as `user.enable` and starts
    /// the account's period of use afresh (see `AccountPolicy`). A new unit or a new set of roles ends the
    /// account's sessions (its user signs in again under the new grants; its
    /// tokens, which carry no grants of their own, stay).
    pub async fn update_user(&self, actor: &Actor, id: Uuid, edit: UserEdit) -> StoreResult<()> {
        let before = self.user(actor, id).await?;
        let display_name = valid_display_name(&edit.display_name)?;
        let (unit_id, before_unit) = (edit.unit_id, before.summary.unit_id);
        // 三员分立: the name, unit and active flag are the system admin's work,
        // the roles the security admin's; each part changed needs its power.
        let existence_changed = display_name != before.summary.display_name
            || unit_id != before_unit
            || edit.active != before.summary.active;
        let roles_changed = !same_roles(&edit.role_ids, &before.role_ids);
        let works: Vec<AccountWork> = match (existence_changed, roles_changed) {
            (true, true) => vec![AccountWork::Existence, AccountWork::Roles],
            (true, false) => vec![AccountWork::Existence],
            (false, true) => vec![AccountWork::Roles],
            // Saving unchanged: whichever of the two the actor may do.
            (false, false) if actor.can_do(AccountWork::Existence) => vec![AccountWork::Existence],
            (false, false) => vec![AccountWork::Roles],
        };
        for work in &works {
            self.check_may_act_on(actor, id, before_unit, &before.role_ids, *work).await?;
        }
        if id == actor.user_id && !edit.active {
            return Err(StoreError::invalid("不能停用自己的账号", "You cannot disable your own account"));
        }
        if unit_id != before_unit {
            check_unit(self, &actor.account_scope(AccountWork::Existence)?, unit_id).await?;
        }
        if roles_changed {
            if id == actor.user_id && !guichao_domain::access::may_change_own_roles(actor.admin_duty()) {
                return Err(StoreError::invalid(
                    "管理员不能修改自己的角色，请由另一位安全管理员修改",
                    "An administrator cannot change their own roles; ask another security admin",
                ));
            }
            self.check_grantable(actor, &edit.role_ids).await?;
        }
        let was_admin = is_administrative(&roles_grants(&self.db, actor.tenant_id, &before.role_ids).await?)
            || before.summary.roles.iter().filter_map(|c| BuiltinRole::parse(c)).any(BuiltinRole::is_administrator);
        let tx = self.begin_write().await?;
        let watch = if was_admin { Some(AdminWatch::start(&*tx, actor.tenant_id).await?) } else { None };
        let enabled = edit.active && !before.summary.active;
        let mut update = user::Entity::update_many();
        if enabled {
            // An account enabled again starts a new period of use.
            update = update.col_expr(user::Column::LastUsedAt, Expr::value(Some(now())));
        }
        let updated = update
            .col_expr(user::Column::DisplayName, Expr::value(display_name.clone()))
            .col_expr(user::Column::SortKey, Expr::value(guichao_domain::search::sort_key(&display_name)))
            .col_expr(user::Column::UnitId, Expr::value(edit.unit_id))
            .col_expr(user::Column::Active, Expr::value(edit.active))
            .col_expr(user::Column::Version, Expr::value(edit.version + 1))
            .col_expr(user::Column::UpdatedAt, Expr::value(now()))
            .filter(user::Column::TenantId.eq(actor.tenant_id))
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::Version.eq(edit.version))
            .exec(&*tx)
            .await?;
        if updated.rows_affected == 0 {
            return Err(StoreError::conflict(
                "该用户已被他人修改，请刷新后重新编辑（您填写的内容已保留）",
                "Someone else changed this user; reload and edit again (your input is kept)",
            ));
        }
        set_roles(&*tx, actor.tenant_id, id, &edit.role_ids).await?;
        let regranted = edit.unit_id != before.summary.unit_id || !same_roles(&edit.role_ids, &before.role_ids);
        let ended = if !edit.active {
            end_access(&*tx, actor.tenant_id, id).await?
        } else if regranted {
            Ended { sessions: end_sessions(&*tx, actor.tenant_id, id).await?, tokens: 0 }
        } else {
            Ended::default()
        };
        if let Some(watch) = watch {
            watch.check(&*tx).await?;
        }
        let detail = json!({
            "before": {"display_name": before.summary.display_name, "unit_id": before.summary.unit_id, "role_ids": before.role_ids, "active": before.summary.active},
            "after": {"display_name": display_name, "unit_id": edit.unit_id, "role_ids": edit.role_ids, "active": edit.active},
            "sessions_ended": ended.sessions,
            "tokens_revoked": ended.tokens,
        });
        let action = if enabled { AuditAction::UserEnable } else { AuditAction::UserUpdate };
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(action, "user", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn user_by_name(&self, tenant_id: Uuid, username: &str) -> StoreResult<Option<user::Model>> {
        Ok(user::Entity::find()
            .filter(user::Column::TenantId.eq(tenant_id))
            .filter(user::Column::Username.eq(username.trim().to_lowercase()))
            .one(&self.db)
            .await?)
    }

    /// The rule for giving an account roles: the actor gives roles at all
    /// (the system and audit admins do not), each role is one they may give
    /// (`guichao_domain::access::may_grant`: within their own grants, or any
    /// for the security admin), and the set holds no two of the three
    /// administrators' roles. (An account already holding more never gets
    /// this far: see `check_may_act_on`.)
    async fn check_grantable(&self, actor: &Actor, role_ids: &[Uuid]) -> StoreResult<()> {
        if !actor.can_do(AccountWork::Roles) {
            return Err(StoreError::invalid(
                "您不能授予角色：角色由安全管理员授予（三员分立）",
                "You cannot grant roles: the security admin does (separation of the three administrators)",
            ));
        }
        let grants = super::admins::grants_by_role(&self.db, actor.tenant_id).await?;
        let duty = actor.admin_duty();
        let empty = guichao_domain::access::Grants::default();
        if !role_ids.iter().all(|id| may_grant(&actor.grants, duty, grants.get(id).unwrap_or(&empty))) {
            return Err(StoreError::invalid(
                "不能授予超出您自身权限的角色",
                "You cannot grant a role with more than you hold",
            ));
        }
        check_separation(&self.db, actor.tenant_id, role_ids).await
    }
}

/// The unit given to an account lies in the actor's scope for the work.
async fn check_unit(store: &Store, scope: &Scope, unit_id: Uuid) -> StoreResult<()> {
    if !scope.covers_unit(store, unit_id).await? {
        return Err(StoreError::invalid("所选单位不在您的管理范围内", "The chosen unit is outside what you manage"));
    }
    Ok(())
}

/// Refuses a set of roles holding two of the three administrators' roles
/// (`guichao_domain::access::check_admin_roles`).
pub(crate) async fn check_separation(db: &impl ConnectionTrait, tenant_id: Uuid, role_ids: &[Uuid]) -> StoreResult<()> {
    let codes: Vec<String> = role::Entity::find()
        .filter(role::Column::TenantId.eq(tenant_id))
        .filter(role::Column::Id.is_in(role_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    let builtin: Vec<BuiltinRole> = codes.iter().filter_map(|c| BuiltinRole::parse(c)).collect();
    check_admin_roles(&builtin).map_err(StoreError::Invalid)
}

/// Whether two lists name the same roles (order and repeats aside).
fn same_roles(a: &[Uuid], b: &[Uuid]) -> bool {
    let set = |ids: &[Uuid]| ids.iter().copied().collect::<std::collections::BTreeSet<_>>();
    set(a) == set(b)
}

/// Users whose unit lies in the scope, plus the actor's own account.
fn user_condition(scope: &Scope) -> Condition {
    Condition::any().add(scope.units_condition(user::Column::TenantId, user::Column::UnitId)).add(
        Condition::all().add(user::Column::TenantId.eq(scope.tenant_id())).add(user::Column::Id.eq(scope.user_id())),
    )
}

async fn summaries(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    rows: Vec<user::Model>,
) -> StoreResult<Vec<UserSummary>> {
    let unit_ids: Vec<Uuid> = rows.iter().map(|u| u.unit_id).collect();
    let user_ids: Vec<Uuid> = rows.iter().map(|u| u.id).collect();
    let units = org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .filter(org_unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?;
    // Named as out of the tree: a village sharing its name carries its township.
    let units: HashMap<Uuid, String> =
        super::units::labelled(db, tenant_id, units).await?.into_iter().map(|u| (u.id, u.label)).collect();
    let roles: HashMap<Uuid, String> = role::Entity::find()
        .filter(role::Column::TenantId.eq(tenant_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.code))
        .collect();
    let links = user_role::Entity::find()
        .filter(user_role::Column::TenantId.eq(tenant_id))
        .filter(user_role::Column::UserId.is_in(user_ids))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|u| UserSummary {
            roles: links.iter().filter(|l| l.user_id == u.id).filter_map(|l| roles.get(&l.role_id).cloned()).collect(),
            unit_name: units.get(&u.unit_id).cloned().unwrap_or_default(),
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            unit_id: u.unit_id,
            active: u.active,
            locked_until: u.locked_until.filter(|t| *t > now()),
        })
        .collect())
}

async fn role_ids_of(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid) -> StoreResult<Vec<Uuid>> {
    Ok(user_role::Entity::find()
        .filter(user_role::Column::TenantId.eq(tenant_id))
        .filter(user_role::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.role_id)
        .collect())
}

async fn ensure_username_free(db: &impl ConnectionTrait, tenant_id: Uuid, username: &str) -> StoreResult<()> {
    let taken = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Username.eq(username))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(StoreError::conflict(
            format!("用户名 {username} 已被使用"),
            format!("The username {username} is taken"),
        ));
    }
    Ok(())
}

async fn insert_user(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    id: Uuid,
    username: &str,
    display_name: &str,
    unit_id: Uuid,
    password_hash: String,
) -> StoreResult<()> {
    let at = now();
    user::Entity::insert(user::ActiveModel {
        tenant_id: Set(tenant_id),
        id: Set(id),
        username: Set(username.to_string()),
        display_name: Set(display_name.to_string()),
        sort_key: Set(guichao_domain::search::sort_key(display_name)),
        unit_id: Set(unit_id),
        password_hash: Set(password_hash.clone()),
        active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        password_changed_at: Set(Some(at)),
        last_used_at: Set(Some(at)),
        version: Set(1),
        updated_at: Set(at),
        created_at: Set(at),
    })
    .exec_without_returning(db)
    .await?;
    super::history::remember(db, tenant_id, id, &password_hash).await
}

async fn set_roles(db: &impl ConnectionTrait, tenant_id: Uuid, user_id: Uuid, role_ids: &[Uuid]) -> StoreResult<()> {
    user_role::Entity::delete_many()
        .filter(user_role::Column::TenantId.eq(tenant_id))
        .filter(user_role::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    let mut unique = role_ids.to_vec();
    unique.sort();
    unique.dedup();
    if unique.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = unique
        .into_iter()
        .map(|role_id| user_role::ActiveModel {
            tenant_id: Set(tenant_id),
            user_id: Set(user_id),
            role_id: Set(role_id),
        })
        .collect();
    user_role::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

#[cfg(feature = "system")]
impl crate::System<'_> {
    /// Creates a user without a signed-in actor: the CLI's `user add`, the first
    /// admin at `init`, demo users. Audited under the name `cli`.
    pub async fn bootstrap_user(
        &self,
        tenant_id: Uuid,
        username: &str,
        display_name: &str,
        unit_id: Uuid,
        roles: &[guichao_domain::access::BuiltinRole],
        password: &str,
    ) -> StoreResult<Uuid> {
        let username = valid_username(username)?;
        let display_name = valid_display_name(display_name)?;
        policy(password)?;
        let mut role_ids = Vec::new();
        for r in roles {
            role_ids.push(self.builtin_role_id(tenant_id, *r).await?);
        }
        check_admin_roles(roles).map_err(StoreError::Invalid)?;
        let hash = passwords::hash(password.to_string()).await;
        let tx = self.begin_write().await?;
        org_unit::Entity::find_by_id((tenant_id, unit_id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        ensure_username_free(&*tx, tenant_id, &username).await?;
        let id = new_id();
        insert_user(&*tx, tenant_id, id, &username, &display_name, unit_id, hash).await?;
        set_roles(&*tx, tenant_id, id, &role_ids).await?;
        let who = crate::audit::Who::Named { user_id: None, name: "cli", ip: None };
        let after =
            json!({"username": username, "display_name": display_name, "unit_id": unit_id, "role_ids": role_ids});
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::UserCreate, "user", id, json!({"after": after})))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The id of a user by name, if the tenant has one (for the CLI).
    pub async fn user_id_by_name(&self, tenant_id: Uuid, username: &str) -> StoreResult<Option<Uuid>> {
        Ok(self.user_by_name(tenant_id, username).await?.map(|u| u.id))
    }

    /// The administrator duties (三员分立) that no active account of the
    /// tenant holds: after an upgrade, the security and audit admins until
    /// `guichao admins create` makes them.
    pub async fn missing_admin_duties(&self, tenant_id: Uuid) -> StoreResult<Vec<guichao_domain::access::AdminDuty>> {
        let held = super::admins::active_administrators(&self.db, tenant_id).await?;
        Ok(guichao_domain::access::AdminDuty::ALL
            .into_iter()
            .filter(|d| !held.iter().any(|roles| roles.contains(&d.role())))
            .collect())
    }

    /// The tenant's first enabled system admin by username.
    pub async fn first_system_admin(&self, tenant_id: Uuid) -> StoreResult<Option<Uuid>> {
        self.first_holder(tenant_id, guichao_domain::access::BuiltinRole::SystemAdmin).await
    }

    /// The tenant's first enabled holder of a built-in role by username: whom
    /// a command acts as when not told (`guichao import fellows` without
    /// `--as` acts as the first county admin).
    pub async fn first_holder(&self, tenant_id: Uuid, role: BuiltinRole) -> StoreResult<Option<Uuid>> {
        use crate::entities::{role, user_role};
        use sea_orm::QueryOrder;
        let Some(admin_role) = role::Entity::find()
            .filter(role::Column::TenantId.eq(tenant_id))
            .filter(role::Column::Code.eq(role.code()))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let holders: Vec<Uuid> = user_role::Entity::find()
            .filter(user_role::Column::TenantId.eq(tenant_id))
            .filter(user_role::Column::RoleId.eq(admin_role.id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| r.user_id)
            .collect();
        Ok(user::Entity::find()
            .filter(user::Column::TenantId.eq(tenant_id))
            .filter(user::Column::Id.is_in(holders))
            .filter(user::Column::Active.eq(true))
            .order_by_asc(user::Column::Username)
            .one(&self.db)
            .await?
            .map(|u| u.id))
    }
}
