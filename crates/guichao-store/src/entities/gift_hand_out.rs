//! The `gift_hand_outs` table: a gift handed out to a fellow of a campaign;
//! a cancelled one keeps its row and no longer counts against the stock.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gift_hand_outs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub gift_id: Uuid,
    pub fellow_id: Uuid,
    pub quantity: i64,
    pub hand_out_date: Date,
    pub user_id: Option<Uuid>,
    pub note: String,
    /// The township batch it was part of.
    pub batch_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancelled_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
