//! The `user_two_factor` table (m0042): a user's TOTP secret and its state.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_two_factor")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// The confirmed secret, sealed with the field key.
    pub secret: Option<String>,
    /// When the user confirmed their first code; `None` while not enrolled.
    pub enrolled_at: Option<DateTimeUtc>,
    /// The 30-second step of the last code accepted (replay protection).
    pub last_step: Option<i64>,
    /// A secret shown for enrolment and not yet confirmed, sealed.
    pub pending_secret: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
