//! Each campaign fellow's set of ticked kinds kept beside them
//! (`campaign_fellows.ticked`, see `campaigns::kept`), rewritten from the
//! stored ticks and the contact records by every writer of either, so that
//! completion and the "still missing" filters read one row a fellow.
//! Indexed for completion by township (the sets counted from the index
//! alone) and for finding a fellow's campaigns when their records change.
//! Existing campaigns are filled in from their records.

use super::tenant_key;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0030_campaign_ticked"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("campaign_fellows").add_column(big_integer("ticked").default(0)).to_owned())
            .await?;
        for (name, cols) in [
            ("campaign_fellows_ticked", &["campaign_id", "township_id", "ticked"][..]),
            ("campaign_fellows_fellow", &["fellow_id", "campaign_id"][..]),
        ] {
            m.create_index(tenant_key(cols).name(name).table("campaign_fellows").to_owned()).await?;
        }
        crate::campaigns::kept::rebuild_all(m.get_connection()).await
    }
}
