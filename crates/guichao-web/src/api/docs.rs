//! The API's pages for people: Swagger UI at `/api/docs` in a page that fits a
//! phone and links back to the app and to the guide, and the conventions of
//! docs/API.md as a page at `/api/guide`, rendered from the markdown compiled
//! into the binary.

use crate::extract::request_lang;
use askama::Template;
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use guichao_domain::Lang;
use std::sync::LazyLock;

/// Where the guide is served.
pub const GUIDE: &str = "/api/guide";

const API_MD: &str = include_str!("../../../../docs/API.md");

/// docs/API.md as HTML, rendered once.
static GUIDE_HTML: LazyLock<String> = LazyLock::new(|| markdown(API_MD));

fn markdown(text: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(text, Options::ENABLE_TABLES));
    out
}

/// Swagger UI's own start page, with our header and a phone's viewport.
#[derive(Template)]
#[template(path = "api/docs.html")]
struct DocsPage {
    lang: Lang,
}

/// docs/API.md in the app's style.
#[derive(Template)]
#[template(path = "api/guide.html")]
struct GuidePage {
    lang: Lang,
    body: &'static str,
}

impl DocsPage {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }
}

impl GuidePage {
    fn t(&self, zh: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(zh, en)
    }
}

/// Middleware on the Swagger UI routes: its start page is ours; its scripts,
/// styles and the document are its own.
pub async fn start_page(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if req.method() == Method::GET && (path == "/api/docs/" || path == "/api/docs/index.html") {
        return render(&DocsPage { lang: request_lang() });
    }
    next.run(req).await
}

pub async fn guide() -> Response {
    render(&GuidePage { lang: request_lang(), body: GUIDE_HTML.as_str() })
}

fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => crate::error::AppError::internal(e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_renders_its_headings_tables_and_code() {
        let html = markdown(API_MD);
        assert!(html.contains("<h2>Errors</h2>"), "{html}");
        assert!(html.contains("<table>") && html.contains("<td><code>not_found</code></td>"));
        assert!(html.contains("<pre><code class=\"language-json\">"));
        assert!(!html.contains("## "), "no heading left as markdown");
    }
}
