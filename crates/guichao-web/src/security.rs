//! Cross-cutting protections: origin checking against CSRF on every unsafe
//! method, security headers with a CSP that allows no inline script,
//! `Cache-Control: no-store` on every answer but the static assets, and
//! limits on failed sign-ins per address and per account.

use crate::AppState;
use crate::error::{ApiError, AppError};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, HOST, ORIGIN, REFERER};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use guichao_domain::Msg;
use guichao_domain::auth::{LOCKOUT_MINUTES, MAX_FAILED_LOGINS};
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

/// Whether an answer to `path` is a static asset (our CSS and script, the
/// Swagger UI's files): the same for everyone, so a browser may keep it.
fn is_static_asset(path: &str) -> bool {
    path.starts_with("/static/") || path.starts_with("/api/docs")
}

/// Adds the security headers to every response. Every answer but a static
/// asset is `Cache-Control: no-store`: pages and API answers carry personal
/// data (a fellow's phone once revealed, a user's sessions, a token shown
/// once), and neither the browser's cache nor a proxy on the way may keep
/// them for the next person at a shared computer. Marking them all, rather
/// than the pages judged personal, leaves no page to forget.
pub async fn headers(req: Request, next: Next) -> Response {
    let docs = req.uri().path().starts_with("/api/docs");
    let asset = is_static_asset(req.uri().path());
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
    if !asset {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Failed sign-ins, counted per client address and per account (the tenant
/// and the username as typed, whether or not such a user exists). Successful
/// sign-ins are never counted: a county office signs in behind one shared
/// address at 8:30. An address with `per_minute` failures within a minute is
/// refused for a minute; a username with `MAX_FAILED_LOGINS` failures in a
/// row is refused for `LOCKOUT_MINUTES`, the same as the store's lockout of a
/// real account, so that a made-up name is refused exactly like a real one.
pub struct RateLimiter {
    addresses: Failures,
    accounts: Failures,
}

/// Why a sign-in is refused before its password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Address,
    Account,
}

impl Refusal {
    /// The message: it names what tripped the limit, never whether the user exists.
    pub fn message(self) -> Msg {
        match self {
            Refusal::Address => Msg::new(
                "此网络地址登录失败次数过多，请一分钟后再试",
                "Too many failed sign-ins from this address; try again in a minute",
            ),
            Refusal::Account => Msg::new(
                format!("该用户名登录失败次数过多，请{LOCKOUT_MINUTES}分钟后再试，或请管理员重置密码"),
                format!(
                    "Too many failed sign-ins for this username; try again in {LOCKOUT_MINUTES} minutes or ask an administrator to reset the password"
                ),
            ),
        }
    }
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        let minute = Duration::from_secs(60);
        let lockout = Duration::from_secs(60 * LOCKOUT_MINUTES as u64);
        RateLimiter {
            addresses: Failures::new(per_minute, minute, minute),
            // "In a row" is bounded by a day only so that forgotten names leave memory.
            accounts: Failures::new(MAX_FAILED_LOGINS as u32, Duration::from_secs(24 * 3600), lockout),
        }
    }

    /// Whether a sign-in from `address` as `account` may be tried at all.
    pub fn check(&self, address: &str, account: &str) -> Result<(), Refusal> {
        let now = Instant::now();
        if self.addresses.blocked(address, now) {
            return Err(Refusal::Address);
        }
        if self.accounts.blocked(&account_key(account), now) {
            return Err(Refusal::Account);
        }
        Ok(())
    }

    /// Counts a failed sign-in against both the address and the account.
    pub fn failed(&self, address: &str, account: &str) {
        let now = Instant::now();
        self.addresses.fail(address, now);
        self.accounts.fail(&account_key(account), now);
    }

    /// A successful sign-in ends the account's run of failures (as the store
    /// resets its count); the address keeps its count.
    pub fn succeeded(&self, account: &str) {
        self.accounts.clear(&account_key(account));
    }
}

/// The key of an account: bounded in length, whatever was typed.
fn account_key(account: &str) -> String {
    account.chars().take(80).collect()
}

/// Failures per key: `limit` of them within `window` of the first block the
/// key for `block`.
struct Failures {
    limit: u32,
    window: Duration,
    block: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Clone, Copy)]
