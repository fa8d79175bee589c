//! `guichao bench services`: on a generated county of `--requests` service
//! requests, a cadre's own list (the first page with its total), the
//! service report over the last full year for the county office, both
//! through the store and over HTTP; the same report the naive way (every
//! request of the year read and folded one by one), whose answer must
//! agree; and the public form: submissions through the in-process app from
//! many addresses at once (each asks for the form, answers its question and
//! sends), their latency and rate, and one address held to its limit.

use super::liaison_http::{self, Asked};
use super::services_data as data;
use super::{ms, percentile, round, user};
use crate::cli::BenchServicesArgs;
use crate::demo::scale;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use chrono::{Datelike, NaiveDate};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::projects::Period;
use guichao_domain::services::{Closed, Rated, Received, ReportKey, ServiceKind, ServiceReport, ServiceStatus};
use guichao_store::Store;
use guichao_store::entities::service_request;
use guichao_store::services::{ListFilter, ServiceQuery};
use guichao_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Instant;
use tower::ServiceExt;

/// Runs of each timed read.
const RUNS: usize = 30;
/// Public submissions sent, and how many senders at once.
const SUBMISSIONS: usize = 2_000;
const SENDERS: usize = 16;

pub async fn run(store: &Store, url: &str, args: &BenchServicesArgs) -> anyhow::Result<Value> {
    let county = scale::counties(store, 1).await?.remove(0);
    let t = county.tenant.id;
    let wide = user(store, t, "bench_county", county.tenant.root_unit_id, BuiltinRole::CountyStaff).await?;
    let cadres = data::cadres(store, &county).await?;
    let now = today();
    let mut rng = StdRng::seed_from_u64(31);
    let requests = data::requests(store, &county, args.requests, &cadres, wide.user_id(), now, &mut rng).await?;
    let cadre = store.system().actor(t, cadres[0]).await?;

    let mine = store.services(&cadre, Permission::ServiceRead)?;
    let q = ServiceQuery { filter: ListFilter::Mine, kind: None, today: now, offset: 0, limit: 50 };
    let mut list = Vec::new();
    let mut my_total = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        my_total = mine.list(&q).await?.1;
        list.push(ms(started));
    }
    let year = Period {
        from: NaiveDate::from_ymd_opt(now.year() - 1, 1, 1).unwrap_or(now),
        to: NaiveDate::from_ymd_opt(now.year() - 1, 12, 31).unwrap_or(now),
    };
    let county_read = store.services(&wide, Permission::ServiceRead)?;
    let mut report = Vec::new();
    let mut answer = None;
    for _ in 0..RUNS / 3 {
        let started = Instant::now();
        answer = Some(county_read.report(year).await?);
        report.push(ms(started));
    }
    let started = Instant::now();
    let naive = naive_report(store, t, year).await?;
    let naive_ms = ms(started);
    let report_p50 = percentile(&mut report, 0.5);
    let answer = answer.map(|a| a.report);

    let asked = [
        Asked {
            figure: "my_list",
            username: "bench_cadre_000".into(),
            paths: vec!["/api/v1/services?filter=mine&limit=50".into()],
        },
        Asked {
            figure: "sla_report",
            username: "bench_county".into(),
            paths: vec![format!("/api/v1/services/report?from={}&to={}", year.from, year.to)],
        },
    ];
    let http = liaison_http::measure(url, t, &asked, RUNS / 3).await?;
    let public = public_form(store, &county.tenant.code).await?;
    Ok(json!({
        "backend": store.backend().name(),
        "requests": requests,
        "my_list_p50_ms": round(percentile(&mut list, 0.5)),
        "my_list_total": my_total,
        "sla_report_p50_ms": round(report_p50),
        "sla_period": {"from": year.from, "to": year.to},
        "sla_received": answer.as_ref().map(|r| r.total.received),
        "public_submit_p50_ms": public["p50_ms"],
        "public_submit_per_s": public["per_s"],
        "public_rate_limit_holds": public["limit_holds"],
        "baseline_per_request_fold_ms": round(naive_ms),
        "baseline_ratio": round(naive_ms / report_p50.max(1e-6)),
        "baseline_agrees": answer.as_ref() == Some(&naive),
        "http": http,
    }))
}

