//! The store's error type: what went wrong, in terms a page or API can show.

use guichao_domain::Msg;
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

    pub fn conflict(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
        StoreError::Conflict(Msg::new(zh, en))
    }
}
