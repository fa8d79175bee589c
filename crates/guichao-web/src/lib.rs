//! Guichao's web app: server-rendered pages and the `/api/v1` JSON API over one
//! store. `app(state)` builds the router and `serve` runs it; the binary and the
//! tests both call these.
//!
//! One folder per area (`fellows`, `chambers`, `org`, `users`, `audit`...), each
//! with its pages and its API routes, listed once in `areas`; cross-cutting
//! pieces (sign-in, CSRF, headers, errors, language) are extractors and
//! middleware at the top level.

mod account;
mod agency;
pub mod api;
mod areas;
mod assets;
mod audit;
mod auth;
mod campaigns;
mod chains;
mod chambers;
mod contacts;
mod error;
mod events;
mod extract;
mod fellows;
mod flash;
mod funds;
mod home;
mod import_jobs;
mod layout;
mod liaison;
pub mod list;
mod org;
mod park;
mod policies;
mod projects;
mod security;
mod select;
mod services;
mod sms;
mod upload;
mod users;

pub use campaigns::print_html as letters_print_html;
pub use error::{ApiError, AppError};
pub use upload::MAX_UPLOAD as IMPORT_UPLOAD_LIMIT;

use axum::Router;
use guichao_store::Store;
use guichao_store::org::SessionPolicy;
use security::RateLimiter;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    pub session: SessionPolicy,
    /// Mark the session cookie `Secure`, so that a browser sends it only over
    /// HTTPS (and to `localhost`). On by default; off only where the operator
    /// runs plain HTTP on a trusted network (`trusted_plain_http` in
    /// `guichao.toml`) or for the demo on this machine's loopback address.
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (behind a trusted proxy).
    pub trust_proxy: bool,
    /// Failed sign-ins allowed per client address per minute (successful ones
    /// are not counted; see `security::RateLimiter`).
    pub login_attempts_per_minute: u32,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            session: SessionPolicy::default(),
            secure_cookies: true,
            trust_proxy: false,
            login_attempts_per_minute: 10,
        }
    }
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    limiter: Arc<RateLimiter>,
    imports: Arc<fellows::import::jobs::Jobs>,
    contact_imports: Arc<contacts::import::jobs::LogJobs>,
    project_imports: Arc<projects::import::ProjectJobs>,
    funds_imports: Arc<funds::import_kinds::FundsImports>,
    flash: Arc<flash::Flash>,
    /// The public service form's challenge key and per-address limits.
    public_guard: Arc<services::guard::PublicGuard>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> AppState {
        let limiter = Arc::new(RateLimiter::new(config.login_attempts_per_minute));
        AppState {
            store,
            config: Arc::new(config),
            limiter,
            imports: Arc::default(),
            contact_imports: Arc::default(),
            project_imports: Arc::default(),
            funds_imports: Arc::default(),
            flash: Arc::default(),
            public_guard: Arc::default(),
        }
    }
}

/// The whole application as one router.
pub fn app(state: AppState) -> Router {
    let api = api::router(state.clone());
    let pages = areas::AREAS.iter().filter_map(|a| a.pages).fold(Router::new(), |router, pages| router.merge(pages()));
    // Sign-in, language and static assets belong to no area.
    pages
        .merge(auth::routes())
        .merge(assets::routes())
        .with_state(state.clone())
        .merge(api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state, security::csrf))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::extract::DefaultBodyLimit::max(2 * 1024 * 1024))
        // A bug that panics answers 500 with an error id (logged with the
        // panic), as any internal error does, instead of dropping the connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    AppError::internal(format!("panic: {what}")).into_response()
}

/// Serves the app on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Unknown paths: our 404 page, or the JSON error under `/api/`.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    error_for(&uri, AppError::NotFound)
}

async fn method_not_allowed(uri: axum::http::Uri) -> axum::response::Response {
    error_for(&uri, AppError::MethodNotAllowed)
}

fn error_for(uri: &axum::http::Uri, error: AppError) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") { ApiError(error).into_response() } else { error.into_response() }
}
