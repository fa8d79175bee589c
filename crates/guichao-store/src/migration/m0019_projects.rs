//! Investment projects (招商项目): the project, its team, its stage history
//! as dated events (a correction supersedes an older event, nothing is
//! deleted), the fellows credited with it by role, and its funds in place.
//! The current stage is derived from the events and never stored.

use super::{tenant_fk, tenant_key};
use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0019_projects"
    }
}

/// A table hanging off a project: `(tenant_id, project_id, ...)`, removed with it.
fn of_project(table: &'static str) -> TableCreateStatement {
    Table::create()
        .table(table)
        .col(uuid("tenant_id"))
        .col(uuid("project_id"))
        .foreign_key(tenant_fk(table, "project_id", "projects").on_delete(ForeignKeyAction::Cascade))
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
        // The pinyin sort key compares byte by byte (see m0007).
        let mut sort_key = ColumnDef::new("sort_key");
        sort_key.string().not_null();
        if m.get_database_backend() == DbBackend::Postgres {
            sort_key.extra("COLLATE \"C\"");
        }
        m.create_table(
            Table::create()
                .table("projects")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("name"))
                .col(sort_key)
                .col(uuid_null("company_id"))
                .col(string("kind"))
                .col(big_integer("investment_fen"))
                .col(big_integer("fixed_asset_fen"))
                .col(big_integer("foreign_fen"))
                .col(big_integer("jobs_planned"))
                .col(big_integer("land_need_hundredths_mu"))
                .col(big_integer("factory_need_m2"))
                .col(uuid("unit_id"))
                .col(uuid_null("officer_id"))
                .col(string("source"))
                .col(uuid_null("source_chamber_id"))
                .col(uuid_null("follows_lead_id"))
                .col(text("notes").default(""))
                .col(integer("version"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(&mut tenant_fk("projects", "company_id", "companies"))
                .foreign_key(&mut tenant_fk("projects", "unit_id", "org_units"))
                .foreign_key(&mut tenant_fk("projects", "officer_id", "users"))
                .foreign_key(&mut tenant_fk("projects", "source_chamber_id", "chambers"))
                .foreign_key(&mut tenant_fk("projects", "follows_lead_id", "projects"))
                .to_owned(),
        )
        .await?;
        index(m, "projects", "projects_sort", &["sort_key", "id"]).await?;
        index(m, "projects", "projects_unit", &["unit_id"]).await?;
        index(m, "projects", "projects_officer", &["officer_id"]).await?;
        index(m, "projects", "projects_chamber", &["source_chamber_id"]).await?;

        let mut team = of_project("project_team");
        team.col(uuid("user_id"))
            .primary_key(&mut tenant_key(&["project_id", "user_id"]))
            .foreign_key(tenant_fk("project_team", "user_id", "users").on_delete(ForeignKeyAction::Cascade));
        m.create_table(team).await?;
        index(m, "project_team", "project_team_user", &["user_id"]).await?;

        let mut events = of_project("project_stage_events");
        events
            .col(uuid("id"))
            .col(string("stage"))
            .col(date("on_date"))
            .col(text("note").default(""))
            .col(uuid_null("supersedes"))
            .col(string("reason").default(""))
            .col(uuid_null("recorded_by"))
            .col(timestamp_with_time_zone("recorded_at"))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(&mut tenant_fk("project_stage_events", "supersedes", "project_stage_events"))
            .foreign_key(&mut tenant_fk("project_stage_events", "recorded_by", "users"));
        m.create_table(events).await?;
        index(m, "project_stage_events", "project_stage_events_project", &["project_id", "on_date"]).await?;

        let mut fellows = of_project("project_fellows");
        fellows
            .col(uuid("fellow_id"))
            .col(string("role"))
            .col(timestamp_with_time_zone("created_at"))
            .primary_key(&mut tenant_key(&["project_id", "fellow_id", "role"]))
            .foreign_key(&mut tenant_fk("project_fellows", "fellow_id", "fellows"));
        m.create_table(fellows).await?;
        index(m, "project_fellows", "project_fellows_fellow", &["fellow_id"]).await?;

        let mut funds = of_project("project_funds");
        funds
            .col(uuid("id"))
            .col(big_integer("amount_fen"))
            .col(date("on_date"))
            .col(string("evidence"))
            .col(text("note").default(""))
            .col(uuid_null("recorded_by"))
            .col(timestamp_with_time_zone("recorded_at"))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(&mut tenant_fk("project_funds", "recorded_by", "users"));
        m.create_table(funds).await?;
        index(m, "project_funds", "project_funds_project", &["project_id", "on_date"]).await
    }
}
