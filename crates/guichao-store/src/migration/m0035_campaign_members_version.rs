//! A campaign's membership version (`campaigns.members_version`), raised in
//! the transaction of every change to its fellows (the launch, a fellow
//! added or taken out by hand), so that a count of its fellows made at one
//! version is known to hold while the version stands (`campaigns::counted`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0035_campaign_members_version"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table("campaigns").add_column(big_integer("members_version").default(0)).to_owned(),
        )
        .await
    }
}
