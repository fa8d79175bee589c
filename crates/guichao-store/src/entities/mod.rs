//! SeaORM entities, one per table. Queries live in the area modules.

pub mod api_token;
pub mod audit_event;
pub mod org_unit;
pub mod role;
pub mod role_grant;
pub mod session;
pub mod tenant;
pub mod user;
pub mod user_role;
