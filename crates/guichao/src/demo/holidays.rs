//! China's public holidays and make-up working days (调休) for 2023-2025 as
//! the State Council's General Office announced them each year: the demo
//! county's service calendar. These are public facts, not generated.

use chrono::NaiveDate;
use guichao_domain::services::DayMark;

/// (first day, last day, name) of each holiday, both days off.
const OFF: [(&str, &str, &str); 19] = [
    ("2022-12-31", "2023-01-02", "元旦"),
    ("2023-01-21", "2023-01-27", "春节"),
    ("2023-04-05", "2023-04-05", "清明节"),
    ("2023-04-29", "2023-05-03", "劳动节"),
    ("2023-06-22", "2023-06-24", "端午节"),
    ("2023-09-29", "2023-10-06", "中秋节、国庆节"),
    ("2023-12-30", "2024-01-01", "元旦"),
    ("2024-02-10", "2024-02-17", "春节"),
    ("2024-04-04", "2024-04-06", "清明节"),
    ("2024-05-01", "2024-05-05", "劳动节"),
    ("2024-06-08", "2024-06-10", "端午节"),
    ("2024-09-15", "2024-09-17", "中秋节"),
    ("2024-10-01", "2024-10-07", "国庆节"),
    ("2025-01-01", "2025-01-01", "元旦"),
    ("2025-01-28", "2025-02-04", "春节"),
    ("2025-04-04", "2025-04-06", "清明节"),
    ("2025-05-01", "2025-05-05", "劳动节"),
    ("2025-05-31", "2025-06-02", "端午节"),
    ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
];

/// Weekend days worked (调休上班).
const WORKED: [(&str, &str); 20] = [
    ("2023-01-28", "春节调休"),
    ("2023-01-29", "春节调休"),
    ("2023-04-23", "劳动节调休"),
    ("2023-05-06", "劳动节调休"),
    ("2023-06-25", "端午节调休"),
    ("2023-10-07", "国庆节调休"),
    ("2023-10-08", "国庆节调休"),
    ("2024-02-04", "春节调休"),
    ("2024-02-18", "春节调休"),
    ("2024-04-07", "清明节调休"),
    ("2024-04-28", "劳动节调休"),
    ("2024-05-11", "劳动节调休"),
    ("2024-09-14", "中秋节调休"),
    ("2024-09-29", "国庆节调休"),
    ("2024-10-12", "国庆节调休"),
    ("2025-01-26", "春节调休"),
    ("2025-02-08", "春节调休"),
    ("2025-04-27", "劳动节调休"),
    ("2025-09-28", "国庆节调休"),
    ("2025-10-11", "国庆节调休"),
];

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("the tables hold dates")
}

/// Every marked day of 2023-2025 (and the New Year of 2023 starting on the
/// last day of 2022), by day.
pub fn calendar() -> Vec<(NaiveDate, DayMark, String)> {
    let mut days = Vec::new();
    for (from, to, name) in OFF {
        let mut d = day(from);
        while d <= day(to) {
            days.push((d, DayMark::Holiday, name.to_string()));
            d = d.succ_opt().expect("dates of this century have a next day");
        }
    }
    for (d, name) in WORKED {
        days.push((day(d), DayMark::Workday, name.to_string()));
    }
    days.sort_by_key(|d| d.0);
    days.dedup_by_key(|d| d.0);
    days
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichao_domain::services::Calendar;

    #[test]
    fn the_announced_days_hold() {
        let c = Calendar::new(calendar().into_iter().map(|(d, m, _)| (d, m)));
        assert!(!c.is_working(day("2024-02-12")), "Spring Festival Monday");
        assert!(c.is_working(day("2024-02-04")), "调休 Sunday");
        assert!(c.is_working(day("2023-01-28")), "调休 Saturday");
        assert!(!c.is_working(day("2025-10-08")));
        assert!(c.is_working(day("2025-10-11")));
        // The announced totals: 2024's National Day week is 7 days off.
        let oct = calendar()
            .iter()
            .filter(|(d, m, _)| *m == DayMark::Holiday && d.to_string().starts_with("2024-10"))
            .count();
        assert_eq!(oct, 7);
        // Every make-up day falls on a weekend, every holiday is named.
        use chrono::Datelike;
        for (d, m, name) in calendar() {
            assert!(!name.is_empty());
            if m == DayMark::Workday {
                assert!(d.weekday().num_days_from_monday() >= 5, "{d}");
            }
        }
    }
}
