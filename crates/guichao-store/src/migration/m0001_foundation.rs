//! The foundation: tenants, the org tree, users and roles, sessions, API tokens
//! and the audit chain.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

fn created(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(timestamp_with_time_zone("created_at"))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("tenants")
                .col(uuid("tenant_id").primary_key())
                .col(string("code").unique_key())
                .col(string("name"))
                .col(big_integer("audit_seq").default(0))
                .col(string("audit_head").default(""))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;

        let mut units = Table::create();
        units
            .table("org_units")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(uuid_null("parent_id"))
            .col(string("level"))
            .col(string("name"))
            .col(text("path"))
            .col(integer("sort").default(0))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(ForeignKey::create().from("org_units", "tenant_id").to("tenants", "tenant_id"))
            .foreign_key(&mut tenant_fk("org_units", "parent_id", "org_units"));
        m.create_table(created(&mut units).to_owned()).await?;
        m.create_index(tenant_key(&["parent_id", "sort"]).name("org_units_parent").table("org_units").to_owned())
            .await?;
        m.create_index(tenant_key(&["path"]).name("org_units_path").table("org_units").to_owned()).await?;

        let mut roles = Table::create();
        roles
            .table("roles")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(string("code"))
            .col(string("name"))
            .col(boolean("builtin"))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(ForeignKey::create().from("roles", "tenant_id").to("tenants", "tenant_id"));
        m.create_table(created(&mut roles).to_owned()).await?;
        m.create_index(tenant_key(&["code"]).name("roles_code").table("roles").unique().to_owned()).await?;

        m.create_table(
            Table::create()
                .table("role_grants")
                .col(uuid("tenant_id"))
                .col(uuid("role_id"))
                .col(string("permission"))
                .col(string("scope"))
                .primary_key(&mut tenant_key(&["role_id", "permission"]))
                .foreign_key(tenant_fk("role_grants", "role_id", "roles").on_delete(ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;

        let mut users = Table::create();
        users
            .table("users")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(string("username"))
            .col(string("display_name"))
            .col(uuid("unit_id"))
            .col(string("password_hash"))
            .col(boolean("active"))
            .col(integer("failed_logins").default(0))
            .col(timestamp_with_time_zone_null("locked_until"))
            .col(timestamp_with_time_zone_null("password_changed_at"))
            .col(integer("version").default(1))
            .col(timestamp_with_time_zone("updated_at"))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(&mut tenant_fk("users", "unit_id", "org_units"));
        m.create_table(created(&mut users).to_owned()).await?;
        m.create_index(tenant_key(&["username"]).name("users_username").table("users").unique().to_owned()).await?;
        m.create_index(tenant_key(&["unit_id"]).name("users_unit").table("users").to_owned()).await?;

        m.create_table(
            Table::create()
                .table("user_roles")
                .col(uuid("tenant_id"))
                .col(uuid("user_id"))
                .col(uuid("role_id"))
                .primary_key(&mut tenant_key(&["user_id", "role_id"]))
                .foreign_key(tenant_fk("user_roles", "user_id", "users").on_delete(ForeignKeyAction::Cascade))
                .foreign_key(&mut tenant_fk("user_roles", "role_id", "roles"))
                .to_owned(),
        )
        .await?;

        let mut sessions = Table::create();
        sessions
            .table("sessions")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(string("token_hash"))
            .col(uuid("user_id"))
            .col(timestamp_with_time_zone("last_seen_at"))
            .col(string_null("ip"))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(tenant_fk("sessions", "user_id", "users").on_delete(ForeignKeyAction::Cascade));
        m.create_table(created(&mut sessions).to_owned()).await?;
        m.create_index(tenant_key(&["token_hash"]).name("sessions_token").table("sessions").unique().to_owned())
            .await?;

        let mut tokens = Table::create();
        tokens
            .table("api_tokens")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(uuid("user_id"))
            .col(string("name"))
            .col(string("token_hash"))
            .col(string("prefix"))
            .col(timestamp_with_time_zone_null("last_used_at"))
            .col(timestamp_with_time_zone_null("revoked_at"))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(tenant_fk("api_tokens", "user_id", "users").on_delete(ForeignKeyAction::Cascade));
        m.create_table(created(&mut tokens).to_owned()).await?;
        m.create_index(tenant_key(&["token_hash"]).name("api_tokens_hash").table("api_tokens").unique().to_owned())
            .await?;

        m.create_table(
            Table::create()
                .table("audit_events")
                .col(uuid("tenant_id"))
                .col(big_integer("seq"))
                .col(uuid("id"))
                .col(timestamp_with_time_zone("at"))
                .col(uuid_null("actor_id"))
                .col(string("actor_name"))
                .col(string("action"))
                .col(string("target_type"))
                .col(string("target_id"))
                .col(text("detail"))
                .col(string_null("ip"))
                .col(string("prev_hash"))
                .col(string("hash"))
                .primary_key(&mut tenant_key(&["seq"]))
                .foreign_key(ForeignKey::create().from("audit_events", "tenant_id").to("tenants", "tenant_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["target_type", "target_id", "seq"]).name("audit_target").table("audit_events").to_owned(),
        )
        .await?;
        Ok(())
    }
}
