//! PostgreSQL: an index of each fellow's live assignments, for the facts'
//! function `liaison_fellow_facts` (m0014). Without statistics (a first bulk
//! load, before `ANALYZE` has run) PostgreSQL answered its subqueries from
//! the partial index of the county's live assignments, `liaison_due`,
//! filtering by fellow: one scan of every live assignment for each row a
//! bulk load wrote, so a load of 20,000 fellows did not finish in minutes.
//! This index matches the subqueries on both of their keys, and the planner
//! takes it with or without statistics. SQLite's triggers name their index
//! (`INDEXED BY liaison_fellow`) and need none.
//!
//! And the two functions of m0014 rewrite only rows whose facts change
//! (`set_changed`): PostgreSQL writes a new version of a row for every
//! `UPDATE`, with new entries in each of its indexes, so a contact older than
//! the fellow's last one left a dead fellow row behind; a bulk load of
//! 1,000,000 contacts left the fellows table ten times its size.

use super::set_changed;
use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_liaison_fellow_due"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX liaison_fellow_due ON liaison_assignments (tenant_id, fellow_id, due_on) \
                 WHERE ended_at IS NULL",
            )
            .await?;
        let [assignments, fellows] = set_changed(
            true,
            "WHERE tenant_id = t AND fellow_id = f AND cadre_id = c",
            "WHERE tenant_id = t AND id = f",
        );
        for sql in [
            format!(
                "CREATE OR REPLACE FUNCTION liaison_assignment_facts(t uuid, f uuid, c uuid) RETURNS void LANGUAGE sql AS $$ {assignments} $$"
            ),
            format!(
                "CREATE OR REPLACE FUNCTION liaison_fellow_facts(t uuid, f uuid) RETURNS void LANGUAGE sql AS $$ {fellows} $$"
            ),
        ] {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}
