//! Liaison duty (县乡村三级干部联系在外乡友): the levels at which a cadre keeps
//! in touch with a fellow, how often (the contact cycle), and which org unit's
//! cadres may serve a fellow at each level.

mod cycle;
mod level;

pub use cycle::{CYCLE_DAYS, DEFAULT_CYCLE_DAYS, check_cycle_days, parse_cycle_days};
pub use level::{LiaisonLevel, misfit, serving_unit};
