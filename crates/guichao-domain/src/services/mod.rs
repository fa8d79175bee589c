//! Service requests from returnees (返乡服务诉求): their kinds and time
//! limits, the working-day calendar deadlines are counted in, the status
//! trail, the draft rules and the figures of the service report.

mod calendar;
mod draft;
mod figures;
mod kind;
mod status;

pub use calendar::{Calendar, DayMark};
pub use draft::{
    COMMENT, CheckedDraft, CheckedReturnee, DETAILS, PublicDraft, REASON, REPLY, Requester, SUBJECT, ServiceDraft,
    check_returnee, check_score, normalise_number, request_number,
};
pub use figures::{
    Closed, Rated, Received, ReportKey, ReportLine, ServiceReport, average_satisfaction, done_count, done_on_time,
    is_overdue, median_days, on_time, received_count,
};
pub use kind::{MAX_LIMIT_DAYS, ServiceKind, check_limit_days};
pub use status::{ServiceStatus, TrailEvent, check_move, check_rating, closed_on, current_status};
