//! A project's stage history as dated events, and what it says as of any day.
//!
//! Nothing is deleted: a correction is a new event that supersedes an older
//! one and says why. The events that count are the *effective* ones, those
//! no other event supersedes. A correction is knowledge about the past, so it
//! counts for every as-of date: an old event it supersedes counts on no day,
//! and the correcting event counts from its own date.
//!
//! A stage's *milestone date* is the earliest effective date recorded for it
//! (the first inspection, the signing...). Only recorded events count: a
//! project recorded as started has no signing date until a signing is
//! recorded. Milestone dates climb the ladder of [`Stage::LADDER`]; a new
//! event that would break that order is refused unless it gives a reason.

use super::Stage;
use crate::Lang;
use crate::fellows::FormError;
use crate::text::TextField;
use chrono::NaiveDate;
use uuid::Uuid;

/// What happened at this stage, typed into a textarea.
pub const NOTE: TextField = TextField::notes("备注", "note", 1000);
/// Why an event corrects another, is out of order, or why the project was dropped.
pub const REASON: TextField = TextField::line("原因", "reason", 200);

/// What the refusal of an out-of-order date ends with, (zh, en): the way out
/// for a writer who can give a reason (the form's). An import, whose ledger
/// has no such column, shows the refusal without it.
pub const ORDER_HINT: (&str, &str) = ("；如日期无误，请填写原因", "; if the date is right, give the reason");

/// One recorded event of a project's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageEvent {
    pub id: Uuid,
    pub stage: Stage,
    /// The day it happened, in China.
    pub on: NaiveDate,
    pub note: String,
    /// The event this one corrects, which then no longer counts.
    pub supersedes: Option<Uuid>,
    /// Empty unless the event corrects another, is out of order or drops the project.
    pub reason: String,
}

/// An event as the form or the API sends it, before the store gives it an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStageEvent {
    pub stage: Stage,
    pub on: NaiveDate,
    pub note: String,
    pub supersedes: Option<Uuid>,
    pub reason: String,
}

/// The events no other event supersedes, in their given order.
pub fn effective(events: &[StageEvent]) -> impl Iterator<Item = &StageEvent> {
    events.iter().filter(|e| !events.iter().any(|other| other.id != e.id && other.supersedes == Some(e.id)))
}

/// The effective events dated on or before `as_of`.
fn known(events: &[StageEvent], as_of: NaiveDate) -> impl Iterator<Item = &StageEvent> {
    effective(events).filter(move |e| e.on <= as_of)
}

/// Where the project stood on `as_of`: dropped when its latest event by then
/// drops it (a progress event on the same day does not revive it; a later one
/// does), otherwise the furthest stage it had reached, and a lead when
/// nothing is recorded by then.
pub fn stage_as_of(events: &[StageEvent], as_of: NaiveDate) -> Stage {
    let latest = known(events, as_of).map(|e| e.on).max();
    if known(events, as_of).any(|e| e.stage == Stage::Dropped && Some(e.on) == latest) {
        return Stage::Dropped;
    }
    known(events, as_of).filter_map(|e| e.stage.rank()).max().map_or(Stage::Lead, |rank| Stage::LADDER[rank])
}

/// The milestone date of `stage` as known on `as_of`: its earliest effective
/// event dated on or before `as_of`.
pub fn first_date(events: &[StageEvent], stage: Stage, as_of: NaiveDate) -> Option<NaiveDate> {
    known(events, as_of).filter(|e| e.stage == stage).map(|e| e.on).min()
}