/// The report the naive way: every request of the county read whole and
/// each one folded in as a group of one.
async fn naive_report(store: &Store, tenant_id: uuid::Uuid, year: Period) -> anyhow::Result<ServiceReport> {
    let db = store.system().connection();
    let rows = service_request::Entity::find().filter(service_request::Column::TenantId.eq(tenant_id)).all(db).await?;
    let (mut received, mut closed, mut rated) = (Vec::new(), Vec::new(), Vec::new());
    for r in rows {
        let key = ReportKey { kind: ServiceKind::parse(&r.kind).unwrap_or(ServiceKind::Other), unit_id: r.unit_id };
        if year.contains(r.received_on) {
            received.push(Received { key, count: 1 });
        }
        let status = ServiceStatus::parse(&r.status).unwrap_or(ServiceStatus::Received);
        if r.closed_on.is_some_and(|d| year.contains(d)) {
            closed.push(Closed {
                key,
                status,
                days_taken: r.days_taken.unwrap_or(0) as u32,
                limit_days: r.limit_days as u32,
                count: 1,
            });
            if let (ServiceStatus::Done, Some(score)) = (status, r.score) {
                rated.push(Rated { key, score: score as u8, count: 1 });
            }
        }
    }
    Ok(ServiceReport::of(&received, &closed, &rated))
}

/// The public form through the in-process app: `SUBMISSIONS` senders'
/// worth, `SENDERS` at a time, each from its own address; then one address
/// sending past its limit.
async fn public_form(store: &Store, code: &str) -> anyhow::Result<Value> {
    let app = guichao_web::app(AppState::new(store.clone(), WebConfig::default()));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for s in 0..SENDERS {
        let app = app.clone();
        let code = code.to_string();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for i in 0..SUBMISSIONS / SENDERS {
                let n = (s * SUBMISSIONS / SENDERS + i) as u32;
                let addr = SocketAddr::from((std::net::Ipv4Addr::from(0x0a00_0000 + n), 40000));
                let (status, took) = submit(&app, &code, addr, n).await?;
                anyhow::ensure!(status == StatusCode::CREATED, "public submission answered {status}");
                times.push(took);
            }
            Ok::<Vec<f64>, anyhow::Error>(times)
        }));
    }
    let mut times = Vec::new();
    for task in tasks {
        times.extend(task.await??);
    }
    let per_s = SUBMISSIONS as f64 / started.elapsed().as_secs_f64();
    // One address: its limit a minute, then refused.
    let one = SocketAddr::from(([10, 255, 0, 1], 40000));
    let mut statuses = Vec::new();
    for n in 0..7 {
        statuses.push(submit(&app, code, one, 900_000 + n).await?.0);
    }
    let limit_holds = statuses[..5].iter().all(|s| *s == StatusCode::CREATED)
        && statuses[5..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS);
    Ok(json!({"p50_ms": round(percentile(&mut times, 0.5)), "per_s": round(per_s), "limit_holds": limit_holds}))
}

/// One submission from `addr`: asks for the form, answers its question and
/// sends; answers the status and the milliseconds the send took.
async fn submit(app: &axum::Router, code: &str, addr: SocketAddr, n: u32) -> anyhow::Result<(StatusCode, f64)> {
    let form = Request::get(format!("/public/{code}/services/new"))
        .header("host", "bench")
        .extension(ConnectInfo(addr))
        .body(Body::empty())?;
    let page = app.clone().oneshot(form).await?.into_body().collect().await?.to_bytes();
    let page = String::from_utf8_lossy(&page);
    let (sum, token) = challenge(&page).ok_or_else(|| anyhow::anyhow!("no question on the form"))?;
    let phone = format!("1990000{:04}", n % 10_000);
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("name", "压测用户"),
            ("phone", phone.as_str()),
            ("kind", "other"),
            ("subject", "压测诉求"),
            ("details", ""),
            ("answer", sum.to_string().as_str()),
            ("token", token.as_str()),
        ])
        .finish();
    let send = Request::post(format!("/public/{code}/services"))
        .header("host", "bench")
        .header("origin", "http://bench")
        .header("content-type", "application/x-www-form-urlencoded")
        .extension(ConnectInfo(addr))
        .body(Body::from(body))?;
    let started = Instant::now();
    let res = app.clone().oneshot(send).await?;
    let status = res.status();
    res.into_body().collect().await?;
    Ok((status, ms(started)))
}

/// The sum asked and the token of a public form page.
fn challenge(page: &str) -> Option<(u32, String)> {
    let label = page.split("for=\"p-answer\">").nth(1)?.split("</label>").next()?;
    let sum = label
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u32>().ok())
        .sum::<Option<u32>>()?;
    let token = page.split("name=\"token\" value=\"").nth(1)?.split('"').next()?.to_string();
    Some((sum, token))
}
