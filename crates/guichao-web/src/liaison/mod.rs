//! The liaison area (联系工作): "我的联系" for the signed-in cadre, the
//! assignment form (one or many fellows, one cadre, one level), ending an
//! assignment, and the `/api/v1/liaison` routes.

pub mod api;
mod assign;
mod pages;

pub use pages::routes;

use guichao_domain::fellows::LiaisonLevel;
use guichao_store::Actor;

/// The level a user most likely assigns at: their own unit's.
fn default_level(actor: &Actor) -> LiaisonLevel {
    LiaisonLevel::parse(actor.unit_level().code()).unwrap_or(LiaisonLevel::Township)
}

/// The contact cycle typed on a form: empty means the default.
fn cycle_days(text: &str) -> Result<i32, crate::AppError> {
    match text.trim() {
        "" => Ok(guichao_store::liaison::DEFAULT_CYCLE_DAYS),
        t => t
            .parse()
            .map_err(|_| crate::AppError::invalid("联系周期须为1到365天", "The contact cycle is 1 to 365 days")),
    }
}
