//! New market entities (新登记市场主体) by township, year and kind, as the
//! market-regulation bureau reports them each year: the yearly table by
//! township and kind with its totals is counted from those records.

use crate::vocab::vocabulary;
use std::collections::BTreeMap;

vocabulary! {
    /// What kind of market entity was registered.
    pub enum EntityKind {
        Individual = "individual", "个体工商户", "Individual business", ["个体户", "个体"];
        Enterprise = "enterprise", "企业", "Enterprise", ["公司", "企业法人"];
        Cooperative = "cooperative", "农民专业合作社", "Farmers' cooperative", ["合作社", "专业合作社", "农民合作社"];
    }
}

/// One record: the entities of a kind newly registered in a township in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registered<K> {
    pub township: K,
    pub year: i32,
    pub kind: EntityKind,
    pub count: i64,
}

/// A row of the yearly table: a township's new entities by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ByKind {
    /// In the order of [`EntityKind::ALL`].
    pub counts: [i64; 3],
}

impl ByKind {
    pub fn of(&self, kind: EntityKind) -> i64 {
        self.counts[index(kind)]
    }

    pub fn total(&self) -> i64 {
        self.counts.iter().sum()
    }
}

fn index(kind: EntityKind) -> usize {
    EntityKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// A year's table: each township's row and the county's totals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct YearTable<K: Ord> {
    pub rows: BTreeMap<K, ByKind>,
    pub totals: ByKind,
}

/// The table of `year` from the records.
pub fn year_table<K: Ord + Copy>(records: &[Registered<K>], year: i32) -> YearTable<K> {
    let mut table = YearTable { rows: BTreeMap::new(), totals: ByKind::default() };
    for r in records.iter().filter(|r| r.year == year) {
        table.rows.entry(r.township).or_default().counts[index(r.kind)] += r.count;
        table.totals.counts[index(r.kind)] += r.count;
    }
    table
}

/// The years the records hold, latest first.
pub fn years<K>(records: &[Registered<K>]) -> Vec<i32> {
    let mut y: Vec<i32> = records.iter().map(|r| r.year).collect();
    y.sort_unstable_by(|a, b| b.cmp(a));
    y.dedup();
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_tabled_by_township_and_kind_with_totals() {
        let r = |township, year, kind, count| Registered { township, year, kind, count };
        let records = [
            r(1, 2022, EntityKind::Individual, 100),
            r(1, 2022, EntityKind::Enterprise, 20),
            r(2, 2022, EntityKind::Cooperative, 5),
            r(2, 2022, EntityKind::Enterprise, 7),
            r(1, 2021, EntityKind::Enterprise, 99),
        ];
        let t = year_table(&records, 2022);
        assert_eq!(t.rows[&1].counts, [100, 20, 0]);
        assert_eq!(t.rows[&2].total(), 12);
        assert_eq!(t.totals.of(EntityKind::Enterprise), 27);
        assert_eq!(t.totals.total(), 132);
        assert_eq!(years(&records), [2022, 2021]);
        assert_eq!(EntityKind::from_words("农民专业合作社"), Some(EntityKind::Cooperative));
        assert_eq!(EntityKind::from_words("个体户"), Some(EntityKind::Individual));
    }
}
