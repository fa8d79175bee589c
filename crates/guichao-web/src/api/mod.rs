//! The `/api/v1` JSON API: every area's routes collected into one OpenAPI
//! document, served at `/api/v1/openapi.json` and browsable at `/api/docs`.
//! Conventions (errors, pagination, auth) are written down in docs/API.md.

use crate::AppState;
use crate::areas::AREAS;
use crate::error::ErrorBody;
use axum::Router;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Guichao API", description = "归巢 乡友招商服务平台 API. See docs/API.md for conventions."),
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
    let (_, doc) = routes().split_for_parts();
    doc
}

/// Every area's API routes (from the area list) under `/api/v1`.
fn routes() -> OpenApiRouter<AppState> {
    let v1 = AREAS.iter().filter_map(|a| a.api).fold(OpenApiRouter::new(), |router, api| router.merge(api()));
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1)
}

pub fn router(state: AppState) -> Router {
    let (router, doc) = routes().split_for_parts();
    router.with_state(state).merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", doc))
}

/// `limit` as given, within 1..=200, 50 when absent.
pub fn page_size(limit: Option<u64>) -> u64 {
    limit.unwrap_or(50).clamp(1, 200)
}
