//! Sessions remember the browser that opened them (its `User-Agent`, cut to
//! 300 characters), so that a user's list of their sessions can tell their
//! office computer from a phone. Sessions opened before have none.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0039_session_agent"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("sessions").add_column(string_null("user_agent")).to_owned()).await?;
        m.create_index(
            Index::create().name("sessions_user").table("sessions").col("tenant_id").col("user_id").to_owned(),
        )
        .await
    }
}
