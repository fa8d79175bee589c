//! Chamber staff: the users who keep a chamber's membership current (the
//! chamber liaison role's "own chamber"). A user may staff several chambers.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_chamber_staff"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("chamber_staff")
                .col(uuid("tenant_id"))
                .col(uuid("chamber_id"))
                .col(uuid("user_id"))
                .col(timestamp_with_time_zone("since"))
                .primary_key(&mut tenant_key(&["chamber_id", "user_id"]))
                .foreign_key(tenant_fk("chamber_staff", "chamber_id", "chambers").on_delete(ForeignKeyAction::Cascade))
                .foreign_key(tenant_fk("chamber_staff", "user_id", "users").on_delete(ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["user_id"]).name("chamber_staff_user").table("chamber_staff").to_owned()).await
    }
}
