//! Greeting SMS (慰问短信): templates with fields, the length a message
//! takes in segments, the opt-out line every promotional message ends with,
//! the hours and rates sending keeps to, the replies that opt a fellow out,
//! and the states of a message in the outbox.
//!
//! Greetings count as promotional messages under the providers' rules: each
//! ends with [`OPT_OUT_LINE`], nothing is sent between 21:00 and 08:00 China
//! time unless forced, and sending is limited per minute and per number per day.

mod length;
mod reply;
mod status;
mod template;
mod window;

/// How a greeting addresses a fellow; letters address them the same way.
pub use crate::campaigns::{salutation, salutation_for};
pub use length::{LONG_SEGMENT, OPT_OUT_LINE, SINGLE_SEGMENT, Segments, with_opt_out};
pub use reply::{Reply, parse_reply};
pub use status::{FailReason, OptOutSource, SmsStatus};
pub use template::{BODY, Field, FieldValues, NAME, PROVIDER_TEMPLATE, SIGN_OFF, TemplateBody, render_params};
pub use window::{Limits, QUIET_FROM_HOUR, QUIET_UNTIL_HOUR, china_day_start, is_quiet, next_open};
