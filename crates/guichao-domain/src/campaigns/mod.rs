//! The four-ones campaign (四个一): every fellow gets one home visit, one
//! letter, one SMS and one gift, usually before Spring Festival. Here: a
//! campaign's states and the kinds of touch it requires, where a tick comes
//! from, the rules on what is typed, and the completion figures (ticks ÷
//! (fellows × kinds), and fellows fully done) by township and by cadre.

mod completion;
mod gifts;
mod kinds;
pub mod letters;
mod rules;
mod salutation;

pub use completion::{CompletionRow, Tally, completion, fellow_done, total_row};
pub use gifts::{GIFT_NAME, GIFT_NOTE, GIFT_UNIT, GiftKindDraft, MAX_QUANTITY, Stock, check_quantity, parse_quantity};
pub use kinds::{CampaignState, TickSource, TouchKinds, kind_bit};
pub use rules::{CampaignDraft, MAX_PERIOD_DAYS, NAME, TICK_NOTE, check_tick_date};
pub use salutation::{SALUTATION, salutation, salutation_for};
