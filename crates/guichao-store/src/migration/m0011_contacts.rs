//! Contact records (联系记录) and their follow-ups: the record, the fellows
//! and cadres it names, one row per fellow x cadre of a live record (so "the
//! last contact of an assignment" is one index probe), the before-images of
//! edits, and the to-dos a record leaves.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_contacts"
    }
}

fn base(name: &'static str) -> TableCreateStatement {
    Table::create().table(name).col(uuid("tenant_id")).col(uuid("id")).primary_key(&mut tenant_key(&["id"])).to_owned()
}

async fn index(
    m: &SchemaManager<'_>,
    table: &'static str,
    name: &'static str,
    cols: &[&'static str],
) -> Result<(), DbErr> {
    m.create_index(tenant_key(cols).name(name).table(table).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut records = base("contact_records");
        records
            .col(string("kind"))
            .col(date("contact_date"))
            .col(string("place").default(""))
            .col(uuid_null("chamber_id"))
            .col(text("notes").default(""))
            .col(text("outcome").default(""))
            .col(uuid("author_id"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .col(timestamp_with_time_zone_null("deleted_at"))
            .col(uuid_null("deleted_by"))
            .foreign_key(&mut tenant_fk("contact_records", "chamber_id", "chambers"))
            .foreign_key(&mut tenant_fk("contact_records", "author_id", "users"));
        m.create_table(records).await?;
        index(m, "contact_records", "contact_records_date", &["contact_date", "id"]).await?;

        m.create_table(
            Table::create()
                .table("contact_fellows")
                .col(uuid("tenant_id"))
                .col(uuid("contact_id"))
                .col(uuid("fellow_id"))
                .col(date("contact_date"))
                .primary_key(&mut tenant_key(&["contact_id", "fellow_id"]))
                .foreign_key(
                    tenant_fk("contact_fellows", "contact_id", "contact_records").on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut tenant_fk("contact_fellows", "fellow_id", "fellows"))
                .to_owned(),
        )
        .await?;
        // A fellow's timeline, newest first.
        index(m, "contact_fellows", "contact_fellows_timeline", &["fellow_id", "contact_date", "contact_id"]).await?;

        m.create_table(
            Table::create()
                .table("contact_cadres")
                .col(uuid("tenant_id"))
                .col(uuid("contact_id"))
                .col(uuid("user_id"))
                .primary_key(&mut tenant_key(&["contact_id", "user_id"]))
                .foreign_key(
                    tenant_fk("contact_cadres", "contact_id", "contact_records").on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut tenant_fk("contact_cadres", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "contact_cadres", "contact_cadres_user", &["user_id", "contact_id"]).await?;

        // Derived from the live records like an index: written with the
        // record, rewritten on an edit, removed on a delete.
        m.create_table(
            Table::create()
                .table("contact_pairs")
                .col(uuid("tenant_id"))
                .col(uuid("contact_id"))
                .col(uuid("fellow_id"))
                .col(uuid("cadre_id"))
                .col(date("contact_date"))
                .primary_key(&mut tenant_key(&["contact_id", "fellow_id", "cadre_id"]))
                .foreign_key(
                    tenant_fk("contact_pairs", "contact_id", "contact_records").on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        index(m, "contact_pairs", "contact_pairs_last", &["fellow_id", "cadre_id", "contact_date"]).await?;

        let mut history = base("contact_history");
        history
            .col(uuid("contact_id"))
            .col(timestamp_with_time_zone("at"))
            .col(uuid("user_id"))
            .col(text("before"))
            .foreign_key(&mut tenant_fk("contact_history", "contact_id", "contact_records"))
            .foreign_key(&mut tenant_fk("contact_history", "user_id", "users"));
        m.create_table(history).await?;
        index(m, "contact_history", "contact_history_contact", &["contact_id", "at"]).await?;

        let mut followups = base("followups");
        followups
            .col(uuid("contact_id"))
            .col(string("what"))
            .col(uuid("owner_id"))
            .col(date("due"))
            .col(timestamp_with_time_zone_null("done_at"))
            .col(uuid_null("done_by"))
            .col(string("result").default(""))
            .foreign_key(&mut tenant_fk("followups", "contact_id", "contact_records"))
            .foreign_key(&mut tenant_fk("followups", "owner_id", "users"));
        m.create_table(followups).await?;
        index(m, "followups", "followups_owner", &["owner_id", "done_at", "due"]).await?;
        index(m, "followups", "followups_contact", &["contact_id"]).await
    }
}
