//! How many of a campaign's fellows a matrix filter selects, remembered for
//! a county-wide reader while the campaign's membership stands.
//!
//! For a reader who sees every fellow of the county, the number of a
//! campaign's fellows (all of them, or one township's) changes only when
//! its membership does: the launch, or a fellow added or taken out by hand.
//! Each of those raises `campaigns.members_version` in its own transaction
//! ([`bump`]), so a count made at one version holds while the version
//! stands, in this process and any other. (The column is read and written
//! here only, not through the entity, which the migrations before it use.) Counting a million rows in a
//! range takes SQLite about 50 ms; every page of the matrix asks for the
//! total, and it is the same. Any other filter (a cadre, a kind still
//! missing, a narrower scope) is counted afresh every time.

use super::matrix::{MatrixQuery, filtered};
use crate::entities::campaign;
use crate::{Scope, Store, StoreResult};
use guichao_domain::access::DataScope;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr, PaginatorTrait};
use std::collections::HashMap;
use std::sync::Mutex;
use uuid::Uuid;

/// (tenant, campaign, members_version, township filter).
type Key = (Uuid, Uuid, i64, Option<Uuid>);

/// Counts remembered at most; past it, all are forgotten at once.
const KEPT: usize = 4096;

/// The remembered counts of one process.
#[derive(Default)]
pub(crate) struct MemberCounts(Mutex<HashMap<Key, u64>>);

impl MemberCounts {
    fn get(&self, key: &Key) -> Option<u64> {
        self.0.lock().ok()?.get(key).copied()
    }

    fn put(&self, key: Key, n: u64) {
        if let Ok(mut counts) = self.0.lock() {
            if counts.len() >= KEPT {
                counts.clear();
            }
            counts.insert(key, n);
        }
    }
}

/// The rows `filtered(c, scope, q)` selects.
pub(super) async fn count(store: &Store, c: &campaign::Model, scope: &Scope, q: &MatrixQuery) -> StoreResult<u64> {
    let find = filtered(c, scope, q);
    let settled =
        scope.reach() == DataScope::Tenant && q.cadre_id.is_none() && q.fellow_id.is_none() && q.missing.is_none();
    if !settled {
        return Ok(find.count(&store.db).await?);
    }
    let key = (c.tenant_id, c.id, version(&store.db, c).await?, q.township_id);
    if let Some(n) = store.member_counts.get(&key) {
        return Ok(n);
    }
    let n = find.count(&store.db).await?;
    store.member_counts.put(key, n);
    Ok(n)
}

fn version_col() -> Expr {
    Expr::col(Alias::new("members_version"))
}

/// The membership version of campaign `c` now.
async fn version(db: &impl ConnectionTrait, c: &campaign::Model) -> Result<i64, DbErr> {
    let q = Query::select()
        .expr(version_col())
        .from(campaign::Entity)
        .and_where(Expr::col(campaign::Column::TenantId).eq(c.tenant_id))
        .and_where(Expr::col(campaign::Column::Id).eq(c.id))
        .to_owned();
    let row = db.query_one_raw(db.get_database_backend().build(&q)).await?;
    Ok(row.map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0))
}

/// Raises the membership version of campaign `c` in the caller's
/// transaction (an increment, so two concurrent changes raise it twice).
pub(super) async fn bump(db: &impl ConnectionTrait, c: &campaign::Model) -> Result<(), DbErr> {
    let up = Query::update()
        .table(campaign::Entity)
        .value(Alias::new("members_version"), version_col().add(1))
        .and_where(Expr::col(campaign::Column::TenantId).eq(c.tenant_id))
        .and_where(Expr::col(campaign::Column::Id).eq(c.id))
        .to_owned();
    db.execute_raw(db.get_database_backend().build(&up)).await?;
    Ok(())
}
