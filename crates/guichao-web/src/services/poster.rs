//! `/services/poster`: a page for staff to print and put up, with the QR
//! code of the county's public service form (drawn as SVG on the server)
//! and its address written out.

use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::PageUser;
use crate::layout::Ctx;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::access::Permission;
use qrcode::QrCode;
use qrcode::render::svg;

#[derive(Template)]
#[template(path = "services/poster.html")]
struct PosterPage {
    ctx: Ctx,
    url: String,
    /// The QR code as an SVG element: made here from `url`, no user text in it.
    svg: String,
}

/// The public form's address on the host the page was asked on: `https`
/// where the site runs behind TLS (its cookies are `Secure`), except on this
/// machine's own loopback address, which the server answers in plain HTTP
/// (the demo at http://127.0.0.1:8080/).
fn public_url(headers: &HeaderMap, secure: bool, code: &str) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    let name = host
        .rsplit_once(':')
        .filter(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name);
    let loopback = name == "localhost" || name == "[::1]" || name.starts_with("127.");
    let scheme = if secure && !loopback { "https" } else { "http" };
    format!("{scheme}://{host}/public/{code}/services/new")
}

/// `GET /services/poster`.
pub(super) async fn show(State(state): State<AppState>, user: PageUser, headers: HeaderMap) -> PageResult<Response> {
    state.store.services(&user.actor, Permission::ServiceRead)?;
    let code = state.store.public_code(&user.actor).await?;
    let url = public_url(&headers, state.config.secure_cookies, &code);
    let qr = QrCode::new(url.as_bytes()).map_err(AppError::internal)?;
    let svg = qr.render::<svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build();
    // Only the <svg> element: the renderer starts with an XML declaration.
    let svg = svg.find("<svg").map_or(svg.clone(), |at| svg[at..].to_string());
    let page = PosterPage { ctx: Ctx::new(&user, "/services"), url, svg };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

#[cfg(test)]
mod tests {
    use super::public_url;
    use axum::http::{HeaderMap, HeaderValue, header::HOST};

    fn url(host: &str, secure: bool) -> String {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_str(host).unwrap());
        public_url(&headers, secure, "c")
    }

    #[test]
    fn behind_tls_the_address_is_https_but_never_on_the_loopback() {
        assert_eq!(url("guichao.example.cn", true), "https://guichao.example.cn/public/c/services/new");
        assert_eq!(url("10.1.2.3:8080", false), "http://10.1.2.3:8080/public/c/services/new");
        for host in ["127.0.0.1:8080", "localhost:8080", "localhost", "[::1]:8080", "[::1]"] {
            assert!(url(host, true).starts_with("http://"), "{host}");
        }
    }
}
