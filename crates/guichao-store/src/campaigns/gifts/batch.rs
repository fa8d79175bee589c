//! One gift to every fellow of a township still missing the gift tick, in
//! one transaction: all of them get it, or none does (refused whole when
//! the stock left is short). Only the fellows the actor may tick are in it.

use super::{checked_note, checked_quantity, locked_kind, stock_of, tick_of};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::campaigns::kept::lacks;
use crate::campaigns::matrix::members;
use crate::campaigns::ticks::insert_ticks;
use crate::campaigns::{Campaigns, state_of};
use crate::entities::{campaign_fellow, gift_hand_out, org_unit};
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::campaigns::{CampaignState, check_tick_date};
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::ContactKind;
use guichao_domain::org::UnitLevel;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// One gift to each fellow of a township still without one.
#[derive(Debug, Clone)]
pub struct BatchDraft {
    pub gift_id: Uuid,
    pub township_id: Uuid,
    /// How many each fellow gets.
    pub quantity: i64,
    pub date: NaiveDate,
    pub note: String,
}

/// What a batch handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BatchReport {
    pub batch_id: Uuid,
    pub fellows: u64,
    /// The quantity taken from stock in all.
    pub quantity: i64,
}

/// Rows a hand-out binds (its thirteen columns), for bounded statements.
const HAND_OUT_VALUES: usize = 13;

impl Campaigns<'_> {
    /// Hands gift `draft.gift_id` out to every fellow of the township whom
    /// the actor may tick and whose gift column is not ticked.
    pub async fn hand_out_township(&self, id: Uuid, draft: BatchDraft) -> StoreResult<BatchReport> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let scope = self.0.need(Permission::LiaisonWrite)?;
        let quantity = checked_quantity(draft.quantity)?;
        let note = checked_note(&draft.note)?;
        let tx = store.begin_write().await?;
        let c = self.find(&*tx, id).await?;
        state_of(&c).require(CampaignState::Launched).map_err(StoreError::Invalid)?;
        check_tick_date(draft.date, c.start_date, c.end_date, today())
            .map_err(|m| StoreError::Fields(vec![FormError { field: "date", message: m }]))?;
        let township = org_unit::Entity::find_by_id((t, draft.township_id))
            .one(&*tx)
            .await?
            .filter(|u| u.level == UnitLevel::Township.code())
            .ok_or_else(|| StoreError::field("township_id", "所选乡镇不存在", "No such township"))?;
        let gift = locked_kind(&*tx, t, id, draft.gift_id).await?;
        let fellows: Vec<Uuid> = members(&c, scope)
            .filter(campaign_fellow::Column::TownshipId.eq(township.id))
            .filter(lacks(ContactKind::Gift))
            .select_only()
            .column(campaign_fellow::Column::FellowId)
            .order_by_asc(campaign_fellow::Column::SortKey)
            .order_by_asc(campaign_fellow::Column::FellowId)
            .into_tuple()
            .all(&*tx)
            .await?;
        if fellows.is_empty() {
            return Err(StoreError::invalid(
                format!("{}没有尚缺慰问物资的乡友", township.name),
                format!("No fellow of {} is missing a gift", township.name),
            ));
        }
        let n = fellows.len() as u64;
        stock_of(&*tx, t, gift.id)
            .await?
            .check_batch(n, quantity, &gift.name, &gift.unit)
            .map_err(StoreError::Conflict)?;
        let (batch_id, at) = (new_id(), now());
        let rows: Vec<gift_hand_out::Model> = fellows
            .iter()
            .map(|fellow_id| gift_hand_out::Model {
                tenant_id: t,
                id: new_id(),
                campaign_id: id,
                gift_id: gift.id,
                fellow_id: *fellow_id,
                quantity,
                hand_out_date: draft.date,
                user_id: Some(actor.user_id),
                note: note.clone(),
                batch_id: Some(batch_id),
                created_at: at,
                cancelled_at: None,
                cancelled_by: None,
            })
            .collect();
        for chunk in rows.chunks(crate::fellows::MAX_PARAMS / HAND_OUT_VALUES) {
            let models = chunk.iter().cloned().map(gift_hand_out::ActiveModel::from);
            gift_hand_out::Entity::insert_many(models).exec_without_returning(&*tx).await?;
        }
        let ticks: Vec<_> = rows.iter().map(|h| tick_of(h, &gift.name)).collect();
        for chunk in ticks.chunks(crate::fellows::MAX_PARAMS / 11) {
            insert_ticks(&*tx, t, chunk).await?;
        }
        let total = quantity * n as i64;
        let detail = json!({
            "batch": batch_id, "gift_id": gift.id, "gift": gift.name, "unit": gift.unit,
            "township_id": township.id, "township": township.name, "fellows": n, "quantity": total,
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::GiftBatch, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(BatchReport { batch_id, fellows: n, quantity: total })
    }
}