/// Whether `new` may be added to the project's `events` on `today`:
/// - it is not dated in the future;
/// - its note and reason keep their limits ([`NOTE`], [`REASON`]);
/// - a correction supersedes an effective event of this project and says why;
/// - a drop says why;
/// - without a reason, it keeps the milestone dates in ladder order. Only a
///   new milestone is checked: a re-inspection after signing is fine, a first
///   inspection after signing is not.
pub fn check_new(events: &[StageEvent], new: &NewStageEvent, today: NaiveDate) -> Result<(), FormError> {
    if new.on > today {
        return Err(FormError::new("on", "日期不能晚于今天", "The date is in the future"));
    }
    NOTE.check(&new.note).map_err(|message| FormError { field: "note", message })?;
    let reason = REASON.check(&new.reason).map_err(|message| FormError { field: "reason", message })?;
    if let Some(old) = new.supersedes {
        if !effective(events).any(|e| e.id == old) {
            return Err(FormError::new(
                "supersedes",
                "要更正的记录不存在或已被更正",
                "The event to correct does not exist or has already been corrected",
            ));
        }
        if reason.is_empty() {
            return Err(FormError::new("reason", "更正记录须说明原因", "Give the reason for the correction"));
        }
    }
    if new.stage == Stage::Dropped && reason.is_empty() {
        return Err(FormError::new("reason", "终止项目须填写终止原因", "Give the reason the project was dropped"));
    }
    if reason.is_empty() { check_order(events, new.stage, new.on) } else { Ok(()) }
}

