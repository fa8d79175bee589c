//! The demo county's "211" households and new market entities, written
//! through the funds handle as the county's admin (audited as imports):
//!
//! - 1,120 households verified 2019-2023 across the townships' villages,
//!   each about 100 mu of grain and 10万-30万元 a year;
//! - new market entities by township and kind for 2021-2023, the 2022
//!   figures the program reports: 12,680 new entities, 2,947 of them
//!   enterprises.

use anyhow::Context;
use guichao_domain::access::Permission;
use guichao_domain::funds::market::{EntityKind, Registered};
use guichao_store::funds::households::HouseholdDraft;
use guichao_store::{Actor, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// Households verified each year.
const HOUSEHOLDS_BY_YEAR: [(i32, usize); 5] = [(2019, 150), (2020, 200), (2021, 230), (2022, 260), (2023, 280)];
/// The households in all.
pub const HOUSEHOLDS: usize = 1_120;
/// New entities each year: (year, individual businesses, enterprises, cooperatives).
pub const ENTITIES: [(i32, i64, i64, i64); 3] =
    [(2021, 8_988, 2_610, 352), (2022, 9_347, 2_947, 386), (2023, 9_734, 3_105, 401)];

/// What [`add`] wrote: households, and market-entity records (township × kind × year).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub households: usize,
    pub entity_records: usize,
}

/// Adds the county's households and new market entities.
pub async fn add(store: &Store, tenant_id: Uuid) -> anyhow::Result<Written> {
    let admin = store
        .system()
        .user_id_by_name(tenant_id, super::SEEDER)
        .await?
        .context("the demo county has no county staff")?;
    let actor: Actor = store.system().actor(tenant_id, admin).await?;
    let funds = store.funds(&actor, Permission::FundWrite)?;
    let places = funds.household_places().await?;
    let townships: Vec<Uuid> = places.iter().filter(|p| p.id == p.township_id).map(|p| p.id).collect();
    anyhow::ensure!(!townships.is_empty(), "the demo county has no townships");
    let villages: Vec<Uuid> = places.iter().filter(|p| p.id != p.township_id).map(|p| p.id).collect();
    let homes = if villages.is_empty() { &townships } else { &villages };
    let mut rng = StdRng::seed_from_u64(0x32_3131);
    let mut drafts = Vec::with_capacity(HOUSEHOLDS);
    for (year, n) in HOUSEHOLDS_BY_YEAR {
        for _ in 0..n {
            let male = rng.random_bool(0.85);
            drafts.push(HouseholdDraft {
                head_name: super::names::name(&mut rng, male).written,
                unit_id: homes[rng.random_range(0..homes.len())],
                area_hundredths_mu: rng.random_range(80..=150) * 100 + [0, 50][rng.random_range(0..2)],
                income_fen: rng.random_range(100..=300) * 100_000,
                year_verified: year,
                note: String::new(),
            });
        }
    }
    let households = funds.import_households(drafts, serde_json::json!({"source": "demo"})).await?;
    let mut records = Vec::new();
    for (year, individual, enterprise, coop) in ENTITIES {
        for (kind, total) in [
            (EntityKind::Individual, individual),
            (EntityKind::Enterprise, enterprise),
            (EntityKind::Cooperative, coop),
        ] {
            records.extend(split(total, &townships, &mut rng).map(|(township, count)| Registered {
                township,
                year,
                kind,
                count,
            }));
        }
    }
    let entity_records = records.len();
    funds.import_entities(records, serde_json::json!({"source": "demo"})).await?;
    Ok(Written { households, entity_records })
}

/// `total` shared among `townships` by random weights, summing exactly.
fn split<'a>(total: i64, townships: &'a [Uuid], rng: &mut StdRng) -> impl Iterator<Item = (Uuid, i64)> + 'a {
    let weights: Vec<i64> = townships.iter().map(|_| rng.random_range(5..=20)).collect();
    let sum: i64 = weights.iter().sum();
    let mut shares: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    shares[0] += total - shares.iter().sum::<i64>();
    townships.iter().copied().zip(shares)
}
