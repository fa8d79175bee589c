//! Liaison events (活动): the event, and who was there or was invited —
//! fellows, cadres, chambers. An attended fellow's row holds the contact
//! record the attendance made (`contact_id`), which is how a later change of
//! attendance or of the event finds and rewrites that record, and why a
//! fellow is counted once per event by coverage and overdue.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0013_events"
    }
}

/// An attendee table: `(tenant_id, event_id, <who>)` with the attendance.
fn attendees(table: &'static str, who: &'static str, to: &'static str) -> TableCreateStatement {
    Table::create()
        .table(table)
        .col(uuid("tenant_id"))
        .col(uuid("event_id"))
        .col(uuid(who))
        .col(string("status"))
        .primary_key(&mut tenant_key(&["event_id", who]))
        .foreign_key(tenant_fk(table, "event_id", "events").on_delete(ForeignKeyAction::Cascade))
        .foreign_key(&mut tenant_fk(table, who, to))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("events")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("title"))
                .col(string("kind"))
                .col(date("start_date"))
                .col(date("end_date"))
                .col(string("place"))
                .col(uuid("organiser_unit_id"))
                .col(text("outcomes").default(""))
                .col(text("leads").default(""))
                .col(uuid("author_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .col(uuid_null("deleted_by"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(&mut tenant_fk("events", "organiser_unit_id", "org_units"))
                .foreign_key(&mut tenant_fk("events", "author_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["start_date", "id"]).name("events_start").table("events").to_owned()).await?;
        m.create_index(tenant_key(&["organiser_unit_id"]).name("events_organiser").table("events").to_owned()).await?;

        let mut fellows = attendees("event_fellows", "fellow_id", "fellows");
        fellows.col(uuid_null("contact_id")).foreign_key(&mut tenant_fk(
            "event_fellows",
            "contact_id",
            "contact_records",
        ));
        m.create_table(fellows).await?;
        m.create_index(tenant_key(&["fellow_id"]).name("event_fellows_fellow").table("event_fellows").to_owned())
            .await?;
        m.create_index(tenant_key(&["contact_id"]).name("event_fellows_contact").table("event_fellows").to_owned())
            .await?;

        m.create_table(attendees("event_cadres", "user_id", "users")).await?;
        m.create_index(tenant_key(&["user_id"]).name("event_cadres_user").table("event_cadres").to_owned()).await?;
        m.create_table(attendees("event_chambers", "chamber_id", "chambers")).await
    }
}
