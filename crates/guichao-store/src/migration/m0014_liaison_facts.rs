//! Liaison facts: what the coverage roll-up and the overdue lists need to
//! know of each assignment and each fellow today, kept on their rows by
//! triggers, like an index, so that a county's coverage is one scan of one
//! index instead of five probes a fellow (docs/PERFORMANCE.md, issue 10).
//!
//! - An assignment's `last_contact` is the latest live contact of its fellow
//!   by its cadre (`contact_pairs`), and `due_on` the day its cycle runs out:
//!   `last_contact` (else the day it started) plus `cycle_days`. It is
//!   overdue on a day later than `due_on` (the domain's rule, `liaison::due`).
//! - A fellow's `liaison_levels` has a bit per level with a live assignment
//!   (county 1, township 2, village 4), `liaison_last_contact` is their
//!   latest live contact (every record names a cadre, so it is the latest
//!   pair), and `liaison_due_on` the earliest `due_on` of their live
//!   assignments.
//!
//! The facts hold for any day from today on: contacts are never dated in the
//! future and assignments end when they are ended. A coverage as of an
//! earlier day is counted from the records themselves (`contacts::coverage`).
//! Nothing but these triggers writes the columns; the entities leave them out.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0014_liaison_facts"
    }
}

/// The columns (both backends).
const COLUMNS: &[&str] = &[
    "ALTER TABLE liaison_assignments ADD COLUMN last_contact DATE",
    "ALTER TABLE liaison_assignments ADD COLUMN due_on DATE",
    "ALTER TABLE fellows ADD COLUMN liaison_levels SMALLINT NOT NULL DEFAULT 0",
    "ALTER TABLE fellows ADD COLUMN liaison_last_contact DATE",
    "ALTER TABLE fellows ADD COLUMN liaison_due_on DATE",
];

/// The indexes that read them (both backends).
const INDEXES: &[&str] = &[
    // Coverage by township: the scope's columns, the group and the facts.
    "CREATE INDEX fellows_coverage ON fellows (tenant_id, township_id, archived_at, unit_id, liaison_levels, \
     liaison_last_contact, liaison_due_on, id)",
    // The county's and a cadre's live assignments, most overdue first.
    "CREATE INDEX liaison_due ON liaison_assignments (tenant_id, due_on) WHERE ended_at IS NULL",
    "CREATE INDEX liaison_cadre_due ON liaison_assignments (tenant_id, cadre_id, due_on) WHERE ended_at IS NULL",
];

// The triggers' statements name their indexes: they run for every row a
// bulk load writes, often before any statistics exist, and the planner may
// otherwise pick a partial index of the county's live assignments (one scan
// of them per row written).

/// The SQLite statements that set the facts of the assignments of fellow
/// `f` and cadre `c` (each an expression such as `NEW.fellow_id`) of tenant `t`.
fn sqlite_assignments(t: &str, f: &str, c: &str) -> String {
    let last = "(SELECT MAX(p.contact_date) FROM contact_pairs p INDEXED BY contact_pairs_last \
                WHERE p.tenant_id = liaison_assignments.tenant_id AND p.fellow_id = liaison_assignments.fellow_id \
                AND p.cadre_id = liaison_assignments.cadre_id)";
    format!(
        "UPDATE liaison_assignments SET last_contact = {last}, \
         due_on = date(COALESCE({last}, date(started_at, '+8 hours')), '+' || cycle_days || ' days') \
         WHERE tenant_id = {t} AND fellow_id = {f} AND cadre_id = {c};"
    )
}

/// The SQLite statement that sets the facts of fellow `f` of tenant `t`.
fn sqlite_fellow(t: &str, f: &str) -> String {
    let live = "FROM liaison_assignments a INDEXED BY liaison_fellow WHERE a.tenant_id = fellows.tenant_id \
                AND a.fellow_id = fellows.id AND a.ended_at IS NULL";
    format!(
        "UPDATE fellows SET \
         liaison_levels = (SELECT COALESCE(SUM(DISTINCT CASE a.level WHEN 'county' THEN 1 WHEN 'township' THEN 2 \
         WHEN 'village' THEN 4 ELSE 0 END), 0) {live}), \
         liaison_due_on = (SELECT MIN(a.due_on) {live}), \
         liaison_last_contact = (SELECT MAX(p.contact_date) FROM contact_pairs p INDEXED BY contact_pairs_last \
         WHERE p.tenant_id = fellows.tenant_id AND p.fellow_id = fellows.id) \
         WHERE tenant_id = {t} AND id = {f};"
    )
}

