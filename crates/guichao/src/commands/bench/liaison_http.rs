//! The liaison benchmark's figures as a user gets them: the same reads over
//! HTTP (`served::Server`, a new connection pool on the database as the bulk
//! loads left it, one kept-alive connection per user, an API token each).

use super::served::Server;
use super::{ms, percentile, round};
use serde_json::{Value, json};
use std::time::Instant;
use uuid::Uuid;

/// Requests timed for one figure: who asks and the paths asked in turn.
pub struct Asked {
    pub figure: &'static str,
    pub username: String,
    pub paths: Vec<String>,
}

/// Each figure's p50 over HTTP, after one untimed round of its paths.
pub async fn measure(url: &str, tenant_id: Uuid, asked: &[Asked], rounds: usize) -> anyhow::Result<Value> {
    let store = super::open(url).await?;
    let server = Server::start(&store).await?;
    let mut out = serde_json::Map::new();
    for a in asked {
        let mut client = server.client(&store, tenant_id, &a.username).await?;
        for path in &a.paths {
            client.get(path).await?;
        }
        let mut times = Vec::new();
        for _ in 0..rounds {
            for path in &a.paths {
                let started = Instant::now();
                std::hint::black_box(client.get(path).await?);
                times.push(ms(started));
            }
        }
        out.insert(format!("{}_http_p50_ms", a.figure), json!(round(percentile(&mut times, 0.5))));
    }
    server.stop().await?;
    Ok(Value::Object(out))
}
