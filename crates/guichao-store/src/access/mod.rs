//! The signed-in user as the store sees them ([`Actor`]) and the data scope
//! ([`Scope`]) that every query applies. Both can only be built here: a handler
//! gets an `Actor` from a session or token and asks it for a `Scope`.

pub(crate) mod load;
mod scope;

pub use scope::Scope;

use crate::{StoreError, StoreResult};
use guichao_domain::access::{Grants, Permission};
use guichao_domain::org::UnitLevel;
use uuid::Uuid;

/// A signed-in user with their unit and effective grants.
#[derive(Debug, Clone)]
pub struct Actor {
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub unit_level: UnitLevel,
    pub grants: Grants,
    /// The user's roles as (code, stored name).
    pub roles: Vec<(String, String)>,
    /// The client's address, recorded with audit events.
    pub ip: Option<String>,
    unit_path: String,
}

impl Actor {
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

    pub fn with_ip(mut self, ip: Option<String>) -> Actor {
        self.ip = ip;
        self
    }
}
