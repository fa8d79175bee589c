//! The audit log for admins: a page and `/api/v1/audit`. The actions and their
//! names come from the domain's `AuditAction`, grouped by area.

pub mod api;
mod pages;

pub use pages::routes;
