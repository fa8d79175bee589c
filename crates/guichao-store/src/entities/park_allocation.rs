//! The `park_allocations` table: a parcel or a factory unit (exactly one of
//! the two) allocated to a project from a day, until a day or while held.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "park_allocations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub parcel_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    pub project_id: Uuid,
    pub from_date: Date,
    /// The last day held; `None` while still held.
    pub until_date: Option<Date>,
    /// The day the project built on the parcel or moved into the unit.
    pub moved_in: Option<Date>,
    pub note: String,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
