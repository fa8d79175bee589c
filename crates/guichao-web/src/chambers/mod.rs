//! The chambers area (商会): the list and detail pages with their forms, and
//! the `/api/v1/chambers` routes.

pub mod api;
mod api_types;
mod detail;
mod form;
mod pages;

pub use pages::routes;

use crate::error::{ApiError, AppError};
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use guichao_domain::Lang;
use uuid::Uuid;

/// A rule broken on save, to show on the form again with what the user typed:
/// the status (422, or 409 for a conflict) and the message. Other errors
/// (404, 403, 500) pass through as error pages.
pub(crate) fn refusal(e: impl Into<AppError>, lang: Lang) -> Result<(StatusCode, String), AppError> {
    match e.into() {
        AppError::Invalid(m) => Ok((StatusCode::UNPROCESSABLE_ENTITY, m.get(lang).to_string())),
        AppError::Conflict(m) => Ok((StatusCode::CONFLICT, m.get(lang).to_string())),
        other => Err(other),
    }
}

/// Two record ids in the path (a chamber and one of its offices or members). A
/// malformed id is a record that does not exist.
pub struct TwoIds(pub Uuid, pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for TwoIds {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<(Uuid, Uuid)>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path((a, b))) => Ok(TwoIds(a, b)),
            Err(_) => Err(AppError::NotFound),
        }
    }
}

/// [`TwoIds`] for the API: a malformed id answers the JSON 404.
pub struct ApiTwoIds(pub Uuid, pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for ApiTwoIds {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let TwoIds(a, b) = TwoIds::from_request_parts(parts, state).await?;
        Ok(ApiTwoIds(a, b))
    }
}
