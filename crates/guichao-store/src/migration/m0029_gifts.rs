//! Gifts of a campaign (慰问物资): the kinds it hands out, the dated stock
//! receipts and the hand-outs to fellows. No stock total is stored: what is
//! left is counted from the receipts and the hand-outs still standing (a
//! cancelled hand-out keeps its row, with who cancelled it and when).

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0029_gifts"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("gift_kinds")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("campaign_id"))
                .col(string("name"))
                .col(string("unit"))
                .col(string("note").default(""))
                .col(uuid("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(tenant_fk("gift_kinds", "campaign_id", "campaigns").on_delete(ForeignKeyAction::Cascade))
                .foreign_key(&mut tenant_fk("gift_kinds", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["campaign_id", "name"]).name("gift_kinds_name").table("gift_kinds").unique().to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("gift_receipts")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("gift_id"))
                .col(big_integer("quantity"))
                .col(date("receipt_date"))
                .col(uuid_null("user_id"))
                .col(string("note").default(""))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(tenant_fk("gift_receipts", "gift_id", "gift_kinds").on_delete(ForeignKeyAction::Cascade))
                .foreign_key(&mut tenant_fk("gift_receipts", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["gift_id"]).name("gift_receipts_gift").table("gift_receipts").to_owned()).await?;

        m.create_table(
            Table::create()
                .table("gift_hand_outs")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("campaign_id"))
                .col(uuid("gift_id"))
                .col(uuid("fellow_id"))
                .col(big_integer("quantity"))
                .col(date("hand_out_date"))
                .col(uuid_null("user_id"))
                .col(string("note").default(""))
                // The township batch it was part of, if any.
                .col(uuid_null("batch_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("cancelled_at"))
                .col(uuid_null("cancelled_by"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(
                    tenant_fk("gift_hand_outs", "campaign_id", "campaigns").on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(tenant_fk("gift_hand_outs", "gift_id", "gift_kinds").on_delete(ForeignKeyAction::Cascade))
                .foreign_key(&mut tenant_fk("gift_hand_outs", "fellow_id", "fellows"))
                .foreign_key(&mut tenant_fk("gift_hand_outs", "user_id", "users"))
                .foreign_key(&mut tenant_fk("gift_hand_outs", "cancelled_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["gift_id", "cancelled_at"]).name("gift_hand_outs_gift").table("gift_hand_outs").to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["campaign_id", "fellow_id"]).name("gift_hand_outs_fellow").table("gift_hand_outs").to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["campaign_id", "created_at"])
                .name("gift_hand_outs_campaign")
                .table("gift_hand_outs")
                .to_owned(),
        )
        .await
    }
}
