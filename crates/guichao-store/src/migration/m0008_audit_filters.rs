//! Indexes for the audit log's filters: by user, by action and by date, each
//! within the tenant and (for user and action) in the log's newest-first order.
//! The object filter already has `audit_target`.

use super::tenant_key;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0008_audit_filters"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(tenant_key(&["actor_id", "seq"]).name("audit_actor").table("audit_events").to_owned()).await?;
        m.create_index(tenant_key(&["action", "seq"]).name("audit_action").table("audit_events").to_owned()).await?;
        m.create_index(tenant_key(&["at"]).name("audit_at").table("audit_events").to_owned()).await
    }
}
