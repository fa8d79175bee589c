//! The `agency_problems` table: a problem an enterprise raised (企业诉求),
//! open until its resolution is recorded.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agency_problems")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub project_id: Uuid,
    pub raised_on: Date,
    pub text: String,
    pub owner_unit_id: Option<Uuid>,
    pub owner_user_id: Option<Uuid>,
    pub deadline: Date,
    /// Empty until resolved.
    pub resolution: String,
    pub resolved_on: Option<Date>,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTimeUtc,
    pub resolved_by: Option<Uuid>,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
