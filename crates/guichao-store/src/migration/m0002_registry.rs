//! The fellow registry: fellows (personal data encrypted, with blind indexes),
//! companies, relations, roles held, chambers with offices and members, and
//! liaison assignments. Plus each backend's full-text index over the fellows'
//! search tokens (SQLite FTS5, PostgreSQL GIN over tsvector).

use super::{tenant_fk, tenant_key};
use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_registry"
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
        let mut fellows = base("fellows");
        fellows
            .col(uuid("unit_id"))
            .col(uuid_null("township_id"))
            .col(uuid_null("village_id"))
            .col(string("name"))
            .col(string_null("gender"))
            .col(date_null("birth_date"))
            .col(integer_null("birth_year"))
            .col(string("category"))
            .col(string("province").default(""))
            .col(string("city").default(""))
            .col(string("district").default(""))
            .col(string("employer").default(""))
            .col(string("title").default(""))
            .col(string("industry").default(""))
            .col(text_null("phone_enc"))
            .col(string_null("phone_idx"))
            .col(text_null("id_number_enc"))
            .col(string_null("id_number_idx"))
            .col(text_null("wechat_enc"))
            .col(string_null("wechat_idx"))
            .col(text_null("email_enc"))
            .col(string_null("email_idx"))
            .col(text("tags").default(""))
            .col(string("status"))
            .col(string("source").default(""))
            .col(text("notes").default(""))
            .col(boolean("consent").default(false))
            .col(text("search_tokens").default(""))
            .col(text("scope_tokens").default(""))
            .col(big_integer_null("search_rowid"))
            .col(uuid_null("merged_into"))
            .col(integer("version").default(1))
            .col(timestamp_with_time_zone_null("archived_at"))
            .col(timestamp_with_time_zone("updated_at"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut tenant_fk("fellows", "unit_id", "org_units"))
            .foreign_key(&mut tenant_fk("fellows", "township_id", "org_units"))
            .foreign_key(&mut tenant_fk("fellows", "village_id", "org_units"));
        m.create_table(fellows).await?;
        index(m, "fellows", "fellows_unit_name", &["unit_id", "name", "id"]).await?;
        index(m, "fellows", "fellows_name", &["name", "id"]).await?;
        index(m, "fellows", "fellows_phone", &["phone_idx"]).await?;
        index(m, "fellows", "fellows_id_number", &["id_number_idx"]).await?;
        index(m, "fellows", "fellows_name_year", &["name", "birth_year", "township_id"]).await?;

        let mut companies = base("companies");
        companies
            .col(string("name"))
            .col(string_null("credit_code"))
            .col(string("industry").default(""))
            .col(string("city").default(""))
            .col(timestamp_with_time_zone("created_at"));
        m.create_table(companies).await?;
        index(m, "companies", "companies_name", &["name"]).await?;
        m.create_index(
            tenant_key(&["credit_code"]).name("companies_credit_code").table("companies").unique().to_owned(),
        )
        .await?;

        let mut links = base("fellow_companies");
        links
            .col(uuid("fellow_id"))
            .col(uuid("company_id"))
            .col(string("role"))
            .foreign_key(&mut tenant_fk("fellow_companies", "fellow_id", "fellows"))
            .foreign_key(&mut tenant_fk("fellow_companies", "company_id", "companies"));
        m.create_table(links).await?;
        index(m, "fellow_companies", "fellow_companies_fellow", &["fellow_id"]).await?;
        index(m, "fellow_companies", "fellow_companies_company", &["company_id"]).await?;

        let mut relations = base("fellow_relations");
        relations
            .col(uuid("fellow_a"))
            .col(uuid("fellow_b"))
            .col(string("kind"))
            .col(string("note").default(""))
            .foreign_key(&mut tenant_fk("fellow_relations", "fellow_a", "fellows"))
            .foreign_key(&mut tenant_fk("fellow_relations", "fellow_b", "fellows"));
        m.create_table(relations).await?;
        index(m, "fellow_relations", "fellow_relations_a", &["fellow_a"]).await?;
        index(m, "fellow_relations", "fellow_relations_b", &["fellow_b"]).await?;

        let mut roles = base("fellow_roles");
        roles
            .col(uuid("fellow_id"))
            .col(string("role"))
            .col(date_null("start_date"))
            .col(date_null("end_date"))
            .col(string("note").default(""))
            .foreign_key(&mut tenant_fk("fellow_roles", "fellow_id", "fellows"));
        m.create_table(roles).await?;
        index(m, "fellow_roles", "fellow_roles_fellow", &["fellow_id"]).await?;
        index(m, "fellow_roles", "fellow_roles_role", &["role", "fellow_id"]).await?;

        let mut chambers = base("chambers");
        chambers
            .col(string("name"))
            .col(string("kind"))
            .col(string("city").default(""))
            .col(uuid_null("township_id"))
            .col(date_null("founded"))
            .col(text("notes").default(""))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut tenant_fk("chambers", "township_id", "org_units"));
        m.create_table(chambers).await?;
        m.create_index(tenant_key(&["name"]).name("chambers_name").table("chambers").unique().to_owned()).await?;

        let mut offices = base("chamber_offices");
        offices
            .col(uuid("chamber_id"))
            .col(string("name"))
            .col(string("city").default(""))
            .col(string("address").default(""))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut tenant_fk("chamber_offices", "chamber_id", "chambers"));
        m.create_table(offices).await?;
        index(m, "chamber_offices", "chamber_offices_chamber", &["chamber_id"]).await?;

        let mut members = base("chamber_members");
        members
            .col(uuid("chamber_id"))
            .col(uuid("fellow_id"))
            .col(string("position"))
            .col(date_null("since"))
            .col(date_null("until"))
            .foreign_key(&mut tenant_fk("chamber_members", "chamber_id", "chambers"))
            .foreign_key(&mut tenant_fk("chamber_members", "fellow_id", "fellows"));
        m.create_table(members).await?;
        index(m, "chamber_members", "chamber_members_chamber", &["chamber_id", "fellow_id"]).await?;
        index(m, "chamber_members", "chamber_members_fellow", &["fellow_id"]).await?;

        let mut assignments = base("liaison_assignments");
        assignments
            .col(uuid("fellow_id"))
            .col(uuid("cadre_id"))
            .col(string("level"))
            .col(integer("cycle_days"))
            .col(timestamp_with_time_zone("started_at"))
            .col(timestamp_with_time_zone_null("ended_at"))
            .foreign_key(&mut tenant_fk("liaison_assignments", "fellow_id", "fellows"))
            .foreign_key(&mut tenant_fk("liaison_assignments", "cadre_id", "users"));
        m.create_table(assignments).await?;
        index(m, "liaison_assignments", "liaison_fellow", &["fellow_id", "level"]).await?;
        index(m, "liaison_assignments", "liaison_cadre", &["cadre_id", "fellow_id"]).await?;

        search_index(m).await
    }
}

