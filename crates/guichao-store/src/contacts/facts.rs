//! The liaison facts the triggers of migration m0014 keep on each assignment
//! and each fellow (last contact, the day the cycle runs out, the levels with
//! a live assignment), as query expressions, and when they may be read: for
//! any day from today on. An earlier day is counted from the records. And
//! how a bulk write of contacts or assignments sets them once a fellow rather
//! than once a row ([`set_aside`], [`settle`]), on both backends.

use crate::entities::{fellow, liaison_assignment};
use crate::fellows::{MAX_PARAMS, take_trigger};
use crate::migration::{SET_ASIDE, set_changed, sqlite_trigger};
use chrono::NaiveDate;
use guichao_domain::date::today;
use guichao_domain::liaison::LiaisonLevel;
use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

/// Where figures as of a day are counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The facts on the rows: one read a row, true from today on.
    Facts,
    /// The contact records and assignments themselves (index probes).
    Records,
}

impl Source {
    /// The facts when they hold on `as_of`, else the records.
    pub(crate) fn for_day(as_of: NaiveDate) -> Source {
        if as_of >= today() { Source::Facts } else { Source::Records }
    }
}

fn fellow_col(name: &'static str) -> Expr {
    Expr::col((fellow::Entity, Alias::new(name)))
}

/// The bit of `level` in the fellow's set of levels (m0014 sums them).
pub(crate) fn level_bit(level: LiaisonLevel) -> i32 {
    match level {
        LiaisonLevel::County => 1,
        LiaisonLevel::Township => 2,
        LiaisonLevel::Village => 4,
    }
}

/// Every set of levels a fellow may have: 0 (none) to all three bits.
pub(crate) const LEVEL_SETS: [i32; 8] = [0, 1, 2, 3, 4, 5, 6, 7];

/// The levels the fellow has a live assignment at, as bits.
pub(crate) fn fellow_levels() -> Expr {
    fellow_col("liaison_levels")
}

/// 1 when the fellow has a live assignment at `level`, else 0.
pub(crate) fn fellow_has_level(level: LiaisonLevel) -> Expr {
    Expr::case(fellow_levels().bit_and(level_bit(level)).ne(0), 1).finally(0).into()
}

/// The fellow's latest live contact.
pub(crate) fn fellow_last_contact() -> Expr {
    fellow_col("liaison_last_contact")
}

/// The earliest day one of the fellow's live assignments runs out.
pub(crate) fn fellow_due_on() -> Expr {
    fellow_col("liaison_due_on")
}

/// The latest contact of the outer query's assignment by its cadre.
pub(crate) fn assignment_last_contact() -> Expr {
    Expr::col((liaison_assignment::Entity, Alias::new("last_contact")))
}

/// The day the outer query's assignment runs out; overdue on any later day.
pub(crate) fn assignment_due_on() -> Expr {
    Expr::col((liaison_assignment::Entity, Alias::new("due_on")))
}

/// A trigger of migration m0014 a bulk write sets aside: on a contact pair
/// written, or on an assignment written (its name on each backend).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Trigger {
    sqlite: &'static str,
    postgres: &'static str,
}

pub(crate) const PAIR_INSERTED: Trigger =
    Trigger { sqlite: "liaison_facts_pair_insert", postgres: "liaison_facts_pair" };
pub(crate) const ASSIGNMENT_INSERTED: Trigger =
    Trigger { sqlite: "liaison_facts_assignment_insert", postgres: "liaison_facts_assignment" };

/// A trigger set aside, to be put back by [`settle`].
#[derive(Debug)]
pub(crate) enum SetAside {
    /// SQLite: the trigger dropped inside the transaction, and its text.
    Sqlite(String),
    /// PostgreSQL: the trigger named in the transaction's [`SET_ASIDE`]
    /// setting, so that its function skips inserts (m0017).
    Postgres,
}

/// Inside a bulk write's transaction: sets `trigger` aside, which sets the
/// facts once a row written. `None` (the trigger kept) on SQLite when the
/// trigger is not m0014's.
pub(crate) async fn set_aside(db: &impl ConnectionTrait, trigger: Trigger) -> Result<Option<SetAside>, DbErr> {
    match db.get_database_backend() {
        DbBackend::Sqlite => match sqlite_trigger(trigger.sqlite) {
            Some(text) => Ok(take_trigger(db, trigger.sqlite, &text).await?.map(SetAside::Sqlite)),
            None => Ok(None),
        },
        _ => {
            name_set_aside(db, trigger.postgres).await?;
            Ok(Some(SetAside::Postgres))
        }
    }
}

/// Sets the transaction-local [`SET_ASIDE`] on PostgreSQL.
async fn name_set_aside(db: &impl ConnectionTrait, trigger: &str) -> Result<(), DbErr> {
    let sql = format!("SELECT set_config('{SET_ASIDE}', $1, true)");
    db.execute_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, [trigger.into()])).await?;
    Ok(())
}

/// Does the set-aside trigger's work for the rows of `fellows` of tenant `t`
/// just written, with the trigger's own two statements (the fellows'
/// assignments, then the fellows; only rows whose facts change are
/// rewritten) a chunk of fellows at a time, and puts the trigger back, still
/// inside the transaction.
pub(crate) async fn settle(
    db: &impl ConnectionTrait,
    t: Uuid,
    fellows: &BTreeSet<Uuid>,
    set_aside: SetAside,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let postgres = backend == DbBackend::Postgres;
    let fellows: Vec<Uuid> = fellows.iter().copied().collect();
    for chunk in fellows.chunks(MAX_PARAMS - 1) {
        let marks: Vec<String> =
            (2..chunk.len() + 2).map(|n| if postgres { format!("${n}") } else { "?".into() }).collect();
        let (marks, tenant) = (marks.join(", "), if postgres { "$1" } else { "?" });
        let values: Vec<Value> = std::iter::once(t.into()).chain(chunk.iter().map(|f| (*f).into())).collect();
        let assignments = format!("WHERE tenant_id = {tenant} AND fellow_id IN ({marks})");
        let fellows = format!("WHERE tenant_id = {tenant} AND id IN ({marks})");
        for sql in set_changed(postgres, &assignments, &fellows) {
            db.execute_raw(Statement::from_sql_and_values(backend, sql, values.clone())).await?;
        }
    }
    match set_aside {
        SetAside::Sqlite(trigger) => db.execute_unprepared(&trigger).await.map(drop),
        SetAside::Postgres => name_set_aside(db, "").await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;

    #[test]
    fn facts_serve_today_and_later_and_records_the_past() {
        let day = today();
        assert_eq!(Source::for_day(day), Source::Facts);
        assert_eq!(Source::for_day(day + Days::new(30)), Source::Facts);
        assert_eq!(Source::for_day(day - Days::new(1)), Source::Records);
    }
}
