//! An index for the fellows list of a township: a township's fellows by name.
//!
//! A list filtered by township (a township cadre's default view, and the
//! township filter of everyone else) used to walk the county-wide name index
//! and look up every row to test its township: with 14 townships, about
//! fourteen rows read for each one shown, and more behind a second filter.
//! Measured on 1,000,000 fellows in one county: see docs/PERFORMANCE.md.

use super::tenant_key;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_list_indexes"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            tenant_key(&["township_id", "name", "id"])
                .name("fellows_township_name")
                .table("fellows")
                .if_not_exists()
                .to_owned(),
        )
        .await
    }
}
