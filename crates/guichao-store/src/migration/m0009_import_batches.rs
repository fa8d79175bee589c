//! Import batches: which fellows each import wrote (created, updated or
//! merged into), so that the list can show one import's fellows and each
//! fellow's history can show the import's audit event; and on the stored
//! import job, the column mapping the clerk chose and the warned rows whose
//! own gender and birth date they kept.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0009_import_batches"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("import_fellows")
                .col(uuid("tenant_id"))
                .col(uuid("import_id"))
                .col(uuid("fellow_id"))
                .primary_key(&mut tenant_key(&["import_id", "fellow_id"]))
                .foreign_key(tenant_fk("import_fellows", "fellow_id", "fellows").on_delete(ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["fellow_id"]).name("import_fellows_fellow").table("import_fellows").to_owned())
            .await?;
        // One column a statement: SQLite alters a table one change at a time.
        m.alter_table(Table::alter().table("import_jobs").add_column(text_null("mapping")).to_owned()).await?;
        m.alter_table(Table::alter().table("import_jobs").add_column(text("kept").default("[]")).to_owned()).await
    }
}
