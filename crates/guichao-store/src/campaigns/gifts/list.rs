//! The hand-outs of a campaign, newest first, of the fellows the viewer may
//! see (`fellows::scope::visible_ids`), filtered by gift kind and fellow.

use crate::StoreResult;
use crate::campaigns::Campaigns;
use crate::entities::{campaign_fellow, fellow, gift_hand_out, gift_kind};
use crate::fellows::scope::visible_ids;
use crate::names::{unit_names, user_names};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::{DataScope, Permission};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// What a list of hand-outs is filtered by.
#[derive(Debug, Clone, Default)]
pub struct HandOutQuery {
    pub gift_id: Option<Uuid>,
    pub fellow_id: Option<Uuid>,
    pub offset: u64,
    pub limit: u64,
}

/// One hand-out as a list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct HandOutRow {
    pub id: Uuid,
    pub gift_id: Uuid,
    pub gift: String,
    pub unit: String,
    pub fellow_id: Uuid,
    pub fellow: String,
    /// The fellow's township in the campaign.
    pub township: String,
    pub quantity: i64,
    pub date: NaiveDate,
    /// Who handed it out.
    pub by: String,
    pub note: String,
    pub batch_id: Option<Uuid>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl Campaigns<'_> {
    fn hand_outs_query(&self, id: Uuid, q: &HandOutQuery) -> StoreResult<Select<gift_hand_out::Entity>> {
        let scope = self.0.need(Permission::LiaisonRead)?;
        let mut find = gift_hand_out::Entity::find()
            .filter(gift_hand_out::Column::TenantId.eq(scope.tenant_id()))
            .filter(gift_hand_out::Column::CampaignId.eq(id));
        if scope.reach() != DataScope::Tenant {
            find = find.filter(gift_hand_out::Column::FellowId.in_subquery(visible_ids(scope)));
        }
        if let Some(g) = q.gift_id {
            find = find.filter(gift_hand_out::Column::GiftId.eq(g));
        }
        if let Some(f) = q.fellow_id {
            find = find.filter(gift_hand_out::Column::FellowId.eq(f));
        }
        Ok(find)
    }

    /// How many hand-outs the filters select.
    pub async fn hand_out_count(&self, id: Uuid, q: &HandOutQuery) -> StoreResult<u64> {
        let db = &self.store().db;
        self.find(db, id).await?;
        Ok(self.hand_outs_query(id, q)?.count(db).await?)
    }

    /// A page of hand-outs, newest first.
    pub async fn hand_outs(&self, id: Uuid, q: &HandOutQuery) -> StoreResult<Vec<HandOutRow>> {
        let (db, t) = (&self.store().db, self.actor().tenant_id);
        self.find(db, id).await?;
        let rows = self
            .hand_outs_query(id, q)?
            .order_by_desc(gift_hand_out::Column::HandOutDate)
            .order_by_desc(gift_hand_out::Column::CreatedAt)
            .order_by_desc(gift_hand_out::Column::Id)
            .offset((q.offset > 0).then_some(q.offset))
            .limit(q.limit.clamp(1, 200))
            .all(db)
            .await?;
        let fellow_ids: Vec<Uuid> = rows.iter().map(|h| h.fellow_id).collect();
        let fellows: HashMap<Uuid, String> = fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .column(fellow::Column::Name)
            .filter(fellow::Column::TenantId.eq(t))
            .filter(fellow::Column::Id.is_in(fellow_ids.clone()))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let townships: HashMap<Uuid, Option<Uuid>> = campaign_fellow::Entity::find()
            .select_only()
            .column(campaign_fellow::Column::FellowId)
            .column(campaign_fellow::Column::TownshipId)
            .filter(campaign_fellow::Column::TenantId.eq(t))
            .filter(campaign_fellow::Column::CampaignId.eq(id))
            .filter(campaign_fellow::Column::FellowId.is_in(fellow_ids))
            .into_tuple::<(Uuid, Option<Uuid>)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let units = unit_names(db, t, townships.values().flatten().copied()).await?;
        let users = user_names(db, t, rows.iter().filter_map(|h| h.user_id)).await?;
        let kinds: HashMap<Uuid, gift_kind::Model> = gift_kind::Entity::find()
            .filter(gift_kind::Column::TenantId.eq(t))
            .filter(gift_kind::Column::CampaignId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|k| (k.id, k))
            .collect();
        Ok(rows
            .into_iter()
            .map(|h| {
                let kind = kinds.get(&h.gift_id);
                let township = townships.get(&h.fellow_id).copied().flatten();
                HandOutRow {
                    id: h.id,
                    gift_id: h.gift_id,
                    gift: kind.map(|k| k.name.clone()).unwrap_or_default(),
                    unit: kind.map(|k| k.unit.clone()).unwrap_or_default(),
                    fellow_id: h.fellow_id,
                    fellow: fellows.get(&h.fellow_id).cloned().unwrap_or_default(),
                    township: township.and_then(|u| units.get(&u).cloned()).unwrap_or_default(),
                    quantity: h.quantity,
                    date: h.hand_out_date,
                    by: h.user_id.and_then(|u| users.get(&u).cloned()).unwrap_or_default(),
                    note: h.note,
                    batch_id: h.batch_id,
                    cancelled_at: h.cancelled_at,
                }
            })
            .collect())
    }
}
