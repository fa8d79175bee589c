//! Greeting SMS (慰问短信): a county's templates and settings, the outbox of
//! messages with their status trail, and the opt-out list.
//!
//! A message row holds no phone number: the sender reads the fellow's sealed
//! phone when it sends, and keeps only the number's blind index (for the
//! per-number daily limit and the opt-out list). `campaign_id` is a plain
//! uuid, no foreign key: the campaign that asked for a message, when one did.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0027_sms"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("sms_settings")
                .col(uuid("tenant_id").primary_key())
                .col(boolean("consent_required"))
                .col(string("sign_off"))
                .col(uuid_null("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(ForeignKey::create().from("sms_settings", "tenant_id").to("tenants", "tenant_id"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sms_templates")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("name"))
                .col(text("body"))
                .col(string("provider_template").default(""))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["name"]).name("sms_templates_name").table("sms_templates").unique().to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table("sms_messages")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("batch_id"))
                .col(uuid("fellow_id"))
                .col(uuid_null("campaign_id"))
                .col(uuid_null("template_id"))
                .col(text("body"))
                // The template's fields and values as JSON `[[name, value]...]`,
                // for a provider that sends by its own template id.
                .col(text("params"))
                .col(string("provider_template").default(""))
                .col(integer("segments"))
                .col(string("status"))
                .col(string("reason").default(""))
                .col(text("detail").default(""))
                .col(integer("attempts").default(0))
                .col(string_null("provider_id"))
                // The blind index of the number it went to, once it went.
                .col(string_null("phone_idx"))
                .col(uuid_null("queued_by"))
                .col(timestamp_with_time_zone("queued_at"))
                .col(timestamp_with_time_zone_null("sending_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(timestamp_with_time_zone_null("delivered_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(&mut tenant_fk("sms_messages", "fellow_id", "fellows"))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            // The sender's queue and the outbox's status filter, oldest first.
            ("sms_messages_status", &["status", "queued_at", "id"][..]),
            ("sms_messages_fellow", &["fellow_id", "queued_at"][..]),
            // The campaigns matrix ticks from delivered messages.
            ("sms_messages_campaign", &["campaign_id", "fellow_id"][..]),
            // A number's messages today.
            ("sms_messages_phone", &["phone_idx", "sending_at"][..]),
            ("sms_messages_batch", &["batch_id"][..]),
        ] {
            m.create_index(tenant_key(cols).name(name).table("sms_messages").to_owned()).await?;
        }
        // The global per-minute rate, across tenants (one provider account).
        m.create_index(
            Index::create().name("sms_messages_sending_at").table("sms_messages").col("sending_at").to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sms_message_events")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("message_id"))
                .col(string("status"))
                .col(string("reason").default(""))
                .col(text("detail").default(""))
                .col(timestamp_with_time_zone("at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(
                    tenant_fk("sms_message_events", "message_id", "sms_messages").on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["message_id", "at"]).name("sms_message_events_message").table("sms_message_events").to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sms_opt_outs")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                // The blind index of the number, when it is known.
                .col(string_null("phone_idx"))
                // The number masked (138****5678), to show which it was.
                .col(string("phone_masked").default(""))
                .col(uuid_null("fellow_id"))
                .col(string("source"))
                .col(string("note").default(""))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["phone_idx"]).name("sms_opt_outs_phone").table("sms_opt_outs").to_owned()).await?;
        m.create_index(tenant_key(&["fellow_id"]).name("sms_opt_outs_fellow").table("sms_opt_outs").to_owned()).await?;
        Ok(())
    }
}
