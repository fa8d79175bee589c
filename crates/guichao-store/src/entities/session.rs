//! The `sessions` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// sha256 of the cookie's secret part; the secret itself is never stored.
    pub token_hash: String,
    pub user_id: Uuid,
    pub last_seen_at: DateTimeUtc,
    pub ip: Option<String>,
    /// The browser's `User-Agent` at sign-in, cut to 300 characters (m0039).
    pub user_agent: Option<String>,
    pub created_at: DateTimeUtc,
    /// The password was right and the second factor is still to come (m0042).
    pub second_factor_pending: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