/// Refuses `on` as the new milestone date of `stage` when it falls before an
/// earlier stage's milestone or after a later one's, naming the nearest
/// conflict.
fn check_order(events: &[StageEvent], stage: Stage, on: NaiveDate) -> Result<(), FormError> {
    let first = |s: Stage| first_date(events, s, NaiveDate::MAX);
    if stage.rank().is_none() || first(stage).is_some_and(|d| d <= on) {
        return Ok(());
    }
    let milestones = || Stage::LADDER.into_iter().filter_map(|s| Some((first(s)?, s)));
    let earlier = milestones().filter(|(d, s)| s.is_before(stage) && *d > on).max_by_key(|(d, s)| (*d, s.rank()));
    let later = milestones().filter(|(d, s)| stage.is_before(*s) && *d < on).min_by_key(|(d, s)| (*d, s.rank()));
    let (zh_word, en_word, (date, other)) = match (earlier, later) {
        (Some(conflict), _) => ("早于", "before", conflict),
        (None, Some(conflict)) => ("晚于", "after", conflict),
        (None, None) => return Ok(()),
    };
    Err(FormError::new(
        "on",
        format!(
            "{}（{on}）不能{zh_word}{}（{date}）{}",
            stage.date_label(Lang::Zh),
            other.date_label(Lang::Zh),
            ORDER_HINT.0
        ),
        format!(
            "The {} ({on}) cannot be {en_word} the {} ({date}){}",
            stage.date_label(Lang::En),
            other.date_label(Lang::En),
            ORDER_HINT.1
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stage::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ev(id: u128, stage: Stage, on: NaiveDate) -> StageEvent {
        StageEvent { id: Uuid::from_u128(id), stage, on, note: String::new(), supersedes: None, reason: String::new() }
    }

    fn fix(id: u128, old: u128, stage: Stage, on: NaiveDate) -> StageEvent {
        StageEvent { supersedes: Some(Uuid::from_u128(old)), reason: "录入错误".into(), ..ev(id, stage, on) }
    }

    fn new(stage: Stage, on: NaiveDate) -> NewStageEvent {
        NewStageEvent { stage, on, note: String::new(), supersedes: None, reason: String::new() }
    }

    /// Inspected twice, negotiated, signed, started.
    fn history() -> Vec<StageEvent> {
        vec![
            ev(1, Inspected, day(2023, 4, 2)),
            ev(2, Inspected, day(2023, 5, 10)),
            ev(3, Negotiating, day(2023, 5, 20)),
            ev(4, Signed, day(2023, 6, 1)),
            ev(5, Started, day(2023, 9, 1)),
        ]
    }

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();

    #[test]
    fn the_stage_is_the_furthest_reached_by_the_day() {
        let events = history();
        assert_eq!(stage_as_of(&events, day(2023, 1, 1)), Lead, "nothing yet");
        assert_eq!(stage_as_of(&[], TODAY), Lead);
        assert_eq!(stage_as_of(&events, day(2023, 4, 2)), Inspected, "the event's own day counts");
        assert_eq!(stage_as_of(&events, day(2023, 6, 30)), Signed);
        assert_eq!(stage_as_of(&events, TODAY), Started);
        let mut unordered = events.clone();
        unordered.reverse();
        assert_eq!(stage_as_of(&unordered, day(2023, 6, 30)), Signed, "order of the slice does not matter");
    }

    #[test]
    fn later_events_never_change_an_earlier_answer() {
        let mut events = history();
        let days = [day(2023, 4, 1), day(2023, 5, 15), day(2023, 6, 1), day(2023, 8, 31)];
        let answer = |events: &[StageEvent], as_of| {
            (stage_as_of(events, as_of), Stage::ALL.map(|s| first_date(events, s, as_of)))
        };
        let before: Vec<_> = days.iter().map(|&d| answer(&events, d)).collect();
        events.push(ev(6, Dropped, day(2023, 9, 2)));
        events.push(ev(7, InProduction, day(2023, 12, 1)));
        events.push(ev(8, Inspected, day(2023, 10, 1)));
        let after: Vec<_> = days.iter().map(|&d| answer(&events, d)).collect();
        assert_eq!(before, after);
    }

    #[test]
    fn only_the_first_inspection_is_a_milestone() {
        let mut events = history();
        events.push(ev(6, Inspected, day(2023, 11, 5)));
        assert_eq!(first_date(&events, Inspected, TODAY), Some(day(2023, 4, 2)));
        assert_eq!(first_date(&events, Inspected, day(2023, 4, 1)), None);
        assert_eq!(stage_as_of(&events, TODAY), Started, "a re-inspection does not step back");
        let again = new(Inspected, day(2023, 12, 1));
        assert_eq!(check_new(&events, &again, TODAY), Ok(()), "re-inspecting after signing is fine");
    }

    #[test]
    fn a_later_stage_implies_no_earlier_dates() {
        let events = vec![ev(1, Started, day(2023, 9, 1))];
        assert_eq!(stage_as_of(&events, TODAY), Started);
        assert_eq!(first_date(&events, Signed, TODAY), None);
    }

    #[test]
    fn corrections_replace_what_they_supersede() {
        let mut events = history();
        events.push(fix(6, 4, Signed, day(2023, 7, 15)));
        assert_eq!(first_date(&events, Signed, TODAY), Some(day(2023, 7, 15)), "the signing date moved");
        assert_eq!(stage_as_of(&events, day(2023, 6, 30)), Negotiating, "not yet signed by the corrected date");
        events.push(fix(7, 5, Registered, day(2023, 9, 1)));
        assert_eq!(stage_as_of(&events, TODAY), Registered, "it was a registration, not a start");
        events.push(fix(8, 6, Signed, day(2023, 7, 10)));
        assert_eq!(first_date(&events, Signed, TODAY), Some(day(2023, 7, 10)), "a correction of a correction");
        let ids: Vec<u128> = effective(&events).map(|e| e.id.as_u128()).collect();
        assert_eq!(ids, [1, 2, 3, 7, 8]);
    }

    #[test]
    fn a_dropped_project_revives_with_later_progress() {
        let mut events = history();
        events.push(ev(6, Dropped, day(2023, 10, 1)));
        assert_eq!(stage_as_of(&events, day(2023, 9, 30)), Started);
        assert_eq!(stage_as_of(&events, day(2023, 10, 1)), Dropped);
        events.push(ev(7, Negotiating, day(2023, 10, 1)));
        assert_eq!(stage_as_of(&events, day(2023, 10, 1)), Dropped, "the same day does not revive it");
        events.push(ev(8, Negotiating, day(2023, 11, 1)));
        assert_eq!(stage_as_of(&events, day(2023, 10, 31)), Dropped);
        assert_eq!(stage_as_of(&events, day(2023, 11, 1)), Started, "revived, at the furthest stage reached");
        assert_eq!(first_date(&events, Dropped, TODAY), Some(day(2023, 10, 1)));
    }

    #[test]
    fn milestones_may_not_go_backwards() {
        let events = vec![ev(1, Inspected, day(2023, 4, 2))];
        let err = check_new(&events, &new(Signed, day(2023, 3, 1)), TODAY).unwrap_err();
        assert_eq!(err.field, "on");
        assert_eq!(err.message.zh, "签约日期（2023-03-01）不能早于首次考察日期（2023-04-02）；如日期无误，请填写原因");
        assert!(err.message.en.starts_with("The signing date (2023-03-01) cannot be before the first inspection date"));
        assert_eq!(check_new(&events, &new(Signed, day(2023, 4, 2)), TODAY), Ok(()), "the same day is in order");

        let events = history();
        let err = check_new(&events, &new(InProduction, day(2023, 8, 1)), TODAY).unwrap_err();
        assert!(err.message.zh.starts_with("投产日期（2023-08-01）不能早于开工日期（2023-09-01）"), "the nearest");
        let err = check_new(&events, &new(Lead, day(2023, 5, 1)), TODAY).unwrap_err();
        assert!(err.message.zh.starts_with("线索登记日期（2023-05-01）不能晚于首次考察日期（2023-04-02）"));
        assert_eq!(check_new(&events, &new(Lead, day(2023, 4, 1)), TODAY), Ok(()));
        assert_eq!(check_new(&events, &new(Registered, day(2023, 6, 1)), TODAY), Ok(()));
        assert!(check_new(&events, &new(Registered, day(2023, 9, 2)), TODAY).is_err(), "after the start");

        let first_inspection_after_signing = vec![ev(1, Signed, day(2023, 6, 1))];
        let err = check_new(&first_inspection_after_signing, &new(Inspected, day(2023, 7, 1)), TODAY).unwrap_err();
        assert!(err.message.zh.starts_with("首次考察日期（2023-07-01）不能晚于签约日期（2023-06-01）"));
    }

    #[test]
    fn a_reason_allows_a_date_out_of_order() {
        let events = vec![ev(1, Inspected, day(2023, 4, 2))];
        let explained =
            NewStageEvent { reason: "先签框架协议，后补考察".into(), ..new(Signed, day(2023, 3, 1)) };
        assert_eq!(check_new(&events, &explained, TODAY), Ok(()));
        let blank = NewStageEvent { reason: "  ".into(), ..explained };
        assert_eq!(check_new(&events, &blank, TODAY).unwrap_err().field, "on", "a blank reason is none");
    }

    #[test]
    fn a_correction_names_an_effective_event_and_says_why() {
        let mut events = history();
        events.push(fix(6, 4, Signed, day(2023, 7, 15)));
        let correct = |old: u128, reason: &str| NewStageEvent {
            supersedes: Some(Uuid::from_u128(old)),
            reason: reason.into(),
            ..new(Signed, day(2023, 3, 1))
        };
        assert_eq!(check_new(&events, &correct(6, "合同日期录错"), TODAY), Ok(()));
        assert_eq!(check_new(&events, &correct(4, "合同日期录错"), TODAY).unwrap_err().field, "supersedes");
        assert_eq!(check_new(&events, &correct(99, "合同日期录错"), TODAY).unwrap_err().field, "supersedes");
        let err = check_new(&events, &correct(6, ""), TODAY).unwrap_err();
        assert_eq!((err.field, err.message.zh.as_str()), ("reason", "更正记录须说明原因"));
    }

    #[test]
    fn other_rules_of_a_new_event() {
        let events = history();
        let err = check_new(&events, &new(InProduction, day(2024, 1, 2)), TODAY).unwrap_err();
        assert_eq!((err.field, err.message.zh.as_str()), ("on", "日期不能晚于今天"));
        assert_eq!(check_new(&events, &new(Dropped, TODAY), TODAY).unwrap_err().field, "reason");
        let drop = NewStageEvent { reason: "投资方资金链断裂".into(), ..new(Dropped, TODAY) };
        assert_eq!(check_new(&events, &drop, TODAY), Ok(()));
        let long = NewStageEvent { note: "记".repeat(1001), ..new(InProduction, TODAY) };
        assert_eq!(check_new(&events, &long, TODAY).unwrap_err().field, "note");
        let control = NewStageEvent { reason: "原因\n换行".into(), ..new(InProduction, TODAY) };
        assert_eq!(check_new(&events, &control, TODAY).unwrap_err().field, "reason");
    }
}
