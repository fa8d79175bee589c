//! The statements of the bulk writer: multi-row `INSERT`s with the values
//! bound as a flat list (no per-value expression tree), and SQLite's
//! set-based full-text indexing of a call's rows.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, EntityTrait, IdenStatic, Iterable, ModelTrait, Statement, Value};

/// Most values bound to one statement: under SQLite's limit of 32,766 (and
/// PostgreSQL's 65,535).
pub const MAX_PARAMS: usize = 32_000;

/// The trigger that keeps `fellow_fts` in step on insert (migrations m0002
/// and m0015: for a fellow not archived).
const FTS_TRIGGER: &str = "fellows_fts_insert";
/// What that trigger does, which [`index_sqlite`] does for a whole call.
const FTS_TRIGGER_BODY: &str = "INSERT INTO fellow_fts(rowid, search_tokens, scope_tokens) VALUES (new.search_rowid, new.search_tokens, new.scope_tokens);";

/// The values of `models`, row after row, in column order.
pub(crate) fn rows<M: ModelTrait>(models: &[M]) -> Vec<Value> {
    let columns: Vec<<M::Entity as EntityTrait>::Column> = <M::Entity as EntityTrait>::Column::iter().collect();
    let mut values = Vec::with_capacity(models.len() * columns.len());
    for model in models {
        values.extend(columns.iter().map(|c| model.get(*c)));
    }
    values
}

/// `E`'s columns, quoted, in order: what a writer gives a row of it.
pub(crate) fn column_list<E: EntityTrait>() -> String {
    E::Column::iter().map(|c| format!("\"{}\"", c.as_str())).collect::<Vec<_>>().join(", ")
}

/// Inserts `count` rows whose values are `values` (row after row, every
/// column) as one statement.
pub(crate) async fn insert_rows<E: EntityTrait>(
    db: &impl ConnectionTrait,
    count: usize,
    values: Vec<Value>,
) -> Result<(), DbErr> {
    insert_rows_into::<E>(db, E::default().table_name(), count, values).await
}

/// [`insert_rows`] into `table`, a table with `E`'s columns.
pub(crate) async fn insert_rows_into<E: EntityTrait>(
    db: &impl ConnectionTrait,
    table: &str,
    count: usize,
    values: Vec<Value>,
) -> Result<(), DbErr> {
    if count == 0 {
        return Ok(());
    }
    let width = E::Column::iter().count();
    let backend = db.get_database_backend();
    let mut sql = format!("INSERT INTO \"{table}\" ({}) VALUES ", column_list::<E>());
    sql.reserve(count * width * 4);
    let mut n = 0;
    for row in 0..count {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..width {
            if column > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                DbBackend::Postgres => sql.push_str(&format!("${n}")),
                _ => sql.push('?'),
            }
        }
        sql.push(')');
    }
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    Ok(())
}

/// Inserts models as multi-row `INSERT`s of at most [`MAX_PARAMS`] values.
pub(crate) async fn insert_models<M: ModelTrait>(db: &impl ConnectionTrait, models: &[M]) -> Result<(), DbErr> {
    let width = <M::Entity as EntityTrait>::Column::iter().count();
    for chunk in models.chunks((MAX_PARAMS / width).max(1)) {
        insert_rows::<M::Entity>(db, chunk.len(), rows(chunk)).await?;
    }
    Ok(())
}

/// Readies a SQLite bulk transaction of `rows` fellows: [`size_cache`], and —
/// when the insert trigger is the one this module mirrors — the trigger
/// dropped (inside the transaction) so that [`index_sqlite`] indexes the
/// call's rows at once. Returns the trigger's text to restore. (Statement
/// journals are kept in memory by the connection's `temp_store`, which a
/// transaction already begun ignores.)
pub(crate) async fn prepare_sqlite(db: &impl ConnectionTrait, rows: usize) -> Result<Option<String>, DbErr> {
    size_cache(db, rows).await?;
    take_trigger(db, FTS_TRIGGER, FTS_TRIGGER_BODY).await
}

/// Sizes a SQLite bulk transaction of `rows` rows: a page cache large enough
/// that the transaction's pages are not spilled and read back, a memory map
/// for reads.
pub(crate) async fn size_cache(db: &impl ConnectionTrait, rows: usize) -> Result<(), DbErr> {
    // About 4 KiB of pages per row written (the row, its index entries, its
    // full-text postings), between 64 MiB and 512 MiB.
    let kib = (rows * 4).clamp(65_536, 524_288);
    db.execute_unprepared(&format!("PRAGMA cache_size = -{kib}")).await?;
    // The connections of the pool take turns, and a connection's cache is
    // stale whenever another wrote since it last ran: reading through a memory
    // map makes that refill cheap.
    db.execute_unprepared("PRAGMA mmap_size = 2147483648").await?;
    Ok(())
}

/// Drops the SQLite trigger `name` inside the caller's transaction when its
/// text holds `body` (the work the caller will do set-wise instead), and
/// returns its text to restore; `None`, with the trigger kept, when it is
/// missing or someone changed it. SQLite has one writer: no other write runs
/// while it is away.
pub(crate) async fn take_trigger(db: &impl ConnectionTrait, name: &str, body: &str) -> Result<Option<String>, DbErr> {
    let found = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = $1",
            [name.into()],
        ))
        .await?;
    let Some(sql) = found.map(|row| row.try_get::<String>("", "sql")).transpose()? else { return Ok(None) };
    let squashed = |s: &str| s.split_whitespace().collect::<String>();
    if !squashed(&sql).contains(&squashed(body)) {
        return Ok(None);
    }
    db.execute_unprepared(&format!("DROP TRIGGER {name}")).await?;
    Ok(Some(sql))
}

/// Does the dropped trigger's work for the rows with search keys
/// `first..=last` in one statement, and puts the trigger back.
pub(crate) async fn index_sqlite(db: &impl ConnectionTrait, trigger: &str, first: i64, last: i64) -> Result<(), DbErr> {
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "INSERT INTO fellow_fts(rowid, search_tokens, scope_tokens) \
         SELECT search_rowid, search_tokens, scope_tokens FROM fellows \
         WHERE search_rowid BETWEEN $1 AND $2 AND archived_at IS NULL",
        [first.into(), last.into()],
    ))
    .await?;
    db.execute_unprepared(trigger).await?;
    Ok(())
}
