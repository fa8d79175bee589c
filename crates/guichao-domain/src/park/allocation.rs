//! Allocating a parcel or a factory unit to a project over dated spans, and
//! THE RULE of the park: one parcel or unit is never allocated twice over
//! overlapping days. Spans include both ends; an open span (no `until`) is
//! still held and overlaps every day from its start on. Releasing a held
//! allocation closes its span.

use crate::fellows::FormError;
use crate::text::TextField;
use chrono::NaiveDate;
use uuid::Uuid;

/// What an allocation's note may hold (the agreement, the terms).
pub const ALLOCATION_NOTE: TextField = TextField::notes("说明", "note", 500);

/// The days an allocation covers: from `from` to `until`, both included;
/// open-ended while `until` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Span {
    /// Whether the span covers `day`.
    pub fn covers(self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|until| day <= until)
    }

    /// The span in words: 2023-03-01 至 2024-02-29, or 2023-03-01 起 when open.
    fn describe(self) -> (String, String) {
        match self.until {
            Some(until) => (format!("{} 至 {until}", self.from), format!("{} to {until}", self.from)),
            None => (format!("{} 起", self.from), format!("from {} on", self.from)),
        }
    }
}

/// Whether two spans share a day. Both ends are included, so a span ending
/// on the day another starts overlaps it; one ending the day before does not.
pub fn overlaps(a: Span, b: Span) -> bool {
    a.until.is_none_or(|until| b.from <= until) && b.until.is_none_or(|until| a.from <= until)
}

/// An allocation as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub id: Uuid,
    /// The project it went to, when the reader may know it.
    pub project_id: Option<Uuid>,
    pub span: Span,
    /// For a parcel the day its project was built (建成), for a unit the day
    /// its project moved in (入驻).
    pub moved_in: Option<NaiveDate>,
}

/// What is allocated: a land parcel or a factory unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    Parcel,
    Unit,
}

impl Site {
    /// The site in a sentence: 地块 / 厂房, parcel / factory unit.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Site::Parcel => ("地块", "parcel"),
            Site::Unit => ("厂房", "factory unit"),
        }
    }

    /// What its `moved_in` day means: 建成日期 / 入驻日期.
    pub fn moved_in_words(self) -> (&'static str, &'static str) {
        match self {
            Site::Parcel => ("建成日期", "built date"),
            Site::Unit => ("入驻日期", "move-in date"),
        }
    }
}

/// A new allocation as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewAllocation<'a> {
    pub site: Site,
    pub span: Span,
    pub moved_in: Option<NaiveDate>,
    pub note: &'a str,
}

/// The rules of one allocation on its own, checked on `today`: it ends no
/// earlier than it starts, its project moved in (or built) within it and not
/// in the future, and its note keeps its limits. Returns the note trimmed;
/// every broken rule under its field.
pub fn check_allocation(new: NewAllocation<'_>, today: NaiveDate) -> Result<String, Vec<FormError>> {
    let mut errors = Vec::new();
    if let Some(until) = new.span.until
        && until < new.span.from
    {
        errors.push(FormError::new("until", "截止日期不能早于起始日期", "The end date is before the start date"));
    }
    if let Some(day) = new.moved_in {
        let (zh, en) = new.site.moved_in_words();
        if !new.span.covers(day) {
            errors.push(FormError::new(
                "moved_in",
                format!("{zh}须在分配期间内"),
                format!("The {en} must fall within the allocation"),
            ));
        } else if day > today {
            errors.push(FormError::new("moved_in", format!("{zh}不能晚于今天"), format!("The {en} is in the future")));
        }
    }
    let note = ALLOCATION_NOTE.check(new.note).unwrap_or_else(|message| {
        errors.push(FormError { field: "note", message });
        String::new()
    });
    if errors.is_empty() { Ok(note) } else { Err(errors) }
}

/// The allocation among `existing` that `span` would share a day with.
pub fn conflict(span: Span, existing: &[Allocation]) -> Option<&Allocation> {
    existing.iter().find(|a| overlaps(span, a.span))
}

/// The refusal of a double booking, under the field `from`: naming the
/// project that holds the site when the writer may see it, and the span it
/// holds it for.
pub fn double_booking(site: Site, held: Span, project: Option<&str>) -> FormError {
    let (zh_site, en_site) = site.words();
    let (zh_span, en_span) = held.describe();
    match project {
        Some(name) => FormError::new(
            "from",
            format!("该{zh_site}在此期间已分配给“{name}”（{zh_span}）"),
            format!("This {en_site} is allocated to {name} over these dates ({en_span})"),
        ),
        None => FormError::new(
            "from",
            format!("该{zh_site}在此期间已分配（{zh_span}）"),
            format!("This {en_site} is already allocated over these dates ({en_span})"),
        ),
    }
}

