//! The clock. Timestamps are truncated to microseconds, which both backends keep
//! exactly, so a value read back equals the value written (the audit chain hashes them).

use chrono::{DateTime, SubsecRound, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
