//! The service figures for a period (办理时效报表), by kind and by handling
//! unit: requests received in the period; requests closed as done in the
//! period, those done within their time limit, the median working days they
//! took; and the average satisfaction of the requests done in the period
//! that the requester rated. A request overdue as of a day is one whose
//! deadline has passed and that is neither done nor declined.
//!
//! The store hands over facts already grouped (identical facts with their
//! count), so a year of a million requests arrives as a few thousand rows;
//! every figure is computed here from them.

use super::{ServiceKind, ServiceStatus};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use uuid::Uuid;

/// What a figure is grouped by: a request's kind and its handling unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportKey {
    pub kind: ServiceKind,
    pub unit_id: Uuid,
}

/// Requests received in the period with one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub key: ReportKey,
    pub count: u64,
}

/// Requests closed in the period with one key, one status, one count of
/// working days taken and one time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed {
    pub key: ReportKey,
    pub status: ServiceStatus,
    pub days_taken: u32,
    pub limit_days: u32,
    pub count: u64,
}

/// Ratings of requests done in the period with one key and one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rated {
    pub key: ReportKey,
    pub score: u8,
    pub count: u64,
}

/// Whether a request done after `days_taken` working days kept its limit.
pub fn on_time(days_taken: u32, limit_days: u32) -> bool {
    days_taken <= limit_days
}

/// Whether a request with `deadline`, still open (`closed` false), is
/// overdue as of `today`: the deadline has passed.
pub fn is_overdue(deadline: NaiveDate, closed: bool, today: NaiveDate) -> bool {
    !closed && today > deadline
}

/// The number received.
pub fn received_count<'a>(rows: impl IntoIterator<Item = &'a Received>) -> u64 {
    rows.into_iter().map(|r| r.count).sum()
}

/// The number done (declined ones are closed, not done).
pub fn done_count<'a>(rows: impl IntoIterator<Item = &'a Closed>) -> u64 {
    rows.into_iter().filter(|c| c.status == ServiceStatus::Done).map(|c| c.count).sum()
}

/// The number done within their time limit.
pub fn done_on_time<'a>(rows: impl IntoIterator<Item = &'a Closed>) -> u64 {
    rows.into_iter()
        .filter(|c| c.status == ServiceStatus::Done && on_time(c.days_taken, c.limit_days))
        .map(|c| c.count)
        .sum()
}

/// The median working days the done requests took (the mean of the middle
/// two of an even count); `None` when none was done.
pub fn median_days<'a>(rows: impl IntoIterator<Item = &'a Closed>) -> Option<f64> {
    let mut days: BTreeMap<u32, u64> = BTreeMap::new();
    for c in rows.into_iter().filter(|c| c.status == ServiceStatus::Done && c.count > 0) {
        *days.entry(c.days_taken).or_default() += c.count;
    }
    let total: u64 = days.values().sum();
    if total == 0 {
        return None;
    }
    // The values at 0-based ranks (total-1)/2 and total/2.
    let nth = |rank: u64| {
        let mut seen = 0;
        for (d, n) in &days {
            seen += n;
            if rank < seen {
                return *d;
            }
        }
        unreachable!("rank below total")
    };
    Some((nth((total - 1) / 2) as f64 + nth(total / 2) as f64) / 2.0)
}

/// The average score, rounded to two decimals; `None` without ratings.
pub fn average_satisfaction<'a>(rows: impl IntoIterator<Item = &'a Rated>) -> Option<f64> {
    let (sum, n) = rows.into_iter().fold((0u64, 0u64), |(s, n), r| (s + r.score as u64 * r.count, n + r.count));
    (n > 0).then(|| (sum as f64 / n as f64 * 100.0).round() / 100.0)
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportLine {
    pub received: u64,
    pub done: u64,
    pub done_on_time: u64,
    /// Median working days to done.
    pub median_days: Option<f64>,
    pub satisfaction: Option<f64>,
    pub rated: u64,
}

impl ReportLine {
    fn of(received: &[&Received], closed: &[&Closed], rated: &[&Rated]) -> ReportLine {
        ReportLine {
            received: received_count(received.iter().copied()),
            done: done_count(closed.iter().copied()),
            done_on_time: done_on_time(closed.iter().copied()),
            median_days: median_days(closed.iter().copied()),
            satisfaction: average_satisfaction(rated.iter().copied()),
            rated: rated.iter().map(|r| r.count).sum(),
        }
    }
}

/// The report: one line per kind (every kind, in order), one per unit that
/// has anything in the period, and the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceReport {
    pub by_kind: Vec<(ServiceKind, ReportLine)>,
    pub by_unit: Vec<(Uuid, ReportLine)>,
    pub total: ReportLine,
}

