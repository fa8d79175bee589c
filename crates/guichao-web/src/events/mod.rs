//! The events area (活动): the event list with its filters, the new and edit
//! forms, an event's page with its attendees and the attendance form,
//! deleting, and the `/api/v1/events` routes.

pub mod api;
mod api_types;
mod attendance;
mod detail;
mod form;
mod pages;

pub use pages::routes;
