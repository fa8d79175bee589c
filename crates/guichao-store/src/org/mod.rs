//! The org area: tenants, the unit tree, users and roles, sign-in, sessions and
//! API tokens.

mod acting;
mod admins;
mod auth;
mod credentials;
mod history;
mod login_log;
mod passwords;
mod roles;
mod secrets;
mod sessions;
#[cfg(feature = "system")]
mod setup;
mod tenants;
mod tokens;
mod two_factor;
mod units;
mod user_passwords;
mod users;

pub use auth::{Client, LoginFailure, SessionPolicy};
pub use login_log::{LoginEntry, LoginLog, LoginQuery};
pub use roles::RoleInfo;
pub use sessions::SessionInfo;
pub use tenants::TenantInfo;
pub use tokens::{NewToken, TokenInfo, TokenLifetime};
pub use two_factor::{Enrolment, SECOND_FACTOR_MINUTES, SecondFactorFailure, TwoFactorStatus, check_two_factor_policy};
pub use units::{UnitNode, UnitRow};
pub use users::{NewUser, UserDetail, UserEdit, UserQuery, UserSort, UserSummary};

pub use secrets::random_password;
