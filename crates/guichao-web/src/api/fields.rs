//! An API error that keeps the fields a refusal names. The shared
//! [`ApiError`] joins a store's `Fields` into one message; routes whose
//! clients mark inputs (contacts, and any area whose store answers
//! `StoreError::Fields`) answer 422 with each field and its message under
//! `error.fields`, the rest of the shape as everywhere else.

use crate::error::{ApiError, AppError};
use crate::extract::request_lang;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use guichao_domain::Lang;
use guichao_domain::fellows::FormError;
use guichao_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// The error body of routes that name fields: the shared shape plus `fields`.
#[derive(Serialize, ToSchema)]
pub struct FieldErrorBody {
    pub error: FieldErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct FieldErrorDetail {
    /// As in the shared error shape (`invalid`, `not_found`, `forbidden`...).
    pub code: String,
    /// Every problem in one message, joined with `；` (Chinese) or `; `.
    pub message: String,
    /// With code `invalid`: each field that broke a rule, as the body names it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One field's refusal.
#[derive(Serialize, ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// An error of an API route that names fields.
#[derive(Debug)]
pub enum FieldApiError {
    /// Any error of the shared kind.
    Api(ApiError),
    /// Fields that broke their rules (422).
    Fields(Vec<FormError>),
}

pub type FieldApiResult<T> = Result<T, FieldApiError>;

impl From<ApiError> for FieldApiError {
    fn from(e: ApiError) -> FieldApiError {
        FieldApiError::Api(e)
    }
}

impl From<AppError> for FieldApiError {
    fn from(e: AppError) -> FieldApiError {
        FieldApiError::Api(ApiError(e))
    }
}

impl From<StoreError> for FieldApiError {
    fn from(e: StoreError) -> FieldApiError {
        match e {
            StoreError::Fields(fields) => FieldApiError::Fields(fields),
            other => FieldApiError::Api(ApiError(other.into())),
        }
    }
}

impl IntoResponse for FieldApiError {
    fn into_response(self) -> Response {
        match self {
            FieldApiError::Api(e) => e.into_response(),
            FieldApiError::Fields(errors) => {
                let (message, fields) = invalid(&errors, request_lang());
                let body = FieldErrorBody { error: FieldErrorDetail { code: "invalid".into(), message, fields } };
                (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
            }
        }
    }
}

/// The message and the field list of a refusal naming `errors`, in `lang`:
/// the one reading of field errors every API route answers with.
pub fn invalid(errors: &[FormError], lang: Lang) -> (String, Vec<FieldError>) {
    let fields: Vec<FieldError> = errors
        .iter()
        .map(|e| FieldError { field: e.field.to_string(), message: e.message.get(lang).to_string() })
        .collect();
    let message = fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(lang.pick("；", "; "));
    (message, fields)
}
