//! Service requests (服务诉求): the county's time limit per kind, its
//! holiday calendar, the requests with their dated status trail, replies
//! and documents (the files themselves on disk under the data directory,
//! named by their SHA-256; here what they are and who added them). A request's `status`, `closed_on` and `days_taken` are
//! written in the same transaction as the step of the trail they follow
//! from (`guichao_domain::services::current_status`), so lists and the
//! report read them without walking every trail; the trail is the record.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0031_services"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("service_limits")
                .col(uuid("tenant_id"))
                .col(string("kind"))
                .col(integer("days"))
                .col(uuid("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["kind"]))
                .foreign_key(&mut tenant_fk("service_limits", "updated_by", "users"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("service_calendar")
                .col(uuid("tenant_id"))
                .col(date("day"))
                // `holiday` or `workday` (a weekend day worked, 调休).
                .col(string("mark"))
                .col(string("name").default(""))
                .primary_key(&mut tenant_key(&["day"]))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("service_requests")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("number"))
                .col(string("kind"))
                .col(uuid_null("fellow_id"))
                // A returnee not in the registry: name, phone sealed with the
                // field key and its blind index, township.
                .col(string("requester_name").default(""))
                .col(string_null("phone_sealed"))
                .col(string_null("phone_index"))
                .col(uuid_null("township_id"))
                .col(string("subject"))
                .col(text("details"))
                .col(uuid("unit_id"))
                .col(uuid_null("assignee_id"))
                .col(date("received_on"))
                .col(integer("limit_days"))
                .col(date("deadline"))
                .col(string("status"))
                .col(date_null("closed_on"))
                .col(integer_null("days_taken"))
                .col(small_integer_null("score"))
                .col(string("score_comment").default(""))
                .col(date_null("rated_on"))
                // `staff` or `public`.
                .col(string("origin"))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(&mut tenant_fk("service_requests", "fellow_id", "fellows"))
                .foreign_key(&mut tenant_fk("service_requests", "township_id", "org_units"))
                .foreign_key(&mut tenant_fk("service_requests", "unit_id", "org_units"))
                .foreign_key(&mut tenant_fk("service_requests", "assignee_id", "users"))
                .foreign_key(&mut tenant_fk("service_requests", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        let index = |name: &str, cols: &[&'static str], unique: bool| {
            let mut i = tenant_key(cols).name(name).table("service_requests").to_owned();
            if unique {
                i.unique();
            }
            i
        };
        m.create_index(index("service_requests_number", &["number"], true)).await?;
        // My list and my unit's, newest first.
        m.create_index(index("service_requests_assignee", &["assignee_id", "received_on", "id"], false)).await?;
        m.create_index(index("service_requests_unit", &["unit_id", "received_on", "id"], false)).await?;
        m.create_index(index("service_requests_received", &["received_on", "kind", "unit_id"], false)).await?;
        // The report's closed requests, covering what it groups by.
        m.create_index(index(
            "service_requests_closed",
            &["closed_on", "kind", "unit_id", "status", "days_taken", "limit_days", "score"],
            false,
        ))
        .await?;
        // Overdue: open requests by deadline (closed ones have `closed_on`).
        m.create_index(index("service_requests_open", &["closed_on", "deadline"], false)).await?;
        m.create_index(index("service_requests_phone", &["phone_index"], false)).await?;

        m.create_table(
            Table::create()
                .table("service_events")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("request_id"))
                .col(string("status"))
                .col(date("event_on"))
                .col(text("note"))
                .col(uuid_null("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(
                    tenant_fk("service_events", "request_id", "service_requests").on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut tenant_fk("service_events", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["request_id", "event_on"]).name("service_events_request").table("service_events").to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("service_replies")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("request_id"))
                .col(text("body"))
                // Shown to the requester on the lookup page, or an internal note.
                .col(boolean("public"))
                .col(uuid_null("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(
                    tenant_fk("service_replies", "request_id", "service_requests").on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut tenant_fk("service_replies", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["request_id", "created_at"])
                .name("service_replies_request")
                .table("service_replies")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("service_documents")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("request_id"))
                .col(string("name"))
                .col(string("content_type"))
                .col(big_integer("size_bytes"))
                .col(string("sha256"))
                .col(uuid_null("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(
                    tenant_fk("service_documents", "request_id", "service_requests")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(&mut tenant_fk("service_documents", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["request_id"]).name("service_documents_request").table("service_documents").to_owned(),
        )
        .await
    }
}
