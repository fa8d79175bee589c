//! A county's coverage table counted in parts on SQLite: one statement a
//! township (counted as index ranges from today on, `ranges.rs`) and for the
//! keys between them, as many at once as there are cores, and the parts'
//! counts added. One core walked a county's million fellows' entries in
//! 0.5 s; two take half of that (docs/PERFORMANCE.md, stop 12).

use crate::entities::org_unit;
use crate::{Scope, StoreResult};
use futures_util::future::try_join_all;
use guichao_domain::access::DataScope;
use guichao_domain::liaison::CoverageCounts;
use guichao_domain::org::UnitLevel;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
    Statement,
};
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use uuid::Uuid;

/// The fellows one statement of a table counts: the whole scope, those of
/// one township, those whose township key lies strictly between two of the
/// tenant's townships (either end open: none while every key names a
/// township, but nothing checks that it does), or those of no township. A
/// county's table is counted a part at a time, several at once, and the
/// parts' counts added (`Contacts::coverage`).
#[derive(Clone, Copy, Debug)]
pub(super) enum Part {
    Whole,
    Township(Uuid),
    Between { after: Option<Uuid>, before: Option<Uuid> },
    NoTownship,
}

/// Statements run at once on the pool's connections when a table is
/// counted in parts: one a core, and half the pool left to other requests.
/// Asked of the system once (on Linux it reads the cgroup's quota files).
fn lanes() -> usize {
    static LANES: OnceLock<usize> = OnceLock::new();
    *LANES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4))
}

/// A row of a grouped statement: its key and its counts.
pub(super) trait Grouped: FromQueryResult + Send {
    type Key: Eq + std::hash::Hash + Send;
    fn split(self) -> (Self::Key, CoverageCounts);
}

/// Runs `statements` (one a part), [`lanes`] of them at once, each lane
/// taking the next statement as it finishes one, and adds up the counts of
/// each key. The parts may read a moment apart, so a write committed
/// meanwhile may count in some of them; the rows still add up to the total,
/// which is summed from the same parts.
pub(super) async fn counted<G: Grouped>(
    db: &DatabaseConnection,
    statements: &[Statement],
) -> StoreResult<HashMap<G::Key, CoverageCounts>> {
    let next = AtomicUsize::new(0);
    let lane = || async {
        let mut found = Vec::new();
        while let Some(s) = statements.get(next.fetch_add(1, Ordering::Relaxed)) {
            found.extend(G::find_by_statement(s.clone()).all(db).await?);
        }
        Ok::<_, DbErr>(found)
    };
    let lanes = lanes().min(statements.len()).max(1);
    let mut out: HashMap<G::Key, CoverageCounts> = HashMap::new();
    for group in try_join_all((0..lanes).map(|_| lane())).await?.into_iter().flatten() {
        let (key, counts) = group.split();
        let sum = out.entry(key).or_default();
        *sum = sum.plus(counts);
    }
    Ok(out)
}

/// The parts a table over `scope` is counted in: a county's on SQLite, one
/// a township, the gaps between the tenant's townships (so that every fellow
/// is in exactly one part, whatever their township key holds) and the
/// fellows of none; any narrower scope, and any on PostgreSQL, whole:
/// PostgreSQL splits a large scan over its own parallel workers, and each of
/// thirty statements cost it a millisecond or two of planning.
pub(super) async fn parts(db: &DatabaseConnection, scope: &Scope) -> StoreResult<Vec<Part>> {
    if scope.reach() != DataScope::Tenant || db.get_database_backend() == DbBackend::Postgres {
        return Ok(vec![Part::Whole]);
    }
    let mut townships: Vec<Uuid> = org_unit::Entity::find()
        .select_only()
        .column(org_unit::Column::Id)
        .filter(org_unit::Column::TenantId.eq(scope.tenant_id()))
        .filter(org_unit::Column::Level.eq(UnitLevel::Township.code()))
        .into_tuple()
        .all(db)
        .await?;
    townships.sort_unstable();
    let bounds = townships.iter().map(|t| Some(*t));
    let gaps = std::iter::once(None).chain(bounds.clone()).zip(bounds.chain(std::iter::once(None)));
    // The townships first: the lanes take the next part as they finish one.
    let mut parts: Vec<Part> = townships.iter().map(|t| Part::Township(*t)).collect();
    parts.extend(gaps.map(|(after, before)| Part::Between { after, before }));
    parts.push(Part::NoTownship);
    Ok(parts)
}
