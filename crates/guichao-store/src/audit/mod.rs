//! The audit log: an append-only chain per tenant. Each event stores
//! `HMAC-SHA256(chain key, previous hash || canonical event)` with a key kept
//! outside the database (`chain`), and the tenant row keeps the sequence
//! number and hash of the newest event, so an altered, deleted or re-hashed
//! event breaks the chain at a place `verify` can name. Each day's heads go to
//! an append-only file beside the backups (`heads`), so a chain truncated and
//! rolled back to an older head is found too. Chains from before the key are
//! keyed once (`keying`).
//!
//! Reading it (`list`), the names beside its ids (`names`) and its export
//! (`export`) start from the reader's scoped handle, [`AuditLog`].

mod chain;
mod export;
mod heads;
#[cfg(feature = "system")]
mod keying;
mod list;
mod names;

pub(crate) use chain::install_key as install_chain_key;
#[cfg(feature = "system")]
pub(crate) use chain::unkeyed_hash;
pub use chain::{AuditEvent, ChainBreak, Verified, Who, record, verify_all};
pub use export::{AuditActor, EXPORT_MAX};
pub use guichao_domain::audit::AuditAction;
pub use heads::HeadLine;
pub use list::{AuditEntry, AuditLog, AuditQuery};
