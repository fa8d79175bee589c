//! The JSON shapes of `/api/v1/campaigns/{id}/gifts`.

use chrono::{DateTime, NaiveDate, Utc};
use guichao_store::campaigns::{BatchReport, GiftKindRow, HandOutRow, ReceiptRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A gift kind with its stock, counted from its receipts and hand-outs.
#[derive(Serialize, ToSchema)]
pub struct GiftKindItem {
    pub id: Uuid,
    pub name: String,
    /// What it is counted in (份, 箱).
    pub unit: String,
    pub note: String,
    /// The sum of its receipts.
    pub received: i64,
    /// The sum of its standing hand-outs.
    pub handed_out: i64,
    /// received − handed_out.
    pub left: i64,
}

impl From<GiftKindRow> for GiftKindItem {
    fn from(k: GiftKindRow) -> GiftKindItem {
        GiftKindItem {
            id: k.id,
            name: k.name,
            unit: k.unit,
            note: k.note,
            received: k.stock.received,
            handed_out: k.stock.handed_out,
            left: k.left,
        }
    }
}

/// A gift kind to add (the campaign manager's).
#[derive(Deserialize, ToSchema)]
pub struct GiftKindBody {
    /// At most 40 characters, unique in the campaign.
    pub name: String,
    /// At most 4 characters (份, 箱).
    pub unit: String,
    #[serde(default)]
    pub note: String,
}

/// Stock received into a gift kind.
#[derive(Deserialize, ToSchema)]
pub struct ReceiptBody {
    /// 1 to 100000.
    pub quantity: i64,
    /// Not after today.
    pub date: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// A receipt written.
#[derive(Serialize, ToSchema)]
pub struct Received {
    pub id: Uuid,
    /// The kind's stock after it.
    pub gift: GiftKindItem,
}

/// A gift handed out to one fellow.
#[derive(Deserialize, ToSchema)]
pub struct HandOutBody {
    pub gift_id: Uuid,
    pub fellow_id: Uuid,
    /// 1 to 100000, no more than is left.
    pub quantity: i64,
    /// A day of the campaign's period, not after today.
    pub date: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// One gift to each fellow of a township still without one.
#[derive(Deserialize, ToSchema)]
pub struct BatchBody {
    pub gift_id: Uuid,
    pub township_id: Uuid,
    /// How many each fellow gets.
    pub quantity: i64,
    pub date: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// What a township batch handed out.
#[derive(Serialize, ToSchema)]
pub struct Batch {
    pub batch_id: Uuid,
    pub fellows: u64,
    /// Taken from stock in all.
    pub quantity: i64,
}

impl From<BatchReport> for Batch {
    fn from(r: BatchReport) -> Batch {
        Batch { batch_id: r.batch_id, fellows: r.fellows, quantity: r.quantity }
    }
}

/// One hand-out.
#[derive(Serialize, ToSchema)]
pub struct HandOutItem {
    pub id: Uuid,
    pub gift_id: Uuid,
    pub gift: String,
    pub unit: String,
    pub fellow_id: Uuid,
    pub fellow: String,
    pub township: String,
    pub quantity: i64,
    pub date: NaiveDate,
    /// Who handed it out.
    pub by: String,
    pub note: String,
    /// The township batch it was part of.
    pub batch_id: Option<Uuid>,
    /// When it was cancelled (its quantity back in stock).
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl From<HandOutRow> for HandOutItem {
    fn from(h: HandOutRow) -> HandOutItem {
        HandOutItem {
            id: h.id,
            gift_id: h.gift_id,
            gift: h.gift,
            unit: h.unit,
            fellow_id: h.fellow_id,
            fellow: h.fellow,
            township: h.township,
            quantity: h.quantity,
            date: h.date,
            by: h.by,
            note: h.note,
            batch_id: h.batch_id,
            cancelled_at: h.cancelled_at,
        }
    }
}

/// A page of hand-outs, newest first.
#[derive(Serialize, ToSchema)]
pub struct HandOutList {
    pub items: Vec<HandOutItem>,
    pub total: u64,
    /// The next page, if any.
    pub next: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HandOutParams {
    /// Hand-outs of this gift kind.
    pub gift_id: Option<Uuid>,
    /// Hand-outs to this fellow.
    pub fellow_id: Option<Uuid>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// Hand-outs per page, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// One stock receipt.
#[derive(Serialize, ToSchema)]
pub struct ReceiptItem {
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

impl From<ReceiptRow> for ReceiptItem {
    fn from(r: ReceiptRow) -> ReceiptItem {
        ReceiptItem {
            id: r.id,
            gift_id: r.gift_id,
            gift: r.gift,
            unit: r.unit,
            quantity: r.quantity,
            date: r.date,
            by: r.by,
            note: r.note,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReceiptParams {
    /// The latest this many receipts, 1-200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}
