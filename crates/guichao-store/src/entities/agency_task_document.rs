//! The `agency_task_documents` table: a file kept with a task (a permit, an
//! application), its bytes in the row.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agency_task_documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub task_id: Uuid,
    /// The file name as uploaded (its last path part).
    pub name: String,
    /// A checked `type/subtype` (`guichao_domain::agency::content_type_of`).
    pub content_type: String,
    pub size: i64,
    pub bytes: Vec<u8>,
    pub uploaded_by: Option<Uuid>,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
