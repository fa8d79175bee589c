//! API tokens may expire: `expires_at`, chosen when the token is made; a token
//! without one (all tokens made before) lives until revoked.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_token_expiry"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table("api_tokens").add_column(timestamp_with_time_zone_null("expires_at")).to_owned(),
        )
        .await
    }
}
