//! A campaign's gifts (慰问物资, `/campaigns/{id}/gifts`): its gift kinds
//! with received / handed out / left, the forms that add a kind and receive
//! stock, hand a gift out to one fellow or to a township's fellows still
//! without one, and the hand-outs page by page with their cancel; and the
//! `/api/v1/campaigns/{id}/gifts` routes.

pub mod api;
mod api_types;
mod pages;

pub use pages::routes;
