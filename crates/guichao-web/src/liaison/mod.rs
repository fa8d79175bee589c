//! The liaison area (联系工作): "我的联系" for the signed-in cadre, the
//! assignment form (one or many fellows, one cadre, one level), ending an
//! assignment, the cadre's follow-ups (待办), the overdue fellows, and the
//! `/api/v1/liaison` and `/api/v1/followups` routes.

pub mod api;
mod api_followups;
mod api_overdue;
mod assign;
mod coverage;
pub(crate) mod coverage_api;
mod followups;
mod overdue;
mod overdue_filter;
mod pages;

pub use pages::routes;

use guichao_domain::liaison::LiaisonLevel;
use guichao_store::Actor;

/// The level a user most likely assigns at: their own unit's.
fn default_level(actor: &Actor) -> LiaisonLevel {
    LiaisonLevel::parse(actor.unit_level().code()).unwrap_or(LiaisonLevel::Township)
}

/// The contact cycle typed on a form: empty means the default.
fn cycle_days(text: &str) -> Result<i32, crate::AppError> {
    guichao_domain::liaison::parse_cycle_days(text).map_err(crate::AppError::Invalid)
}
