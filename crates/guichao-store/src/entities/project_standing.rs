//! The `project_standing` table: where a project stands and its milestone
//! dates, kept from its `project_stage_events` by the writers of events
//! (`projects::standing`); never written otherwise.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_standing")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: Uuid,
    /// A [`guichao_domain::projects::Stage`] code: the stage after the last event.
    pub stage: String,
    pub lead_on: Option<Date>,
    pub inspected_on: Option<Date>,
    pub negotiating_on: Option<Date>,
    pub signed_on: Option<Date>,
    pub registered_on: Option<Date>,
    pub started_on: Option<Date>,
    pub in_production_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
