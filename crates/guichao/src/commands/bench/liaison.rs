//! `guichao bench liaison`: the coverage roll-up, "my overdue" and a fellow's
//! timeline on a generated county of `--fellows` fellows (with the demo's
//! assignments) and `--contacts` contact records, for the county user and a
//! township user; and the same coverage figures by a naive per-fellow query
//! loop in the same run (`baseline.rs`), whose totals must agree.

use super::baseline;
use super::liaison_data as data;
use super::liaison_http::{self, Asked};
use super::{ms, percentile, round, user};
use crate::cli::BenchLiaisonArgs;
use crate::demo::scale;
use anyhow::Context;
use guichao_domain::Lang;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::liaison::{CoverageBy, LiaisonLevel};
use guichao_domain::org::UnitLevel;
use guichao_store::contacts::OverdueQuery;
use guichao_store::entities::{contact_fellow, liaison_assignment, user};
use guichao_store::{Actor, Store};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Instant;
use uuid::Uuid;

/// Runs of each coverage table (each reads the whole scope), and of the smaller reads.
const COVERAGE_RUNS: usize = 5;
const SMALL_RUNS: usize = 50;

pub async fn run(store: &Store, url: &str, args: &BenchLiaisonArgs) -> anyhow::Result<Value> {
    let county = scale::counties(store, 1).await?.remove(0);
    let t = county.tenant.id;
    let township = county
        .units
        .iter()
        .find(|u| u.level == UnitLevel::Township.code())
        .context("the generated county has no township")?
        .clone();
    let wide = user(store, t, "bench_county", county.tenant.root_unit_id, BuiltinRole::CountyStaff).await?;
    let local = user(store, t, "bench_township", township.id, BuiltinRole::TownshipStaff).await?;
    let mut rng = StdRng::seed_from_u64(10);
    data::fellows(store, &county, args.fellows, wide.user_id(), &mut rng).await?;
    let insert_rate = data::contacts(store, t, args.contacts, wide.user_id(), &mut rng).await?;
    let (fellows, contacts) = data::counts(store, t).await?;
    let as_of = today();

    let mut by_user = Vec::new();
    for (who, actor, only) in [("county", &wide, None), ("township", &local, Some(township.id))] {
        let reads = store.contacts(actor, Permission::LiaisonRead)?;
        let times = |by| async move {
            let mut times = Vec::new();
            let mut total = None;
            for _ in 0..COVERAGE_RUNS {
                let started = Instant::now();
                let table = store.contacts(actor, Permission::LiaisonRead)?.coverage(as_of, by, Lang::Zh).await?;
                times.push(ms(started));
                total = Some(table.total);
            }
            anyhow::Ok((percentile(&mut times, 0.5), total.unwrap_or_default()))
        };
        let (township_p50, total) = times(CoverageBy::Township).await?;
        let (cadre_p50, _) = times(CoverageBy::Cadre).await?;
        let mut overdue = Vec::new();
        for _ in 0..SMALL_RUNS / 5 {
            let q = OverdueQuery { township_id: None, cadre_id: None, level: None, as_of, offset: 0, limit: 50 };
            let started = Instant::now();
            std::hint::black_box(reads.overdue(&q).await?);
            overdue.push(ms(started));
        }
        // The same table counted from the records (the facts of m0014 left
        // aside), once, and whether it says the same.
        let started = Instant::now();
        let records = reads.coverage_from_records(as_of, CoverageBy::Township, Lang::Zh).await?;
        let records_ms = ms(started);
        let facts = reads.coverage(as_of, CoverageBy::Township, Lang::Zh).await?;
        let same = |a: &guichao_store::contacts::Coverage, b: &guichao_store::contacts::Coverage| {
            a.total == b.total
                && a.rows.iter().map(|r| (&r.key, r.counts)).eq(b.rows.iter().map(|r| (&r.key, r.counts)))
        };
        let started = Instant::now();
        let naive = baseline::coverage(store, t, only, as_of).await?;
        let naive_ms = ms(started);
        by_user.push(json!({
            "user": who,
            "fellows_in_scope": total.fellows,
            "coverage_by_township_p50_ms": round(township_p50),
            "coverage_by_cadre_p50_ms": round(cadre_p50),
            "overdue_first_page_p50_ms": round(percentile(&mut overdue, 0.5)),
            "from_records_ms": round(records_ms),
            "from_records_ratio": round(records_ms / township_p50.max(1e-6)),
            "from_records_agrees": same(&records, &facts),
            "baseline_per_fellow_loop_ms": round(naive_ms),
            "baseline_ratio": round(naive_ms / township_p50.max(1e-6)),
            "baseline_agrees": naive == total,
        }));
    }

    let cadres = median_cadres(store, t).await?;
    let my_overdue = my_overdue(store, t, &cadres).await?;
    let fellows_seen = contacted_fellows(store, t).await?;
    let timeline = timeline(store, &wide, &fellows_seen).await?;
    let worst_mine = my_overdue.iter().filter_map(|m| m["p50_ms"].as_f64()).fold(0.0, f64::max);

    // The same reads over HTTP.
    let coverage = "/api/v1/liaison/coverage?by=township".to_string();
    let mut asked = vec![
        Asked { figure: "coverage_by_township_county", username: "bench_county".into(), paths: vec![coverage.clone()] },
        Asked { figure: "coverage_by_township_township", username: "bench_township".into(), paths: vec![coverage] },
        Asked {
            figure: "timeline",
            username: "bench_county".into(),
            paths: fellows_seen.iter().map(|f| format!("/api/v1/contacts?fellow_id={f}&limit=20")).collect(),
        },
    ];
    for (level, _, cadre) in &cadres {
        let username = user::Entity::find_by_id((t, *cadre))
            .one(store.system().connection())
            .await?
            .context("a cadre without an account")?
            .username;
        let figure = if *level == LiaisonLevel::Village { "my_overdue_village" } else { "my_overdue_township" };
        let paths = vec![format!("/api/v1/liaison/overdue?cadre_id={cadre}&limit=50")];
        asked.push(Asked { figure, username, paths });
    }
    let http = liaison_http::measure(url, t, &asked, COVERAGE_RUNS).await?;
    Ok(json!({
        "backend": store.backend().name(),
        "fellows": fellows,
        "contacts": contacts,
        "coverage_by_township_p50_ms": by_user[0]["coverage_by_township_p50_ms"],
        "coverage_by_cadre_p50_ms": by_user[0]["coverage_by_cadre_p50_ms"],
        "my_overdue_p50_ms": round(worst_mine),
        "timeline_p50_ms": round(timeline),
        "insert_rows_per_s": insert_rate.map(|r| r.round()),
        "by_user": by_user,
        "my_overdue": my_overdue,
        "http": http,
    }))
}

