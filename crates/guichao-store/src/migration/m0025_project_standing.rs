//! Each project's standing kept beside it (`project_standing`): its stage
//! after its last event and each stage's milestone date, rewritten from the
//! events by every writer of events in the same transaction
//! (`projects::standing`). The figures and the pipeline read one indexed row
//! a project instead of every event. Existing projects are filled in from
//! their events.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0025_project_standing"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table.table("project_standing").col(uuid("tenant_id")).col(uuid("project_id")).col(string("stage"));
        for stage in crate::projects::standing::DATE_COLUMNS {
            table.col(date_null(stage));
        }
        m.create_table(
            table
                .primary_key(&mut tenant_key(&["project_id"]))
                .foreign_key(
                    tenant_fk("project_standing", "project_id", "projects").on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("project_standing_signed", ["signed_on", "project_id"]),
            ("project_standing_stage", ["stage", "project_id"]),
        ] {
            m.create_index(tenant_key(&cols).name(name).table("project_standing").to_owned()).await?;
        }
        crate::projects::standing::rebuild_all(m.get_connection()).await
    }
}
