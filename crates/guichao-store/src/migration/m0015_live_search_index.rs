//! The SQLite full-text index holds live fellows only. Archived fellows (and
//! those merged into another) stayed in `fellow_fts` and were filtered out by
//! a join to `fellows`, so counting the matches of a search meant that join
//! for every match: tens of thousands of row lookups for a surname among
//! 1,000,000 fellows. Without them the index alone counts what a user may see
//! (its scope tokens name the tenant's units and cadres).
//!
//! The triggers of m0002 are replaced by ones that index a fellow while
//! `archived_at` is unset: archiving takes the fellow out, restoring puts them
//! back. The insert trigger keeps its body (with a `WHEN`), which the bulk
//! writer recognises and does itself for a whole call (`fellows/bulk/sql.rs`).
//! PostgreSQL's index lives on the fellows' own rows and is not changed.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_live_search_index"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        // One string, so one connection of the pool runs it all: a connection
        // that did not see the drops would still know the old triggers when
        // it parses their new ones ("already exists"). The savepoint makes
        // it all or nothing.
        let statements = [
            "DROP TRIGGER fellows_fts_insert",
            "DROP TRIGGER fellows_fts_delete",
            "DROP TRIGGER fellows_fts_update",
            // The values given to 'delete' must be the ones indexed, which
            // they are: the columns only change through the update trigger.
            "INSERT INTO fellow_fts(fellow_fts, rowid, search_tokens, scope_tokens) \
             SELECT 'delete', search_rowid, search_tokens, scope_tokens FROM fellows \
             WHERE archived_at IS NOT NULL AND search_rowid IS NOT NULL",
            "CREATE TRIGGER fellows_fts_insert AFTER INSERT ON fellows WHEN new.archived_at IS NULL BEGIN
               INSERT INTO fellow_fts(rowid, search_tokens, scope_tokens) VALUES (new.search_rowid, new.search_tokens, new.scope_tokens);
             END",
            "CREATE TRIGGER fellows_fts_delete AFTER DELETE ON fellows WHEN old.archived_at IS NULL BEGIN
               INSERT INTO fellow_fts(fellow_fts, rowid, search_tokens, scope_tokens) VALUES ('delete', old.search_rowid, old.search_tokens, old.scope_tokens);
             END",
            // One trigger, so that the old entry is taken out before the new one goes in.
            "CREATE TRIGGER fellows_fts_update AFTER UPDATE OF search_tokens, scope_tokens, archived_at ON fellows BEGIN
               INSERT INTO fellow_fts(fellow_fts, rowid, search_tokens, scope_tokens)
                 SELECT 'delete', old.search_rowid, old.search_tokens, old.scope_tokens WHERE old.archived_at IS NULL;
               INSERT INTO fellow_fts(rowid, search_tokens, scope_tokens)
                 SELECT new.search_rowid, new.search_tokens, new.scope_tokens WHERE new.archived_at IS NULL;
             END",
        ];
        let script = format!("SAVEPOINT m0015; {}; RELEASE m0015;", statements.join(";\n"));
        m.get_connection().execute_unprepared(&script).await?;
        Ok(())
    }
}
