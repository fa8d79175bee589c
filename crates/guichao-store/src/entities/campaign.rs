//! The `campaigns` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub start_date: Date,
    pub end_date: Date,
    /// Contact kind codes, space-separated.
    pub kinds: String,
    pub category: Option<String>,
    pub city: String,
    pub tag: String,
    pub state: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub launched_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
