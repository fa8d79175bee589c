//! The account policy: how long a password lasts, how long an account may
//! lie unused, how many past passwords a new one may not repeat.

use chrono::{DateTime, Duration, Utc};

/// Passwords a new one may not repeat (the current one among them).
pub const PASSWORD_HISTORY: usize = 5;

/// The county's account policy. The periods come from `guichao.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountPolicy {
    /// A password older than this must be changed at sign-in.
    pub password_max_age: Duration,
    /// An account unused this long is disabled at its next sign-in.
    pub inactive_after: Duration,
}

impl Default for AccountPolicy {
    fn default() -> Self {
        AccountPolicy { password_max_age: Duration::days(90), inactive_after: Duration::days(90) }
    }
}

impl AccountPolicy {
    /// Days as configured: each from 1 to 3650.
    pub fn from_days(password_max_age: i64, inactive_after: i64) -> Result<AccountPolicy, String> {
        for (name, days) in [("password_max_age_days", password_max_age), ("inactive_account_days", inactive_after)] {
            if !(1..=3650).contains(&days) {
                return Err(format!("{name} must be between 1 and 3650 days, not {days}"));
            }
        }
        Ok(AccountPolicy {
            password_max_age: Duration::days(password_max_age),
            inactive_after: Duration::days(inactive_after),
        })
    }

    /// Whether a password set at `changed_at` has expired at `now`. A
    /// password with no date (none such is written any more) has.
    pub fn password_expired(&self, changed_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        changed_at.is_none_or(|at| now - at >= self.password_max_age)
    }

    /// Whether an account last used at `last_used` has lain unused too long.
    /// One with no date has not: its clock starts at its next sign-in.
    pub fn unused_too_long(&self, last_used: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        last_used.is_some_and(|at| now - at >= self.inactive_after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ninety_days_by_default_for_both() {
        let p = AccountPolicy::default();
        let now = Utc::now();
        assert!(!p.password_expired(Some(now - Duration::days(89)), now));
        assert!(p.password_expired(Some(now - Duration::days(90)), now));
        assert!(p.password_expired(None, now));
        assert!(!p.unused_too_long(Some(now - Duration::days(89)), now));
        assert!(p.unused_too_long(Some(now - Duration::days(90)), now));
        assert!(!p.unused_too_long(None, now), "the clock starts at the next sign-in");
    }

    #[test]
    fn periods_are_configurable_within_bounds() {
        let p = AccountPolicy::from_days(30, 180).unwrap();
        assert_eq!((p.password_max_age.num_days(), p.inactive_after.num_days()), (30, 180));
        assert!(AccountPolicy::from_days(0, 90).unwrap_err().contains("password_max_age_days"));
        assert!(AccountPolicy::from_days(90, 4000).unwrap_err().contains("inactive_account_days"));
    }
}
