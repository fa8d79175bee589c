//! Gifts of a campaign (慰问物资): its gift kinds with their stock, stock
//! received on a day, and hand-outs to its fellows, one by one or to every
//! fellow of a township still without a gift.
//!
//! Stock is counted, never stored: received is the sum of the receipts,
//! handed out the sum of the hand-outs still standing, and a hand-out that
//! would take more than is left is refused. A hand-out locks its gift
//! kind's row before it counts, so hand-outs of the last items made at the
//! same moment pass one at a time and never drive the stock below zero.
//!
//! A hand-out ticks the campaign's gift column in its own transaction
//! (`TickSource::Gift`, the hand-out's id), unless the fellow's gift is
//! ticked already; cancelling it removes its tick (handing the tick to
//! another standing hand-out of the fellow, if there is one) and gives the
//! quantity back. Who may hand out is who may tick the fellow; defining
//! kinds and receiving stock is the campaign manager's.

mod batch;
#[cfg(feature = "system")]
mod bulk;
mod hand_out;
mod kinds;
mod list;
mod receipts;

pub use batch::{BatchDraft, BatchReport};
#[cfg(feature = "system")]
pub use bulk::{BulkGift, BulkHandOut};
pub use hand_out::HandOutDraft;
pub use kinds::ReceiptDraft;
pub use list::{HandOutQuery, HandOutRow};
pub use receipts::ReceiptRow;

use super::Campaigns;
use crate::entities::{campaign_tick, gift_hand_out, gift_kind, gift_receipt};
use crate::{StoreError, StoreResult};
use guichao_domain::campaigns::{GIFT_NOTE, Stock, TickSource};
use guichao_domain::liaison::ContactKind;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use uuid::Uuid;

/// A gift kind with its stock as the records count it.
#[derive(Debug, Clone, Serialize)]
pub struct GiftKindRow {
    pub id: Uuid,
    pub name: String,
    pub unit: String,
    pub note: String,
    pub stock: Stock,
    /// Received − handed out.
    pub left: i64,
}

/// `CAST(COALESCE(SUM(quantity), 0) AS BIGINT)`: PostgreSQL sums a bigint
/// into a numeric, which does not read back as an `i64`.
fn sum_quantity() -> Expr {
    Expr::cust("CAST(COALESCE(SUM(quantity), 0) AS BIGINT)")
}

/// The stock of gift kind `gift_id` as its records count it now.
pub(crate) async fn stock_of(db: &impl ConnectionTrait, tenant_id: Uuid, gift_id: Uuid) -> StoreResult<Stock> {
    let received: Option<i64> = gift_receipt::Entity::find()
        .select_only()
        .expr(sum_quantity())
        .filter(gift_receipt::Column::TenantId.eq(tenant_id))
        .filter(gift_receipt::Column::GiftId.eq(gift_id))
        .into_tuple()
        .one(db)
        .await?;
    let handed_out: Option<i64> = gift_hand_out::Entity::find()
        .select_only()
        .expr(sum_quantity())
        .filter(gift_hand_out::Column::TenantId.eq(tenant_id))
        .filter(gift_hand_out::Column::GiftId.eq(gift_id))
        .filter(gift_hand_out::Column::CancelledAt.is_null())
        .into_tuple()
        .one(db)
        .await?;
    Ok(Stock { received: received.unwrap_or(0), handed_out: handed_out.unwrap_or(0) })
}

/// Gift kind `gift_id` of campaign `campaign_id`, its row locked until the
/// transaction of `db` ends (on PostgreSQL; SQLite has one writer at a time).
pub(crate) async fn locked_kind(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    campaign_id: Uuid,
    gift_id: Uuid,
) -> StoreResult<gift_kind::Model> {
    gift_kind::Entity::find()
        .filter(gift_kind::Column::TenantId.eq(tenant_id))
        .filter(gift_kind::Column::Id.eq(gift_id))
        .filter(gift_kind::Column::CampaignId.eq(campaign_id))
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| StoreError::field("gift_id", "所选慰问物资不存在", "No such gift kind in the campaign"))
}