impl ServiceReport {
    pub fn of(received: &[Received], closed: &[Closed], rated: &[Rated]) -> ServiceReport {
        let line = |keep: &dyn Fn(&ReportKey) -> bool| {
            let r: Vec<&Received> = received.iter().filter(|x| keep(&x.key)).collect();
            let c: Vec<&Closed> = closed.iter().filter(|x| keep(&x.key)).collect();
            let s: Vec<&Rated> = rated.iter().filter(|x| keep(&x.key)).collect();
            ReportLine::of(&r, &c, &s)
        };
        let by_kind = ServiceKind::ALL.into_iter().map(|k| (k, line(&|key| key.kind == k))).collect();
        let mut units: Vec<Uuid> = received
            .iter()
            .map(|r| r.key.unit_id)
            .chain(closed.iter().map(|c| c.key.unit_id))
            .chain(rated.iter().map(|r| r.key.unit_id))
            .collect();
        units.sort();
        units.dedup();
        let by_unit = units.into_iter().map(|u| (u, line(&|key| key.unit_id == u))).collect();
        ServiceReport { by_kind, by_unit, total: line(&|_| true) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ServiceKind::{Government, Housing, Other, Schooling};
    use ServiceStatus::{Declined, Done};

    const A: Uuid = Uuid::from_u128(1);
    const B: Uuid = Uuid::from_u128(2);

    fn key(kind: ServiceKind, unit_id: Uuid) -> ReportKey {
        ReportKey { kind, unit_id }
    }

    fn closed(kind: ServiceKind, unit: Uuid, status: ServiceStatus, days: u32, limit: u32, count: u64) -> Closed {
        Closed { key: key(kind, unit), status, days_taken: days, limit_days: limit, count }
    }

    #[test]
    fn on_time_is_within_the_limit_and_overdue_is_past_the_deadline_while_open() {
        assert!(on_time(5, 5));
        assert!(!on_time(6, 5));
        let deadline = NaiveDate::from_ymd_opt(2024, 3, 8).unwrap();
        assert!(!is_overdue(deadline, false, deadline), "due today is not overdue");
        assert!(is_overdue(deadline, false, deadline.succ_opt().unwrap()));
        assert!(!is_overdue(deadline, true, deadline.succ_opt().unwrap()), "closed requests are never overdue");
    }

    #[test]
    fn done_counts_skip_declined_and_on_time_keeps_the_limit() {
        let rows = [
            closed(Government, A, Done, 3, 5, 4),
            closed(Government, A, Done, 7, 5, 1),
            closed(Government, A, Declined, 1, 5, 2),
        ];
        assert_eq!(done_count(&rows), 5);
        assert_eq!(done_on_time(&rows), 4);
    }

    #[test]
    fn the_median_weighs_each_group_by_its_count() {
        assert_eq!(median_days(&[]), None);
        assert_eq!(median_days(&[closed(Housing, A, Done, 4, 15, 1)]), Some(4.0));
        // 1, 1, 1, 10: the middle two are 1 and 1.
        let rows = [closed(Housing, A, Done, 10, 15, 1), closed(Housing, A, Done, 1, 15, 3)];
        assert_eq!(median_days(&rows), Some(1.0));
        // 2, 3: the mean of the middle two.
        let even = [closed(Housing, A, Done, 3, 15, 1), closed(Housing, B, Done, 2, 15, 1)];
        assert_eq!(median_days(&even), Some(2.5));
        // Declined requests take no part.
        let with_declined = [closed(Housing, A, Done, 3, 15, 1), closed(Housing, A, Declined, 0, 15, 9)];
        assert_eq!(median_days(&with_declined), Some(3.0));
    }

    #[test]
    fn satisfaction_is_the_weighted_mean_to_two_places() {
        assert_eq!(average_satisfaction(&[]), None);
        let rows = [Rated { key: key(Other, A), score: 5, count: 2 }, Rated { key: key(Other, A), score: 4, count: 1 }];
        assert_eq!(average_satisfaction(&rows), Some(4.67));
    }

    #[test]
    fn the_report_has_every_kind_each_unit_and_the_total() {
        let received = [Received { key: key(Government, A), count: 3 }, Received { key: key(Schooling, B), count: 2 }];
        let done = [closed(Government, A, Done, 2, 5, 2), closed(Schooling, B, Done, 25, 20, 1)];
        let rated = [Rated { key: key(Schooling, B), score: 3, count: 1 }];
        let report = ServiceReport::of(&received, &done, &rated);
        assert_eq!(report.by_kind.len(), ServiceKind::ALL.len());
        assert_eq!(report.by_kind[0].1.received, 3);
        assert_eq!(report.by_kind[1].1.received, 0, "housing had nothing");
        let b = &report.by_unit.iter().find(|(u, _)| *u == B).unwrap().1;
        assert_eq!((b.received, b.done, b.done_on_time, b.satisfaction), (2, 1, 0, Some(3.0)));
        assert_eq!(report.total.received, 5);
        assert_eq!(report.total.done, 3);
        assert_eq!(report.total.done_on_time, 2);
        assert_eq!(report.total.median_days, Some(2.0));
    }
}
