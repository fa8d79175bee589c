//! Guichao's database: one code path for SQLite and PostgreSQL.
//!
//! `Store` owns the connection. Queries are grouped by area (`org`, `audit`); each
//! takes an [`Actor`] or a [`Scope`] built here from the signed-in user, so data
//! scope is applied in one place and a handler cannot forget it.

pub mod access;
pub mod agency;
pub mod audit;
#[cfg(feature = "system")]
pub mod backup;
pub mod campaigns;
pub mod chains;
pub mod chambers;
pub mod contacts;
pub mod crypto;
mod db;
#[cfg(feature = "system")]
pub mod entities;
#[cfg(not(feature = "system"))]
mod entities;
mod error;
pub mod events;
pub mod fellows;
mod files;
pub mod funds;
pub mod liaison;
mod like;
mod maintenance;
mod migration;
mod names;
pub mod org;
pub mod park;
pub mod policies;
pub mod projects;
pub mod services;
pub mod sms;
#[cfg(feature = "system")]
mod system;
mod time;

pub use access::{Actor, Scope, Scoped};
pub use db::{Backend, Store, WriteTx};
pub use error::{StoreError, StoreResult};
pub use guichao_domain::Msg;
#[cfg(feature = "system")]
pub use system::System;
pub use time::now;

#[cfg(feature = "system")]
pub mod testing;
