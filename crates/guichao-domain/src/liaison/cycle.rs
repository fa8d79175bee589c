//! The contact cycle: the days within which a cadre should be in touch again.

use crate::Msg;
use std::ops::RangeInclusive;

/// The contact cycle a new assignment gets when none is given: a quarter.
pub const DEFAULT_CYCLE_DAYS: i32 = 90;

/// The cycles allowed: from daily to yearly.
pub const CYCLE_DAYS: RangeInclusive<i32> = 1..=365;

fn out_of_range() -> Msg {
    Msg::new(
        format!("联系周期须为{}到{}天", CYCLE_DAYS.start(), CYCLE_DAYS.end()),
        format!("The contact cycle is {} to {} days", CYCLE_DAYS.start(), CYCLE_DAYS.end()),
    )
}

/// A cycle within [`CYCLE_DAYS`].
pub fn check_cycle_days(days: i32) -> Result<i32, Msg> {
    if CYCLE_DAYS.contains(&days) { Ok(days) } else { Err(out_of_range()) }
}

/// A cycle as typed on a form (full-width digits allowed); blank is the default.
pub fn parse_cycle_days(text: &str) -> Result<i32, Msg> {
    let text = crate::fellows::text::fold_width(text);
    match text.trim() {
        "" => Ok(DEFAULT_CYCLE_DAYS),
        t => t.parse().map_err(|_| out_of_range()).and_then(check_cycle_days),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_run_from_a_day_to_a_year() {
        assert_eq!(check_cycle_days(1), Ok(1));
        assert_eq!(check_cycle_days(365), Ok(365));
        for days in [0, -30, 366, i32::MAX] {
            assert_eq!(check_cycle_days(days).unwrap_err().zh, "联系周期须为1到365天", "{days}");
        }
        assert!(CYCLE_DAYS.contains(&DEFAULT_CYCLE_DAYS));
    }

    #[test]
    fn typed_cycles_default_when_blank() {
        assert_eq!(parse_cycle_days(""), Ok(DEFAULT_CYCLE_DAYS));
        assert_eq!(parse_cycle_days("  "), Ok(90));
        assert_eq!(parse_cycle_days(" 30 "), Ok(30));
        assert_eq!(parse_cycle_days("３０"), Ok(30));
        for text in ["0", "400", "三十", "30天", "1e2", "99999999999"] {
            assert!(parse_cycle_days(text).is_err(), "{text}");
        }
    }
}
