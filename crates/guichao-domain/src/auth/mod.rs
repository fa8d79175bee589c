//! Rules for signing in: the password policy, the lockout thresholds and
//! the second factor (`totp`).

mod agent;
mod login;
mod password;
mod policy;
pub mod totp;

pub use agent::describe_user_agent;
pub use login::LoginResult;
pub use password::{PasswordError, check_password_policy};
pub use policy::{AccountPolicy, PASSWORD_HISTORY};

/// Failed logins in a row after which an account is locked.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long a locked account stays locked, in minutes.
pub const LOCKOUT_MINUTES: i64 = 15;
