//! The `sms_opt_outs` table: numbers and fellows never sent to.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sms_opt_outs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Blind index of the number (never the number itself).
    pub phone_idx: Option<String>,
    /// The number masked (138****5678).
    pub phone_masked: String,
    pub fellow_id: Option<Uuid>,
    /// `guichao_domain::sms::OptOutSource` code.
    pub source: String,
    pub note: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
