//! Search as served: right after a roster of [`ROSTER`] rows is imported
//! through the product's import path (as `guichao import fellows` does), the
//! server is started on that database, with no maintenance besides what the
//! product does itself, and searches are timed over HTTP (a real socket, one
//! kept-alive connection, `GET /api/v1/fellows?q=…&limit=20` with an API token).
//!
//! On SQLite the measured database is a copy of the benchmark's file as it is
//! (not compacted), deleted afterwards, so that runs do not grow it; on
//! PostgreSQL the roster is imported into the given database.

use super::{import, ms, percentile, round};
use crate::demo::scale::ScaleCounty;
use anyhow::Context;
use guichao_store::{Backend, Store};
use guichao_web::{AppState, WebConfig};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Instant;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// Rows of the roster imported before searching.
pub const ROSTER: u64 = 10_000;
/// Where the SQLite copy is made.
const COPY: &str = "target/bench/served.db";

/// The queries one user types, by class.
pub struct UserQueries<'a> {
    pub username: &'a str,
    pub user: &'a str,
    pub classes: Vec<(&'static str, Vec<String>)>,
}

/// Imports the roster, serves the database and times `queries` over HTTP.
pub async fn run(store: &Store, url: &str, county: &ScaleCounty, queries: &[UserQueries<'_>]) -> anyhow::Result<Value> {
    let served = match store.backend() {
        Backend::Sqlite => {
            remove_copy();
            copy_as_left(store, url).await?;
            super::open(&format!("sqlite://{COPY}")).await?
        }
        Backend::Postgres => store.clone(),
    };
    let url = match store.backend() {
        Backend::Sqlite => format!("sqlite://{COPY}"),
        Backend::Postgres => url.to_string(),
    };
    let result = measure(&served, &url, county, queries).await;
    if store.backend() == Backend::Sqlite {
        drop(served);
        remove_copy();
    }
    result
}

/// Copies the SQLite file at `url` as the product left it: its pages where
/// its writes put them (a `VACUUM INTO` copy would be compacted, kinder than
/// any county's own file), after folding the write-ahead log into it.
async fn copy_as_left(store: &Store, url: &str) -> anyhow::Result<()> {
    let db = store.system().connection();
    let checkpoint = Statement::from_string(DbBackend::Sqlite, "PRAGMA wal_checkpoint(TRUNCATE)");
    let busy: i32 = db.query_one_raw(checkpoint).await?.context("no checkpoint result")?.try_get_by_index(0)?;
    anyhow::ensure!(busy == 0, "the write-ahead log could not be folded into the database: a reader held it");
    let file = crate::config::sqlite_file(url).context("not a SQLite URL")?;
    std::fs::copy(file, COPY).with_context(|| format!("cannot copy {file} to {COPY}"))?;
    Ok(())
}

fn remove_copy() {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{COPY}{suffix}"));
    }
}

async fn measure(store: &Store, url: &str, county: &ScaleCounty, queries: &[UserQueries<'_>]) -> anyhow::Result<Value> {
    let dir = Path::new("target/bench/files");
    std::fs::create_dir_all(dir)?;
    let roster = dir.join(format!("served-roster-{ROSTER}.csv"));
    import::write_roster(&roster, &county.units, 9_001, ROSTER).await?;
    let started = Instant::now();
    import::import(store, county, &roster).await?;
    let import_s = started.elapsed().as_secs_f64();

    // A new connection pool, as `guichao serve` opens, on the database as the import left it.
    let fresh = super::open(url).await?;
    let server = Server::start(&fresh).await?;
    let mut classes = Vec::new();
    for who in queries {
        let mut client = server.client(&fresh, county.tenant.id, who.username).await?;
        for (class, qs) in &who.classes {
            let path = |q: &str| format!("/api/v1/fellows?q={}&limit=20", encode(q));
            for q in qs.iter().take(10) {
                client.get(&path(q)).await?;
            }
            let mut times = Vec::with_capacity(qs.len());
            for q in qs {
                let started = Instant::now();
                std::hint::black_box(client.get(&path(q)).await?);
                times.push(ms(started));
            }
            let p50 = percentile(&mut times, 0.5);
            let p95 = percentile(&mut times, 0.95);
            classes
                .push(json!({"class": class, "user": who.user, "http_p50_ms": round(p50), "http_p95_ms": round(p95)}));
        }
    }
    server.stop().await?;
    // What the schedule of `guichao serve` costs on this database, measured last.
    let started = Instant::now();
    fresh.refresh_search().await?;
    let refresh_ms = ms(started);
    Ok(json!({"roster_rows": ROSTER, "import_s": round(import_s), "refresh_ms": round(refresh_ms), "classes": classes}))
}

/// Percent-encodes a query value.
pub(super) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// `guichao serve`'s app on a real socket of this machine, until stopped.
pub struct Server {
    addr: std::net::SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub async fn start(store: &Store) -> anyhow::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(store.clone(), WebConfig::default());
        let task = tokio::spawn(guichao_web::serve(listener, state, async move {
            stopped.await.ok();
        }));
        Ok(Server { addr, stop, task })
    }

    /// `http://address:port`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A client signed in as `username` with a new API token.
    pub async fn client(&self, store: &Store, tenant_id: uuid::Uuid, username: &str) -> anyhow::Result<Client> {
        let token = store.system().create_token_for(tenant_id, username, "bench served").await?.token;
        Client::connect(self.addr, token).await
    }

    pub async fn stop(self) -> anyhow::Result<()> {
        self.stop.send(()).ok();
        Ok(self.task.await??)
    }
}

/// HTTP/1.1 over one kept-alive connection, enough for JSON answers with a
/// `content-length`.
pub struct Client {
    stream: BufReader<TcpStream>,
    host: String,
    token: String,
}

impl Client {
    async fn connect(addr: std::net::SocketAddr, token: String) -> anyhow::Result<Client> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Client { stream: BufReader::new(stream), host: addr.to_string(), token })
    }

    /// The body of a `200 OK` answer to `GET path`.
    pub async fn get(&mut self, path: &str) -> anyhow::Result<Vec<u8>> {
        let request =
            format!("GET {path} HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {}\r\n\r\n", self.host, self.token);
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        let mut status = String::new();
        self.stream.read_line(&mut status).await?;
        let mut length = None;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).await?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = Some(value.trim().parse::<usize>()?);
            }
        }
        let mut body = vec![0; length.context("an answer without content-length")?];
        self.stream.read_exact(&mut body).await?;
        anyhow::ensure!(status.contains(" 200 "), "{path}: {} {}", status.trim(), String::from_utf8_lossy(&body));
        Ok(body)
    }
}
