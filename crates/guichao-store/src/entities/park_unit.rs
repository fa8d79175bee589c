//! The `park_units` table: a unit of the park's standard factory buildings
//! (标准厂房). Its status (vacant, allocated, occupied) is derived from its
//! `park_allocations`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "park_units")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub building: String,
    /// Unique within its building in the tenant.
    pub unit_no: String,
    pub floor: i32,
    pub area_m2: i64,
    pub notes: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