/// Whether `held` may be released on `until` (its last day): it is still
/// held, and `until` is no earlier than its start nor than the day its
/// project moved in (or built).
pub fn check_release(site: Site, held: &Allocation, until: NaiveDate) -> Result<(), FormError> {
    if held.span.until.is_some() {
        return Err(FormError::new("until", "该分配已结束，无需再释放", "This allocation has already ended"));
    }
    if until < held.span.from {
        return Err(FormError::new(
            "until",
            format!("释放日期不能早于起始日期（{}）", held.span.from),
            format!("The release date is before the start ({})", held.span.from),
        ));
    }
    if let Some(day) = held.moved_in
        && until < day
    {
        let (zh, en) = site.moved_in_words();
        return Err(FormError::new(
            "until",
            format!("释放日期不能早于{zh}（{day}）"),
            format!("The release date is before the {en} ({day})"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn span(from: NaiveDate, until: Option<NaiveDate>) -> Span {
        Span { from, until }
    }

    fn held(id: u128, s: Span) -> Allocation {
        Allocation { id: Uuid::from_u128(id), project_id: Some(Uuid::from_u128(id)), span: s, moved_in: None }
    }

    const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();

    #[test]
    fn spans_overlap_when_they_share_a_day() {
        let year = span(day(2023, 1, 1), Some(day(2023, 12, 31)));
        assert!(overlaps(year, span(day(2023, 6, 1), Some(day(2023, 6, 30)))), "inside");
        assert!(overlaps(year, span(day(2022, 6, 1), Some(day(2023, 1, 1)))), "ends on the first day");
        assert!(overlaps(year, span(day(2023, 12, 31), Some(day(2024, 3, 1)))), "starts on the last day");
        assert!(overlaps(year, span(day(2022, 1, 1), Some(day(2025, 1, 1)))), "around");
        assert!(!overlaps(year, span(day(2024, 1, 1), Some(day(2024, 3, 1)))), "adjacent after");
        assert!(!overlaps(year, span(day(2022, 1, 1), Some(day(2022, 12, 31)))), "adjacent before");
    }

    #[test]
    fn an_open_span_overlaps_everything_after_its_start() {
        let open = span(day(2023, 3, 1), None);
        assert!(overlaps(open, span(day(2030, 1, 1), Some(day(2030, 1, 2)))));
        assert!(overlaps(span(day(2030, 1, 1), None), open), "two open spans always meet");
        assert!(overlaps(open, span(day(2023, 1, 1), Some(day(2023, 3, 1)))), "ends on its first day");
        assert!(!overlaps(open, span(day(2023, 1, 1), Some(day(2023, 2, 28)))), "ends the day before");
        assert!(!overlaps(span(day(2023, 1, 1), Some(day(2023, 2, 28))), open), "either way round");
        assert!(open.covers(day(2099, 1, 1)) && !open.covers(day(2023, 2, 28)));
    }

    #[test]
    fn a_conflict_names_the_holder_only_when_seen() {
        let existing = [held(1, span(day(2022, 1, 1), Some(day(2022, 12, 31)))), held(2, span(day(2023, 3, 1), None))];
        assert_eq!(conflict(span(day(2023, 1, 1), Some(day(2023, 2, 28))), &existing), None, "between the two");
        let hit = conflict(span(day(2023, 1, 1), None), &existing).unwrap();
        assert_eq!(hit.id, Uuid::from_u128(2));
        let named = double_booking(Site::Parcel, hit.span, Some("汽车内饰件项目"));
        assert_eq!(named.field, "from");
        assert_eq!(named.message.zh, "该地块在此期间已分配给“汽车内饰件项目”（2023-03-01 起）");
        let unnamed = double_booking(Site::Unit, existing[0].span, None);
        assert_eq!(unnamed.message.zh, "该厂房在此期间已分配（2022-01-01 至 2022-12-31）");
        assert!(unnamed.message.en.starts_with("This factory unit is already allocated"));
    }

    #[test]
    fn an_allocation_keeps_its_own_dates_in_order() {
        let new = |s: Span, moved_in: Option<NaiveDate>| NewAllocation {
            site: Site::Unit,
            span: s,
            moved_in,
            note: " 租赁协议 ",
        };
        let s = span(day(2023, 3, 1), Some(day(2025, 2, 28)));
        assert_eq!(check_allocation(new(s, Some(day(2023, 5, 1))), TODAY), Ok("租赁协议".into()));
        assert!(check_allocation(new(span(day(2025, 1, 1), None), None), TODAY).is_ok(), "a future start is planned");
        let fields = |r: Result<String, Vec<FormError>>| r.unwrap_err().iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(check_allocation(new(span(day(2023, 3, 1), Some(day(2023, 2, 1))), None), TODAY)), ["until"]);
        let early = check_allocation(new(s, Some(day(2023, 2, 1))), TODAY).unwrap_err();
        assert_eq!((early[0].field, early[0].message.zh.as_str()), ("moved_in", "入驻日期须在分配期间内"));
        let later = check_allocation(new(span(day(2023, 3, 1), None), Some(day(2024, 7, 1))), TODAY).unwrap_err();
        assert_eq!(later[0].message.zh, "入驻日期不能晚于今天");
        let built = NewAllocation { site: Site::Parcel, ..new(s, Some(day(2026, 1, 1))) };
        assert_eq!(check_allocation(built, TODAY).unwrap_err()[0].message.zh, "建成日期须在分配期间内");
        let noisy = NewAllocation { note: "a\u{0}b", ..new(s, None) };
        assert_eq!(fields(check_allocation(noisy, TODAY)), ["note"]);
    }

    #[test]
    fn only_a_held_allocation_is_released_and_not_before_it_began() {
        let mut a = held(1, span(day(2023, 3, 1), None));
        a.moved_in = Some(day(2023, 6, 1));
        assert_eq!(check_release(Site::Unit, &a, day(2024, 2, 29)), Ok(()));
        assert_eq!(check_release(Site::Unit, &a, day(2023, 6, 1)), Ok(()), "the day it moved in");
        let early = check_release(Site::Unit, &a, day(2023, 2, 28)).unwrap_err();
        assert_eq!((early.field, early.message.zh.as_str()), ("until", "释放日期不能早于起始日期（2023-03-01）"));
        let before_move = check_release(Site::Parcel, &a, day(2023, 5, 31)).unwrap_err();
        assert_eq!(before_move.message.zh, "释放日期不能早于建成日期（2023-06-01）");
        a.span.until = Some(day(2024, 2, 29));
        assert_eq!(check_release(Site::Unit, &a, day(2024, 3, 1)).unwrap_err().message.zh, "该分配已结束，无需再释放");
    }
}
