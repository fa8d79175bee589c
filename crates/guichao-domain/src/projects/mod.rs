//! Investment projects (招商项目): the stages a project climbs from a lead to
//! production, its history as dated events that are corrected but never
//! deleted, amounts of money in fen as the county writes them (万元, 亿元),
//! and the program's project figures as of any day.
//!
//! Every figure is computed from the recorded events, so the dashboard can
//! answer for any period and any as-of date, and an event recorded later for
//! a later day never changes an earlier answer.

mod company;
mod draft;
mod events;
mod funds;
mod kinds;
mod metrics;
mod money;
mod rules;
mod stage;
mod standing;

pub use company::{COMPANY_CITY, COMPANY_NAME, CompanyRef};
pub use draft::{MAX_FACTORY_M2, MAX_JOBS, MAX_LAND_HUNDREDTHS_MU, MAX_TEAM, NAME, NOTES, ProjectDraft};
pub use events::{NOTE, NewStageEvent, ORDER_HINT, REASON, StageEvent, check_new, effective, first_date, stage_as_of};
pub use funds::{FUND_NOTE, NewFunds, check_funds};
pub use kinds::{FundEvidence, ProjectKind, ProjectRole, ProjectSource};
pub use metrics::{
    DaysFigure, Period, ProjectFacts, ProjectMetrics, days_between, funds_in_place, project_metrics, ratio, reached,
    signed_in,
};
pub use money::{
    AmountUnit, FEN_PER_WAN, FEN_PER_YI, MAX_FEN, format_amount, parse_amount, parse_amount_in, stated_unit,
};
pub(crate) use money::{two_decimals, ungroup};
pub use rules::CountingRules;
pub use stage::Stage;
pub use standing::{Milestones, Standing};
