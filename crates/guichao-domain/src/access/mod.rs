//! Who may do what: permissions, data scopes, the built-in roles and the rule that
//! nobody grants more than they hold.
//!
//! The store turns a user's roles into [`Grants`] and from them into the `Scope`
//! every query takes; the SQL filter for a scope lives in the store, next to the
//! queries that apply it.

mod grants;
mod permission;
mod roles;

pub use grants::Grants;
pub use permission::{DataScope, Permission};
pub use roles::BuiltinRole;
