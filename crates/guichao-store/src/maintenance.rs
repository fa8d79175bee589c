//! Keeping searches fast as served. A bulk write (a demo load, an import, a
//! merge, a bulk liaison assignment, a bulk load of contacts or projects, a
//! campaign's launch) changes many rows at once; right after it
//! the planner's statistics may describe a much smaller table, and on
//! PostgreSQL the new rows wait in the GIN index's pending list, which every
//! search scans. Both are refreshed after each such write has committed and on
//! a schedule while `serve` runs, each at a cost measured against the write
//! (docs/PERFORMANCE.md).

use crate::{Backend, Store, StoreResult};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};

/// The tables a bulk write of fellows and their ties, or of contacts, changes.
const BULK_TABLES: &[&str] = &[
    "fellows",
    "companies",
    "fellow_companies",
    "chamber_members",
    "fellow_roles",
    "liaison_assignments",
    "contact_records",
    "contact_fellows",
    "contact_cadres",
    "contact_pairs",
    "followups",
];

/// The tables a bulk write of projects (a load, a ledger import) changes.
pub(crate) const PROJECT_TABLES: &[&str] =
    &["companies", "projects", "project_standing", "project_stage_events", "project_funds", "project_fellows"];

/// The tables a campaign's launch or its ticks in bulk change.
pub(crate) const CAMPAIGN_TABLES: &[&str] = &["campaign_fellows", "campaign_ticks"];

/// The tables a bulk load of service requests changes (the load is a
/// `system` feature: the benchmark and the demo).
#[cfg(feature = "system")]
pub(crate) const SERVICE_TABLES: &[&str] = &["service_requests", "service_events", "service_replies"];

/// At most this many pages of the SQLite full-text index are merged by one
/// scheduled refresh, so that it never holds the writer long.
const MERGE_PAGES: i64 = 500;

/// SQLite's own refresh: every table checked, `ANALYZE` (with its bounded
/// sample) only of those that changed enough to need it.
const SQLITE_OPTIMIZE: &str = "PRAGMA optimize=0x10012";

/// A table needs new statistics once this share of its rows changed since they
/// were taken (PostgreSQL's autovacuum default, `autovacuum_analyze_scale_factor`).
const STALE_SHARE: f64 = 0.1;

/// A PostgreSQL table whose statistics are due.
#[derive(Debug, FromQueryResult)]
struct Due {
    name: String,
}

impl Store {
    /// After a bulk write of about `written` rows has committed. Failures are
    /// logged, not returned: the write itself is done.
    pub(crate) async fn after_bulk_write(&self, written: u64) {
        self.after_bulk_write_to(BULK_TABLES, written).await
    }

    /// After a bulk write of about `written` rows into `tables` has committed
    /// (on PostgreSQL only those are looked at; SQLite checks every table).
    pub(crate) async fn after_bulk_write_to(&self, tables: &[&str], written: u64) {
        let refreshed = match self.backend() {
            Backend::Sqlite => self.db.execute_unprepared(SQLITE_OPTIMIZE).await.map(drop),
            Backend::Postgres => self.refresh_postgres(tables, Some(written)).await,
        };
        if let Err(e) = refreshed {
            tracing::warn!("search maintenance after a bulk write failed: {e}");
        }
    }

    /// The scheduled refresh while serving: statistics where they are due, and
    /// on SQLite a bounded merge of the full-text index's segments.
    pub async fn refresh_search(&self) -> StoreResult<()> {
        match self.backend() {
            Backend::Sqlite => {
                self.db.execute_unprepared(SQLITE_OPTIMIZE).await?;
                let merge = format!("INSERT INTO fellow_fts(fellow_fts, rank) VALUES ('merge', {MERGE_PAGES})");
                self.db.execute_unprepared(&merge).await?;
                Ok(())
            }
            Backend::Postgres => Ok(self.refresh_postgres(BULK_TABLES, None).await?),
        }
    }

    /// Empties the GIN pending list into the index (what `VACUUM` would do,
    /// without scanning the table), then vacuums and analyses the bulk tables whose
    /// statistics are stale: never taken, or older than a [`STALE_SHARE`] of
    /// their rows' changes. `written` is the size of the write just committed
    /// (PostgreSQL's own change counters may not include it yet); without it
    /// those counters decide.
    async fn refresh_postgres(&self, tables: &[&str], written: Option<u64>) -> Result<(), sea_orm::DbErr> {
        self.db.execute_unprepared("SELECT gin_clean_pending_list('fellows_vectors'::regclass)").await?;
        let tables = tables.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", ");
        let changed = match written {
            Some(n) => format!("{n}"),
            None => "coalesce(s.n_mod_since_analyze, 0)".to_string(),
        };
        let sql = format!(
            "SELECT c.relname::text AS name FROM pg_class c \
             LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid \
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relname IN ({tables}) \
             AND (c.reltuples < 0 OR {changed} > 50 + {STALE_SHARE} * c.reltuples)"
        );
        let due = Due::find_by_statement(Statement::from_string(DbBackend::Postgres, sql)).all(&self.db).await?;
        if !due.is_empty() {
            let names: Vec<String> = due.into_iter().map(|d| d.name).collect();
            // VACUUM as well: a bulk load rewrites the row of every fellow
            // whose liaison facts it changes (once a fellow, `contacts::facts`),
            // and until the dead versions are gone and the visibility map is
            // set a coverage scan reads them all (autovacuum may be off).
            self.db.execute_unprepared(&format!("VACUUM (ANALYZE) {}", names.join(", "))).await?;
        }
        Ok(())
    }
}
