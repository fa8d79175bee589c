//! The `project_stage_events` table: a project's history, one dated event a
//! row; a correction is a new row that supersedes an older one.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_stage_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub project_id: Uuid,
    /// A [`guichao_domain::projects::Stage`] code.
    pub stage: String,
    /// The day it happened, in China.
    pub on_date: Date,
    pub note: String,
    /// The event this one corrects.
    pub supersedes: Option<Uuid>,
    pub reason: String,
    /// Who recorded it; `None` for the system (an import, the demo).
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
