//! What a policy has given: how many beneficiaries and how much money, up to
//! a day, counted from the dated links.

use super::BeneficiaryKind;
use chrono::NaiveDate;
use serde::Serialize;

/// One beneficiary link as the totals read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BeneficiaryFact {
    pub kind: BeneficiaryKind,
    pub amount_fen: Option<i64>,
    pub date: NaiveDate,
}

/// A policy's beneficiaries up to a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub count: i64,
    pub projects: i64,
    pub fellows: i64,
    pub companies: i64,
    pub amount_fen: i64,
}

/// The beneficiaries dated on or before `as_of` (all when `None`).
pub fn totals(facts: &[BeneficiaryFact], as_of: Option<NaiveDate>) -> Totals {
    let mut t = Totals::default();
    for f in facts.iter().filter(|f| as_of.is_none_or(|d| f.date <= d)) {
        t.count += 1;
        match f.kind {
            BeneficiaryKind::Project => t.projects += 1,
            BeneficiaryKind::Fellow => t.fellows += 1,
            BeneficiaryKind::Company => t.companies += 1,
        }
        t.amount_fen += f.amount_fen.unwrap_or(0);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_count_kinds_and_money_up_to_the_day() {
        let d = |m| NaiveDate::from_ymd_opt(2023, m, 1).unwrap();
        let facts = [
            BeneficiaryFact { kind: BeneficiaryKind::Fellow, amount_fen: Some(500_000), date: d(1) },
            BeneficiaryFact { kind: BeneficiaryKind::Company, amount_fen: None, date: d(2) },
            BeneficiaryFact { kind: BeneficiaryKind::Project, amount_fen: Some(1_000_000), date: d(6) },
        ];
        let all = totals(&facts, None);
        assert_eq!((all.count, all.projects, all.fellows, all.companies, all.amount_fen), (3, 1, 1, 1, 1_500_000));
        let march = totals(&facts, Some(d(3)));
        assert_eq!((march.count, march.amount_fen), (2, 500_000));
        assert_eq!(totals(&[], None), Totals::default());
    }
}
