//! Import jobs: a roster that was checked and waits for its commit, kept in
//! the database so that it survives a restart of the server (and can be
//! committed on another node behind the load balancer). The uploaded file is
//! kept with it, because the commit reads the file again; a job expires a
//! day after it was checked.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_import_jobs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("import_jobs")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("user_id"))
                .col(string("file_name"))
                .col(blob("file"))
                .col(string("default_action"))
                .col(boolean("unknown_to_notes"))
                .col(text("actions"))
                .col(string("state"))
                .col(text_null("counts"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(tenant_fk("import_jobs", "user_id", "users").on_delete(ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["expires_at"]).name("import_jobs_expiry").table("import_jobs").to_owned()).await
    }
}
