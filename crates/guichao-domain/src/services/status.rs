//! A request's status trail (办理进程): dated events, each moving the request
//! to a status, and the current status derived from them. No status is
//! typed in: the latest event says where a request stands.

use crate::Lang;
use chrono::NaiveDate;
use serde::Serialize;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    /// 已受理登记: recorded, not yet taken on.
    Received,
    /// 已接办: the handling unit has taken it on.
    Accepted,
    /// 办理中.
    InProgress,
    /// 待补充材料: waiting on the requester.
    Waiting,
    /// 已办结.
    Done,
    /// 不予办理, with a reason.
    Declined,
}

impl ServiceStatus {
    pub const ALL: [ServiceStatus; 6] = [
        ServiceStatus::Received,
        ServiceStatus::Accepted,
        ServiceStatus::InProgress,
        ServiceStatus::Waiting,
        ServiceStatus::Done,
        ServiceStatus::Declined,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ServiceStatus::Received => "received",
            ServiceStatus::Accepted => "accepted",
            ServiceStatus::InProgress => "in_progress",
            ServiceStatus::Waiting => "waiting",
            ServiceStatus::Done => "done",
            ServiceStatus::Declined => "declined",
        }
    }

    pub fn parse(code: &str) -> Option<ServiceStatus> {
        ServiceStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ServiceStatus::Received => lang.pick("已登记", "Received"),
            ServiceStatus::Accepted => lang.pick("已接办", "Accepted"),
            ServiceStatus::InProgress => lang.pick("办理中", "In progress"),
            ServiceStatus::Waiting => lang.pick("待补充材料", "Waiting on requester"),
            ServiceStatus::Done => lang.pick("已办结", "Done"),
            ServiceStatus::Declined => lang.pick("不予办理", "Declined"),
        }
    }

    /// Done or declined: nothing more happens, and no deadline runs.
    pub fn is_closed(self) -> bool {
        matches!(self, ServiceStatus::Done | ServiceStatus::Declined)
    }

    /// The statuses a request may move to from this one. A closed request
    /// may be reopened (back in progress) when it was closed by mistake.
    pub fn next(self) -> &'static [ServiceStatus] {
        use ServiceStatus::*;
        match self {
            Received => &[Accepted, InProgress, Done, Declined],
            Accepted => &[InProgress, Waiting, Done, Declined],
            InProgress => &[Waiting, Done, Declined],
            Waiting => &[InProgress, Done, Declined],
            Done | Declined => &[InProgress],
        }
    }
}

/// One event of a trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailEvent {
    pub on: NaiveDate,
    pub status: ServiceStatus,
    /// The order it was recorded in, breaking ties of one day.
    pub seq: i64,
}

/// The status of a trail: its latest event by day, then by the order
/// recorded; `Received` for an empty trail.
pub fn current_status(trail: &[TrailEvent]) -> ServiceStatus {
    trail.iter().max_by_key(|e| (e.on, e.seq)).map_or(ServiceStatus::Received, |e| e.status)
}

/// The day a trail closed: the day of its latest event when that event is
/// done or declined.
pub fn closed_on(trail: &[TrailEvent]) -> Option<NaiveDate> {
    trail.iter().max_by_key(|e| (e.on, e.seq)).filter(|e| e.status.is_closed()).map(|e| e.on)
}

/// Why a move is refused, in words: not allowed from the current status, a
/// day before the request's latest event, or a decline without a reason.
pub fn check_move(
    trail: &[TrailEvent],
    to: ServiceStatus,
    on: NaiveDate,
    reason: &str,
) -> Result<(), crate::fellows::FormError> {
    use crate::fellows::FormError;
    let from = current_status(trail);
    if !from.next().contains(&to) {
        return Err(FormError::new(
            "status",
            format!("当前状态“{}”不能改为“{}”", from.label(Lang::Zh), to.label(Lang::Zh)),
            format!("A request that is {} cannot become {}", from.label(Lang::En), to.label(Lang::En)),
        ));
    }
    if let Some(last) = trail.iter().map(|e| e.on).max()
        && on < last
    {
        return Err(FormError::new(
            "on",
            format!("日期不能早于上一步（{last}）"),
            format!("The day cannot be before the previous step ({last})"),
        ));
    }
    if to == ServiceStatus::Declined && reason.trim().is_empty() {
        return Err(FormError::new("reason", "不予办理须写明理由", "Say why the request is declined"));
    }
    Ok(())
}

