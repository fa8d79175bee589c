//! SQLite: one township's coverage from the liaison facts (as of today or
//! later), counted as ranges of the facts' indexes (migration m0018) instead
//! of a fellow at a time: its live fellows with each set of levels, a range
//! each; those contacted since the window began, one range; those with no due
//! day or one not yet past, a range for each set of levels (the rest are
//! overdue). Each range is counted from the index without reading its
//! entries' columns. Row for row what the flags statement of `coverage.rs`
//! sums for the part `Part::Township` (docs/PERFORMANCE.md, stop 13).

use super::facts::{LEVEL_SETS, fellow_due_on, fellow_last_contact, fellow_levels, level_bit};
use crate::entities::fellow;
use chrono::NaiveDate;
use guichao_domain::liaison::{LiaisonLevel, window};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, QueryStatementBuilder, SelectStatement};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

/// The live fellows of `township`.
fn of_township(tenant: Uuid, township: Uuid) -> Condition {
    Condition::all()
        .add(fellow::Column::TenantId.eq(tenant))
        .add(fellow::Column::TownshipId.eq(township))
        .add(fellow::Column::ArchivedAt.is_null())
}

/// How many of the township's live fellows meet `extra`.
fn count(tenant: Uuid, township: Uuid, extra: Condition) -> Expr {
    let q = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from(fellow::Entity)
        .cond_where(of_township(tenant, township).add(extra))
        .to_owned();
    Expr::SubQuery(None, Box::new(q.into_sub_query_statement()))
}

/// The counts of the fellows of `township` on `as_of`, one row keyed by the
/// township, in the columns of `coverage.rs`'s sums: `key, fellows,
/// assigned_county, assigned_township, assigned_village, contacted_90d,
/// overdue`.
pub(super) fn sums(tenant: Uuid, township: Uuid, as_of: NaiveDate) -> SelectStatement {
    let c = Alias::new("c");
    let col = |name: &str| Expr::col((c.clone(), Alias::new(name)));
    let set = |k: i32| format!("n{k}");
    // The township's fellows with each set of levels (a range each, where
    // one walk grouping by the set took twice as long).
    let mut counts = Query::select();
    counts.expr_as(Expr::val(township), "key");
    for k in LEVEL_SETS {
        counts.expr_as(count(tenant, township, Condition::all().add(fellow_levels().eq(k))), set(k));
    }
    // A live fellow is overdue unless they have no due day (no live
    // assignment) or one not yet past: those two are the short ranges.
    let due = |cond: Expr| count(tenant, township, Condition::all().add(fellow_levels().is_in(LEVEL_SETS)).add(cond));
    counts
        .expr_as(count(tenant, township, Condition::all().add(fellow_last_contact().gt(window(as_of).0))), "contacted")
        .expr_as(due(fellow_due_on().is_null()), "no_due")
        .expr_as(due(fellow_due_on().gte(as_of)), "not_due");
    // The sum of the counts of the sets that have all of `bits`.
    let total = |bits: i32| {
        let sets = LEVEL_SETS.into_iter().filter(|k| k & bits == bits);
        sets.map(|k| col(&set(k))).reduce(ExprTrait::add).unwrap_or_else(|| Expr::val(0))
    };
    let with = |level: LiaisonLevel| total(level_bit(level));
    let fellows = total(0);
    Query::select()
        .expr_as(col("key"), "key")
        .expr_as(fellows.clone(), "fellows")
        .expr_as(with(LiaisonLevel::County), "assigned_county")
        .expr_as(with(LiaisonLevel::Township), "assigned_township")
        .expr_as(with(LiaisonLevel::Village), "assigned_village")
        .expr_as(col("contacted"), "contacted_90d")
        .expr_as(fellows.sub(col("no_due")).sub(col("not_due")), "overdue")
        .from_subquery(counts, c)
        .to_owned()
}
