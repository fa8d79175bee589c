//! The SMS area (慰问短信): the outbox with its status filter and each
//! message's trail, the queue form, the templates and the opt-out list, and
//! the `/api/v1/sms` routes. Handlers only call the store's SMS handle; no
//! page shows a phone number.

pub mod api;
mod api_types;
mod opt_outs;
mod outbox;
mod queue;
mod templates;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};
use guichao_domain::Lang;
use guichao_domain::sms::{FailReason, SmsStatus};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sms", get(outbox::list))
        .route("/sms/messages/{id}", get(outbox::show))
        .route("/sms/messages/{id}/resolve", post(outbox::resolve))
        .route("/sms/queue", get(queue::form).post(queue::submit))
        .route("/sms/templates", get(templates::list).post(templates::create))
        .route("/sms/templates/{id}", get(templates::edit).post(templates::update))
        .route("/sms/settings", post(templates::settings))
        .route("/sms/opt-outs", get(opt_outs::list).post(opt_outs::add))
        .route("/sms/opt-outs/{id}/delete", post(opt_outs::remove))
}

/// A status as shown, with its reason when it failed.
pub(crate) fn status_text(status: SmsStatus, reason: Option<FailReason>, lang: Lang) -> String {
    match reason {
        Some(r) if status == SmsStatus::Failed => format!("{}（{}）", status.label(lang), r.label(lang)),
        _ => status.label(lang).to_string(),
    }
}
