//! `guichao bench soak`: `--clients` clients against one server for
//! `--seconds`, doing at once what a county's clerks do: searches, lists,
//! edits of the same few fellows with optimistic locking, contact records,
//! and roster imports through the import pages. Then every acknowledged
//! write is read back:
//!
//! - no two acknowledged edits of a fellow may start from the same version
//!   (the second would have overwritten the first unseen), and the fellow
//!   must hold the notes of the last one;
//! - every contact record acknowledged must be there, naming its fellow;
//! - the registry must have grown by exactly the fellows the imports said
//!   they created.
//!
//! Any answer other than a success, or a 409 to an edit whose version was
//! overtaken, is an error. The server is `guichao serve`'s app on a real
//! socket, on the demo county (loaded when the database has no county).

use super::percentile;
use super::served::{Server, encode};
use super::soak_client::{Acked, SoakClient, Tally};
use crate::cli::BenchSoakArgs;
use crate::demo;
use anyhow::Context;
use guichao_domain::access::BuiltinRole;
use guichao_domain::org::UnitLevel;
use guichao_store::Store;
use guichao_store::entities::org_unit;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Clients that also import rosters, each between its other requests.
const IMPORTERS: usize = 3;
/// Rows of each imported roster.
const ROSTER_ROWS: u64 = 40;
/// Fellows the edits go to: few, so that clients edit the same ones at once.
const HOT_FELLOWS: usize = 25;
const SEARCHES: [&str; 12] = ["王", "李", "张", "刘", "陈", "黄", "wang", "zhang", "li", "chen", "zs", "新墙"];

/// What every client shares.
struct Plan {
    fellows: Vec<Uuid>,
    townships: Vec<Uuid>,
    units: Vec<org_unit::Model>,
    day: chrono::NaiveDate,
    deadline: Instant,
}

pub async fn run(store: &Store, args: &BenchSoakArgs) -> anyhow::Result<Value> {
    let password = guichao_store::org::random_password();
    demo::ensure(store, &password).await.context("cannot create the demo county")?;
    let tenant = store.tenants().await?.into_iter().find(|t| t.code == demo::CODE).context("no demo county")?;
    // A county clerk of the run's own, so its password is known.
    let clerk = format!("soak{}", &Uuid::now_v7().simple().to_string()[24..]);
    store
        .system()
        .bootstrap_user(tenant.id, &clerk, "压测用户", tenant.root_unit_id, &[BuiltinRole::CountyStaff], &password)
        .await?;
    let units = org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant.id))
        .all(store.system().connection())
        .await?;
    let server = Server::start(store).await?;
    let base = server.base();
    let token = || async { anyhow::Ok(store.system().create_token_for(tenant.id, &clerk, "soak").await?.token) };

    let mut first = SoakClient::new(&base, token().await?)?;
    let list = first.get_json("/api/v1/fellows?limit=200").await.context("the fellows list failed")?;
    let rows = list["items"].as_array().context("no fellows listed")?;
    let fellows: Vec<Uuid> = rows.iter().filter_map(|r| r["id"].as_str()?.parse().ok()).collect();
    let townships: Vec<Uuid> = units.iter().filter(|u| u.level == UnitLevel::Township.code()).map(|u| u.id).collect();
    anyhow::ensure!(fellows.len() >= HOT_FELLOWS && !townships.is_empty(), "the county has too few fellows");
    let before = count(&mut first).await?;

    let plan = Arc::new(Plan {
        fellows: fellows[..HOT_FELLOWS].to_vec(),
        townships,
        units,
        day: (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive() - chrono::Duration::days(1),
        deadline: Instant::now() + Duration::from_secs(args.seconds),
    });
    let started = Instant::now();
    let mut clients = tokio::task::JoinSet::new();
    for n in 0..args.clients {
        let mut client = SoakClient::new(&base, token().await?)?;
        if n < IMPORTERS {
            client.sign_in(&clerk, &password).await?;
        }
        clients.spawn(drive(client, n, plan.clone()));
    }
    let mut tally = Tally::default();
    while let Some(done) = clients.join_next().await {
        let t = done?;
        tally.times_ms.extend(t.times_ms);
        tally.requests += t.requests;
        tally.errors += t.errors;
        tally.error_samples.extend(t.error_samples);
        tally.conflicts += t.conflicts;
        tally.acked.extend(t.acked);
    }
    let seconds = started.elapsed().as_secs_f64();
    let lost = read_back(&mut first, &tally.acked, before).await?;
    server.stop().await?;

    let acked = |kind: fn(&Acked) -> bool| tally.acked.iter().filter(|a| kind(a)).count();
    let imported: u64 = tally.acked.iter().map(|a| if let Acked::Import { created } = a { *created } else { 0 }).sum();
    let mut times = tally.times_ms;
    Ok(json!({
        "backend": format!("{:?}", store.backend()).to_lowercase(),
        "clients": args.clients,
        "seconds": super::round(seconds),
        "requests": tally.requests,
        "requests_per_s": super::round(tally.requests as f64 / seconds),
        "errors": tally.errors,
        "error_samples": tally.error_samples.into_iter().take(10).collect::<Vec<_>>(),
        "p50_ms": super::round(percentile(&mut times, 0.5)),
        "p99_ms": super::round(percentile(&mut times, 0.99)),
        "conflicts": tally.conflicts,
        "edits_acknowledged": acked(|a| matches!(a, Acked::Edit { .. })),
        "contacts_acknowledged": acked(|a| matches!(a, Acked::Contact { .. })),
        "imports": acked(|a| matches!(a, Acked::Import { .. })),
        "imported_fellows": imported,
        "lost_updates": lost,
    }))
}

