//! The four-ones campaigns (四个一): the campaign with its period, required
//! kinds of touch and registry filter; the townships of its scope; the
//! fellows frozen at launch (with the township and name order they had then,
//! so a township's page of the matrix is one index range); and the ticks
//! stored by hand or by what made them (an SMS delivery, a letter batch, a
//! gift hand-out). Ticks from contact records are not stored: they are read
//! from the live records of the period, so deleting a record removes its tick.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0026_campaigns"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("campaigns")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("name"))
                .col(date("start_date"))
                .col(date("end_date"))
                // Contact kind codes, space-separated (`visit letter sms gift`).
                .col(string("kinds"))
                .col(string_null("category"))
                .col(string("city").default(""))
                .col(string("tag").default(""))
                .col(string("state"))
                .col(uuid("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("launched_at"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(ForeignKey::create().from("campaigns", "tenant_id").to("tenants", "tenant_id"))
                .foreign_key(&mut tenant_fk("campaigns", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["name"]).name("campaigns_name").table("campaigns").unique().to_owned()).await?;

        m.create_table(
            Table::create()
                .table("campaign_townships")
                .col(uuid("tenant_id"))
                .col(uuid("campaign_id"))
                .col(uuid("township_id"))
                .primary_key(&mut tenant_key(&["campaign_id", "township_id"]))
                .foreign_key(
                    tenant_fk("campaign_townships", "campaign_id", "campaigns").on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut tenant_fk("campaign_townships", "township_id", "org_units"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("campaign_fellows")
                .col(uuid("tenant_id"))
                .col(uuid("campaign_id"))
                .col(uuid("fellow_id"))
                .col(uuid_null("township_id"))
                .col(string("sort_key"))
                .primary_key(&mut tenant_key(&["campaign_id", "fellow_id"]))
                .foreign_key(
                    tenant_fk("campaign_fellows", "campaign_id", "campaigns").on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut tenant_fk("campaign_fellows", "fellow_id", "fellows"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["campaign_id", "township_id", "sort_key", "fellow_id"])
                .name("campaign_fellows_township")
                .table("campaign_fellows")
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["campaign_id", "sort_key", "fellow_id"])
                .name("campaign_fellows_order")
                .table("campaign_fellows")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("campaign_ticks")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("campaign_id"))
                .col(uuid("fellow_id"))
                .col(string("kind"))
                .col(date("tick_date"))
                // `hand`, `letter`, `sms`, `gift`; `source_id` names the letter
                // batch, SMS message or hand-out (none for a tick by hand).
                .col(string("source"))
                .col(uuid_null("source_id"))
                .col(uuid_null("user_id"))
                .col(string("note").default(""))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(
                    tenant_fk("campaign_ticks", "campaign_id", "campaigns").on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut tenant_fk("campaign_ticks", "fellow_id", "fellows"))
                .foreign_key(&mut tenant_fk("campaign_ticks", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        // One tick per fellow, kind and thing that made it; a retried
        // delivery report cannot tick twice.
        m.create_index(
            tenant_key(&["campaign_id", "fellow_id", "kind", "source", "source_id"])
                .name("campaign_ticks_fellow")
                .table("campaign_ticks")
                .unique()
                .to_owned(),
        )
        .await
    }
}
