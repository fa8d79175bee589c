//! Defining a campaign's gift kinds and receiving stock into them: the
//! campaign manager's work (county-wide `liaison.write`), in a draft or a
//! launched campaign, each act audited.

use super::{checked_note, checked_quantity};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::campaigns::{Campaigns, kinds_of, state_of};
use crate::entities::{campaign, gift_kind, gift_receipt};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::campaigns::{CampaignState, GiftKindDraft};
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::{ContactKind, EARLIEST_CONTACT};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// Stock received into a gift kind.
#[derive(Debug, Clone)]
pub struct ReceiptDraft {
    pub quantity: i64,
    pub date: NaiveDate,
    pub note: String,
}

impl Campaigns<'_> {
    /// The campaign for a manager's gift work: not closed.
    async fn stocked(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<campaign::Model> {
        self.0.need(Permission::LiaisonWrite)?;
        let c = self.find(db, id).await?;
        if !self.manages() {
            return Err(StoreError::Forbidden);
        }
        if state_of(&c) == CampaignState::Closed {
            return Err(StoreError::invalid("活动已结束", "The campaign is closed"));
        }
        Ok(c)
    }

    /// Adds a gift kind to campaign `id`; its name is unique in the campaign.
    pub async fn add_gift_kind(&self, id: Uuid, draft: GiftKindDraft) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let d = draft.check().map_err(StoreError::Fields)?;
        let tx = store.begin_write().await?;
        let c = self.stocked(&*tx, id).await?;
        if !kinds_of(&c).contains(ContactKind::Gift) {
            return Err(StoreError::invalid("本活动不要求发放慰问物资", "The campaign requires no gift"));
        }
        let taken = gift_kind::Entity::find()
            .filter(gift_kind::Column::TenantId.eq(t))
            .filter(gift_kind::Column::CampaignId.eq(id))
            .filter(gift_kind::Column::Name.eq(d.name.as_str()))
            .count(&*tx)
            .await?;
        if taken > 0 {
            return Err(StoreError::field(
                "name",
                format!("本活动已有名为“{}”的慰问物资", d.name),
                format!("The campaign already has a gift named {:?}", d.name),
            ));
        }
        let row = gift_kind::Model {
            tenant_id: t,
            id: new_id(),
            campaign_id: id,
            name: d.name.clone(),
            unit: d.unit.clone(),
            note: d.note.clone(),
            created_by: actor.user_id,
            created_at: now(),
        };
        let gift_id = row.id;
        gift_kind::Entity::insert(gift_kind::ActiveModel::from(row)).exec_without_returning(&*tx).await?;
        let detail = json!({"gift_id": gift_id, "after": {"gift": d.name, "unit": d.unit, "note": d.note}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::GiftKind, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(gift_id)
    }

    /// Receives `draft.quantity` of gift kind `gift_id` into stock on a day
    /// that has come.
    pub async fn receive_gifts(&self, id: Uuid, gift_id: Uuid, draft: ReceiptDraft) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let quantity = checked_quantity(draft.quantity)?;
        let note = checked_note(&draft.note)?;
        if draft.date > today() || draft.date < EARLIEST_CONTACT {
            return Err(StoreError::field(
                "date",
                "入库日期不能晚于今天，也不能早于2000年",
                "The day is in the future or before 2000",
            ));
        }
        let tx = store.begin_write().await?;
        self.stocked(&*tx, id).await?;
        let gift = super::locked_kind(&*tx, t, id, gift_id).await?;
        let row = gift_receipt::Model {
            tenant_id: t,
            id: new_id(),
            gift_id,
            quantity,
            receipt_date: draft.date,
            user_id: Some(actor.user_id),
            note: note.clone(),
            created_at: now(),
        };
        let receipt_id = row.id;
        gift_receipt::Entity::insert(gift_receipt::ActiveModel::from(row)).exec_without_returning(&*tx).await?;
        let detail = json!({
            "gift_id": gift_id, "gift": gift.name, "unit": gift.unit, "quantity": quantity,
            "after": {"gift": gift.name, "quantity": quantity, "day": draft.date, "note": note},
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::GiftReceive, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(receipt_id)
    }
}