/// The cadre with the median number of live assignments at the village level
/// and at the township level: (level, assignments, cadre).
async fn median_cadres(store: &Store, tenant_id: Uuid) -> anyhow::Result<Vec<(LiaisonLevel, usize, Uuid)>> {
    let rows: Vec<(Uuid, String)> = liaison_assignment::Entity::find()
        .select_only()
        .column(liaison_assignment::Column::CadreId)
        .column(liaison_assignment::Column::Level)
        .filter(liaison_assignment::Column::TenantId.eq(tenant_id))
        .filter(liaison_assignment::Column::EndedAt.is_null())
        .into_tuple()
        .all(store.system().connection())
        .await?;
    let mut per: HashMap<(Uuid, String), usize> = HashMap::new();
    for r in rows {
        *per.entry(r).or_default() += 1;
    }
    let mut out = Vec::new();
    for level in [LiaisonLevel::Village, LiaisonLevel::Township] {
        let mut cadres: Vec<(usize, Uuid)> =
            per.iter().filter(|((_, l), _)| l == level.code()).map(|((c, _), n)| (*n, *c)).collect();
        cadres.sort();
        if let Some(&(n, cadre)) = cadres.get(cadres.len() / 2) {
            out.push((level, n, cadre));
        }
    }
    Ok(out)
}

/// "My overdue" (the first page of the overdue list filtered to the cadre)
/// and every assignment's state (`my_assignments_state`, the 我的联系 page) of
/// each of `cadres`.
async fn my_overdue(
    store: &Store,
    tenant_id: Uuid,
    cadres: &[(LiaisonLevel, usize, Uuid)],
) -> anyhow::Result<Vec<Value>> {
    let mut out = Vec::new();
    for &(level, n, cadre) in cadres {
        let actor: Actor = store.system().actor(tenant_id, cadre).await?;
        let reads = store.contacts(&actor, Permission::LiaisonRead)?;
        let (mut overdue, mut states, mut found) = (Vec::new(), Vec::new(), 0);
        for _ in 0..SMALL_RUNS / 5 {
            // My overdue fellows: the first page of the overdue list, mine.
            let q = OverdueQuery {
                township_id: None,
                cadre_id: Some(cadre),
                level: None,
                as_of: today(),
                offset: 0,
                limit: 50,
            };
            let started = Instant::now();
            found = std::hint::black_box(reads.overdue(&q).await?).1;
            overdue.push(ms(started));
            // Every assignment of mine with its state (我的联系).
            let started = Instant::now();
            std::hint::black_box(reads.my_assignments_state(today()).await?);
            states.push(ms(started));
        }
        out.push(json!({
            "level": level.code(), "assignments": n, "overdue": found,
            "p50_ms": round(percentile(&mut overdue, 0.5)),
            "all_states_p50_ms": round(percentile(&mut states, 0.5)),
        }));
    }
    Ok(out)
}

/// Fellows with recent contacts, [`SMALL_RUNS`] of them, drawn.
async fn contacted_fellows(store: &Store, tenant_id: Uuid) -> anyhow::Result<Vec<Uuid>> {
    let mut fellows: Vec<Uuid> = contact_fellow::Entity::find()
        .select_only()
        .column(contact_fellow::Column::FellowId)
        .filter(contact_fellow::Column::TenantId.eq(tenant_id))
        .order_by_desc(contact_fellow::Column::ContactId)
        .limit(2000)
        .into_tuple()
        .all(store.system().connection())
        .await?;
    fellows.shuffle(&mut StdRng::seed_from_u64(7));
    fellows.truncate(SMALL_RUNS);
    Ok(fellows)
}

/// p50 of the first page (20) of the timeline of `fellows`.
async fn timeline(store: &Store, actor: &Actor, fellows: &[Uuid]) -> anyhow::Result<f64> {
    let reads = store.contacts(actor, Permission::LiaisonRead)?;
    let mut times = Vec::new();
    for &f in fellows {
        let started = Instant::now();
        std::hint::black_box(reads.timeline(f, 20, 0).await?);
        times.push(ms(started));
    }
    anyhow::ensure!(!times.is_empty(), "no contacts to time a timeline on");
    Ok(percentile(&mut times, 0.5))
}
