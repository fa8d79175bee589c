//! The `agency_tasks` table: an approval a project needs (代办事项). Its
//! status is derived from its `agency_task_status` trail, never stored here.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agency_tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub owner_unit_id: Option<Uuid>,
    pub owner_user_id: Option<Uuid>,
    pub due_on: Date,
    pub grace_days: i32,
    /// Who added it; `None` for the system (the demo).
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
