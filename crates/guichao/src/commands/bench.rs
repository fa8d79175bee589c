//! `guichao bench search`: search and list latency on generated fellows.
//!
//! Builds (or reuses) a database of `--fellows` generated fellows, then for a
//! county-wide user and a township user measures `Store::search_fellows` per
//! query class against a plain `LIKE '%q%'` scan of the same queries, and the
//! first and a deep page of the fellows list filtered by township and
//! category (through the store by cursor and by page number with its exact
//! total, as `/fellows` shows it, and through the in-process web app's API);
//! then search as served, over HTTP, right after an import (`served.rs`).

mod baseline;
mod campaign;
mod http;
mod import;
mod liaison;
mod liaison_data;
mod liaison_http;
mod projects;
mod projects_data;
mod queries;
mod served;
mod services;
mod services_data;
mod soak;
mod soak_client;

use crate::cli::{
    BenchArgs, BenchCampaignArgs, BenchCommand, BenchImportArgs, BenchLiaisonArgs, BenchProjectsArgs, BenchSearchArgs,
    BenchServicesArgs, BenchSoakArgs,
};
use crate::config::Config;
use crate::demo::scale;
use anyhow::Context;
use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::fellows::Category;
use guichao_domain::org::UnitLevel;
use guichao_store::fellows::FellowQuery;
use guichao_store::{Actor, Backend, Store};
use queries::{CLASSES, queries, samples};
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use std::process::ExitCode;
use std::time::Instant;

/// The personal-data key of benchmark databases: fixed, the data is synthetic.
const BENCH_KEY: [u8; 32] = *b"guichao bench key, synthetic!!!!";
/// List pages walked before the deep page is timed.
const DEEP_PAGES: usize = 50;
const PAGE: u64 = 50;

pub async fn run(config: &Config, explicit: Option<String>, args: BenchArgs) -> anyhow::Result<ExitCode> {
    let args = match args.command {
        BenchCommand::Search(args) => args,
        BenchCommand::Import(args) => return import_bench(explicit, args).await,
        BenchCommand::Liaison(args) => return liaison_bench(explicit, args).await,
        BenchCommand::Projects(args) => return projects_bench(explicit, args).await,
        BenchCommand::Campaign(args) => return campaign_bench(explicit, args).await,
        BenchCommand::Services(args) => return services_bench(explicit, args).await,
        BenchCommand::Soak(args) => return soak_bench(config, explicit, args).await,
    };
    let url = match explicit {
        Some(url) => url,
        None => {
            std::fs::create_dir_all("target/bench").context("cannot create target/bench")?;
            let tenants = if args.tenants == 1 { String::new() } else { format!("-t{}", args.tenants) };
            format!("sqlite://target/bench/search-{}{tenants}.db", args.fellows)
        }
    };
    let store = open(&url).await?;
    let report = search(&store, &url, &args).await?;
    if args.json {
        println!("{report}");
    } else {
        print_table(&report);
    }
    Ok(ExitCode::SUCCESS)
}

/// `guichao bench import`: on a fresh SQLite file unless a URL is given.
async fn import_bench(explicit: Option<String>, args: BenchImportArgs) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all("target/bench").context("cannot create target/bench")?;
    let url = match explicit {
        Some(url) => url,
        None => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("target/bench/import.db{suffix}"));
            }
            "sqlite://target/bench/import.db".to_string()
        }
    };
    let store = open(&url).await?;
    let report = import::run(&store, args.rows, std::path::Path::new("target/bench/files")).await?;
    if args.json {
        println!("{report}");
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(ExitCode::SUCCESS)
}