fn sqlite_triggers() -> Vec<String> {
    let both = |row: &str| {
        let (t, f, c) = (format!("{row}.tenant_id"), format!("{row}.fellow_id"), format!("{row}.cadre_id"));
        format!("{} {}", sqlite_assignments(&t, &f, &c), sqlite_fellow(&t, &f))
    };
    let fellow = |row: &str| sqlite_fellow(&format!("{row}.tenant_id"), &format!("{row}.fellow_id"));
    let trigger = |name: &str, when: &str, table: &str, body: String| {
        format!("CREATE TRIGGER {name} AFTER {when} ON {table} BEGIN {body} END")
    };
    let changed = "UPDATE OF fellow_id, cadre_id, level, cycle_days, started_at, ended_at";
    vec![
        trigger("liaison_facts_pair_insert", "INSERT", "contact_pairs", both("NEW")),
        trigger("liaison_facts_pair_delete", "DELETE", "contact_pairs", both("OLD")),
        trigger("liaison_facts_pair_update", "UPDATE", "contact_pairs", format!("{} {}", both("OLD"), both("NEW"))),
        trigger("liaison_facts_assignment_insert", "INSERT", "liaison_assignments", both("NEW")),
        trigger("liaison_facts_assignment_update", changed, "liaison_assignments", {
            format!("{} {}", both("NEW"), fellow("OLD"))
        }),
        trigger("liaison_facts_assignment_delete", "DELETE", "liaison_assignments", fellow("OLD")),
    ]
}

/// PostgreSQL: the same facts set by two functions, called from row triggers.
const POSTGRES: &[&str] = &[
    "CREATE FUNCTION liaison_assignment_facts(t uuid, f uuid, c uuid) RETURNS void LANGUAGE sql AS $$
       UPDATE liaison_assignments SET last_contact = p.last,
         due_on = COALESCE(p.last, CAST((started_at AT TIME ZONE 'Asia/Shanghai') AS date)) + cycle_days
       FROM (SELECT MAX(contact_date) AS last FROM contact_pairs
             WHERE tenant_id = t AND fellow_id = f AND cadre_id = c) p
       WHERE tenant_id = t AND fellow_id = f AND cadre_id = c
     $$",
    "CREATE FUNCTION liaison_fellow_facts(t uuid, f uuid) RETURNS void LANGUAGE sql AS $$
       UPDATE fellows SET
         liaison_levels = COALESCE((SELECT SUM(DISTINCT CASE a.level WHEN 'county' THEN 1 WHEN 'township' THEN 2
           WHEN 'village' THEN 4 ELSE 0 END) FROM liaison_assignments a
           WHERE a.tenant_id = t AND a.fellow_id = f AND a.ended_at IS NULL), 0),
         liaison_due_on = (SELECT MIN(a.due_on) FROM liaison_assignments a
           WHERE a.tenant_id = t AND a.fellow_id = f AND a.ended_at IS NULL),
         liaison_last_contact = (SELECT MAX(p.contact_date) FROM contact_pairs p
           WHERE p.tenant_id = t AND p.fellow_id = f)
       WHERE tenant_id = t AND id = f
     $$",
    "CREATE FUNCTION liaison_facts_of_pair() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP <> 'INSERT' THEN
         PERFORM liaison_assignment_facts(OLD.tenant_id, OLD.fellow_id, OLD.cadre_id);
         PERFORM liaison_fellow_facts(OLD.tenant_id, OLD.fellow_id);
       END IF;
       IF TG_OP <> 'DELETE' THEN
         PERFORM liaison_assignment_facts(NEW.tenant_id, NEW.fellow_id, NEW.cadre_id);
         PERFORM liaison_fellow_facts(NEW.tenant_id, NEW.fellow_id);
       END IF;
       RETURN NULL;
     END
     $$",
    "CREATE FUNCTION liaison_facts_of_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP <> 'INSERT' THEN
         PERFORM liaison_fellow_facts(OLD.tenant_id, OLD.fellow_id);
       END IF;
       IF TG_OP <> 'DELETE' THEN
         PERFORM liaison_assignment_facts(NEW.tenant_id, NEW.fellow_id, NEW.cadre_id);
         PERFORM liaison_fellow_facts(NEW.tenant_id, NEW.fellow_id);
       END IF;
       RETURN NULL;
     END
     $$",
    "CREATE TRIGGER liaison_facts_pair AFTER INSERT OR UPDATE OR DELETE ON contact_pairs
       FOR EACH ROW EXECUTE FUNCTION liaison_facts_of_pair()",
    "CREATE TRIGGER liaison_facts_assignment
       AFTER INSERT OR DELETE OR UPDATE OF fellow_id, cadre_id, level, cycle_days, started_at, ended_at
       ON liaison_assignments FOR EACH ROW EXECUTE FUNCTION liaison_facts_of_assignment()",
];

