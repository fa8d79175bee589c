//! PostgreSQL: the liaison facts' row triggers (m0014) can be set aside for
//! the inserts of one transaction, as SQLite's bulk writers drop and restore
//! theirs (`contacts::facts`). A bulk writer names the trigger in the
//! transaction-local setting [`SET_ASIDE`]; while it is named, its function
//! returns at once on an insert, and the writer then sets the facts once a
//! fellow, set-wise. Row triggers otherwise ran the two facts' functions for
//! every pair a bulk load wrote: a million contacts took half an hour.
//! Updates and deletes always run the functions, and no other session sees
//! the setting, so nothing but the bulk writer's own inserts is skipped.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0017_liaison_facts_set_aside"
    }
}

/// The transaction-local setting that names the trigger set aside.
pub(crate) const SET_ASIDE: &str = "guichao.liaison_facts_set_aside";

/// The trigger function `name`, which on an insert first returns when its
/// trigger is set aside, then (when `pair`) sets the facts of the row's
/// assignment before, always, the facts of the row's fellow.
fn function(name: &str, pair: bool) -> String {
    let assignment =
        |row: &str| format!("PERFORM liaison_assignment_facts({row}.tenant_id, {row}.fellow_id, {row}.cadre_id);");
    let old = if pair { assignment("OLD") } else { String::new() };
    format!(
        "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF TG_OP = 'INSERT' AND current_setting('{SET_ASIDE}', true) = TG_NAME THEN
             RETURN NULL;
           END IF;
           IF TG_OP <> 'INSERT' THEN
             {old}
             PERFORM liaison_fellow_facts(OLD.tenant_id, OLD.fellow_id);
           END IF;
           IF TG_OP <> 'DELETE' THEN
             {new}
             PERFORM liaison_fellow_facts(NEW.tenant_id, NEW.fellow_id);
           END IF;
           RETURN NULL;
         END
         $$",
        new = assignment("NEW"),
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        for sql in [function("liaison_facts_of_pair", true), function("liaison_facts_of_assignment", false)] {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
