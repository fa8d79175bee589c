//! The service benchmark's county: `--requests` generated requests over the
//! two years before today, spread over every kind and the county's units,
//! a tenth of them assigned to each of [`CADRES`] cadres in turn; most done
//! (some late), the rest open. Loaded by the system's loader in chunks, so
//! a run that finds them there already adds only what is missing.

use crate::demo::scale::ScaleCounty;
use chrono::{Days, NaiveDate};
use guichao_domain::org::UnitLevel;
use guichao_domain::services::{ServiceKind, ServiceStatus};
use guichao_store::Store;
use guichao_store::entities::service_request;
use guichao_store::services::BulkRequest;
use rand::Rng;
use rand::rngs::StdRng;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

/// Cadres the requests are assigned to, one after another.
pub const CADRES: usize = 400;
/// Requests written per transaction.
const CHUNK: usize = 5_000;

/// The cadres' user ids (made when missing), by number.
pub async fn cadres(store: &Store, county: &ScaleCounty) -> anyhow::Result<Vec<Uuid>> {
    let township = county
        .units
        .iter()
        .find(|u| u.level == UnitLevel::Township.code())
        .map_or(county.tenant.root_unit_id, |u| u.id);
    let mut ids = Vec::with_capacity(CADRES);
    for i in 0..CADRES {
        let name = format!("bench_cadre_{i:03}");
        let actor =
            super::user(store, county.tenant.id, &name, township, guichao_domain::access::BuiltinRole::TownshipStaff)
                .await?;
        ids.push(actor.user_id());
    }
    Ok(ids)
}

/// Adds requests until the county holds `want`; answers how many it holds.
pub async fn requests(
    store: &Store,
    county: &ScaleCounty,
    want: u64,
    cadres: &[Uuid],
    by: Uuid,
    today: NaiveDate,
    rng: &mut StdRng,
) -> anyhow::Result<u64> {
    let t = county.tenant.id;
    let count = || async {
        let n = service_request::Entity::find()
            .filter(service_request::Column::TenantId.eq(t))
            .count(store.system().connection())
            .await?;
        Ok::<u64, anyhow::Error>(n)
    };
    let mut have = count().await?;
    let units: Vec<Uuid> = county.units.iter().filter(|u| u.level != UnitLevel::Village.code()).map(|u| u.id).collect();
    let first = today - Days::new(730);
    while have < want {
        let n = (want - have).min(CHUNK as u64) as usize;
        let batch: Vec<BulkRequest> =
            (0..n).map(|i| one(have as usize + i, &units, cadres, first, today, rng)).collect();
        store.system().insert_service_requests(t, by, &batch).await?;
        have += n as u64;
        if have.is_multiple_of(100_000) {
            eprintln!("services: {have} requests");
        }
    }
    count().await
}

fn one(n: usize, units: &[Uuid], cadres: &[Uuid], first: NaiveDate, today: NaiveDate, rng: &mut StdRng) -> BulkRequest {
    let kind = ServiceKind::ALL[n % ServiceKind::ALL.len()];
    let received = first + Days::new(rng.random_range(0..730));
    let limit = kind.default_days() as u64;
    // Calendar days, near enough to working days for generated data.
    let took = if rng.random_bool(0.15) { rng.random_range(limit..limit * 3) } else { rng.random_range(0..limit) };
    let done = received + Days::new(took + took / 3);
    let steps = if done <= today && rng.random_bool(0.9) {
        vec![(ServiceStatus::Done, done, String::new())]
    } else {
        vec![(ServiceStatus::Accepted, received, String::new())]
    };
    let rated = steps[0].0 == ServiceStatus::Done && rng.random_bool(0.6);
    BulkRequest {
        kind,
        fellow_id: None,
        returnee: Some((format!("生成{n:07}"), format!("1{}{:09}", 3 + n % 7, n % 1_000_000_000))),
        subject: "生成诉求".into(),
        details: String::new(),
        unit_id: units[n % units.len()],
        assignee_id: Some(cadres[n % cadres.len()]),
        received_on: received,
        public: false,
        steps,
        replies: vec![],
        rating: rated.then(|| (rng.random_range(3..=5), String::new(), done)),
    }
}
