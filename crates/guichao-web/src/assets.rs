//! Our own stylesheet and script, compiled into the binary. No build step.

use crate::AppState;
use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;

const CSS: &str = include_str!("../static/app.css");
const JS: &str = include_str!("../static/app.js");
/// The print pages' own stylesheet and script (letters, address labels).
const PRINT_CSS: &str = include_str!("../static/print.css");
const PRINT_JS: &str = include_str!("../static/print.js");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/static/app.css", get(|| async { asset("text/css; charset=utf-8", CSS) }))
        .route("/static/app.js", get(|| async { asset("text/javascript; charset=utf-8", JS) }))
        .route("/static/print.css", get(|| async { asset("text/css; charset=utf-8", PRINT_CSS) }))
        .route("/static/print.js", get(|| async { asset("text/javascript; charset=utf-8", PRINT_JS) }))
        .route("/healthz", get(crate::home::healthz))
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(CONTENT_TYPE, content_type), (CACHE_CONTROL, "public, max-age=3600")], body)
}

#[cfg(test)]
mod tests {
    /// Every block of the stylesheet is closed: a missing `}` after a
    /// `@media` rule silently puts every later rule inside it (the park's
    /// phone rules once swallowed the agency's, the chains' and the
    /// campaigns' styles on wide screens).
    #[test]
    fn the_stylesheet_closes_every_block() {
        let mut depth = 0i32;
        for (n, line) in super::CSS.lines().enumerate() {
            depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
            assert!(depth >= 0, "line {}: a `}}` too many", n + 1);
            if line.starts_with("/*") {
                assert_eq!(depth, 0, "line {}: a section starts inside an open block", n + 1);
            }
        }
        assert_eq!(depth, 0, "a block is left open at the end");
    }
}
