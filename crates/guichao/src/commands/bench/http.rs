//! The fellows list measured through the web app, in process: requests sent
//! with `tower::ServiceExt::oneshot` to `guichao_web::app`, signed in with an
//! API token, as `GET /api/v1/fellows` with the township and category filters.

use super::{PAGE, ms, percentile};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use guichao_domain::fellows::Category;
use guichao_store::Store;
use guichao_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use std::time::Instant;
use tower::ServiceExt;
use uuid::Uuid;

/// p50 of the first page and of the page after `deep` pages, over HTTP.
pub async fn time_list(
    store: &Store,
    tenant_id: Uuid,
    username: &str,
    township_id: Uuid,
    deep: usize,
) -> anyhow::Result<(f64, f64)> {
    let token = store.system().create_token_for(tenant_id, username, "bench").await?.token;
    let app = guichao_web::app(AppState::new(store.clone(), WebConfig::default()));
    let get = |path: String| {
        let app = app.clone();
        let token = token.clone();
        async move {
            let request = Request::get(path.as_str())
                .header("authorization", format!("Bearer {token}"))
                .extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))))
                .body(Body::empty())?;
            let response = app.oneshot(request).await?;
            let status = response.status();
            let body = response.into_body().collect().await?.to_bytes();
            anyhow::ensure!(status == StatusCode::OK, "{path}: {status} {}", String::from_utf8_lossy(&body));
            Ok::<serde_json::Value, anyhow::Error>(serde_json::from_slice(&body)?)
        }
    };
    let (mut first, mut deep_times) = (Vec::new(), Vec::new());
    for category in Category::ALL {
        let path = format!("/api/v1/fellows?township_id={township_id}&category={}&limit={PAGE}", category.code());
        for _ in 0..20 {
            let started = Instant::now();
            std::hint::black_box(get(path.clone()).await?);
            first.push(ms(started));
        }
        let mut next = path;
        for _ in 0..deep {
            match get(next.clone()).await?["next"].as_str() {
                Some(n) => next = n.to_string(),
                None => break,
            }
        }
        for _ in 0..20 {
            let started = Instant::now();
            std::hint::black_box(get(next.clone()).await?);
            deep_times.push(ms(started));
        }
    }
    Ok((percentile(&mut first, 0.5), percentile(&mut deep_times, 0.5)))
}
