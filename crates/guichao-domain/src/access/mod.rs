//! Who may do what: permissions, data scopes, the built-in roles, the rule that
//! nobody grants more than they hold, and who may act on whose account.
//!
//! The store turns a user's roles into [`Grants`] and from them into the `Scope`
//! every query takes; the SQL filter for a scope lives in the store, next to the
//! queries that apply it.

mod accounts;
mod grants;
mod permission;
mod roles;
mod separation;

pub use accounts::{can_manage, is_administrative, roles_left_unmanaged};
pub use grants::Grants;
pub use permission::{DataScope, Permission};
pub use roles::BuiltinRole;
pub use separation::{
    AccountWork, AdminDuty, account_power, check_admin_roles, duties_left_unheld, duties_of, duty_of,
    last_holder_message, may_act_on, may_change_own_roles, may_grant,
};
