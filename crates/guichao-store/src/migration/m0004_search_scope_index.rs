//! PostgreSQL: one GIN index over both tsvectors of a fellow (search tokens
//! and scope tokens) instead of one index each.
//!
//! A search is "matches the query" AND "may be seen". With two indexes
//! PostgreSQL either ANDs two bitmaps (the scope's may hold every fellow of
//! the county) or fetches every match from the heap to test its scope; a
//! two-column GIN index intersects both conditions inside one index scan.
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
            "CREATE INDEX fellows_search_scope ON fellows USING GIN \
             (to_tsvector('simple', search_tokens), to_tsvector('simple', scope_tokens))",
            "DROP INDEX fellows_search",
            "DROP INDEX fellows_scope",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
