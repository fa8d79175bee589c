//! The stock receipts of a campaign's gift kinds, newest first: what was
//! received, on which day, by whom, with what note. Stock is county-wide
//! (the campaign's), so anyone who reads the campaign reads its receipts.

use crate::StoreResult;
use crate::campaigns::Campaigns;
use crate::entities::{gift_kind, gift_receipt};
use crate::names::user_names;
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The most receipts one read answers.
const MAX_RECEIPTS: u64 = 200;

/// One stock receipt.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptRow {
    pub id: Uuid,
    pub gift_id: Uuid,
    pub gift: String,
    pub unit: String,
    pub quantity: i64,
    pub date: NaiveDate,
    /// Who received it.
    pub by: String,
    pub note: String,
}

impl Campaigns<'_> {
    /// The latest `limit` receipts (at most [`MAX_RECEIPTS`]) of the
    /// campaign's gift kinds, newest first.
    pub async fn gift_receipts(&self, id: Uuid, limit: u64) -> StoreResult<Vec<ReceiptRow>> {
        self.0.need(Permission::LiaisonRead)?;
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        self.find(db, id).await?;
        let kinds: HashMap<Uuid, gift_kind::Model> = gift_kind::Entity::find()
            .filter(gift_kind::Column::TenantId.eq(t))
            .filter(gift_kind::Column::CampaignId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|k| (k.id, k))
            .collect();
        let rows = gift_receipt::Entity::find()
            .filter(gift_receipt::Column::TenantId.eq(t))
            .filter(gift_receipt::Column::GiftId.is_in(kinds.keys().copied()))
            .order_by_desc(gift_receipt::Column::ReceiptDate)
            .order_by_desc(gift_receipt::Column::CreatedAt)
            .order_by_desc(gift_receipt::Column::Id)
            .limit(limit.clamp(1, MAX_RECEIPTS))
            .all(db)
            .await?;
        let users = user_names(db, t, rows.iter().filter_map(|r| r.user_id)).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let kind = kinds.get(&r.gift_id);
                ReceiptRow {
                    id: r.id,
                    gift_id: r.gift_id,
                    gift: kind.map(|k| k.name.clone()).unwrap_or_default(),
                    unit: kind.map(|k| k.unit.clone()).unwrap_or_default(),
                    quantity: r.quantity,
                    date: r.receipt_date,
                    by: r.user_id.and_then(|u| users.get(&u).cloned()).unwrap_or_default(),
                    note: r.note,
                }
            })
            .collect())
    }
}
