//! The `/api/v1` JSON API: every area's routes collected into one OpenAPI
//! document, served at `/api/v1/openapi.json` and browsable at `/api/docs`.
//! Conventions (errors, pagination, auth) are written down in docs/API.md,
//! served at `/api/guide`.

mod docs;
pub mod fields;
pub mod vocab;

use crate::AppState;
use crate::areas::AREAS;
use crate::error::{AppError, ErrorBody};
use axum::Router;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Guichao API", description = "归巢 乡友招商服务平台 API. Conventions (errors, pagination, sign-in): [/api/guide](/api/guide)."),
    components(schemas(ErrorBody)),
    modifiers(&Security),
    security(("bearer" = []), ("session" = []))
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components
            .add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("gc_session"))));
    }
}

/// The document, for the snapshot test and the CLI.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = routes().split_for_parts();
    vocab::drop_defaults_outside_enums(&mut doc);
    doc
}

/// Every area's API routes (from the area list) under `/api/v1`.
fn routes() -> OpenApiRouter<AppState> {
    let v1 = AREAS.iter().filter_map(|a| a.api).fold(OpenApiRouter::new(), |router, api| router.merge(api()));
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1)
}

pub fn router(state: AppState) -> Router {
    let (router, mut doc) = routes().split_for_parts();
    vocab::drop_defaults_outside_enums(&mut doc);
    let swagger = Router::from(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", doc))
        .layer(axum::middleware::from_fn(docs::start_page));
    router.with_state(state).merge(swagger).route(docs::GUIDE, axum::routing::get(docs::guide))
}

/// The most items one page of a list holds.
pub const MAX_LIMIT: u64 = 200;

/// The most rows a list may be asked to skip: far past any county's records,
/// and far inside the signed 64-bit numbers the databases take.
pub const MAX_OFFSET: u64 = 1_000_000_000_000;

/// A list's `offset` parameter (default 0), refused past [`MAX_OFFSET`].
pub fn page_offset(offset: Option<u64>) -> Result<u64, AppError> {
    match offset.unwrap_or(0) {
        n if n <= MAX_OFFSET => Ok(n),
        _ => Err(AppError::invalid(
            format!("offset 应为 0 到 {MAX_OFFSET} 之间的整数"),
            format!("offset is a whole number from 0 to {MAX_OFFSET}"),
        )),
    }
}

/// `limit` as given, 50 when absent. Outside 1..=200 it is refused (422)
/// rather than clamped, so that a client asking for more learns it gets less.
pub fn page_size(limit: Option<u64>) -> Result<u64, AppError> {
    match limit {
        None => Ok(50),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(AppError::invalid(
            format!("limit 应为 1 到 {MAX_LIMIT} 之间的整数"),
            format!("limit is a whole number from 1 to {MAX_LIMIT}"),
        )),
    }
}
