//! The fellow API's errors: the shared JSON shape, plus two members only this
//! area needs. A refused record lists each broken rule under `fields` (so a
//! client can mark its inputs), and a likely duplicate lists the records it
//! resembles under `duplicates` (send `confirm_duplicates: true` to save
//! anyway). `error.code` and `error.message` are as everywhere else.

use super::api_types::DuplicateCandidate;
use crate::api::fields::{FieldError, invalid};
use crate::error::{ApiError, AppError};
use crate::extract::request_lang;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use guichao_domain::fellows::FormError;
use guichao_store::StoreError;
use guichao_store::fellows::DuplicateHit;
use serde::Serialize;
use utoipa::ToSchema;

/// The error body of the fellow routes: the shared shape with optional extras.
#[derive(Serialize, ToSchema)]
pub struct FellowErrorBody {
    pub error: FellowErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct FellowErrorDetail {
    /// As in the shared error shape (`invalid`, `conflict`, `not_found`, ...).
    pub code: String,
    /// Every problem in one message, joined with `；` (Chinese) or `; `.
    pub message: String,
    /// With code `invalid`: each field that broke a rule, as the body names it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// With code `conflict`: records the new data resembles; nothing was saved.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<DuplicateCandidate>,
}

#[derive(Debug)]
pub enum FellowApiError {
    /// Any error of the shared kind.
    Api(ApiError),
    /// Fields that broke their rules (422).
    Fields(Vec<FormError>),
    /// Likely duplicates of the record being saved (409).
    Duplicates(Vec<DuplicateHit>),
}

pub type FellowApiResult<T> = Result<T, FellowApiError>;

impl FellowApiError {
    /// One field's problem.
    pub fn field(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> FellowApiError {
        FellowApiError::Fields(vec![FormError { field, message: guichao_domain::Msg::new(zh, en) }])
    }
}

impl From<ApiError> for FellowApiError {
    fn from(e: ApiError) -> FellowApiError {
        FellowApiError::Api(e)
    }
}

impl From<AppError> for FellowApiError {
    fn from(e: AppError) -> FellowApiError {
        FellowApiError::Api(ApiError(e))
    }
}

impl From<StoreError> for FellowApiError {
    fn from(e: StoreError) -> FellowApiError {
        match e {
            StoreError::Fields(fields) => FellowApiError::Fields(fields),
            other => FellowApiError::Api(ApiError(other.into())),
        }
    }
}

impl IntoResponse for FellowApiError {
    fn into_response(self) -> Response {
        let lang = request_lang();
        let (status, detail) = match self {
            FellowApiError::Api(e) => return e.into_response(),
            FellowApiError::Fields(errors) => {
                let (message, fields) = invalid(&errors, lang);
                let detail = FellowErrorDetail { code: "invalid".into(), message, fields, duplicates: vec![] };
                (StatusCode::UNPROCESSABLE_ENTITY, detail)
            }
            FellowApiError::Duplicates(hits) => {
                let duplicates: Vec<DuplicateCandidate> =
                    hits.into_iter().map(|h| DuplicateCandidate::new(h, lang)).collect();
                let names = duplicates.iter().map(|d| format!("{}（{}）", d.name, d.township)).collect::<Vec<_>>();
                let message = match lang {
                    guichao_domain::Lang::Zh => format!(
                        "可能已登记过：{}。确认不是同一人时，请带上 \"confirm_duplicates\": true 重新提交",
                        names.join("、")
                    ),
                    guichao_domain::Lang::En => format!(
                        "Likely already registered: {}. If this is a different person, send again with \"confirm_duplicates\": true",
                        names.join(", ")
                    ),
                };
                let detail = FellowErrorDetail { code: "conflict".into(), message, fields: vec![], duplicates };
                (StatusCode::CONFLICT, detail)
            }
        };
        (status, Json(FellowErrorBody { error: detail })).into_response()
    }
}
