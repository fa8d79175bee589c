//! The org area: the unit tree page and its API.

pub mod api;
mod pages;

pub use pages::routes;
