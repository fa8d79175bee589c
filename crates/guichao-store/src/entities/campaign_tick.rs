//! The `campaign_ticks` table: ticks stored by hand or by what made them
//! (contact ticks are read from the contact records instead).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_ticks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub fellow_id: Uuid,
    /// A contact kind code.
    pub kind: String,
    pub tick_date: Date,
    /// A `TickSource` code other than `contact`.
    pub source: String,
    pub source_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub note: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
