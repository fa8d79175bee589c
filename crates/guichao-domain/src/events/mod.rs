//! Liaison events (活动): forums, inspection tours, promotion meetings and
//! festival gatherings held with fellows; their kinds, who attended or was
//! invited, the contact kind an attendance counts as, and the rules an
//! event keeps before the store writes it.

mod draft;
mod kind;

pub use draft::{
    EARLIEST_EVENT, EventDraft, LEADS, MAX_ATTENDEES, MAX_DAYS, OUTCOMES, PLACE, PLANNED_AHEAD_DAYS, TITLE,
    check_attendance,
};
pub use kind::{Attendance, EventKind};
