//! The audit log for admins: a page, its xlsx export and `/api/v1/audit`;
//! and the login log beside it (`logins`).
//! Each event reads as people read it (`rows`): names for ids, labels for
//! codes, details as a sentence and a before → after table. The actions and
//! their names come from the domain's `AuditAction`, grouped by area.

pub mod api;
mod export;
mod filters;
mod logins;
mod pages;
mod rows;

pub use pages::routes;
