//! The `users` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    /// The order of lists: `guichao_domain::search::sort_key` of the display name.
    pub sort_key: String,
    pub unit_id: Uuid,
    pub password_hash: String,
    pub active: bool,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub password_changed_at: Option<DateTimeUtc>,
    /// The last sign-in, or when the account was made or enabled again
    /// (m0041; none for accounts untouched since: their clock starts at their
    /// next sign-in).
    pub last_used_at: Option<DateTimeUtc>,
    /// Bumped on every edit; an edit based on an older version is refused.
    pub version: i32,
    pub updated_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
