//! A county's counting rules for its project figures (统计口径): one row
//! per county, absent until someone sets them (then every project counts).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0024_counting_rules"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("project_counting_rules")
                .col(uuid("tenant_id").primary_key())
                .col(big_integer("min_investment_fen"))
                // Project kind codes, comma-separated.
                .col(string("excluded_kinds"))
                .col(boolean("outside_city_only"))
                .col(string("home_city"))
                .col(uuid_null("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create().from("project_counting_rules", "tenant_id").to("tenants", "tenant_id"),
                )
                .to_owned(),
        )
        .await
    }
}
