//! Scale data for benchmarks: generated counties (codes 990001, 990002, ...;
//! 14 townships of 12-18 villages each) and as many generated fellows as
//! asked, spread evenly over them, written in transactions of [`CHUNK`]
//! fellows. The next chunk is generated on another thread while the store
//! writes the current one.

use super::records::Generator;
use super::units::county;
use guichao_store::Store;
use guichao_store::entities::{fellow, org_unit};
use guichao_store::org::TenantInfo;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// Fellows per transaction: with random-key indexes, each transaction rewrites
/// the index pages it touches, so fewer, larger ones write less (measured:
/// 6,700/s with 20,000, 8,400/s with 100,000 into one county of 1,000,000).
pub const CHUNK: usize = 100_000;

/// A generated county and its units, sorted by path.
pub struct ScaleCounty {
    pub tenant: TenantInfo,
    pub units: Vec<org_unit::Model>,
}

/// The first `n` generated counties, created when missing.
pub async fn counties(store: &Store, n: u32) -> anyhow::Result<Vec<ScaleCounty>> {
    let mut out = Vec::new();
    for i in 0..n {
        let c = county(i);
        let tenant = match store.tenant_by_code(&c.code).await? {
            Some(t) => t,
            None => {
                let t = store.system().create_tenant(&c.code, &c.name).await?;
                store.system().import_units(t.id, &c.units).await?;
                t
            }
        };
        let mut units = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(tenant.id))
            .all(store.system().connection())
            .await?;
        units.sort_by(|a, b| a.path.cmp(&b.path));
        out.push(ScaleCounty { tenant, units });
    }
    Ok(out)
}

/// How many fellows the counties hold together.
pub async fn count(store: &Store, counties: &[ScaleCounty]) -> anyhow::Result<u64> {
    let mut total = 0;
    for c in counties {
        total += fellow::Entity::find()
            .filter(fellow::Column::TenantId.eq(c.tenant.id))
            .count(store.system().connection())
            .await?;
    }
    Ok(total)
}

/// Writes `fellows` generated fellows spread evenly over `counties`;
/// `progress` hears of every batch written. Callers then run
/// `Store::optimize_search_index`.
pub async fn write(
    store: &Store,
    counties: &[ScaleCounty],
    fellows: u64,
    progress: &(dyn Fn(usize) + Sync),
) -> anyhow::Result<u64> {
    let share = fellows / counties.len().max(1) as u64;
    let mut written = 0;
    for (i, c) in counties.iter().enumerate() {
        let mut remaining = if i + 1 == counties.len() { fellows - share * i as u64 } else { share };
        let existing = fellow::Entity::find()
            .filter(fellow::Column::TenantId.eq(c.tenant.id))
            .count(store.system().connection())
            .await?;
        let generator = Generator::new(0x5ca1e ^ ((i as u64) << 32) ^ existing, existing, super::homes(&c.units));
        let chunk = |mut g: Generator, n: u64| {
            tokio::task::spawn_blocking(move || {
                let rows: Vec<_> = (0..n).map(|_| g.fellow()).collect();
                (g, rows)
            })
        };
        let mut next = chunk(generator, remaining.min(CHUNK as u64));
        while remaining > 0 {
            let (g, rows) = next.await?;
            remaining -= rows.len() as u64;
            next = chunk(g, remaining.min(CHUNK as u64));
            written += store.system().bulk_insert_fellows(c.tenant.id, rows, progress).await? as u64;
        }
    }
    Ok(written)
}
