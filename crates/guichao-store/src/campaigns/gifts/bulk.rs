//! The system's loader of gifts (the demo county): a campaign's gift kinds
//! with their receipts and hand-outs in one transaction, whatever the
//! campaign's state, each hand-out taking over its fellow's gift tick by
//! hand. Refused whole when a kind would hand out more than it received.

use super::tick_of;
use crate::StoreResult;
use crate::audit::{AuditAction, AuditEvent, Who, record};
use crate::campaigns::ticks::insert_ticks;
use crate::entities::{campaign_tick, gift_hand_out, gift_kind, gift_receipt};
use crate::{StoreError, now};
use chrono::NaiveDate;
use guichao_domain::campaigns::{Stock, TickSource};
use guichao_domain::ids::new_id;
use guichao_domain::liaison::ContactKind;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// A gift kind with the stock it received: (quantity, day) per receipt.
#[derive(Debug, Clone)]
pub struct BulkGift {
    pub name: String,
    pub unit: String,
    pub note: String,
    pub receipts: Vec<(i64, NaiveDate)>,
}

/// A hand-out of `gifts[gift]` to a fellow of the campaign.
#[derive(Debug, Clone)]
pub struct BulkHandOut {
    pub gift: usize,
    pub fellow_id: Uuid,
    pub quantity: i64,
    pub date: NaiveDate,
}

impl crate::System<'_> {
    /// Writes the gifts of campaign `campaign_id` as `user_id` handed them
    /// out; answers the hand-outs written.
    pub async fn insert_campaign_gifts(
        &self,
        tenant_id: Uuid,
        campaign_id: Uuid,
        user_id: Uuid,
        gifts: &[BulkGift],
        hand_outs: &[BulkHandOut],
    ) -> StoreResult<u64> {
        for (i, g) in gifts.iter().enumerate() {
            let out = hand_outs.iter().filter(|h| h.gift == i).map(|h| h.quantity);
            Stock::count(g.receipts.iter().map(|r| r.0), out)
                .check_hand_out(0, &g.name, &g.unit)
                .map_err(StoreError::Invalid)?;
        }
        let (tx, at) = (self.begin_write().await?, now());
        let mut kinds = Vec::with_capacity(gifts.len());
        for g in gifts {
            let kind = gift_kind::Model {
                tenant_id,
                id: new_id(),
                campaign_id,
                name: g.name.clone(),
                unit: g.unit.clone(),
                note: g.note.clone(),
                created_by: user_id,
                created_at: at,
            };
            gift_kind::Entity::insert(gift_kind::ActiveModel::from(kind.clone())).exec_without_returning(&*tx).await?;
            let receipts = g.receipts.iter().map(|(quantity, day)| {
                gift_receipt::ActiveModel::from(gift_receipt::Model {
                    tenant_id,
                    id: new_id(),
                    gift_id: kind.id,
                    quantity: *quantity,
                    receipt_date: *day,
                    user_id: Some(user_id),
                    note: String::new(),
                    created_at: at,
                })
            });
            if !g.receipts.is_empty() {
                gift_receipt::Entity::insert_many(receipts).exec_without_returning(&*tx).await?;
            }
            kinds.push(kind);
        }
        let mut rows = Vec::with_capacity(hand_outs.len());
        for h in hand_outs {
            let kind = kinds.get(h.gift).ok_or_else(|| StoreError::invalid("慰问物资不存在", "No such gift"))?;
            rows.push(gift_hand_out::Model {
                tenant_id,
                id: new_id(),
                campaign_id,
                gift_id: kind.id,
                fellow_id: h.fellow_id,
                quantity: h.quantity,
                hand_out_date: h.date,
                user_id: Some(user_id),
                note: String::new(),
                batch_id: None,
                created_at: at,
                cancelled_at: None,
                cancelled_by: None,
            });
        }
        let mut written = 0;
        for chunk in rows.chunks(crate::fellows::MAX_PARAMS / 13) {
            let fellows: Vec<Uuid> = chunk.iter().map(|h| h.fellow_id).collect();
            campaign_tick::Entity::delete_many()
                .filter(campaign_tick::Column::TenantId.eq(tenant_id))
                .filter(campaign_tick::Column::CampaignId.eq(campaign_id))
                .filter(campaign_tick::Column::Kind.eq(ContactKind::Gift.code()))
                .filter(campaign_tick::Column::Source.eq(TickSource::Hand.code()))
                .filter(campaign_tick::Column::FellowId.is_in(fellows))
                .exec(&*tx)
                .await?;
            let models = chunk.iter().cloned().map(gift_hand_out::ActiveModel::from);
            gift_hand_out::Entity::insert_many(models).exec_without_returning(&*tx).await?;
            let ticks: Vec<_> = chunk
                .iter()
                .map(|h| tick_of(h, kinds.iter().find(|k| k.id == h.gift_id).map_or("", |k| k.name.as_str())))
                .collect();
            written += chunk.len() as u64;
            insert_ticks(&*tx, tenant_id, &ticks).await?;
        }
        let detail = json!({"gifts": kinds.len(), "receipts": gifts.iter().map(|g| g.receipts.len()).sum::<usize>(), "hand_outs": written});
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::GiftBulkInsert, "campaign", campaign_id, detail))
            .await?;
        tx.commit().await?;
        Ok(written)
    }
}