/// The full-text index over `search_tokens` (what a fellow is found by) and
/// `scope_tokens` (the units and cadres that may see them), per backend.
async fn search_index(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    match m.get_database_backend() {
        DbBackend::Sqlite => {
            // An external-content FTS5 table kept in step by triggers: the text
            // lives once, in `fellows`. It is keyed by `search_rowid`, a number the
            // store assigns, not by SQLite's implicit rowid, which VACUUM may renumber
            // in a table without an INTEGER PRIMARY KEY.
            for sql in [
                "CREATE UNIQUE INDEX fellows_search_rowid ON fellows(search_rowid)",
                "CREATE VIRTUAL TABLE fellow_fts USING fts5(search_tokens, scope_tokens, content='fellows', content_rowid='search_rowid', detail='column')",
                "CREATE TRIGGER fellows_fts_insert AFTER INSERT ON fellows BEGIN
                   INSERT INTO fellow_fts(rowid, search_tokens, scope_tokens) VALUES (new.search_rowid, new.search_tokens, new.scope_tokens);
                 END",
                "CREATE TRIGGER fellows_fts_delete AFTER DELETE ON fellows BEGIN
                   INSERT INTO fellow_fts(fellow_fts, rowid, search_tokens, scope_tokens) VALUES ('delete', old.search_rowid, old.search_tokens, old.scope_tokens);
                 END",
                "CREATE TRIGGER fellows_fts_update AFTER UPDATE OF search_tokens, scope_tokens ON fellows BEGIN
                   INSERT INTO fellow_fts(fellow_fts, rowid, search_tokens, scope_tokens) VALUES ('delete', old.search_rowid, old.search_tokens, old.scope_tokens);
                   INSERT INTO fellow_fts(rowid, search_tokens, scope_tokens) VALUES (new.search_rowid, new.search_tokens, new.scope_tokens);
                 END",
            ] {
                db.execute_unprepared(sql).await?;
            }
        }
        _ => {
            for sql in [
                "CREATE INDEX fellows_search ON fellows USING GIN (to_tsvector('simple', search_tokens))",
                "CREATE INDEX fellows_scope ON fellows USING GIN (to_tsvector('simple', scope_tokens))",
            ] {
                db.execute_unprepared(sql).await?;
            }
        }
    }
    Ok(())
}