/// Whether the requester's satisfaction may be recorded, as given on day
/// `on`: only for a request that is done, on a day between the day it was
/// done and `today`. The staff's record and the requester's own rating on
/// the lookup page both go by it.
pub fn check_rating(
    status: ServiceStatus,
    closed_on: Option<NaiveDate>,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), crate::fellows::FormError> {
    use crate::fellows::FormError;
    if status != ServiceStatus::Done {
        return Err(FormError::new(
            "score",
            "诉求办结后才能登记满意度",
            "Satisfaction is recorded once the request is done",
        ));
    }
    if closed_on.is_some_and(|c| on < c) || on > today {
        return Err(FormError::new(
            "on",
            "评价日期须在办结之后、今天之前",
            "The day rated must be between the day done and today",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ServiceStatus::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, d).unwrap()
    }

    fn trail(events: &[(u32, u32, ServiceStatus)]) -> Vec<TrailEvent> {
        events
            .iter()
            .enumerate()
            .map(|(i, (m, d, s))| TrailEvent { on: day(*m, *d), status: *s, seq: i as i64 })
            .collect()
    }

    #[test]
    fn the_latest_event_is_the_status() {
        assert_eq!(current_status(&[]), Received);
        let t = trail(&[(3, 1, Received), (3, 2, Accepted), (3, 5, Done)]);
        assert_eq!(current_status(&t), Done);
        assert_eq!(closed_on(&t), Some(day(3, 5)));
        let reopened = trail(&[(3, 1, Received), (3, 5, Done), (3, 6, InProgress)]);
        assert_eq!(current_status(&reopened), InProgress);
        assert_eq!(closed_on(&reopened), None);
    }

    #[test]
    fn events_of_one_day_go_in_the_order_recorded() {
        let t = trail(&[(3, 1, Received), (3, 1, Accepted), (3, 1, InProgress)]);
        assert_eq!(current_status(&t), InProgress);
        let shuffled = vec![t[2].clone(), t[0].clone(), t[1].clone()];
        assert_eq!(current_status(&shuffled), InProgress);
    }

    #[test]
    fn moves_follow_the_trail() {
        let t = trail(&[(3, 1, Received)]);
        assert!(check_move(&t, Accepted, day(3, 2), "").is_ok());
        assert_eq!(check_move(&t, Waiting, day(3, 2), "").unwrap_err().field, "status");
        assert_eq!(check_move(&t, Accepted, day(2, 28), "").unwrap_err().field, "on");
        assert_eq!(check_move(&t, Declined, day(3, 2), "  ").unwrap_err().field, "reason");
        assert!(check_move(&t, Declined, day(3, 2), "不属于本县事权").is_ok());
        let done = trail(&[(3, 1, Received), (3, 3, Done)]);
        assert_eq!(check_move(&done, Done, day(3, 4), "").unwrap_err().field, "status");
        assert!(check_move(&done, InProgress, day(3, 4), "").is_ok());
    }

    #[test]
    fn only_a_done_request_is_rated_between_the_day_done_and_today() {
        let today = day(3, 10);
        assert!(check_rating(Done, Some(day(3, 5)), day(3, 5), today).is_ok());
        assert!(check_rating(Done, Some(day(3, 5)), today, today).is_ok());
        for status in [Received, Accepted, InProgress, Waiting, Declined] {
            assert_eq!(check_rating(status, None, today, today).unwrap_err().field, "score", "{status:?}");
        }
        assert_eq!(check_rating(Done, Some(day(3, 5)), day(3, 4), today).unwrap_err().field, "on");
        assert_eq!(check_rating(Done, Some(day(3, 5)), day(3, 11), today).unwrap_err().field, "on");
    }
}
