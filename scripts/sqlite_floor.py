#!/usr/bin/env python3
"""What SQLite alone spends writing fellows: no Rust, no parsing, no binding.

Copies the fellows of a database written by `guichao bench import` (or
`guichao demo --fellows N`) into fresh databases with the same schema, in the
shapes a bulk write could take, and prints microseconds per fellow for each.
Uses Python's sqlite3 module (the system SQLite), so the figures are a floor
for SQLite's own work, not for Guichao's bundled build.

    python3 scripts/sqlite_floor.py target/bench/import.db
"""

import os
import sqlite3
import sys
import tempfile
import time

MAX_PARAMS = 32_000  # values bound to one statement by the bulk writer (bulk/sql.rs)
STAGE_ROWS = 20_000  # rows staged before one INSERT ... SELECT (fellows/bulk/stage.rs)
BATCH = 880  # rows per statement; set in main() to MAX_PARAMS / the fellows' columns, as the writer does


def schema(src):
    """The CREATE statements of fellows (with its indexes and full-text table)
    and of the tables its foreign keys lead to."""
    rows = src.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
        "(tbl_name IN ('fellows', 'org_units', 'tenants', 'fellow_fts')) AND name NOT LIKE 'fellow_fts_%'"
    ).fetchall()
    order = ["tenants", "org_units", "fellows"]
    tables = sorted(((order.index(name), sql) for kind, name, sql in rows if kind == "table" and name in order))
    tables = [sql for _, sql in tables]
    indexes = [sql for kind, name, sql in rows if kind == "index" and "fellows" in sql.split("(")[0]]
    fts = [sql for kind, name, sql in rows if name == "fellow_fts"]
    return tables, indexes, fts


def fresh(path, tables, src_path, foreign_keys=True):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path, isolation_level=None)
    keys = "ON" if foreign_keys else "OFF"
    for pragma in ("journal_mode = WAL", f"foreign_keys = {keys}", "cache_size = -200000", "temp_store = MEMORY"):
        db.execute("PRAGMA " + pragma)
    for sql in tables:
        db.execute(sql)
    db.execute("ATTACH ? AS src", (src_path,))
    for parent in ("tenants", "org_units"):
        db.execute(f"INSERT INTO main.{parent} SELECT * FROM src.{parent}")
    return db


def batched(db, verb, last):
    db.execute("BEGIN")
    for start in range(0, last, BATCH):
        db.execute(
            f"{verb} INTO main.fellows SELECT * FROM src.fellows WHERE rowid > ? AND rowid <= ?",
            (start, start + BATCH),
        )


def staged(db, last):
    """The bulk writer's shape (fellows/bulk/stage.rs): each STAGE_ROWS rows
    written into a keyless table in the temporary database, BATCH rows a
    statement, then moved into fellows with one INSERT ... SELECT; the values
    come from the source database rather than from bound parameters, so this
    is SQLite's own share of that shape."""
    db.execute("BEGIN")
    db.execute("CREATE TEMP TABLE stage AS SELECT * FROM src.fellows WHERE 0")
    for chunk in range(0, last, STAGE_ROWS):
        for start in range(chunk, min(chunk + STAGE_ROWS, last), BATCH):
            db.execute(
                "INSERT INTO temp.stage SELECT * FROM src.fellows WHERE rowid > ? AND rowid <= ?",
                (start, min(start + BATCH, chunk + STAGE_ROWS)),
            )
        db.execute("INSERT INTO main.fellows SELECT * FROM temp.stage ORDER BY rowid")
        db.execute("DELETE FROM temp.stage")
    db.execute("DROP TABLE temp.stage")
    db.execute("COMMIT")


def timed(label, n, work):
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"{label:<62} {seconds:6.2f} s {seconds / n * 1e6:7.1f} µs/fellow")
    return seconds


def main():
    src_path = sys.argv[1]
    src = sqlite3.connect(src_path)
    n = src.execute("SELECT count(*) FROM fellows").fetchone()[0]
    last = src.execute("SELECT max(rowid) FROM fellows").fetchone()[0]
    tables, indexes, fts = schema(src)
    global BATCH
    BATCH = MAX_PARAMS // len(src.execute("SELECT * FROM fellows LIMIT 0").description)
    print(f"{n} fellows from {src_path}, SQLite {sqlite3.sqlite_version}, {BATCH} rows a statement")
    work = tempfile.mkdtemp(prefix="floor", dir=os.path.dirname(os.path.abspath(src_path)))
    path = os.path.join(work, "floor.db")

    copy = lambda: (db.execute("BEGIN"), db.execute("INSERT INTO main.fellows SELECT * FROM src.fellows"),
                    db.execute("COMMIT"))
    db = fresh(path, tables + indexes, src_path, foreign_keys=False)
    timed("one INSERT ... SELECT *, foreign keys off (transfer shortcut)", n, copy)
    db = fresh(path, tables + indexes, src_path)
    timed("one INSERT ... SELECT *, every index", n, copy)

    db = fresh(path, tables + indexes, src_path)
    timed(f"staged: {STAGE_ROWS} rows into a temp table, then INSERT ... SELECT", n, lambda: staged(db, last))

    for verb in ("INSERT", "INSERT OR FAIL"):
        db = fresh(path, tables + indexes, src_path)
        timed(f"{verb} of {BATCH} rows a statement, every index", n,
              lambda: (batched(db, verb, last), db.execute("COMMIT")))

    db = fresh(path, tables, src_path)
    timed(f"INSERT of {BATCH} rows a statement, no secondary index", n,
          lambda: (batched(db, "INSERT", last), db.execute("COMMIT")))
    timed("  then CREATE INDEX for each of the secondary indexes", n,
          lambda: [db.execute(sql) for sql in indexes])

    db.execute(fts[0])
    timed("full-text rows, search and scope tokens", n, lambda: (
        db.execute("BEGIN"),
        db.execute("INSERT INTO fellow_fts(rowid, search_tokens, scope_tokens) "
                   "SELECT search_rowid, search_tokens, scope_tokens FROM fellows"),
        db.execute("COMMIT")))
    db.execute("INSERT INTO fellow_fts(fellow_fts) VALUES ('delete-all')")
    timed("full-text rows, search tokens only", n, lambda: (
        db.execute("BEGIN"),
        db.execute("INSERT INTO fellow_fts(rowid, search_tokens) SELECT search_rowid, search_tokens FROM fellows"),
        db.execute("COMMIT")))
    tokens = db.execute("SELECT avg(length(search_tokens) - length(replace(search_tokens, ' ', '')) + 1), "
                        "avg(length(scope_tokens) - length(replace(scope_tokens, ' ', '')) + 1) FROM fellows").fetchone()
    print(f"tokens a fellow: {tokens[0]:.1f} search, {tokens[1]:.1f} scope; {len(indexes)} secondary indexes")
    db.close()
    for name in os.listdir(work):
        os.remove(os.path.join(work, name))
    os.rmdir(work)


if __name__ == "__main__":
    main()
