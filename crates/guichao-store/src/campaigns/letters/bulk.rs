//! The demo county's letters, written by the system handle: fellows'
//! addresses, and batches marked printed with their ticks, in one
//! transaction and one audit event.

use super::super::ticks::{NewTick, insert_ticks};
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::entities::{letter_address, letter_batch};
use crate::{StoreResult, now};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::campaigns::TickSource;
use guichao_domain::liaison::ContactKind;
use sea_orm::EntityTrait;
use serde_json::json;
use uuid::Uuid;

/// A batch printed in the past, with the day its letters were ticked.
#[derive(Debug, Clone)]
pub struct BulkBatch {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub template_id: Uuid,
    pub template_name: String,
    pub township_id: Option<Uuid>,
    pub sign_off: String,
    pub letter_date: NaiveDate,
    pub tick_date: NaiveDate,
    pub fellow_ids: Vec<Uuid>,
    pub by: Option<Uuid>,
    pub at: DateTime<Utc>,
}

impl crate::System<'_> {
    /// Writes fellows' addresses `(fellow, address, postcode)` and printed
    /// batches with their ticks. Answers how many ticks were new.
    pub async fn insert_letters(
        &self,
        tenant_id: Uuid,
        addresses: &[(Uuid, String, String)],
        batches: &[BulkBatch],
    ) -> StoreResult<u64> {
        let tx = self.begin_write().await?;
        let at = now();
        // Bounded statements: an address binds seven values, a batch sixteen.
        for chunk in addresses.chunks(crate::fellows::MAX_PARAMS / 7) {
            let rows = chunk.iter().map(|(fellow_id, address, postcode)| {
                letter_address::ActiveModel::from(letter_address::Model {
                    tenant_id,
                    fellow_id: *fellow_id,
                    salutation: String::new(),
                    address: address.clone(),
                    postcode: postcode.clone(),
                    updated_by: None,
                    updated_at: at,
                })
            });
            letter_address::Entity::insert_many(rows).exec_without_returning(&*tx).await?;
        }
        let mut written = 0;
        for b in batches {
            letter_batch::Entity::insert(letter_batch::ActiveModel::from(letter_batch::Model {
                tenant_id,
                id: b.id,
                campaign_id: b.campaign_id,
                template_id: b.template_id,
                template_name: b.template_name.clone(),
                township_id: b.township_id,
                only_unticked: true,
                sign_off: b.sign_off.clone(),
                letter_date: b.letter_date,
                fellow_ids: serde_json::to_string(&b.fellow_ids).unwrap_or_default(),
                fellows: b.fellow_ids.len() as i32,
                skipped: 0,
                created_by: b.by,
                created_at: b.at,
                undone_by: None,
                undone_at: None,
            }))
            .exec_without_returning(&*tx)
            .await?;
            let ticks: Vec<NewTick> = b
                .fellow_ids
                .iter()
                .map(|f| NewTick {
                    campaign_id: b.campaign_id,
                    fellow_id: *f,
                    kind: ContactKind::Letter,
                    date: b.tick_date,
                    source: TickSource::Letter,
                    source_id: Some(b.id),
                    user_id: b.by,
                    note: String::new(),
                })
                .collect();
            for chunk in ticks.chunks(crate::fellows::MAX_PARAMS / 11) {
                written += insert_ticks(&*tx, tenant_id, chunk).await?;
            }
        }
        let detail = json!({"batches": batches.len(), "ticks": written, "addresses": addresses.len()});
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::LetterBulkInsert, "tenant", tenant_id, detail))
            .await?;
        tx.commit().await?;
        Ok(written)
    }
}
