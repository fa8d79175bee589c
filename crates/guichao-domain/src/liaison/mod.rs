//! Liaison duty (县乡村三级干部联系在外乡友): the levels at which a cadre keeps
//! in touch with a fellow, how often (the contact cycle), which org unit's
//! cadres may serve a fellow at each level, the contact records that show
//! they did, and when an assignment is due and overdue.

mod contact;
mod coverage;
mod cycle;
mod due;
mod level;

pub use contact::{
    ContactDraft, ContactKind, EARLIEST_CONTACT, FOLLOW_UP_RESULT, FOLLOW_UP_WHAT, FollowUpDraft, MAX_CADRES,
    MAX_FELLOWS, NOTES, OUTCOME, PLACE,
};
pub use coverage::{
    CoverageBy, CoverageCounts, Measure, Share, WINDOW_DAYS, contacted_within, end_of_day, live_on, window,
};
pub use cycle::{CYCLE_DAYS, DEFAULT_CYCLE_DAYS, check_cycle_days, parse_cycle_days};
pub use due::{
    ContactState, DUE_AHEAD_DAYS, counted_from, days_overdue, days_since, due_before, overdue_before, state,
};
pub use level::{LiaisonLevel, misfit, serving_unit};
