//! The import that created a fellow, on the fellow's own row. Migration m0009
//! linked every fellow an import wrote through a row of `import_fellows`; for
//! the fellows an import creates (nearly all of its rows) that link cost a
//! table row, two index entries and a foreign-key probe each, about a tenth
//! of a bulk import's time (docs/PERFORMANCE.md). A created fellow now carries
//! its import's id instead, indexed only where it is set; `import_fellows`
//! keeps the registered fellows an import updated or merged into, and the
//! links written before this migration.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_fellow_import"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("fellows").add_column(uuid_null("import_id")).to_owned()).await?;
        // Partial: the fellows written any other way add no index entry.
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX fellows_import ON fellows (tenant_id, import_id) WHERE import_id IS NOT NULL",
            )
            .await?;
        Ok(())
    }
}
