//! Handing a gift out to one fellow, and cancelling a hand-out. Who may
//! hand out is who may tick the fellow by hand (`Campaigns::tickable`).

use super::{checked_note, checked_quantity, gift_ticked, locked_kind, stock_of, tick_of};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::campaigns::Campaigns;
use crate::campaigns::ticks::insert_ticks;
use crate::entities::{campaign_tick, gift_hand_out, gift_kind};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::campaigns::{TickSource, check_tick_date};
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::ids::new_id;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use serde_json::json;
use uuid::Uuid;

/// A gift handed out to one fellow.
#[derive(Debug, Clone)]
pub struct HandOutDraft {
    pub gift_id: Uuid,
    pub fellow_id: Uuid,
    pub quantity: i64,
    pub date: NaiveDate,
    pub note: String,
}

impl Campaigns<'_> {
    /// Hands a gift out to a fellow of launched campaign `id`: refused when
    /// the stock left is short; ticks the fellow's gift column unless it is
    /// ticked already. Answers the hand-out's id.
    pub async fn hand_out(&self, id: Uuid, draft: HandOutDraft) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let quantity = checked_quantity(draft.quantity)?;
        let note = checked_note(&draft.note)?;
        let tx = store.begin_write().await?;
        let (c, f) = self.tickable(&*tx, id, draft.fellow_id).await?;
        check_tick_date(draft.date, c.start_date, c.end_date, today())
            .map_err(|m| StoreError::Fields(vec![FormError { field: "date", message: m }]))?;
        let gift = locked_kind(&*tx, t, id, draft.gift_id).await?;
        stock_of(&*tx, t, gift.id)
            .await?
            .check_hand_out(quantity, &gift.name, &gift.unit)
            .map_err(StoreError::Conflict)?;
        let row = gift_hand_out::Model {
            tenant_id: t,
            id: new_id(),
            campaign_id: id,
            gift_id: gift.id,
            fellow_id: f.id,
            quantity,
            hand_out_date: draft.date,
            user_id: Some(actor.user_id),
            note: note.clone(),
            batch_id: None,
            created_at: now(),
            cancelled_at: None,
            cancelled_by: None,
        };
        let ticks = !gift_ticked(&*tx, t, id, f.id).await?;
        if ticks {
            insert_ticks(&*tx, t, &[tick_of(&row, &gift.name)]).await?;
        }
        let hand_out_id = row.id;
        gift_hand_out::Entity::insert(gift_hand_out::ActiveModel::from(row.clone()))
            .exec_without_returning(&*tx)
            .await?;
        let detail = json!({
            "fellow": f.id, "hand_out": hand_out_id, "ticked": ticks,
            "after": {"fellow": f.name, "gift": gift.name, "quantity": quantity, "day": draft.date, "note": note},
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::GiftHandOut, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(hand_out_id)
    }

    /// Cancels a standing hand-out of launched campaign `id`: its quantity
    /// goes back to stock and its tick goes, unless another standing
    /// hand-out of the fellow takes the tick over.
    pub async fn cancel_hand_out(&self, id: Uuid, hand_out_id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        let h = gift_hand_out::Entity::find_by_id((t, hand_out_id))
            .lock_exclusive()
            .one(&*tx)
            .await?
            .filter(|h| h.campaign_id == id)
            .ok_or(StoreError::NotFound)?;
        let (_, f) = self.tickable(&*tx, id, h.fellow_id).await?;
        if h.cancelled_at.is_some() {
            return Err(StoreError::invalid("这条发放记录已撤销", "The hand-out is already cancelled"));
        }
        let gift = gift_kind::Entity::find_by_id((t, h.gift_id)).one(&*tx).await?.ok_or(StoreError::NotFound)?;
        let mut cancelled: gift_hand_out::ActiveModel = h.clone().into();
        cancelled.cancelled_at = Set(Some(now()));
        cancelled.cancelled_by = Set(Some(actor.user_id));
        cancelled.update(&*tx).await?;
        let untick = campaign_tick::Entity::delete_many()
            .filter(campaign_tick::Column::TenantId.eq(t))
            .filter(campaign_tick::Column::CampaignId.eq(id))
            .filter(campaign_tick::Column::Source.eq(TickSource::Gift.code()))
            .filter(campaign_tick::Column::SourceId.eq(h.id))
            .exec(&*tx)
            .await?;
        let moved_to = match untick.rows_affected {
            0 => None,
            _ => super::pass_on_gift_tick(&*tx, t, id, h.fellow_id).await?,
        };
        if untick.rows_affected > 0 && moved_to.is_none() {
            // A tick passed on was recounted by `insert_ticks`.
            crate::campaigns::kept::recount_fellows(&*tx, t, &[h.fellow_id]).await?;
        }
        let detail = json!({
            "fellow": f.id, "hand_out": h.id, "unticked": untick.rows_affected > 0, "tick_moved_to": moved_to,
            "before": {"fellow": f.name, "gift": gift.name, "quantity": h.quantity, "day": h.hand_out_date, "note": h.note},
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::GiftCancel, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
