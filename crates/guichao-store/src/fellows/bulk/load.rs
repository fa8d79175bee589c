//! The system handle's bulk loads (the demo county, scale data, benchmarks):
//! many fellows in one transaction and one audit event.

use super::{BulkCounts, BulkFellow};
use crate::StoreResult;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use serde_json::json;
use uuid::Uuid;

impl crate::System<'_> {
    /// Writes `rows` in one transaction and returns how many fellows were
    /// written. `progress` is called after each batch with the number of
    /// fellows that batch wrote. Any bad row (a township that is not one of
    /// the tenant's, a village outside its township, a chamber or cadre of
    /// another tenant) fails the whole call and nothing is written.
    pub async fn bulk_insert_fellows(
        &self,
        tenant_id: Uuid,
        rows: Vec<BulkFellow>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> StoreResult<usize> {
        Ok(self.bulk_insert_fellows_counted(tenant_id, rows, progress).await?.fellows)
    }

    /// [`crate::System::bulk_insert_fellows`], answering every count.
    pub async fn bulk_insert_fellows_counted(
        &self,
        tenant_id: Uuid,
        rows: Vec<BulkFellow>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> StoreResult<BulkCounts> {
        if rows.is_empty() {
            return Ok(BulkCounts::default());
        }
        let tx = self.begin_write().await?;
        let counts = self.bulk_write(&tx, tenant_id, None, rows, progress).await?;
        let detail = json!({
            "fellows": counts.fellows, "companies": counts.companies, "company_links": counts.company_links,
            "memberships": counts.memberships, "roles": counts.roles, "assignments": counts.assignments,
        });
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::FellowBulkInsert, "tenant", tenant_id, detail))
            .await?;
        tx.commit().await?;
        self.after_bulk_write(counts.fellows as u64).await;
        Ok(counts)
    }
}
