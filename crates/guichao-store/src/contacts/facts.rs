//! The liaison facts the triggers of migration m0014 keep on each assignment
//! and each fellow (last contact, the day the cycle runs out, the levels with
//! a live assignment), as query expressions, and when they may be read: for
//! any day from today on. An earlier day is counted from the records.

use crate::entities::{fellow, liaison_assignment};
use chrono::NaiveDate;
use guichao_domain::date::today;
use guichao_domain::liaison::LiaisonLevel;
use sea_orm::sea_query::{Alias, Expr, ExprTrait};

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
