//! The `agency_checklist_items` table: one item of a county's checklist
//! template for a project kind, in its place. A kind without rows uses the
//! built-in template (`guichao_domain::agency::default_checklist`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agency_checklist_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// A [`guichao_domain::projects::ProjectKind`] code.
    pub kind: String,
    /// The item's place in the template, from 0.
    pub position: i32,
    pub name: String,
    pub owner_unit_id: Option<Uuid>,
    /// Days after the base date (signing, else the day applied) it is due.
    pub days: i32,
    pub grace_days: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
