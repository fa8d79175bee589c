//! When and how fast messages may go: quiet hours in China time, and the
//! provider's limits per minute and per number per day.

use crate::date::{china_offset, china_time};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// Quiet hours start at 21:00 China time...
pub const QUIET_FROM_HOUR: u32 = 21;
/// ...and end at 08:00.
pub const QUIET_UNTIL_HOUR: u32 = 8;

/// Whether `at` falls in the quiet hours (21:00 to 08:00 China time).
pub fn is_quiet(at: DateTime<Utc>) -> bool {
    let hour = china_time(at).hour();
    !(QUIET_UNTIL_HOUR..QUIET_FROM_HOUR).contains(&hour)
}

/// The first instant at or after `at` outside the quiet hours.
pub fn next_open(at: DateTime<Utc>) -> DateTime<Utc> {
    if !is_quiet(at) {
        return at;
    }
    let local = china_time(at);
    let day = if local.hour() >= QUIET_FROM_HOUR { local.date_naive() + Duration::days(1) } else { local.date_naive() };
    let open = day.and_time(NaiveTime::from_hms_opt(QUIET_UNTIL_HOUR, 0, 0).expect("a valid time"));
    china_offset().from_local_datetime(&open).single().expect("a fixed offset has no gaps").with_timezone(&Utc)
}

/// The start of the China calendar day that holds `at` (a number's daily
/// limit counts from it).
pub fn china_day_start(at: DateTime<Utc>) -> DateTime<Utc> {
    let midnight = china_time(at).date_naive().and_time(NaiveTime::MIN);
    china_offset().from_local_datetime(&midnight).single().expect("a fixed offset has no gaps").with_timezone(&Utc)
}

/// A provider's sending limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Messages handed to the provider in any 60 seconds.
    pub per_minute: u32,
    /// Messages to one number in one China calendar day.
    pub per_number_per_day: u32,
}

impl Default for Limits {
    /// The common defaults of Chinese providers for marketing messages: a
    /// modest rate, and at most one greeting a number a day.
    fn default() -> Limits {
        Limits { per_minute: 60, per_number_per_day: 1 }
    }
}

impl Limits {
    /// How many more messages may go now, when `last_minute` went in the
    /// past 60 seconds.
    pub fn room_this_minute(&self, last_minute: u64) -> u64 {
        u64::from(self.per_minute).saturating_sub(last_minute)
    }

    /// Whether a number that has had `today` messages today may have another.
    pub fn number_may_have_another(&self, today: u64) -> bool {
        today < u64::from(self.per_number_per_day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn quiet_hours_are_nine_at_night_to_eight_in_the_morning_china_time() {
        // 12:59 UTC is 20:59 in China: still open.
        assert!(!is_quiet(utc("2025-01-20T12:59:59Z")));
        assert!(is_quiet(utc("2025-01-20T13:00:00Z")));
        // 23:59 UTC is 07:59 the next day in China.
        assert!(is_quiet(utc("2025-01-20T23:59:59Z")));
        assert!(!is_quiet(utc("2025-01-21T00:00:00Z")));
        assert!(is_quiet(utc("2025-01-20T18:00:00Z")));
    }

    #[test]
    fn the_next_open_instant_is_eight_in_the_morning() {
        // 22:30 in China on the 20th: open at 08:00 on the 21st (00:00 UTC).
        assert_eq!(next_open(utc("2025-01-20T14:30:00Z")), utc("2025-01-21T00:00:00Z"));
        // 03:00 in China on the 21st: open at 08:00 the same day.
        assert_eq!(next_open(utc("2025-01-20T19:00:00Z")), utc("2025-01-21T00:00:00Z"));
        let open = utc("2025-01-21T03:00:00Z");
        assert_eq!(next_open(open), open);
    }

    #[test]
    fn the_china_day_starts_at_sixteen_utc() {
        assert_eq!(china_day_start(utc("2025-01-21T03:00:00Z")), utc("2025-01-20T16:00:00Z"));
        assert_eq!(china_day_start(utc("2025-01-20T15:59:00Z")), utc("2025-01-19T16:00:00Z"));
    }

    #[test]
    fn limits_leave_room() {
        let limits = Limits { per_minute: 10, per_number_per_day: 2 };
        assert_eq!(limits.room_this_minute(3), 7);
        assert_eq!(limits.room_this_minute(12), 0);
        assert!(limits.number_may_have_another(1));
        assert!(!limits.number_may_have_another(2));
    }
}