/// `guichao bench liaison`: on target/bench/liaison-N.db unless a URL is given.
async fn liaison_bench(explicit: Option<String>, args: BenchLiaisonArgs) -> anyhow::Result<ExitCode> {
    let url = match explicit {
        Some(url) => url,
        None => {
            std::fs::create_dir_all("target/bench").context("cannot create target/bench")?;
            format!("sqlite://target/bench/liaison-{}.db", args.fellows)
        }
    };
    let store = open(&url).await?;
    let report = liaison::run(&store, &url, &args).await?;
    if args.json {
        println!("{report}");
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(ExitCode::SUCCESS)
}

/// `guichao bench projects`: on target/bench/projects-N.db unless a URL is given.
async fn projects_bench(explicit: Option<String>, args: BenchProjectsArgs) -> anyhow::Result<ExitCode> {
    let url = match explicit {
        Some(url) => url,
        None => {
            std::fs::create_dir_all("target/bench").context("cannot create target/bench")?;
            format!("sqlite://target/bench/projects-{}-{}.db", args.projects, args.fellows)
        }
    };
    let store = open(&url).await?;
    let report = projects::run(&store, &url, &args).await?;
    if args.json {
        println!("{report}");
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(ExitCode::SUCCESS)
}

/// `guichao bench services`: on target/bench/services-N.db unless a URL is given.
async fn services_bench(explicit: Option<String>, args: BenchServicesArgs) -> anyhow::Result<ExitCode> {
    let url = match explicit {
        Some(url) => url,
        None => {
            std::fs::create_dir_all("target/bench").context("cannot create target/bench")?;
            format!("sqlite://target/bench/services-{}.db", args.requests)
        }
    };
    let store = open(&url).await?;
    let report = services::run(&store, &url, &args).await?;
    if args.json {
        println!("{report}");
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(ExitCode::SUCCESS)
}

/// `guichao bench soak`: on a fresh target/bench/soak.db unless a database
/// is named, which is then opened as `serve` opens it, with its own key (CI
/// soaks the demo it has just fuzzed).
async fn soak_bench(config: &Config, explicit: Option<String>, args: BenchSoakArgs) -> anyhow::Result<ExitCode> {
    let store = match explicit {
        Some(_) => super::open(config).await?,
        None => {
            std::fs::create_dir_all("target/bench").context("cannot create target/bench")?;
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("target/bench/soak.db{suffix}"));
            }
            open("sqlite://target/bench/soak.db").await?
        }
    };
    let report = soak::run(&store, &args).await?;
    if args.json {
        println!("{report}");
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    let clean = report["errors"] == 0 && report["lost_updates"] == 0;
    Ok(if clean { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

async fn campaign_bench(explicit: Option<String>, args: BenchCampaignArgs) -> anyhow::Result<ExitCode> {
    let url = match explicit {
        Some(url) => url,
        None => {
            std::fs::create_dir_all("target/bench").context("cannot create target/bench")?;
            format!("sqlite://target/bench/campaign-{}.db", args.fellows)
        }
    };
    let store = open(&url).await?;
    let report = campaign::run(&store, &url, &args).await?;
    if args.json {
        println!("{report}");
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(ExitCode::SUCCESS)
}

async fn open(url: &str) -> anyhow::Result<Store> {
    let store = Store::connect(url).await.with_context(|| format!("cannot open {url}"))?;
    store.migrate().await?;
    store.system().sync_roles().await?;
    Ok(store.with_field_key(guichao_store::crypto::FieldKey::from_master(&BENCH_KEY)))
}

async fn search(store: &Store, url: &str, args: &BenchSearchArgs) -> anyhow::Result<Value> {
    let counties = scale::counties(store, args.tenants.max(1)).await?;
    let have = scale::count(store, &counties).await?;
    if have < args.fellows {
        super::demo::scale(store, args.fellows - have, args.tenants.max(1)).await?;
    }
    let county = &counties[0];
    let township = county
        .units
        .iter()
        .find(|u| u.level == UnitLevel::Township.code())
        .context("the generated county has no township")?;
    let wide =
        user(store, county.tenant.id, "bench_county", county.tenant.root_unit_id, BuiltinRole::CountyStaff).await?;
    let local = user(store, county.tenant.id, "bench_township", township.id, BuiltinRole::TownshipStaff).await?;
    let mut rng = StdRng::seed_from_u64(42);
    let n = args.queries.max(1);
    let wide_samples = samples(store, county.tenant.id, None, n * 2, &mut rng).await?;
    let local_samples = samples(store, county.tenant.id, Some(township.id), n * 2, &mut rng).await?;
    let mut classes = Vec::new();
    let mut typed = Vec::new();
    for (who, username, actor, drawn) in
        [("county", "bench_county", &wide, &wide_samples), ("township", "bench_township", &local, &local_samples)]
    {
        let mut by_class = Vec::new();
        for class in CLASSES {
            let qs = queries(class, drawn, n);
            if qs.is_empty() {
                continue;
            }
            by_class.push((class, qs.clone()));
            let column = if class == "company" { "employer" } else { "name" };
            let (p50, p99) = time_search(store, actor, &qs).await?;
            let like = time_like(store, county.tenant.id, column, &qs).await?;
            classes.push(json!({
                "class": class, "user": who,
                "p50_ms": round(p50), "p99_ms": round(p99), "like_p50_ms": round(like),
            }));
        }
        typed.push(served::UserQueries { username, user: who, classes: by_class });
    }
    let (first, deep, numbered) = time_list(store, &local, township.id).await?;
    let mut list =
        json!({"first_p50_ms": round(first), "deep_p50_ms": round(deep), "numbered_deep_p50_ms": round(numbered)});
    match http::time_list(store, county.tenant.id, "bench_township", township.id, DEEP_PAGES).await {
        Ok((first, deep)) => {
            list["http_first_p50_ms"] = json!(round(first));
            list["http_deep_p50_ms"] = json!(round(deep));
        }
        Err(e) => eprintln!("HTTP list not measured: {e:#}"),
    }
    let total = scale::count(store, &counties).await?;
    let served = served::run(store, url, county, &typed).await.unwrap_or_else(|e| {
        eprintln!("served search not measured: {e:#}");
        Value::Null
    });
    Ok(json!({
        "backend": store.backend().name(), "fellows": total, "classes": classes, "list_page": list, "served": served,
    }))
}

/// The user `username` with one role at `unit_id`, made when missing.
async fn user(
    store: &Store,
    tenant_id: uuid::Uuid,
    username: &str,
    unit_id: uuid::Uuid,
    role: BuiltinRole,
) -> anyhow::Result<Actor> {
    let id = match store.system().user_id_by_name(tenant_id, username).await? {
        Some(id) => id,
        None => {
            let password = guichao_store::org::random_password();
            store.system().bootstrap_user(tenant_id, username, username, unit_id, &[role], &password).await?
        }
    };
    Ok(store.system().actor(tenant_id, id).await?)
}

/// Milliseconds since `started`.
fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// The value at fraction `p` of sorted `times`.
fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    times[((times.len() - 1) as f64 * p).round() as usize]
}

/// CPU seconds this process has used (all threads, user and system), from
/// `/proc/self/stat` in clock ticks (USER_HZ, 100 on Linux). On a shared
/// machine a timing's wall seconds grow with the load; its CPU seconds
/// (SQLite runs inside the process) barely do.
fn cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name in parentheses; utime and stime are the
    // 14th and 15th of the whole line.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

/// The machine's load average over the last minute, recorded beside timings.
fn load_1m() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg").ok()?.split_whitespace().next()?.parse().ok()
}

fn round(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

/// p50 and p99 of `search_fellows` over `qs` (after a warm-up pass over a few).
async fn time_search(store: &Store, actor: &Actor, qs: &[String]) -> anyhow::Result<(f64, f64)> {
    for q in qs.iter().take(10) {
        store.fellows(actor, Permission::FellowRead)?.search(q, 20).await?;
    }
    let mut times = Vec::with_capacity(qs.len());
    for q in qs {
        let started = Instant::now();
        let found = store.fellows(actor, Permission::FellowRead)?.search(q, 20).await?;
        times.push(ms(started));
        std::hint::black_box(found);
    }
    Ok((percentile(&mut times, 0.5), percentile(&mut times, 0.99)))
}

/// p50 of the baseline: `SELECT id, name FROM fellows WHERE tenant_id = ? AND
/// <column> LIKE '%q%' LIMIT 20` over (at most 50 of) the same queries: a
/// scan takes long enough that 50 give a stable median.
async fn time_like(store: &Store, tenant_id: uuid::Uuid, column: &str, qs: &[String]) -> anyhow::Result<f64> {
    let backend = match store.backend() {
        Backend::Sqlite => DbBackend::Sqlite,
        Backend::Postgres => DbBackend::Postgres,
    };
    let sql = format!("SELECT id, name FROM fellows WHERE tenant_id = $1 AND {column} LIKE $2 LIMIT 20");
    let mut times = Vec::new();
    for q in qs.iter().take(50) {
        let statement = Statement::from_sql_and_values(backend, &sql, [tenant_id.into(), format!("%{q}%").into()]);
        let started = Instant::now();
        let rows = store.system().connection().query_all_raw(statement).await?;
        times.push(ms(started));
        std::hint::black_box(rows);
    }
    Ok(percentile(&mut times, 0.5))
}

/// p50 of the first page and of the page after [`DEEP_PAGES`] pages of the
/// township user's list, filtered by their township and each category: the
/// deep page by cursor, and by number (its offset and the exact total, as
/// the list page asks for them).
async fn time_list(store: &Store, actor: &Actor, township_id: uuid::Uuid) -> anyhow::Result<(f64, f64, f64)> {
    let (mut first, mut deep, mut numbered) = (Vec::new(), Vec::new(), Vec::new());
    for category in Category::ALL {
        let q = FellowQuery {
            township_id: Some(township_id),
            category: Some(category.code().to_string()),
            limit: PAGE,
            ..FellowQuery::default()
        };
        for _ in 0..20 {
            let started = Instant::now();
            std::hint::black_box(store.fellows(actor, Permission::FellowRead)?.list(&q).await?);
            first.push(ms(started));
        }
        let mut after = None;
        for _ in 0..DEEP_PAGES {
            let page = store
                .fellows(actor, Permission::FellowRead)?
                .list(&FellowQuery { after: after.clone(), ..q.clone() })
                .await?;
            let Some(last) = page.last() else { break };
            after = Some((last.sort_key.clone(), last.id));
        }
        let deep_query = FellowQuery { after, ..q.clone() };
        for _ in 0..20 {
            let started = Instant::now();
            std::hint::black_box(store.fellows(actor, Permission::FellowRead)?.list(&deep_query).await?);
            deep.push(ms(started));
        }
        let by_number = FellowQuery { offset: DEEP_PAGES as u64 * PAGE, ..q.clone() };
        for _ in 0..20 {
            let started = Instant::now();
            let fellows = store.fellows(actor, Permission::FellowRead)?;
            std::hint::black_box((fellows.count(&q).await?, fellows.list(&by_number).await?));
            numbered.push(ms(started));
        }
    }
    Ok((percentile(&mut first, 0.5), percentile(&mut deep, 0.5), percentile(&mut numbered, 0.5)))
}

fn print_table(report: &Value) {
    println!("backend {}  fellows {}", report["backend"].as_str().unwrap_or(""), report["fellows"]);
    println!("{:<12} {:<9} {:>9} {:>9} {:>11} {:>9}", "class", "user", "p50 ms", "p99 ms", "LIKE p50", "ratio");
    for c in report["classes"].as_array().into_iter().flatten() {
        let p50 = c["p50_ms"].as_f64().unwrap_or(0.0);
        let like = c["like_p50_ms"].as_f64().unwrap_or(0.0);
        println!(
            "{:<12} {:<9} {:>9.3} {:>9.3} {:>11.3} {:>8.0}x",
            c["class"].as_str().unwrap_or(""),
            c["user"].as_str().unwrap_or(""),
            p50,
            c["p99_ms"].as_f64().unwrap_or(0.0),
            like,
            if p50 > 0.0 { like / p50 } else { 0.0 },
        );
    }
    let list = &report["list_page"];
    println!(
        "list page (township + category): first p50 {} ms, deep p50 {} ms, deep by number with the total p50 {} ms",
        list["first_p50_ms"], list["deep_p50_ms"], list["numbered_deep_p50_ms"]
    );
    if !list["http_first_p50_ms"].is_null() {
        println!(
            "  over HTTP (/api/v1/fellows): first p50 {} ms, deep p50 {} ms",
            list["http_first_p50_ms"], list["http_deep_p50_ms"]
        );
    }
    let served = &report["served"];
    if served.is_null() {
        return;
    }
    println!(
        "served, right after importing {} rows ({} s; the scheduled refresh then took {} ms), over HTTP:",
        served["roster_rows"], served["import_s"], served["refresh_ms"]
    );
    println!("{:<12} {:<9} {:>9} {:>9} {:>11}", "class", "user", "p50 ms", "p95 ms", "vs LIKE");
    let store = report["classes"].as_array().cloned().unwrap_or_default();
    for c in served["classes"].as_array().into_iter().flatten() {
        let p50 = c["http_p50_ms"].as_f64().unwrap_or(0.0);
        let like = store
            .iter()
            .find(|s| s["class"] == c["class"] && s["user"] == c["user"])
            .and_then(|s| s["like_p50_ms"].as_f64())
            .unwrap_or(0.0);
        println!(
            "{:<12} {:<9} {:>9.3} {:>9.3} {:>10.0}x",
            c["class"].as_str().unwrap_or(""),
            c["user"].as_str().unwrap_or(""),
            p50,
            c["http_p95_ms"].as_f64().unwrap_or(0.0),
            if p50 > 0.0 { like / p50 } else { 0.0 },
        );
    }
}
