//! Service requests (服务诉求): the lists (`/services`: mine, my unit's,
//! overdue, all), recording one (`/services/new`), a request's page with
//! its trail, replies and satisfaction (`/services/{id}`), the report by
//! kind and unit (`/services/report`), the county's time limits and
//! holiday calendar (`/services/settings`), a request's documents
//! (`/services/{id}/documents`), the poster with the public
//! form's QR code (`/services/poster`); the public form and lookup with no
//! account (`/public/{county}/services/…`); and `/api/v1/services`.

pub mod api;
mod api_documents;
mod api_types;
mod detail;
mod documents;
pub(crate) mod guard;
mod list;
mod new;
mod poster;
mod public;
mod public_rate;
mod report;
mod settings;

use crate::AppState;
use crate::error::AppError;
use axum::Router;
use axum::routing::{get, post};
use guichao_domain::Lang;
use guichao_domain::fellows::FormError;
use guichao_domain::services::{ServiceKind, ServiceStatus};
use guichao_store::StoreError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services", get(list::show))
        .route("/services/new", get(new::form).post(new::create))
        .route("/services/report", get(report::show))
        .route("/services/settings", get(settings::show))
        .route("/services/settings/limits", post(settings::limits))
        .route("/services/settings/calendar", post(settings::calendar))
        .route("/services/poster", get(poster::show))
        .route("/services/{id}", get(detail::show))
        .route("/services/{id}/steps", post(detail::step))
        .route("/services/{id}/replies", post(detail::reply))
        .route("/services/{id}/assign", post(detail::assign))
        .route("/services/{id}/satisfaction", post(detail::rate))
        .route(
            "/services/{id}/documents",
            post(documents::upload).layer(axum::extract::DefaultBodyLimit::max(crate::upload::DOCUMENT_BODY_LIMIT)),
        )
        .route("/services/{id}/documents/{document_id}", get(documents::download))
        .route("/public/{county}/services/new", get(public::new_form))
        .route("/public/{county}/services", post(public::submit))
        .route("/public/{county}/services/lookup", get(public::lookup_form).post(public::lookup))
        .route("/public/{county}/services/rate", post(public_rate::rate))
}

/// A kind as a query or body names it; empty is none; anything else 422.
pub(crate) fn kind_param(value: &Option<String>) -> Result<Option<ServiceKind>, AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(code) => ServiceKind::parse(code)
            .map(Some)
            .ok_or_else(|| AppError::invalid("诉求类别无效", "Unknown kind of request")),
    }
}

/// A status as a body names it, or 422.
pub(crate) fn status_param(code: &str) -> Result<ServiceStatus, AppError> {
    ServiceStatus::parse(code.trim()).ok_or_else(|| AppError::invalid("办理状态无效", "Unknown status"))
}

/// A store refusal as field errors to show on a form (a rule broken, or a
/// conflict, under `form`); other errors pass as the page's error.
fn refused(e: StoreError) -> Result<Vec<FormError>, AppError> {
    match e {
        StoreError::Fields(f) => Ok(f),
        StoreError::Invalid(message) | StoreError::Conflict(message) => Ok(vec![FormError { field: "form", message }]),
        other => Err(other.into()),
    }
}

/// What every staff page shows the same way.
trait ServiceView {
    fn lang(&self) -> Lang;

    fn kind(&self, k: &ServiceKind) -> &'static str {
        k.label(self.lang())
    }

    fn status(&self, s: &ServiceStatus) -> &'static str {
        s.label(self.lang())
    }

    fn days(&self, d: &Option<f64>) -> String {
        d.map_or_else(|| "—".into(), |d| format!("{d:.1}"))
    }

    fn score(&self, s: &Option<f64>) -> String {
        s.map_or_else(|| "—".into(), |s| format!("{s:.2}"))
    }

    fn rate(&self, part: &u64, whole: &u64) -> String {
        if *whole == 0 { "—".into() } else { format!("{:.1}%", *part as f64 / *whole as f64 * 100.0) }
    }
}
