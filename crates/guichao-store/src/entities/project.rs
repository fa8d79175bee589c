//! The `projects` table: an investment project. Its stage is derived from
//! its `project_stage_events`, never stored here.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// The order of lists: `guichao_domain::search::sort_key` of the name.
    pub sort_key: String,
    pub company_id: Option<Uuid>,
    /// A [`guichao_domain::projects::ProjectKind`] code.
    pub kind: String,
    pub investment_fen: i64,
    pub fixed_asset_fen: i64,
    pub foreign_fen: i64,
    pub jobs_planned: i64,
    pub land_need_hundredths_mu: i64,
    pub factory_need_m2: i64,
    /// The responsible org unit: whose scope covers it sees the project.
    pub unit_id: Uuid,
    /// The project officer (项目警官).
    pub officer_id: Option<Uuid>,
    /// A [`guichao_domain::projects::ProjectSource`] code.
    pub source: String,
    pub source_chamber_id: Option<Uuid>,
    pub follows_lead_id: Option<Uuid>,
    pub notes: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