/// Whether the fellow's gift column holds a stored tick already.
pub(crate) async fn gift_ticked(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    campaign_id: Uuid,
    fellow_id: Uuid,
) -> StoreResult<bool> {
    let n = campaign_tick::Entity::find()
        .filter(campaign_tick::Column::TenantId.eq(tenant_id))
        .filter(campaign_tick::Column::CampaignId.eq(campaign_id))
        .filter(campaign_tick::Column::FellowId.eq(fellow_id))
        .filter(campaign_tick::Column::Kind.eq(ContactKind::Gift.code()))
        .count(db)
        .await?;
    Ok(n > 0)
}

/// After a gift tick of `fellow_id` is gone (its hand-out cancelled, or a
/// tick by hand taken back): when no other gift tick stands, the fellow's
/// earliest standing hand-out of the campaign ticks the column instead.
/// Answers that hand-out (its tick written and the fellow recounted).
pub(crate) async fn pass_on_gift_tick(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    campaign_id: Uuid,
    fellow_id: Uuid,
) -> StoreResult<Option<Uuid>> {
    if gift_ticked(db, tenant_id, campaign_id, fellow_id).await? {
        return Ok(None);
    }
    let standing = gift_hand_out::Entity::find()
        .filter(gift_hand_out::Column::TenantId.eq(tenant_id))
        .filter(gift_hand_out::Column::CampaignId.eq(campaign_id))
        .filter(gift_hand_out::Column::FellowId.eq(fellow_id))
        .filter(gift_hand_out::Column::CancelledAt.is_null())
        .order_by_asc(gift_hand_out::Column::HandOutDate)
        .order_by_asc(gift_hand_out::Column::Id)
        .one(db)
        .await?;
    let Some(o) = standing else { return Ok(None) };
    let name = gift_kind::Entity::find_by_id((tenant_id, o.gift_id)).one(db).await?.map(|g| g.name);
    super::ticks::insert_ticks(db, tenant_id, &[tick_of(&o, &name.unwrap_or_default())]).await?;
    Ok(Some(o.id))
}

/// The tick a hand-out writes.
pub(crate) fn tick_of(h: &gift_hand_out::Model, gift: &str) -> super::NewTick {
    super::NewTick {
        campaign_id: h.campaign_id,
        fellow_id: h.fellow_id,
        kind: ContactKind::Gift,
        date: h.hand_out_date,
        source: TickSource::Gift,
        source_id: Some(h.id),
        user_id: h.user_id,
        note: gift.to_string(),
    }
}

/// A note as typed, or the refusal under `note`.
fn checked_note(note: &str) -> StoreResult<String> {
    GIFT_NOTE
        .check(note)
        .map_err(|m| StoreError::Fields(vec![guichao_domain::fellows::FormError { field: "note", message: m }]))
}

/// A quantity as sent, or the refusal under `quantity`.
fn checked_quantity(quantity: i64) -> StoreResult<i64> {
    guichao_domain::campaigns::check_quantity(quantity)
        .map_err(|m| StoreError::Fields(vec![guichao_domain::fellows::FormError { field: "quantity", message: m }]))
}

impl Campaigns<'_> {
    /// The gift kinds of campaign `id` with their stock, in the order they
    /// were added.
    pub async fn gift_kinds(&self, id: Uuid) -> StoreResult<Vec<GiftKindRow>> {
        use guichao_domain::access::Permission;
        use sea_orm::QueryOrder;
        self.0.need(Permission::LiaisonRead)?;
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        self.find(db, id).await?;
        let kinds = gift_kind::Entity::find()
            .filter(gift_kind::Column::TenantId.eq(t))
            .filter(gift_kind::Column::CampaignId.eq(id))
            .order_by_asc(gift_kind::Column::CreatedAt)
            .order_by_asc(gift_kind::Column::Id)
            .all(db)
            .await?;
        let mut out = Vec::with_capacity(kinds.len());
        for k in kinds {
            let stock = stock_of(db, t, k.id).await?;
            out.push(GiftKindRow { id: k.id, name: k.name, unit: k.unit, note: k.note, left: stock.left(), stock });
        }
        Ok(out)
    }
}
