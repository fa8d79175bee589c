//! SQLite: the liaison facts' indexes keyed for a township's coverage counted
//! as ranges (`contacts/ranges.rs`) rather than a row at a time: within a
//! township's live fellows, `fellows_levels` (which replaces m0014's
//! `fellows_coverage`, the same columns in another order) groups them by
//! their set of levels, each set's due days in order (the fellows with a set,
//! one range; those with no due day or one not yet past, a range for each
//! set), and `fellows_contacted` holds their last contacts in order (those
//! contacted since a day, one range). The narrower scopes' statements still
//! find every column they read in `fellows_levels` (its unit and id follow).

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0018_coverage_ranges"
    }
}

const STATEMENTS: &[&str] = &[
    "CREATE INDEX fellows_levels ON fellows (tenant_id, township_id, archived_at, liaison_levels, \
     liaison_due_on, unit_id, liaison_last_contact, id)",
    "CREATE INDEX fellows_contacted ON fellows (tenant_id, township_id, archived_at, liaison_last_contact)",
    "DROP INDEX fellows_coverage",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // PostgreSQL counts a county in one statement over its own parallel
        // workers (`contacts/parts.rs`) and keeps m0014's index: without
        // `unit_id` fourth in it, it answered a township reader's `unit_id IN
        // (…)` with a nested loop through the table, 4x slower.
        if m.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        for sql in STATEMENTS {
            m.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
