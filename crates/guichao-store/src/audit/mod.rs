//! The audit log: an append-only chain per tenant. Each event stores
//! `sha256(previous hash || canonical event)`, and the tenant row keeps the
//! sequence number and hash of the newest event, so an altered, deleted or
//! truncated event breaks the chain at a place `verify` can name.
//!
//! Reading it (`list`), the names beside its ids (`names`) and its export
//! (`export`) start from the reader's scoped handle, [`AuditLog`].

mod chain;
mod export;
mod list;
mod names;

pub use chain::{AuditEvent, ChainBreak, Who, record, verify_all};
pub use export::{AuditActor, EXPORT_MAX};
pub use guichao_domain::audit::AuditAction;
pub use list::{AuditEntry, AuditLog, AuditQuery};
