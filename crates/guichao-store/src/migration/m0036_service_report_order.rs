//! The service report's indexes in the order it groups by (kind, unit, then
//! the closed facts), with the date last: SQLite then walks one county's
//! requests in group order and counts as it goes, where grouping a date
//! range's requests sorted them first (at 1,000,000 requests, a year of
//! received and closed requests: 877 ms against 242 ms in the sqlite3
//! module; docs/PERFORMANCE.md, stop 20). The closed index replaces m0031's,
//! which only the report read; both carry the assignee, whom a reader
//! outside the county office may also see requests through.

use super::tenant_key;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0036_service_report_order"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("service_requests_closed").table("service_requests").to_owned()).await?;
        let indexes: [(&str, &[&'static str]); 2] = [
            ("service_requests_report_received", &["kind", "unit_id", "received_on", "assignee_id"]),
            (
                "service_requests_report_closed",
                &["kind", "unit_id", "status", "days_taken", "limit_days", "score", "closed_on", "assignee_id"],
            ),
        ];
        for (name, cols) in indexes {
            m.create_index(tenant_key(cols).name(name).table("service_requests").to_owned()).await?;
        }
        Ok(())
    }
}
