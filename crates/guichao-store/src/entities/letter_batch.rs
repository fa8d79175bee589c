//! The `letter_batches` table: letters marked printed together.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub template_id: Uuid,
    pub template_name: String,
    pub township_id: Option<Uuid>,
    pub only_unticked: bool,
    pub sign_off: String,
    pub letter_date: Date,
    /// The fellows it ticked, a JSON array of ids.
    pub fellow_ids: String,
    pub fellows: i32,
    /// Fellows of the batch already ticked before it.
    pub skipped: i32,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub undone_by: Option<Uuid>,
    pub undone_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
