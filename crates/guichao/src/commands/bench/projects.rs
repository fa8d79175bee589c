//! `guichao bench projects`: the project figures for a two-year period, a
//! page of the pipeline and (once the chains exist) a chain node's fellow
//! matches, for the county user on a generated county of `--projects`
//! projects and `--fellows` fellows; the same figures by a naive
//! per-project query loop in the same run, whose answer must agree; and
//! the same requests over HTTP on the database as the bulk loads left it.

use super::liaison_http::{self, Asked};
use super::projects_data as data;
use super::{ms, percentile, round, user};
use crate::cli::BenchProjectsArgs;
use crate::demo::scale;
use anyhow::Context;
use chrono::{Datelike, NaiveDate};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::projects::{Milestones, Period, ProjectFacts, ProjectKind, Stage, StageEvent, project_metrics};
use guichao_store::chains::MatchQuery;
use guichao_store::entities::{project, project_stage_event};
use guichao_store::projects::{ProjectQuery, ProjectSort};
use guichao_store::{Actor, Store};
use rand::SeedableRng;
use rand::rngs::StdRng;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use std::time::Instant;
use uuid::Uuid;

/// Runs of each timed read.
const RUNS: usize = 30;

pub async fn run(store: &Store, url: &str, args: &BenchProjectsArgs) -> anyhow::Result<Value> {
    let county = scale::counties(store, 1).await?.remove(0);
    let t = county.tenant.id;
    let wide = user(store, t, "bench_county", county.tenant.root_unit_id, BuiltinRole::CountyStaff).await?;
    let mut rng = StdRng::seed_from_u64(11);
    super::liaison_data::fellows(store, &county, args.fellows, wide.user_id(), &mut rng).await?;
    data::projects(store, &county, args.projects, wide.user_id(), &mut rng).await?;
    let db = store.system().connection();
    let projects = project::Entity::find().filter(project::Column::TenantId.eq(t)).count(db).await?;

    let year = today().year();
    let period = Period {
        from: NaiveDate::from_ymd_opt(year - 2, 1, 1).unwrap_or_default(),
        to: NaiveDate::from_ymd_opt(year - 1, 12, 31).unwrap_or_default(),
    };
    let as_of = today();
    let read = store.projects(&wide, Permission::ProjectRead)?;
    let mut metrics = Vec::new();
    let mut answer = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        answer = Some(read.metrics(period, as_of, false).await?);
        metrics.push(ms(started));
    }
    let mut page = Vec::new();
    for _ in 0..RUNS {
        let q = ProjectQuery { limit: 50, ..Default::default() };
        let started = Instant::now();
        std::hint::black_box(read.list(&q).await?);
        page.push(ms(started));
    }
    let mut by_stage = Vec::new();
    for _ in 0..RUNS / 3 {
        let q =
            ProjectQuery { stage: Some(Stage::Started), sort: ProjectSort::Signed, limit: 50, ..Default::default() };
        let started = Instant::now();
        std::hint::black_box(read.list(&q).await?);
        by_stage.push(ms(started));
    }
    let (node, matches, chain_match) = chain_matches(store, &county, &wide).await?;
    let started = Instant::now();
    let naive = naive_metrics(store, &wide, period, as_of).await?;
    let naive_ms = ms(started);
    let metrics_p50 = percentile(&mut metrics, 0.5);

    let from = period.from;
    let to = period.to;
    let asked = [
        Asked {
            figure: "metrics",
            username: "bench_county".into(),
            paths: vec![format!("/api/v1/metrics/projects?from={from}&to={to}&as_of={as_of}")],
        },
        Asked {
            figure: "pipeline_page",
            username: "bench_county".into(),
            paths: vec!["/api/v1/projects?limit=50".into()],
        },
        Asked {
            figure: "chain_match",
            username: "bench_county".into(),
            paths: vec![
                format!("/api/v1/chains/nodes/{node}/fellows"),
                format!("/api/v1/chains/nodes/{node}/fellows?city=%E6%B7%B1%E5%9C%B3"),
            ],
        },
    ];
    let http = liaison_http::measure(url, t, &asked, RUNS / 3).await?;
    Ok(json!({
        "backend": format!("{:?}", store.backend()).to_lowercase(),
        "projects": projects,
        "fellows": args.fellows,
        "period": {"from": from, "to": to, "as_of": as_of},
        "projects_signed": answer.as_ref().map(|m| m.projects_signed),
        "metrics_p50_ms": round(metrics_p50),
        "metrics_p99_ms": round(percentile(&mut metrics, 0.99)),
        "pipeline_page_p50_ms": round(percentile(&mut page, 0.5)),
        "pipeline_stage_filter_p50_ms": round(percentile(&mut by_stage, 0.5)),
        "chain_node": "电子制造",
        "chain_matches": matches,
        "chain_match_p50_ms": round(chain_match),
        "baseline_per_project_loop_ms": round(naive_ms),
        "baseline_ratio": round(naive_ms / metrics_p50.max(1e-6)),
        "baseline_agrees": answer.as_ref() == Some(&naive),
        "http": http,
    }))
}

