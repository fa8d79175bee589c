//! The `import_fellows` table: the fellows each import wrote.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_fellows")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    /// The import: its job's id from the upload page, a new id from the command line.
    #[sea_orm(primary_key, auto_increment = false)]
    pub import_id: Uuid,
    /// A fellow the import created, updated or merged into.
    #[sea_orm(primary_key, auto_increment = false)]
    pub fellow_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
