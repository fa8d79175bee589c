//! The user's own account: profile, password and API tokens.

pub mod api;
mod pages;

pub use pages::{CHANGE_PASSWORD, routes};
