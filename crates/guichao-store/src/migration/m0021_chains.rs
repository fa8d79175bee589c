//! Industry chains (产业链): a county's chains and their nodes (segment,
//! gap, GB/T 4754 codes and keywords, stored as space-separated text), and
//! the two indexes a node's fellow matches are read from:
//!
//! - `fellows_industry`: the live fellows by industry, with what a match
//!   filters and orders by (city, unit, sort key, id; on SQLite also the
//!   full-text key, so that the tag tier can set the industry matches aside
//!   without reading their rows). A node's industry matches, their count and
//!   a page of them are then read from the index alone, for a county user and
//!   for a township user alike. One more index on `fellows` costs the bulk
//!   writer one more index entry a fellow (docs/PERFORMANCE.md, issue 11).
//! - `companies_industry`: the companies by industry (with their id, so the
//!   index alone answers), for the fellows whose company fits a node.

use super::{tenant_fk, tenant_key};
use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0021_chains"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        // The pinyin sort key compares byte by byte (see m0007).
        let mut sort_key = ColumnDef::new("sort_key");
        sort_key.string().not_null();
        if postgres {
            sort_key.extra("COLLATE \"C\"");
        }
        m.create_table(
            Table::create()
                .table("chains")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("name"))
                .col(sort_key)
                .col(text("notes").default(""))
                .col(integer("position"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["name"]).name("chains_name").table("chains").unique().to_owned()).await?;
        m.create_table(
            Table::create()
                .table("chain_nodes")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("chain_id"))
                .col(string("segment"))
                .col(string("name"))
                .col(integer("position"))
                .col(boolean("gap").default(false))
                .col(string("gap_note").default(""))
                .col(text("codes").default(""))
                .col(text("keywords").default(""))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(tenant_fk("chain_nodes", "chain_id", "chains").on_delete(ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["chain_id", "name"]).name("chain_nodes_chain_name").table("chain_nodes").unique().to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["industry", "id"]).name("companies_industry").table("companies").to_owned())
            .await?;
        // Partial, so that a match needs no row to leave archived fellows out;
        // written out, since the schema builder has no partial index.
        let columns = if postgres {
            "tenant_id, industry, city, unit_id, sort_key, id"
        } else {
            "tenant_id, industry, city, unit_id, sort_key, id, search_rowid"
        };
        m.get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX fellows_industry ON fellows ({columns}) WHERE archived_at IS NULL"
            ))
            .await?;
        Ok(())
    }
}
