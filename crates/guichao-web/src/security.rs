//! Cross-cutting protections: origin checking against CSRF on every unsafe
//! method, security headers with a CSP that allows no inline script, and a
//! per-address limit on login attempts.

use crate::AppState;
use crate::error::{ApiError, AppError};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN, REFERER};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Refuses a state-changing request that a browser sent from another site. A
/// request must name our own host in `Origin` (or, failing that, `Referer`).
/// Bearer-token calls carry no ambient credential and are exempt.
pub async fn csrf(State(_state): State<AppState>, req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let bearer = req.headers().get(AUTHORIZATION).is_some_and(|v| v.as_bytes().starts_with(b"Bearer "))
        && crate::extract::cookie(req.headers(), crate::extract::SESSION_COOKIE).is_none();
    if unsafe_method && !bearer && !same_origin(&req) {
        let error = AppError::Forbidden;
        tracing::warn!(path = %req.uri().path(), "cross-origin request refused");
        return if req.uri().path().starts_with("/api/") {
            ApiError(error).into_response()
        } else {
            error.into_response()
        };
    }
    next.run(req).await
}

fn same_origin(req: &Request) -> bool {
    let Some(host) = req.headers().get(HOST).and_then(|h| h.to_str().ok()) else { return false };
    let source = req.headers().get(ORIGIN).or_else(|| req.headers().get(REFERER)).and_then(|v| v.to_str().ok());
    let Some(source) = source else { return false };
    // "https://host:port/path" -> "host:port"
    let authority = source.split_once("://").map(|(_, rest)| rest).unwrap_or("").split('/').next().unwrap_or("");
    !authority.is_empty() && authority.eq_ignore_ascii_case(host)
}

/// Adds the security headers to every response.
pub async fn headers(req: Request, next: Next) -> Response {
    let docs = req.uri().path().starts_with("/api/docs");
    let mut res = crate::extract::lang_scope(req, next).await;
    // Swagger UI sets inline styles; only its pages allow them. No page allows
    // inline script.
    let csp = if docs {
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    } else {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    };
    let h = res.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(csp));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    res
}

/// A fixed-window counter of login attempts per client address.
pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter { per_minute, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts an attempt from `key`; false when the address is over its limit.
    pub fn allow(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut windows = self.windows.lock().expect("rate limiter lock");
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let entry = windows.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(60) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.per_minute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_counts_per_address() {
        let limiter = RateLimiter::new(3);
        assert!((0..3).all(|_| limiter.allow("1.2.3.4")));
        assert!(!limiter.allow("1.2.3.4"));
        assert!(limiter.allow("5.6.7.8"));
    }
}
