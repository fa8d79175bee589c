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

/// The public form's address on the host the page was asked on.
fn public_url(headers: &HeaderMap, secure: bool, code: &str) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    let scheme = if secure { "https" } else { "http" };
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
