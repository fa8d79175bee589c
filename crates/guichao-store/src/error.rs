//! The store's error type: what went wrong, in terms a page or API can show.

use guichao_domain::Msg;
use guichao_domain::fellows::FormError;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record does not exist or lies outside the caller's scope. The two are
    /// deliberately the same error, so that a 404 tells nothing about other units.
    #[error("not found")]
    NotFound,
    /// The caller lacks the permission for this action.
    #[error("forbidden")]
    Forbidden,
    /// Input that breaks a rule; the message is for the user.
    #[error("{0}")]
    Invalid(Msg),
    /// Fields of a form or an API body that break their rules, each under the
    /// name the body gives it (a page shows them by their inputs, the API
    /// answers 422 with `fields`).
    #[error("{}", StoreError::joined(.0).zh)]
    Fields(Vec<FormError>),
    /// Someone else changed the record, or a unique value is taken.
    #[error("{0}")]
    Conflict(Msg),
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    pub fn invalid(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
        StoreError::Invalid(Msg::new(zh, en))
    }

    /// One field's refusal.
    pub fn field(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> StoreError {
        StoreError::Fields(vec![FormError { field, message: Msg::new(zh, en) }])
    }

    /// Every field's message in one, joined with `；` (Chinese) or `; `.
    pub fn joined(errors: &[FormError]) -> Msg {
        let zh: Vec<&str> = errors.iter().map(|e| e.message.zh.as_str()).collect();
        let en: Vec<&str> = errors.iter().map(|e| e.message.en.as_str()).collect();
        Msg::new(zh.join("；"), en.join("; "))
    }

    pub fn conflict(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
        StoreError::Conflict(Msg::new(zh, en))
    }
}
