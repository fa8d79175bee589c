//! The project officer's workbench (代办服务): the county's checklist
//! templates per project kind, the agency tasks of a project with their
//! status trail (the status is derived from the trail, never stored) and
//! their documents (the file's bytes kept in the row: the app stores no
//! files elsewhere), and the problems an enterprise raises.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0022_agency"
    }
}

/// A table keyed `(tenant_id, id)` hanging off `parent` by `col`, removed with it.
fn child(table: &'static str, col: &'static str, parent: &'static str) -> TableCreateStatement {
    Table::create()
        .table(table)
        .col(uuid("tenant_id"))
        .col(uuid("id"))
        .col(uuid(col))
        .primary_key(&mut tenant_key(&["id"]))
        .foreign_key(tenant_fk(table, col, parent).on_delete(ForeignKeyAction::Cascade))
        .to_owned()
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
        m.create_table(
            Table::create()
                .table("agency_checklist_items")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("kind"))
                .col(integer("position"))
                .col(string("name"))
                .col(uuid_null("owner_unit_id"))
                .col(integer("days"))
                .col(integer("grace_days"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(&mut tenant_fk("agency_checklist_items", "owner_unit_id", "org_units"))
                .to_owned(),
        )
        .await?;
        let mut order = tenant_key(&["kind", "position"]).name("agency_checklist_items_order").unique().to_owned();
        m.create_index(order.table("agency_checklist_items").to_owned()).await?;

        let mut tasks = child("agency_tasks", "project_id", "projects");
        tasks
            .col(string("name"))
            .col(uuid_null("owner_unit_id"))
            .col(uuid_null("owner_user_id"))
            .col(date("due_on"))
            .col(integer("grace_days"))
            .col(uuid_null("created_by"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut tenant_fk("agency_tasks", "owner_unit_id", "org_units"))
            .foreign_key(&mut tenant_fk("agency_tasks", "owner_user_id", "users"))
            .foreign_key(&mut tenant_fk("agency_tasks", "created_by", "users"));
        m.create_table(tasks).await?;
        index(m, "agency_tasks", "agency_tasks_project", &["project_id", "due_on"]).await?;
        index(m, "agency_tasks", "agency_tasks_due", &["due_on"]).await?;

        let mut status = child("agency_task_status", "task_id", "agency_tasks");
        status
            .col(string("status"))
            .col(date("on_date"))
            .col(text("note").default(""))
            .col(uuid_null("recorded_by"))
            .col(timestamp_with_time_zone("recorded_at"))
            .foreign_key(&mut tenant_fk("agency_task_status", "recorded_by", "users"));
        m.create_table(status).await?;
        index(m, "agency_task_status", "agency_task_status_task", &["task_id", "on_date"]).await?;

        let mut documents = child("agency_task_documents", "task_id", "agency_tasks");
        documents
            .col(string("name"))
            .col(string("content_type"))
            .col(big_integer("size"))
            .col(blob("bytes"))
            .col(uuid_null("uploaded_by"))
            .col(timestamp_with_time_zone("uploaded_at"))
            .foreign_key(&mut tenant_fk("agency_task_documents", "uploaded_by", "users"));
        m.create_table(documents).await?;
        index(m, "agency_task_documents", "agency_task_documents_task", &["task_id"]).await?;

        let mut problems = child("agency_problems", "project_id", "projects");
        problems
            .col(date("raised_on"))
            .col(text("text"))
            .col(uuid_null("owner_unit_id"))
            .col(uuid_null("owner_user_id"))
            .col(date("deadline"))
            .col(text("resolution").default(""))
            .col(date_null("resolved_on"))
            .col(uuid_null("recorded_by"))
            .col(timestamp_with_time_zone("recorded_at"))
            .col(uuid_null("resolved_by"))
            .col(timestamp_with_time_zone_null("resolved_at"))
            .foreign_key(&mut tenant_fk("agency_problems", "owner_unit_id", "org_units"))
            .foreign_key(&mut tenant_fk("agency_problems", "owner_user_id", "users"))
            .foreign_key(&mut tenant_fk("agency_problems", "recorded_by", "users"))
            .foreign_key(&mut tenant_fk("agency_problems", "resolved_by", "users"));
        m.create_table(problems).await?;
        index(m, "agency_problems", "agency_problems_project", &["project_id", "raised_on"]).await?;
        index(m, "agency_problems", "agency_problems_open", &["resolved_on", "deadline"]).await
    }
}