struct Entry {
    first: Instant,
    count: u32,
    blocked_until: Option<Instant>,
}

impl Failures {
    fn new(limit: u32, window: Duration, block: Duration) -> Failures {
        Failures { limit: limit.max(1), window, block, entries: Mutex::new(HashMap::new()) }
    }

    fn blocked(&self, key: &str, now: Instant) -> bool {
        let entries = self.entries.lock().expect("rate limiter lock");
        entries.get(key).and_then(|e| e.blocked_until).is_some_and(|until| now < until)
    }

    fn fail(&self, key: &str, now: Instant) {
        let mut entries = self.entries.lock().expect("rate limiter lock");
        if entries.len() > 10_000 {
            entries
                .retain(|_, e| e.blocked_until.is_some_and(|u| now < u) || now.duration_since(e.first) < self.window);
        }
        let fresh = Entry { first: now, count: 0, blocked_until: None };
        let entry = entries.entry(key.to_string()).or_insert(fresh);
        let block_over = entry.blocked_until.is_some_and(|until| now >= until);
        if block_over || now.duration_since(entry.first) >= self.window {
            *entry = fresh;
        }
        entry.count += 1;
        if entry.count >= self.limit {
            *entry = Entry { first: now, count: 0, blocked_until: Some(now + self.block) };
        }
    }

    fn clear(&self, key: &str) {
        self.entries.lock().expect("rate limiter lock").remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_block_a_key_for_a_while_then_it_starts_afresh() {
        let failures = Failures::new(3, Duration::from_secs(60), Duration::from_secs(60));
        let t0 = Instant::now();
        failures.fail("1.2.3.4", t0);
        failures.fail("1.2.3.4", t0);
        assert!(!failures.blocked("1.2.3.4", t0));
        failures.fail("1.2.3.4", t0 + Duration::from_secs(10));
        assert!(failures.blocked("1.2.3.4", t0 + Duration::from_secs(10)));
        assert!(failures.blocked("1.2.3.4", t0 + Duration::from_secs(69)));
        assert!(!failures.blocked("5.6.7.8", t0 + Duration::from_secs(10)));
        assert!(!failures.blocked("1.2.3.4", t0 + Duration::from_secs(70)));
        // After the block, one more failure does not block again at once.
        failures.fail("1.2.3.4", t0 + Duration::from_secs(71));
        assert!(!failures.blocked("1.2.3.4", t0 + Duration::from_secs(71)));
    }

    #[test]
    fn failures_spread_beyond_the_window_do_not_add_up() {
        let failures = Failures::new(2, Duration::from_secs(60), Duration::from_secs(60));
        let t0 = Instant::now();
        failures.fail("a", t0);
        failures.fail("a", t0 + Duration::from_secs(61));
        assert!(!failures.blocked("a", t0 + Duration::from_secs(61)));
    }

    #[test]
    fn successes_are_not_counted_and_clear_the_accounts_run() {
        let limiter = RateLimiter::new(10);
        for _ in 0..(MAX_FAILED_LOGINS - 1) {
            limiter.failed("1.2.3.4", "t/admin");
        }
        limiter.succeeded("t/admin");
        limiter.failed("1.2.3.4", "t/admin");
        assert_eq!(limiter.check("1.2.3.4", "t/admin"), Ok(()));
    }

    #[test]
    fn an_account_is_limited_across_addresses() {
        let limiter = RateLimiter::new(10);
        for i in 0..MAX_FAILED_LOGINS {
            limiter.failed(&format!("10.0.0.{i}"), "t/admin");
        }
        assert_eq!(limiter.check("10.9.9.9", "t/admin"), Err(Refusal::Account));
        assert_eq!(limiter.check("10.9.9.9", "t/other"), Ok(()));
    }
}
