//! Four-ones completion (ARCHITECTURE §7): ticks ÷ (fellows in the campaign ×
//! kinds required), and the fellows who have every required kind. A fellow
//! touched twice in one way counts once for that kind; a kind the campaign
//! does not require counts for nothing.
//!
//! The store counts, per group (a township, a cadre), the fellows, the
//! (fellow, required kind) pairs ticked and the fellows done; the figures
//! and the total are made here.

use serde::Serialize;

/// Whether a fellow with `ticked` of the `kinds` required kinds ticked is done.
pub fn fellow_done(ticked: u64, kinds: u64) -> bool {
    kinds > 0 && ticked >= kinds
}

/// Ticks over required touches, 0 when nothing is required; rounded to four
/// places so that a figure reads the same on both backends.
pub fn completion(ticks: u64, required: u64) -> f64 {
    if required == 0 {
        return 0.0;
    }
    let ratio = ticks.min(required) as f64 / required as f64;
    (ratio * 10_000.0).round() / 10_000.0
}

/// What is counted for one group of a campaign's fellows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub fellows: u64,
    /// (fellow, required kind) pairs with at least one tick.
    pub ticks: u64,
    /// Fellows with every required kind ticked.
    pub done: u64,
}

impl Tally {
    /// Adds one fellow with `ticked` of the `kinds` required kinds ticked.
    pub fn add_fellow(&mut self, ticked: u64, kinds: u64) {
        self.add_fellows(1, ticked, kinds);
    }

    /// Adds `n` fellows, each with `ticked` of the `kinds` required kinds ticked.
    pub fn add_fellows(&mut self, n: u64, ticked: u64, kinds: u64) {
        self.fellows += n;
        self.ticks += n * ticked.min(kinds);
        self.done += n * u64::from(fellow_done(ticked, kinds));
    }

    /// The sum of two tallies of disjoint groups.
    pub fn plus(self, other: Tally) -> Tally {
        Tally { fellows: self.fellows + other.fellows, ticks: self.ticks + other.ticks, done: self.done + other.done }
    }
}

/// One row of a completion table: a township or a cadre (or the total).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompletionRow {
    /// The township's or cadre's id, `none` for fellows without one, `total`.
    pub key: String,
    pub label: String,
    pub fellows: u64,
    pub ticks: u64,
    /// Fellows × kinds required.
    pub required: u64,
    /// Ticks ÷ required, from 0 to 1.
    pub completion: f64,
    pub fellows_done: u64,
}

impl CompletionRow {
    pub fn new(key: impl Into<String>, label: impl Into<String>, tally: Tally, kinds: u64) -> CompletionRow {
        let required = tally.fellows * kinds;
        CompletionRow {
            key: key.into(),
            label: label.into(),
            fellows: tally.fellows,
            ticks: tally.ticks.min(required),
            required,
            completion: completion(tally.ticks, required),
            fellows_done: tally.done.min(tally.fellows),
        }
    }

    /// The completion as a percentage with one decimal (`95.3%`).
    pub fn percent(&self) -> String {
        format!("{:.1}%", self.completion * 100.0)
    }

    /// How many touches are still missing.
    pub fn missing(&self) -> u64 {
        self.required - self.ticks
    }
}

/// The total of rows over disjoint groups (townships: each fellow is counted
/// in one). Rows over groups that overlap (cadres sharing a fellow) need
/// their total counted afresh, not summed.
pub fn total_row(rows: &[CompletionRow], kinds: u64, label: impl Into<String>) -> CompletionRow {
    let tally = rows
        .iter()
        .fold(Tally::default(), |sum, r| sum.plus(Tally { fellows: r.fellows, ticks: r.ticks, done: r.fellows_done }));
    CompletionRow::new("total", label, tally, kinds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_fellow_is_done_with_every_kind() {
        assert!(fellow_done(4, 4));
        assert!(!fellow_done(3, 4));
        assert!(!fellow_done(0, 0), "a campaign requiring nothing has nobody done");
    }

    #[test]
    fn completion_is_ticks_over_fellows_times_kinds() {
        let mut t = Tally::default();
        for ticked in [4, 4, 3, 1, 0] {
            t.add_fellow(ticked, 4);
        }
        let row = CompletionRow::new("x", "新墙镇", t, 4);
        assert_eq!((row.fellows, row.ticks, row.required, row.fellows_done), (5, 12, 20, 2));
        assert_eq!(row.completion, 0.6);
        assert_eq!(row.percent(), "60.0%");
        assert_eq!(row.missing(), 8);
    }

    #[test]
    fn extra_ticks_never_pass_one_hundred_percent() {
        let mut t = Tally::default();
        t.add_fellow(6, 4);
        assert_eq!(t.ticks, 4);
        assert_eq!(completion(9, 8), 1.0);
        assert_eq!(completion(0, 0), 0.0);
        assert_eq!(completion(1, 3), 0.3333);
    }

    #[test]
    fn fellows_counted_together_count_as_one_by_one() {
        let (mut together, mut one_by_one) = (Tally::default(), Tally::default());
        for (n, ticked) in [(3, 4), (2, 1), (5, 0)] {
            together.add_fellows(n, ticked, 4);
            (0..n).for_each(|_| one_by_one.add_fellow(ticked, 4));
        }
        assert_eq!(together, one_by_one);
        assert_eq!(together, Tally { fellows: 10, ticks: 14, done: 3 });
    }

    #[test]
    fn the_total_of_townships_sums_them() {
        let a = CompletionRow::new("a", "新墙镇", Tally { fellows: 10, ticks: 38, done: 9 }, 4);
        let b = CompletionRow::new("b", "筻口镇", Tally { fellows: 10, ticks: 20, done: 2 }, 4);
        let total = total_row(&[a, b], 4, "合计");
        assert_eq!(
            (total.key.as_str(), total.fellows, total.ticks, total.required, total.fellows_done),
            ("total", 20, 58, 80, 11)
        );
        assert_eq!(total.completion, 0.725);
        let empty = total_row(&[], 4, "合计");
        assert_eq!((empty.required, empty.completion), (0, 0.0));
    }

    proptest! {
        #[test]
        fn completion_stays_between_zero_and_one(ticks in proptest::collection::vec(0u64..8, 0..50), kinds in 1u64..6) {
            let mut t = Tally::default();
            for n in &ticks {
                t.add_fellow(*n, kinds);
            }
            let row = CompletionRow::new("k", "l", t, kinds);
            prop_assert!((0.0..=1.0).contains(&row.completion));
            prop_assert!(row.ticks <= row.required);
            prop_assert!(row.fellows_done <= row.fellows);
            prop_assert_eq!(row.fellows_done, ticks.iter().filter(|n| **n >= kinds).count() as u64);
        }
    }
}
