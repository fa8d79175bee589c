//! The requester's own rating from the lookup page
//! (`POST /public/{county}/services/rate`): the number and phone the lookup
//! matched come back with a score of 1-5 and a comment. It counts against
//! the sender's address like a submission; a wrong number or a wrong phone
//! gets the lookup's one not-found page, nothing written; a request not
//! done or already rated, or a score out of range, gets the request's page
//! again with the refusal.

use super::public::{LookupPage, html, limited};
use crate::AppState;
use crate::error::PageResult;
use crate::extract::{ClientIp, FormData, request_lang};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use guichao_domain::date::today;
use guichao_store::StoreError;

/// `POST /public/{county}/services/rate`.
pub(super) async fn rate(
    State(state): State<AppState>,
    Path(code): Path<String>,
    ClientIp(ip): ClientIp,
    form: FormData,
) -> PageResult<Response> {
    let lang = request_lang();
    let public = state.store.public_services(&code).await?;
    if state.public_guard.admit(&ip.clone().unwrap_or_default()).is_err() {
        return Err(limited());
    }
    let (number, phone, typed, comment) =
        (form.get("number"), form.get("phone"), form.get("score"), form.get("comment"));
    // Not a number at all is out of range too: the same refusal as 0 or 6.
    let score = typed.trim().parse::<i64>().unwrap_or(0);
    let outcome = public.rate(&number, &phone, score, &comment, today(), ip.as_deref()).await;
    let errors = match outcome {
        Ok(None) => return html(StatusCode::OK, LookupPage::new(lang, &public, code, &number, &phone, None)),
        Ok(Some(())) => None,
        Err(StoreError::Fields(f)) => Some(f),
        Err(other) => return Err(other.into()),
    };
    // Read back as the lookup shows it (the same query, so still a match).
    let found = public.lookup(&number, &phone).await?;
    let page = LookupPage::new(lang, &public, code, &number, &phone, found);
    match errors {
        None => html(StatusCode::OK, page.thanking()),
        Some(errors) => html(StatusCode::UNPROCESSABLE_ENTITY, page.refusing(errors, keep(&typed), comment)),
    }
}

/// The score as typed, kept only when it is one of the choices.
fn keep(typed: &str) -> String {
    let t = typed.trim();
    if matches!(t, "1" | "2" | "3" | "4" | "5") { t.to_string() } else { String::new() }
}
