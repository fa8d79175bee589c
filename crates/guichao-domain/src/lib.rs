//! Guichao's domain: the program's types and rules, free of I/O and frameworks.
//!
//! Everything here is pure so that it can be unit- and property-tested without a
//! database: who may do what (`access`), the areas of the app and the actions
//! they audit (`areas`, `audit`), password rules (`auth`), the org tree's
//! vocabulary (`org`), each area's values and rules (`fellows`, `chambers`,
//! `liaison`, `events`, `projects`, `park`), dates as typed and today in China
//! (`date`), what free text may hold (`text`) and the language a user reads
//! (`lang`).

pub mod access;
pub mod agency;
pub mod areas;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod chains;
pub mod chambers;
pub mod date;
pub mod events;
pub mod fellows;
pub mod funds;
pub mod ids;
pub mod lang;
pub mod liaison;
mod msg;
pub mod org;
pub mod paging;
pub mod park;
pub mod policies;
pub mod projects;
pub mod search;
pub mod services;
pub mod sms;
pub mod text;
mod vocab;

pub use lang::Lang;
pub use msg::Msg;
