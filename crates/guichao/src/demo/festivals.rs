//! The two festivals that set the rhythm of liaison work: Spring Festival
//! (春节, when fellows come home and cadres send greetings and gifts) and
//! Mid-Autumn (中秋). Both follow the lunar calendar, so their Gregorian days
//! are a table; a year outside it falls back to a typical day, which only
//! shifts the demo's busy weeks a little.

use chrono::{Datelike, NaiveDate};

/// A (month, day) of the year.
type Day = (u32, u32);

/// (year, Spring Festival, Mid-Autumn).
const DAYS: [(i32, Day, Day); 16] = [
    (2020, (1, 25), (10, 1)),
    (2021, (2, 12), (9, 21)),
    (2022, (2, 1), (9, 10)),
    (2023, (1, 22), (9, 29)),
    (2024, (2, 10), (9, 17)),
    (2025, (1, 29), (10, 6)),
    (2026, (2, 17), (9, 25)),
    (2027, (2, 6), (9, 15)),
    (2028, (1, 26), (10, 3)),
    (2029, (2, 13), (9, 22)),
    (2030, (2, 3), (9, 12)),
    (2031, (1, 23), (10, 1)),
    (2032, (2, 11), (9, 19)),
    (2033, (1, 31), (9, 8)),
    (2034, (2, 19), (9, 27)),
    (2035, (2, 8), (9, 16)),
];

/// The typical days of a year the table does not hold.
const FALLBACK: (Day, Day) = ((2, 5), (9, 20));

/// Which festival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Festival {
    SpringFestival,
    MidAutumn,
}

impl Festival {
    /// As a notice or a forum's title names it.
    pub fn name(self) -> &'static str {
        match self {
            Festival::SpringFestival => "春节",
            Festival::MidAutumn => "中秋",
        }
    }
}

pub fn day_in(year: i32, festival: Festival) -> NaiveDate {
    let (spring, autumn) = DAYS.iter().find(|(y, ..)| *y == year).map_or(FALLBACK, |(_, s, a)| (*s, *a));
    let (m, d) = if festival == Festival::SpringFestival { spring } else { autumn };
    NaiveDate::from_ymd_opt(year, m, d).expect("the table holds real days")
}

/// Every festival day from `from` to `to` (inclusive), in order.
pub fn between(from: NaiveDate, to: NaiveDate) -> Vec<(Festival, NaiveDate)> {
    let mut out: Vec<(Festival, NaiveDate)> = (from.year()..=to.year())
        .flat_map(|y| [Festival::SpringFestival, Festival::MidAutumn].map(|f| (f, day_in(y, f))))
        .filter(|(_, d)| (from..=to).contains(d))
        .collect();
    out.sort_by_key(|(_, d)| *d);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn festivals_fall_on_their_lunar_days() {
        assert_eq!(day_in(2025, Festival::SpringFestival), day(2025, 1, 29));
        assert_eq!(day_in(2026, Festival::MidAutumn), day(2026, 9, 25));
        assert_eq!(day_in(2050, Festival::SpringFestival), day(2050, 2, 5), "outside the table: a typical day");
        let two_years = between(day(2024, 12, 6), day(2026, 12, 6));
        let days: Vec<NaiveDate> = two_years.iter().map(|(_, d)| *d).collect();
        assert_eq!(days, [day(2025, 1, 29), day(2025, 10, 6), day(2026, 2, 17), day(2026, 9, 25)]);
        assert_eq!(two_years[0].0, Festival::SpringFestival);
    }
}