/// Sets the facts of the rows written before this migration, set-wise.
const SQLITE_FILL: &[&str] = &[
    "UPDATE liaison_assignments SET last_contact = (SELECT MAX(p.contact_date) FROM contact_pairs p \
     WHERE p.tenant_id = liaison_assignments.tenant_id AND p.fellow_id = liaison_assignments.fellow_id \
     AND p.cadre_id = liaison_assignments.cadre_id)",
    "UPDATE liaison_assignments SET \
     due_on = date(COALESCE(last_contact, date(started_at, '+8 hours')), '+' || cycle_days || ' days')",
];

const POSTGRES_FILL: &[&str] = &["UPDATE liaison_assignments SET last_contact = (SELECT MAX(p.contact_date) \
     FROM contact_pairs p WHERE p.tenant_id = liaison_assignments.tenant_id \
     AND p.fellow_id = liaison_assignments.fellow_id AND p.cadre_id = liaison_assignments.cadre_id), \
     due_on = COALESCE((SELECT MAX(p.contact_date) FROM contact_pairs p \
     WHERE p.tenant_id = liaison_assignments.tenant_id AND p.fellow_id = liaison_assignments.fellow_id \
     AND p.cadre_id = liaison_assignments.cadre_id), \
     CAST((started_at AT TIME ZONE 'Asia/Shanghai') AS date)) + cycle_days"];

/// The fellows' facts from their assignments' (both backends).
const FILL_FELLOWS: &str = "UPDATE fellows SET \
     liaison_levels = COALESCE((SELECT SUM(DISTINCT CASE a.level WHEN 'county' THEN 1 WHEN 'township' THEN 2 \
     WHEN 'village' THEN 4 ELSE 0 END) FROM liaison_assignments a WHERE a.tenant_id = fellows.tenant_id \
     AND a.fellow_id = fellows.id AND a.ended_at IS NULL), 0), \
     liaison_due_on = (SELECT MIN(a.due_on) FROM liaison_assignments a WHERE a.tenant_id = fellows.tenant_id \
     AND a.fellow_id = fellows.id AND a.ended_at IS NULL), \
     liaison_last_contact = (SELECT MAX(p.contact_date) FROM contact_pairs p \
     WHERE p.tenant_id = fellows.tenant_id AND p.fellow_id = fellows.id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        let fill = if postgres { POSTGRES_FILL } else { SQLITE_FILL };
        for sql in COLUMNS.iter().chain(fill).chain([&FILL_FELLOWS]).chain(INDEXES) {
            db.execute_unprepared(sql).await?;
        }
        if postgres {
            for sql in POSTGRES {
                db.execute_unprepared(sql).await?;
            }
        } else {
            for sql in sqlite_triggers() {
                db.execute_unprepared(&sql).await?;
            }
        }
        Ok(())
    }
}