/// One client's requests until the deadline.
async fn drive(mut client: SoakClient, n: usize, plan: Arc<Plan>) -> Tally {
    let mut rng = StdRng::seed_from_u64(n as u64);
    let mut round = 0u64;
    while Instant::now() < plan.deadline {
        round += 1;
        let mark = format!("c{n} r{round}");
        if n < IMPORTERS && round % 8 == 1 {
            match roster(&plan.units, (n as u64 + 1) * 1_000_000 + round).await {
                Ok(bytes) => client.import(&format!("soak-{n}-{round}.csv"), bytes).await,
                Err(e) => client.tally.error_samples.push(format!("roster: {e:#}")),
            }
            continue;
        }
        let fellow = plan.fellows[rng.random_range(0..plan.fellows.len())];
        match rng.random_range(0..100) {
            0..40 => {
                let q = SEARCHES[rng.random_range(0..SEARCHES.len())];
                client.get_json(&format!("/api/v1/fellows?q={}&limit=20", encode(q))).await;
            }
            40..60 => {
                let township = plan.townships[rng.random_range(0..plan.townships.len())];
                client.get_json(&format!("/api/v1/fellows?township_id={township}&limit=50")).await;
            }
            60..65 => {
                client.get_json("/api/v1/contacts?limit=50").await;
            }
            65..85 => client.edit(fellow, &mark).await,
            _ => client.contact(fellow, plan.day, &mark).await,
        }
    }
    client.tally
}

/// A generated roster of [`ROSTER_ROWS`] fellows of the county, as a csv.
async fn roster(units: &[org_unit::Model], seed: u64) -> anyhow::Result<Vec<u8>> {
    let path = PathBuf::from(format!("target/bench/files/soak-{seed}.csv"));
    std::fs::create_dir_all("target/bench/files")?;
    super::import::write_roster(&path, units, seed, ROSTER_ROWS).await?;
    let bytes = std::fs::read(&path)?;
    std::fs::remove_file(&path)?;
    Ok(bytes)
}

/// The fellows the clerk sees.
async fn count(client: &mut SoakClient) -> anyhow::Result<u64> {
    let answer = client.get_json("/api/v1/fellows/count").await.context("the fellows count failed")?;
    answer["count"].as_u64().context("no count")
}

/// The acknowledged writes that are not as acknowledged (see the module).
async fn read_back(client: &mut SoakClient, acked: &[Acked], before: u64) -> anyhow::Result<u64> {
    let mut lost = 0;
    let mut edits: HashMap<Uuid, Vec<(i64, &str)>> = HashMap::new();
    for a in acked {
        match a {
            Acked::Edit { fellow_id, base_version, notes } => {
                edits.entry(*fellow_id).or_default().push((*base_version, notes))
            }
            Acked::Contact { id, fellow_id } => {
                let record = client.get_json(&format!("/api/v1/contacts/{id}")).await;
                let names = record.is_some_and(|r| r.to_string().contains(&fellow_id.to_string()));
                lost += u64::from(!names);
            }
            Acked::Import { .. } => {}
        }
    }
    for (fellow_id, writes) in edits {
        let stored = client.get_json(&format!("/api/v1/fellows/{fellow_id}")).await.context("a fellow went missing")?;
        lost += lost_edits(writes, stored["notes"].as_str());
    }
    let imported: u64 = acked.iter().map(|a| if let Acked::Import { created } = a { *created } else { 0 }).sum();
    lost += (before + imported).abs_diff(count(client).await?);
    Ok(lost)
}

/// Of one fellow's acknowledged edits (the version each was based on, and
/// the notes it wrote), those lost: every edit but one acknowledged from the
/// same version, and the last edit when the fellow does not hold its notes.
fn lost_edits(writes: Vec<(i64, &str)>, stored: Option<&str>) -> u64 {
    let mut versions: Vec<i64> = writes.iter().map(|w| w.0).collect();
    versions.sort_unstable();
    versions.dedup();
    let overwritten = (writes.len() - versions.len()) as u64;
    let last = versions.last().map(|v| writes.iter().filter(|w| w.0 == *v).map(|w| Some(w.1)).collect::<Vec<_>>());
    overwritten + u64::from(last.is_some_and(|last| !last.contains(&stored)))
}

#[cfg(test)]
mod tests {
    use super::lost_edits;

    #[test]
    fn an_edit_is_lost_when_another_came_from_its_version_or_the_fellow_holds_other_notes() {
        assert_eq!(lost_edits(vec![(1, "a"), (2, "b"), (3, "c")], Some("c")), 0);
        assert_eq!(lost_edits(vec![(3, "c"), (1, "a")], Some("c")), 0, "in any order");
        assert_eq!(lost_edits(vec![(1, "a"), (1, "b")], Some("b")), 1, "two edits from version 1");
        assert_eq!(lost_edits(vec![(1, "a"), (2, "b")], Some("a")), 1, "the last edit is not what is stored");
        assert_eq!(lost_edits(vec![(1, "a"), (2, "b")], None), 1);
        assert_eq!(lost_edits(vec![], Some("x")), 0);
    }
}
