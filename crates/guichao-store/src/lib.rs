//! Guichao's database: one code path for SQLite and PostgreSQL.
//!
//! `Store` owns the connection. Queries are grouped by area (`org`, `audit`); each
//! takes an [`Actor`] or a [`Scope`] built here from the signed-in user, so data
//! scope is applied in one place and a handler cannot forget it.

pub mod access;
pub mod audit;
pub mod chambers;
pub mod crypto;
mod db;
pub mod entities;
mod error;
pub mod fellows;
pub mod liaison;
mod like;
mod migration;
pub mod org;
mod time;

pub use access::{Actor, Scope};
pub use db::{Backend, Store, WriteTx};
pub use error::{StoreError, StoreResult};
pub use guichao_domain::Msg;
pub use time::now;

pub mod testing;
