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
//! Nothing but these statements writes the columns: the triggers, and the
//! bulk writers, which set the insert triggers aside inside their
//! transaction and run the same statements once a fellow
//! (`contacts::facts`). The entities leave the columns out.

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

/// The statement that sets the facts of the assignments `filter` keeps (a
/// `WHERE` clause; empty for all of them), per backend. On SQLite the
/// subqueries name their index: a trigger runs for every row a bulk load
/// writes, often before any statistics exist, and the planner may otherwise
/// pick a partial index of the county's live assignments (one scan of them
/// per row written).
pub(crate) fn set_assignments(postgres: bool, filter: &str) -> String {
    update("liaison_assignments", &assignment_facts(postgres), filter, None)
}

/// The statement that sets the facts of the fellows `filter` keeps, per
/// backend (the same hints as [`set_assignments`]).
pub(crate) fn set_fellows(postgres: bool, filter: &str) -> String {
    update("fellows", &fellow_facts(postgres), filter, None)
}

/// [`set_assignments`] and [`set_fellows`] that write only the rows whose
/// facts change (a bulk writer's, `contacts::facts`: an old contact loaded
/// moves no fact, and a row rewritten is most of a bulk load's cost).
pub(crate) fn set_changed(postgres: bool, assignments_filter: &str, fellows_filter: &str) -> [String; 2] {
    let same = if postgres { "IS DISTINCT FROM" } else { "IS NOT" };
    [
        update("liaison_assignments", &assignment_facts(postgres), assignments_filter, Some(same)),
        update("fellows", &fellow_facts(postgres), fellows_filter, Some(same)),
    ]
}

/// `UPDATE table SET column = fact, ... filter`, and with `differs` (the
/// backend's null-safe "differs from") only where a column would change.
fn update(table: &str, facts: &[(&str, String)], filter: &str, differs: Option<&str>) -> String {
    let set: Vec<String> = facts.iter().map(|(column, fact)| format!("{column} = {fact}")).collect();
    let mut sql = format!("UPDATE {table} SET {} {filter}", set.join(", "));
    if let Some(differs) = differs {
        let changed: Vec<String> = facts.iter().map(|(column, fact)| format!("{column} {differs} {fact}")).collect();
        sql = format!("{sql} AND ({})", changed.join(" OR "));
    }
    sql
}

/// An assignment's facts: its last contact and the day its cycle runs out.
fn assignment_facts(postgres: bool) -> [(&'static str, String); 2] {
    let hint = if postgres { "" } else { " INDEXED BY contact_pairs_last" };
    let last = format!(
        "(SELECT MAX(p.contact_date) FROM contact_pairs p{hint} WHERE p.tenant_id = liaison_assignments.tenant_id \
         AND p.fellow_id = liaison_assignments.fellow_id AND p.cadre_id = liaison_assignments.cadre_id)"
    );
    let due = if postgres {
        format!("COALESCE({last}, CAST((started_at AT TIME ZONE 'Asia/Shanghai') AS date)) + cycle_days")
    } else {
        format!("date(COALESCE({last}, date(started_at, '+8 hours')), '+' || cycle_days || ' days')")
    };
    [("last_contact", last), ("due_on", due)]
}

/// A fellow's facts: the levels with a live assignment, the earliest due day
/// of those, the latest contact.
fn fellow_facts(postgres: bool) -> [(&'static str, String); 3] {
    let (assignments, pairs) =
        if postgres { ("", "") } else { (" INDEXED BY liaison_fellow", " INDEXED BY contact_pairs_last") };
    let live = format!(
        "FROM liaison_assignments a{assignments} WHERE a.tenant_id = fellows.tenant_id \
         AND a.fellow_id = fellows.id AND a.ended_at IS NULL"
    );
    [
        (
            "liaison_levels",
            format!(
                "COALESCE((SELECT SUM(DISTINCT CASE a.level WHEN 'county' THEN 1 WHEN 'township' THEN 2 \
                 WHEN 'village' THEN 4 ELSE 0 END) {live}), 0)"
            ),
        ),
        ("liaison_due_on", format!("(SELECT MIN(a.due_on) {live})")),
        (
            "liaison_last_contact",
            format!(
                "(SELECT MAX(p.contact_date) FROM contact_pairs p{pairs} \
                 WHERE p.tenant_id = fellows.tenant_id AND p.fellow_id = fellows.id)"
            ),
        ),
    ]
}

/// The SQLite statements that set the facts of the assignments of fellow
/// `f` and cadre `c` (each an expression such as `NEW.fellow_id`) of tenant `t`.
fn sqlite_assignments(t: &str, f: &str, c: &str) -> String {
    set_assignments(false, &format!("WHERE tenant_id = {t} AND fellow_id = {f} AND cadre_id = {c};"))
}

/// The SQLite statement that sets the facts of fellow `f` of tenant `t`.
fn sqlite_fellow(t: &str, f: &str) -> String {
    set_fellows(false, &format!("WHERE tenant_id = {t} AND id = {f};"))
}

/// The SQLite trigger `name` as this migration creates it: the bulk writers
/// set the insert triggers aside and do their work set-wise.
pub(crate) fn sqlite_trigger(name: &str) -> Option<String> {
    sqlite_triggers().into_iter().find(|t| t.starts_with(&format!("CREATE TRIGGER {name} ")))
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
fn postgres_triggers() -> Vec<String> {
    let assignments = set_assignments(true, "WHERE tenant_id = t AND fellow_id = f AND cadre_id = c");
    let fellows = set_fellows(true, "WHERE tenant_id = t AND id = f");
    vec![
        format!("CREATE FUNCTION liaison_assignment_facts(t uuid, f uuid, c uuid) RETURNS void LANGUAGE sql AS $$ {assignments} $$"),
        format!("CREATE FUNCTION liaison_fellow_facts(t uuid, f uuid) RETURNS void LANGUAGE sql AS $$ {fellows} $$"),
    ]
    .into_iter()
    .chain(POSTGRES_TRIGGERS.iter().map(|s| String::from(*s)))
    .collect()
}

/// The row triggers that call them.
const POSTGRES_TRIGGERS: &[&str] = &[
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let postgres = m.get_database_backend() == DbBackend::Postgres;
        for sql in COLUMNS {
            db.execute_unprepared(sql).await?;
        }
        // The rows written before this migration, set-wise.
        db.execute_unprepared(&set_assignments(postgres, "")).await?;
        db.execute_unprepared(&set_fellows(postgres, "")).await?;
        for sql in INDEXES {
            db.execute_unprepared(sql).await?;
        }
        let triggers = if postgres { postgres_triggers() } else { sqlite_triggers() };
        for sql in triggers {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
