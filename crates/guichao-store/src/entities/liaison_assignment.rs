//! The `liaison_assignments` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "liaison_assignments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub fellow_id: Uuid,
    /// The user (cadre) who keeps in touch.
    pub cadre_id: Uuid,
    pub level: String,
    pub cycle_days: i32,
    pub started_at: DateTimeUtc,
    /// Set when the assignment ends; a live assignment has none.
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
