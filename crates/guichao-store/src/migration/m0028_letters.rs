//! Greeting letters (慰问信件): a county's letter templates, each fellow's
//! mailing details for letters (a salutation typed instead of the derived
//! one, postal address, postcode), and the batches marked printed, whose
//! ticks in `campaign_ticks` carry the batch id as their `source_id`.
//!
//! `campaign_id`, `template_id` and `township_id` of a batch are plain uuids:
//! a batch is a record of what was printed, kept when its template goes.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0028_letters"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("letter_templates")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("name"))
                .col(text("body"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["name"]).name("letter_templates_name").table("letter_templates").unique().to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("letter_addresses")
                .col(uuid("tenant_id"))
                .col(uuid("fellow_id"))
                .col(string("salutation").default(""))
                .col(string("address").default(""))
                .col(string("postcode").default(""))
                .col(uuid_null("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["fellow_id"]))
                .foreign_key(&mut tenant_fk("letter_addresses", "fellow_id", "fellows"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("letter_batches")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("campaign_id"))
                .col(uuid("template_id"))
                .col(string("template_name"))
                .col(uuid_null("township_id"))
                .col(boolean("only_unticked"))
                .col(string("sign_off"))
                .col(date("letter_date"))
                // The fellows it ticked, as a JSON array of ids.
                .col(text("fellow_ids"))
                .col(integer("fellows"))
                .col(integer("skipped"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(uuid_null("undone_by"))
                .col(timestamp_with_time_zone_null("undone_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["campaign_id", "created_at"])
                .name("letter_batches_campaign")
                .table("letter_batches")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
