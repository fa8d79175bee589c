//! The liaison facts the triggers of migration m0014 keep on each assignment
//! and each fellow (last contact, the day the cycle runs out, the levels with
//! a live assignment), as query expressions, and when they may be read: for
//! any day from today on. An earlier day is counted from the records. And
//! how a bulk write of contacts on SQLite sets them once a fellow rather than
//! once a pair ([`set_aside`], [`settle`]).

use crate::entities::{fellow, liaison_assignment};
use crate::fellows::{MAX_PARAMS, take_trigger};
use crate::migration::{set_changed, sqlite_trigger};
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

/// 1 when the fellow has a live assignment at `level`, else 0.
pub(crate) fn fellow_has_level(level: LiaisonLevel) -> Expr {
    let bit = match level {
        LiaisonLevel::County => 1,
        LiaisonLevel::Township => 2,
        LiaisonLevel::Village => 4,
    };
    Expr::case(fellow_col("liaison_levels").bit_and(bit).ne(0), 1).finally(0).into()
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

/// The triggers of migration m0014 a bulk write sets aside: on a contact
/// pair written, and on an assignment written.
pub(crate) const PAIR_INSERTED: &str = "liaison_facts_pair_insert";
pub(crate) const ASSIGNMENT_INSERTED: &str = "liaison_facts_assignment_insert";

/// On SQLite, inside a bulk write's transaction: drops `trigger` (one of
/// the above), which sets the facts once a row written, and returns its text
/// for [`settle`]. `None` (the trigger kept) on PostgreSQL, or when the
/// trigger is not m0014's.
pub(crate) async fn set_aside(db: &impl ConnectionTrait, trigger: &str) -> Result<Option<String>, DbErr> {
    match (db.get_database_backend(), sqlite_trigger(trigger)) {
        (DbBackend::Sqlite, Some(text)) => take_trigger(db, trigger, &text).await,
        _ => Ok(None),
    }
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
    trigger: &str,
) -> Result<(), DbErr> {
    let fellows: Vec<Uuid> = fellows.iter().copied().collect();
    for chunk in fellows.chunks(MAX_PARAMS - 1) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let values: Vec<Value> = std::iter::once(t.into()).chain(chunk.iter().map(|f| (*f).into())).collect();
        let assignments = format!("WHERE tenant_id = ? AND fellow_id IN ({marks})");
        let fellows = format!("WHERE tenant_id = ? AND id IN ({marks})");
        for sql in set_changed(false, &assignments, &fellows) {
            db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, sql, values.clone())).await?;
        }
    }
    db.execute_unprepared(trigger).await?;
    Ok(())
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
