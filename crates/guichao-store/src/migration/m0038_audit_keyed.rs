//! Whether a tenant's audit chain is keyed (HMAC with a key kept outside the
//! database). Chains already in the database were linked by unkeyed sha256
//! and start unkeyed; the binary keys them at its next start, with the key
//! loaded (`audit::keying`). A tenant created from now on is keyed from its
//! first event.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0038_audit_keyed"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("tenants")
                .add_column(ColumnDef::new("audit_keyed").boolean().not_null().default(false))
                .to_owned(),
        )
        .await
    }
}
