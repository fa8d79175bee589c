//! The `campaign_fellows` table: the fellows a campaign covers, frozen at
//! launch with the township and name order they had then.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign_fellows")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub campaign_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub fellow_id: Uuid,
    pub township_id: Option<Uuid>,
    pub sort_key: String,
    /// The set of required kinds ticked (`campaigns::kept`, m0030).
    pub ticked: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
