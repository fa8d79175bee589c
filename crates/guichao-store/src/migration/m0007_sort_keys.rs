//! Lists in pinyin order: a sort key beside the name of every fellow,
//! chamber and user (`guichao_domain::search::sort_key`), filled for the rows
//! there are, and the list indexes rebuilt on it.
//!
//! Names compared as text sort by code point (丁, 万, 严…); the key sorts by
//! pinyin when compared byte by byte, so on PostgreSQL the column is declared
//! with the binary `C` collation whatever the database's own (SQLite compares
//! bytes already). The fellows' name indexes of m0002 and m0003 served only
//! the list order and its cursor; their `sort_key` twins replace them, so a
//! bulk load maintains as many indexes as before, and the list sorted by last
//! change gets its own.

use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;
use std::collections::BTreeMap;

use super::tenant_key;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_sort_keys"
    }
}

/// The tables and the column their key is made from.
const TABLES: [(&str, &str); 3] = [("fellows", "name"), ("chambers", "name"), ("users", "display_name")];

/// Rows updated per statement (three parameters each).
const CHUNK: usize = 300;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        for (table, source) in TABLES {
            let mut col = ColumnDef::new("sort_key");
            col.string().not_null().default("");
            if postgres {
                col.extra("COLLATE \"C\"");
            }
            m.alter_table(Table::alter().table(table).add_column(col).to_owned()).await?;
            fill(m, table, source).await?;
            m.create_index(tenant_key(&["sort_key", "id"]).name(format!("{table}_sort")).table(table).to_owned())
                .await?;
        }
        for (name, cols) in [
            ("fellows_township_sort", &["township_id", "sort_key", "id"][..]),
            ("fellows_unit_sort", &["unit_id", "sort_key", "id"]),
            ("fellows_updated", &["updated_at", "id"]),
        ] {
            m.create_index(tenant_key(cols).name(name).table("fellows").to_owned()).await?;
        }
        for name in ["fellows_name", "fellows_unit_name", "fellows_township_name"] {
            m.drop_index(Index::drop().name(name).table("fellows").to_owned()).await?;
        }
        Ok(())
    }
}

/// Sets the key of every row of `table` from its `source` column, a chunk of
/// one tenant's rows per statement (found by the primary key).
async fn fill(m: &SchemaManager<'_>, table: &'static str, source: &'static str) -> Result<(), DbErr> {
    let db = m.get_connection();
    let select = Query::select().columns(["tenant_id", "id", source]).from(table).to_owned();
    let mut by_tenant: BTreeMap<uuid::Uuid, Vec<(uuid::Uuid, String)>> = BTreeMap::new();
    for row in db.query_all(&select).await? {
        let (tenant, id, name): (uuid::Uuid, uuid::Uuid, String) =
            (row.try_get("", "tenant_id")?, row.try_get("", "id")?, row.try_get("", source)?);
        by_tenant.entry(tenant).or_default().push((id, guichao_domain::search::sort_key(&name)));
    }
    for (tenant, rows) in by_tenant {
        for chunk in rows.chunks(CHUNK) {
            let mut case = CaseStatement::new();
            for (id, key) in chunk {
                case = case.case(Expr::col("id").eq(*id), Expr::val(key.as_str()));
            }
            let update = Query::update()
                .table(table)
                .value("sort_key", case.finally(Expr::col("sort_key")))
                .and_where(Expr::col("tenant_id").eq(tenant))
                .and_where(Expr::col("id").is_in(chunk.iter().map(|(id, _)| *id)))
                .to_owned();
            db.execute(&update).await?;
        }
    }
    Ok(())
}
