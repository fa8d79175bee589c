//! The user-admin area: accounts, their unit and roles.

pub mod api;
mod form;
mod pages;

pub use pages::routes;
