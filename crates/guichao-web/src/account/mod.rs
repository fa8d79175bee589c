//! The user's own account: profile, password and API tokens.

pub mod api;
mod pages;
mod two_factor;

pub use pages::{CHANGE_PASSWORD, routes};
pub use two_factor::ENROL;
