//! SQLite's way in for a bulk call's fellows: a staging table, then one
//! `INSERT ... SELECT` into `fellows` for every [`STAGE_ROWS`] rows.
//!
//! A multi-row `INSERT` into `fellows` (foreign keys, unique keys) keeps a
//! statement journal: a copy of every page the statement changes, taken the
//! first time the statement changes it. With the bulk writer's 800-odd rows a
//! statement and ten indexes of random keys, nearly every index page a row
//! touches was copied again for each statement. One statement for thousands
//! of rows copies each page once, which is what `scripts/sqlite_floor.py`
//! measured as the gap between one `INSERT ... SELECT` and 880-row inserts
//! (docs/PERFORMANCE.md). The staging table has no key, index or constraint,
//! and lives in the connection's temporary database, in memory (`db.rs`).

use super::sql::column_list;
use crate::entities::fellow;
use sea_orm::{ConnectionTrait, DbErr};

/// The staging table, in the temporary database.
pub(super) const STAGE: &str = "bulk_fellows";

/// Rows staged before they move into `fellows` in one statement: the import's
/// calls (20,000 rows) in one, the demo loader's in several, so that the
/// staged rows (about 1.5 KB each) stay a few tens of megabytes.
pub(super) const STAGE_ROWS: usize = 20_000;

/// The columns a writer gives a fellow: the entity's. The columns only the
/// database writes (the liaison facts of migration m0014) keep their defaults.
fn columns() -> String {
    column_list::<fellow::Entity>()
}

/// Creates the empty staging table with the written columns (and affinities)
/// of `fellows`, inside the caller's transaction.
pub(super) async fn open(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("DROP TABLE IF EXISTS temp.{STAGE}")).await?;
    let columns = columns();
    db.execute_unprepared(&format!("CREATE TEMP TABLE {STAGE} AS SELECT {columns} FROM main.fellows WHERE 0")).await?;
    Ok(())
}

/// Moves the staged rows into `fellows`, in the order staged.
pub(super) async fn flush(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let columns = columns();
    db.execute_unprepared(&format!(
        "INSERT INTO main.fellows ({columns}) SELECT {columns} FROM temp.{STAGE} ORDER BY rowid"
    ))
    .await?;
    db.execute_unprepared(&format!("DELETE FROM temp.{STAGE}")).await?;
    Ok(())
}

/// Drops the staging table.
pub(super) async fn close(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("DROP TABLE temp.{STAGE}")).await?;
    Ok(())
}
