//! PostgreSQL: a fellow's two tsvectors (search tokens and scope tokens) stored
//! as generated columns, with one GIN index over both instead of an
//! expression index each.
//!
//! A search is "matches the query" AND "may be seen". With two indexes
//! PostgreSQL either ANDs two bitmaps (the scope's may hold every fellow of
//! the county) or fetches every match from the heap to test its scope; a
//! two-column GIN index intersects both conditions inside one index scan.
//! Stored vectors make each row's test cheap: for a term most fellows share
//! (a surname) the planner rightly scans rows until it has enough, and
//! computing `to_tsvector` for each of them cost 25 µs a row.
//! SQLite's FTS5 table already holds both columns (m0002) and is unchanged.
//! Measured on 1,000,000 fellows: see docs/PERFORMANCE.md.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_search_scope_index"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        for sql in [
            "ALTER TABLE fellows \
             ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED, \
             ADD COLUMN scope_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', scope_tokens)) STORED",
            "CREATE INDEX fellows_vectors ON fellows USING GIN (search_vector, scope_vector)",
            "DROP INDEX fellows_search",
            "DROP INDEX fellows_scope",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
