//! Weighted choices for the generators: a table of (value, weight) pairs,
//! with the cumulative weights worked out once.

use rand::Rng;

/// A table of values with integer weights.
pub struct Weighted<'a, T>(pub &'a [(T, u32)]);

/// One value of the table, chosen with probability weight / total.
pub fn pick<T: Copy>(rng: &mut impl Rng, table: &Weighted<'_, T>) -> T {
    let total: u32 = table.0.iter().map(|(_, w)| w).sum();
    let mut at = rng.random_range(0..total);
    for (value, weight) in table.0 {
        if at < *weight {
            return *value;
        }
        at -= weight;
    }
    unreachable!("the draw is below the total weight")
}

/// One element of a non-empty slice, uniformly.
pub fn one<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}