/// A chain node's first page of fellows, all cities and 深圳, for the county
/// user: (the node, its matches, the p50 of both pages together). The demo's
/// chains are loaded into the county the first time.
async fn chain_matches(store: &Store, county: &scale::ScaleCounty, wide: &Actor) -> anyhow::Result<(Uuid, u64, f64)> {
    let t = county.tenant.id;
    let chains = store.chains(wide, Permission::ProjectRead)?;
    if chains.tree().await?.is_empty() {
        user(store, t, "admin", county.tenant.root_unit_id, BuiltinRole::CountyAdmin).await?;
        crate::demo::chains::add(store, t).await?;
    }
    let tree = chains.tree().await?;
    let node = tree.iter().flat_map(|c| &c.nodes).find(|n| n.name == "电子制造").context("no 电子制造 node")?.id;
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..RUNS / 3 {
        for city in ["", "深圳"] {
            let q = MatchQuery { city: city.into(), offset: 0, limit: 50 };
            let started = Instant::now();
            let page = chains.matches(node, &q).await?;
            times.push(ms(started));
            if city.is_empty() {
                total = page.total;
            }
        }
    }
    Ok((node, total, percentile(&mut times, 0.5)))
}

/// The figures the naive way: the projects, then three queries per project
/// (its events, funds and credits), then the same domain function. Its
/// answer must be the store's.
async fn naive_metrics(
    store: &Store,
    actor: &Actor,
    period: Period,
    as_of: NaiveDate,
) -> anyhow::Result<guichao_domain::projects::ProjectMetrics> {
    let db = store.system().connection();
    let t = actor.tenant_id();
    let rows = project::Entity::find().filter(project::Column::TenantId.eq(t)).all(db).await?;
    let mut facts = Vec::with_capacity(rows.len());
    for p in rows {
        let events: Vec<StageEvent> = project_stage_event::Entity::find()
            .filter(project_stage_event::Column::TenantId.eq(t))
            .filter(project_stage_event::Column::ProjectId.eq(p.id))
            .order_by_asc(project_stage_event::Column::OnDate)
            .order_by_asc(project_stage_event::Column::RecordedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|e| StageEvent {
                id: e.id,
                stage: Stage::parse(&e.stage).unwrap_or(Stage::Lead),
                on: e.on_date,
                note: e.note,
                supersedes: e.supersedes,
                reason: e.reason,
            })
            .collect();
        let funds = guichao_store::entities::project_fund::Entity::find()
            .filter(guichao_store::entities::project_fund::Column::TenantId.eq(t))
            .filter(guichao_store::entities::project_fund::Column::ProjectId.eq(p.id))
            .all(db)
            .await?
            .into_iter()
            .map(|f| (f.on_date, f.amount_fen))
            .collect();
        let via = guichao_store::entities::project_fellow::Entity::find()
            .filter(guichao_store::entities::project_fellow::Column::TenantId.eq(t))
            .filter(guichao_store::entities::project_fellow::Column::ProjectId.eq(p.id))
            .all(db)
            .await?
            .iter()
            .any(|c| guichao_domain::projects::ProjectRole::parse(&c.role).is_some_and(|r| r.credits_fellows()));
        facts.push(ProjectFacts {
            id: p.id,
            kind: ProjectKind::parse(&p.kind).unwrap_or(ProjectKind::Other),
            investor_city: String::new(),
            investment_fen: p.investment_fen,
            jobs_planned: p.jobs_planned,
            via_fellows: via,
            milestones: Milestones::of(&events),
            funds,
        });
    }
    Ok(project_metrics(&facts, period, as_of, false))
}
