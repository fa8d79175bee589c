//! SeaORM entities, one per table. Queries live in the area modules.

pub mod api_token;
pub mod audit_event;
pub mod chamber;
pub mod chamber_member;
pub mod chamber_office;
pub mod chamber_staff;
pub mod company;
pub mod fellow;
pub mod fellow_company;
pub mod fellow_relation;
pub mod fellow_role;
pub mod import_fellow;
pub mod import_job;
pub mod liaison_assignment;
pub mod org_unit;
pub mod role;
pub mod role_grant;
pub mod session;
pub mod tenant;
pub mod user;
pub mod user_role;
