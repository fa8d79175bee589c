//! The `import_jobs` table: checked imports waiting for their commit.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The user who uploaded the file; nobody else sees the job.
    pub user_id: Uuid,
    pub file_name: String,
    /// The uploaded file (emptied once the import is committed).
    pub file: Vec<u8>,
    pub default_action: String,
    pub unknown_to_notes: bool,
    /// The actions chosen row by row, as a JSON object from row number to action code.
    pub actions: String,
    /// `checked` or `done`.
    pub state: String,
    /// What the commit wrote (JSON `ImportCounts`), once done.
    pub counts: Option<String>,
    /// The column mapping the clerk chose (JSON: each column's field code or null), if any.
    pub mapping: Option<String>,
    /// The warned rows whose own gender and birth date the clerk keeps (JSON array of row numbers).
    pub kept: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
