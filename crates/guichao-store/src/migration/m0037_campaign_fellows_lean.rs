//! PostgreSQL only: a launch writes its campaign's fellows without checking
//! two foreign keys a row, and sorts their names bytewise.
//!
//! - `campaign_fellows` loses its foreign keys to `campaigns` and `fellows`.
//!   Neither is ever deleted (a merged fellow keeps its row), and the launch
//!   reads the fellows it writes in its own transaction, so the keys guarded
//!   nothing; on PostgreSQL their triggers locked every fellow's row and took
//!   about 45% of a launch (at 202,230 fellows, 19.5 s against 11.1 s under
//!   `EXPLAIN ANALYZE`; docs/PERFORMANCE.md, stop 21).
//! - Its `sort_key` compares in the `C` collation, as SQLite's does: the key
//!   is pinyin then the name, meant to be compared code point by code point,
//!   and the two name-order indexes no longer call the locale's `strcoll`.
//!
//! SQLite keeps its keys: checking one is a lookup in the fellow's primary
//! key, and dropping it would rebuild the table.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0037_campaign_fellows_lean"
    }
}

const DROP_KEYS: &str = r#"
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT conname FROM pg_constraint
           WHERE conrelid = 'campaign_fellows'::regclass AND contype = 'f' LOOP
    EXECUTE format('ALTER TABLE campaign_fellows DROP CONSTRAINT %I', r.conname);
  END LOOP;
END $$"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != sea_orm::DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        db.execute_unprepared(DROP_KEYS).await?;
        db.execute_unprepared(r#"ALTER TABLE campaign_fellows ALTER COLUMN sort_key TYPE varchar COLLATE "C""#).await?;
        Ok(())
    }
}
