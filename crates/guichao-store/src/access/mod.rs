//! The signed-in user as the store sees them ([`Actor`]) and the data scope
//! ([`Scope`]) that every query applies. Both can only be built here: a handler
//! gets an `Actor` from a session or token and asks it for a `Scope`.

mod handle;
pub(crate) mod load;
mod scope;

pub use handle::Scoped;
pub use scope::Scope;

use crate::{StoreError, StoreResult};
use guichao_domain::access::{Grants, Permission};
use guichao_domain::org::UnitLevel;
use uuid::Uuid;

/// A signed-in user with their unit and effective grants. Outside the store
/// it is read-only: its fields can be read through the methods of the same
/// names, never changed, so no one can widen a user's tenant, unit or grants.
#[derive(Debug, Clone)]
pub struct Actor {
    pub(crate) tenant_id: Uuid,
    pub(crate) tenant_name: String,
    pub(crate) user_id: Uuid,
    pub(crate) username: String,
    pub(crate) display_name: String,
    pub(crate) unit_id: Uuid,
    pub(crate) unit_name: String,
    pub(crate) unit_level: UnitLevel,
    pub(crate) grants: Grants,
    /// The user's roles as (code, stored name).
    pub(crate) roles: Vec<(String, String)>,
    /// The client's address, recorded with audit events.
    pub(crate) ip: Option<String>,
    pub(crate) unit_path: String,
    /// When the user's password was last set (see `Store::must_change_password`).
    pub(crate) password_changed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether the user has a confirmed second factor (TOTP).
    pub(crate) two_factor_enrolled: bool,
    /// Whether one of the user's roles requires a second factor.
    pub(crate) two_factor_required: bool,
    /// A session whose password was right and whose code is still to come
    /// (never for an API token).
    pub(crate) second_factor_pending: bool,
}

impl Actor {
    pub fn tenant_id(&self) -> Uuid {
        self.tenant_id
    }

    pub fn tenant_name(&self) -> &str {
        &self.tenant_name
    }

    pub fn user_id(&self) -> Uuid {
        self.user_id
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    pub fn unit_id(&self) -> Uuid {
        self.unit_id
    }

    pub fn unit_name(&self) -> &str {
        &self.unit_name
    }

    pub fn unit_level(&self) -> UnitLevel {
        self.unit_level
    }

    pub fn grants(&self) -> &Grants {
        &self.grants
    }

    /// The user's roles as (code, stored name).
    pub fn roles(&self) -> &[(String, String)] {
        &self.roles
    }

    pub fn ip(&self) -> Option<&str> {
        self.ip.as_deref()
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.grants.has(permission)
    }

    /// The scope with which this user holds `permission`, or `Forbidden`.
    pub fn scope(&self, permission: Permission) -> StoreResult<Scope> {
        let reach = self.grants.scope_of(permission).ok_or(StoreError::Forbidden)?;
        Ok(Scope::new(self.tenant_id, self.user_id, self.unit_id, self.unit_path.clone(), reach))
    }

    /// The names of the user's roles in `lang` (built-in roles are translated).
    pub fn role_names(&self, lang: guichao_domain::Lang) -> Vec<String> {
        self.roles
            .iter()
            .map(|(code, name)| {
                guichao_domain::access::BuiltinRole::parse(code)
                    .map(|r| r.name(lang).to_string())
                    .unwrap_or_else(|| name.clone())
            })
            .collect()
    }

    /// Whether the user has a confirmed second factor.
    pub fn two_factor_enrolled(&self) -> bool {
        self.two_factor_enrolled
    }

    /// Whether the user must have a second factor (an administrator role, or
    /// a role the county marked).
    pub fn two_factor_required(&self) -> bool {
        self.two_factor_required
    }

    /// Whether this actor's session still waits for its second factor.
    pub fn second_factor_pending(&self) -> bool {
        self.second_factor_pending
    }

    /// The built-in roles the user holds.
    pub fn builtin_roles(&self) -> Vec<guichao_domain::access::BuiltinRole> {
        self.roles.iter().filter_map(|(code, _)| guichao_domain::access::BuiltinRole::parse(code)).collect()
    }

    /// The user's duty if they are one of the three administrators (三员分立).
    pub fn admin_duty(&self) -> Option<guichao_domain::access::AdminDuty> {
        guichao_domain::access::duty_of(&self.builtin_roles())
    }

    /// The scope within which the user may do `work` on other accounts, or
    /// `Forbidden` (see `guichao_domain::access::account_power`).
    pub fn account_scope(&self, work: guichao_domain::access::AccountWork) -> StoreResult<Scope> {
        let permission = guichao_domain::access::account_power(self.admin_duty(), work).ok_or(StoreError::Forbidden)?;
        self.scope(permission)
    }

    /// Whether the user may do `work` on some accounts.
    pub fn can_do(&self, work: guichao_domain::access::AccountWork) -> bool {
        self.account_scope(work).is_ok()
    }

    pub fn with_ip(mut self, ip: Option<String>) -> Actor {
        self.ip = ip;
        self
    }
}
