//! The county's working-day calendar: Monday to Friday are working days
//! unless the county marks them a holiday; a Saturday or Sunday is a
//! working day when the county marks it one (调休, the make-up days around
//! the Spring Festival and National Day). Deadlines and days taken are
//! counted in these working days.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;
use std::collections::BTreeSet;

/// What the county marked a day as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayMark {
    /// A day off (法定节假日), whatever weekday it falls on.
    Holiday,
    /// A weekend day worked (调休上班).
    Workday,
}

impl DayMark {
    pub fn code(self) -> &'static str {
        match self {
            DayMark::Holiday => "holiday",
            DayMark::Workday => "workday",
        }
    }

    pub fn parse(code: &str) -> Option<DayMark> {
        [DayMark::Holiday, DayMark::Workday].into_iter().find(|m| m.code() == code)
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            DayMark::Holiday => lang.pick("放假", "Holiday"),
            DayMark::Workday => lang.pick("调休上班", "Make-up working day"),
        }
    }
}

/// The longest span counted, in calendar days: a time limit of 60 working
/// days never needs more than a year, and a bad date cannot loop for long.
const MAX_SPAN_DAYS: u64 = 3_660;

/// A county's holidays and make-up working days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar of marked days; a day marked twice keeps its last mark.
    pub fn new(marks: impl IntoIterator<Item = (NaiveDate, DayMark)>) -> Calendar {
        let mut c = Calendar::default();
        for (day, mark) in marks {
            c.holidays.remove(&day);
            c.workdays.remove(&day);
            match mark {
                DayMark::Holiday => c.holidays.insert(day),
                DayMark::Workday => c.workdays.insert(day),
            };
        }
        c
    }

    /// Whether offices work on `day`.
    pub fn is_working(&self, day: NaiveDate) -> bool {
        if self.holidays.contains(&day) {
            return false;
        }
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        !weekend || self.workdays.contains(&day)
    }

    /// The deadline of something received on `received` with `n` working
    /// days to do it: the `n`-th working day after the day received (the
    /// day itself does not count). `n = 0` is the day received.
    pub fn add_working_days(&self, received: NaiveDate, n: u32) -> NaiveDate {
        let mut day = received;
        let mut left = n;
        let mut steps = 0;
        while left > 0 && steps < MAX_SPAN_DAYS {
            day = day + Days::new(1);
            steps += 1;
            if self.is_working(day) {
                left -= 1;
            }
        }
        day
    }

    /// The working days after `from` up to and including `to`: what a
    /// request received on `from` and done on `to` took. 0 when `to` is not
    /// after `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = from;
        let mut steps = 0;
        while day < to && steps < MAX_SPAN_DAYS {
            day = day + Days::new(1);
            steps += 1;
            if self.is_working(day) {
                count += 1;
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The 2024 Spring Festival as the State Council announced it: off
    /// 10-17 February, worked Sunday 4 and Sunday 18 February.
    fn spring_2024() -> Calendar {
        let mut marks: Vec<(NaiveDate, DayMark)> = (10..=17).map(|day| (d(2024, 2, day), DayMark::Holiday)).collect();
        marks.push((d(2024, 2, 4), DayMark::Workday));
        marks.push((d(2024, 2, 18), DayMark::Workday));
        Calendar::new(marks)
    }

    #[test]
    fn weekdays_work_and_weekends_rest_without_marks() {
        let c = Calendar::default();
        assert!(c.is_working(d(2024, 3, 4)), "a Monday");
        assert!(!c.is_working(d(2024, 3, 9)), "a Saturday");
        // Friday + 1 working day is Monday.
        assert_eq!(c.add_working_days(d(2024, 3, 8), 1), d(2024, 3, 11));
        assert_eq!(c.add_working_days(d(2024, 3, 4), 5), d(2024, 3, 11));
        assert_eq!(c.add_working_days(d(2024, 3, 4), 0), d(2024, 3, 4));
        // Received on a Saturday: the first working day is Monday.
        assert_eq!(c.add_working_days(d(2024, 3, 9), 1), d(2024, 3, 11));
    }

    #[test]
    fn spring_festival_holidays_are_skipped_and_make_up_sundays_count() {
        let c = spring_2024();
        assert!(c.is_working(d(2024, 2, 4)), "调休 Sunday");
        assert!(!c.is_working(d(2024, 2, 12)), "a Monday of the festival");
        assert!(c.is_working(d(2024, 2, 18)), "调休 Sunday after");
        // Received Thursday 8 Feb with 3 working days: Fri 9, Sun 18, Mon 19.
        assert_eq!(c.add_working_days(d(2024, 2, 8), 3), d(2024, 2, 19));
        // Received Saturday 3 Feb with 1 working day: the make-up Sunday 4.
        assert_eq!(c.add_working_days(d(2024, 2, 3), 1), d(2024, 2, 4));
    }

    #[test]
    fn working_days_between_counts_the_same_days() {
        let c = spring_2024();
        assert_eq!(c.working_days_between(d(2024, 2, 8), d(2024, 2, 19)), 3);
        assert_eq!(c.working_days_between(d(2024, 2, 9), d(2024, 2, 17)), 0, "all holidays");
        assert_eq!(c.working_days_between(d(2024, 2, 8), d(2024, 2, 8)), 0);
        assert_eq!(c.working_days_between(d(2024, 2, 19), d(2024, 2, 8)), 0, "backwards");
        for n in 0..40 {
            let start = d(2024, 1, 29);
            assert_eq!(c.working_days_between(start, c.add_working_days(start, n)), n);
        }
    }

    #[test]
    fn the_last_mark_of_a_day_wins_and_a_holiday_beats_a_weekday() {
        let c = Calendar::new([(d(2024, 10, 1), DayMark::Workday), (d(2024, 10, 1), DayMark::Holiday)]);
        assert!(!c.is_working(d(2024, 10, 1)));
        assert_eq!(DayMark::parse("workday"), Some(DayMark::Workday));
        assert_eq!(DayMark::parse("x"), None);
    }
}
