//! The outbox as a user sees it: the messages of the fellows they may see,
//! by status, with each message's status trail. No phone number is shown:
//! a message names its fellow, whose page reveals the number to those who
//! may see it.

use super::Sms;
use crate::entities::{fellow, sms_message, sms_message_event};
use crate::fellows::scope::visible_ids;
use crate::names::unit_names;
use crate::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use guichao_domain::sms::{FailReason, SmsStatus};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The outbox's filters and page.
#[derive(Debug, Clone, Default)]
pub struct OutboxQuery {
    pub status: Option<SmsStatus>,
    pub campaign_id: Option<Uuid>,
    pub fellow_id: Option<Uuid>,
    pub batch_id: Option<Uuid>,
    pub offset: u64,
    pub limit: u64,
}

/// One line of the outbox.
#[derive(Debug, Clone, Serialize)]
pub struct MessageRow {
    pub id: Uuid,
    pub fellow_id: Uuid,
    pub fellow: String,
    pub township: String,
    pub campaign_id: Option<Uuid>,
    pub body: String,
    pub segments: i32,
    pub status: SmsStatus,
    /// Why a message failed.
    pub reason: Option<FailReason>,
    /// The provider's words, when it gave any.
    pub detail: String,
    pub attempts: i32,
    pub provider_id: Option<String>,
    pub queued_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// A step of a message's status trail.
#[derive(Debug, Clone, Serialize)]
pub struct MessageEvent {
    pub status: SmsStatus,
    pub reason: Option<FailReason>,
    pub detail: String,
    pub at: DateTime<Utc>,
}

/// A message with its trail.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    #[serde(flatten)]
    pub message: MessageRow,
    pub trail: Vec<MessageEvent>,
}

/// How many messages of the outbox stand at a status.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub status: SmsStatus,
    pub count: u64,
}

impl OutboxQuery {
    fn apply(&self, mut find: Select<sms_message::Entity>) -> Select<sms_message::Entity> {
        if let Some(s) = self.status {
            find = find.filter(sms_message::Column::Status.eq(s.code()));
        }
        if let Some(c) = self.campaign_id {
            find = find.filter(sms_message::Column::CampaignId.eq(c));
        }
        if let Some(f) = self.fellow_id {
            find = find.filter(sms_message::Column::FellowId.eq(f));
        }
        if let Some(b) = self.batch_id {
            find = find.filter(sms_message::Column::BatchId.eq(b));
        }
        find
    }
}

impl Sms<'_> {
    /// The messages of the fellows the actor may see (`sms.read` or
    /// `sms.write`, the handle's).
    fn visible(&self) -> Select<sms_message::Entity> {
        let scope = self.0.scope();
        sms_message::Entity::find()
            .filter(sms_message::Column::TenantId.eq(scope.tenant_id()))
            .filter(sms_message::Column::FellowId.in_subquery(visible_ids(scope)))
    }

    /// A page of the outbox, newest first.
    pub async fn outbox(&self, q: &OutboxQuery) -> StoreResult<Vec<MessageRow>> {
        let find = q
            .apply(self.visible())
            .order_by_desc(sms_message::Column::QueuedAt)
            .order_by_desc(sms_message::Column::Id)
            .offset((q.offset > 0).then_some(q.offset))
            .limit(q.limit.clamp(1, 200));
        let rows = find.all(&self.store().db).await?;
        self.rows(rows).await
    }

    /// How many messages the outbox holds with the query's filters.
    pub async fn outbox_count(&self, q: &OutboxQuery) -> StoreResult<u64> {
        Ok(q.apply(self.visible()).count(&self.store().db).await?)
    }

    /// The outbox's messages by status (the query's other filters kept).
    pub async fn status_counts(&self, q: &OutboxQuery) -> StoreResult<Vec<StatusCount>> {
        let q = OutboxQuery { status: None, ..q.clone() };
        let counts: HashMap<String, i64> = q
            .apply(self.visible())
            .select_only()
            .column(sms_message::Column::Status)
            .column_as(sms_message::Column::Id.count(), "n")
            .group_by(sms_message::Column::Status)
            .into_tuple::<(String, i64)>()
            .all(&self.store().db)
            .await?
            .into_iter()
            .collect();
        Ok(SmsStatus::ALL
            .into_iter()
            .map(|status| StatusCount { status, count: counts.get(status.code()).copied().unwrap_or(0) as u64 })
            .collect())
    }

    /// One message with its trail, or `NotFound` outside the actor's scope.
    pub async fn message(&self, id: Uuid) -> StoreResult<MessageView> {
        let store = self.store();
        let m =
            self.visible().filter(sms_message::Column::Id.eq(id)).one(&store.db).await?.ok_or(StoreError::NotFound)?;
        let trail = sms_message_event::Entity::find()
            .filter(sms_message_event::Column::TenantId.eq(m.tenant_id))
            .filter(sms_message_event::Column::MessageId.eq(id))
            .order_by_asc(sms_message_event::Column::At)
            .order_by_asc(sms_message_event::Column::Id)
            .all(&store.db)
            .await?
            .into_iter()
            .map(|e| MessageEvent {
                status: SmsStatus::parse(&e.status).unwrap_or(SmsStatus::Queued),
                reason: FailReason::parse(&e.reason),
                detail: e.detail,
                at: e.at,
            })
            .collect();
        let message = self.rows(vec![m]).await?.pop().ok_or(StoreError::NotFound)?;
        Ok(MessageView { message, trail })
    }

    async fn rows(&self, rows: Vec<sms_message::Model>) -> StoreResult<Vec<MessageRow>> {
        let (store, tenant) = (self.store(), self.actor().tenant_id);
        let ids: Vec<Uuid> = rows.iter().map(|m| m.fellow_id).collect();
        let fellows: HashMap<Uuid, (String, Option<Uuid>)> = if ids.is_empty() {
            HashMap::new()
        } else {
            fellow::Entity::find()
                .select_only()
                .columns([fellow::Column::Id, fellow::Column::Name, fellow::Column::TownshipId])
                .filter(fellow::Column::TenantId.eq(tenant))
                .filter(fellow::Column::Id.is_in(ids))
                .into_tuple::<(Uuid, String, Option<Uuid>)>()
                .all(&store.db)
                .await?
                .into_iter()
                .map(|(id, name, township)| (id, (name, township)))
                .collect()
        };
        let townships = unit_names(&store.db, tenant, fellows.values().filter_map(|(_, t)| *t)).await?;
        Ok(rows
            .into_iter()
            .map(|m| {
                let (name, township) = fellows.get(&m.fellow_id).cloned().unwrap_or_default();
                MessageRow {
                    id: m.id,
                    fellow_id: m.fellow_id,
                    fellow: name,
                    township: township.and_then(|t| townships.get(&t).cloned()).unwrap_or_default(),
                    campaign_id: m.campaign_id,
                    body: m.body,
                    segments: m.segments,
                    status: SmsStatus::parse(&m.status).unwrap_or(SmsStatus::Queued),
                    reason: FailReason::parse(&m.reason),
                    detail: m.detail,
                    attempts: m.attempts,
                    provider_id: m.provider_id,
                    queued_at: m.queued_at,
                    sent_at: m.sent_at,
                    delivered_at: m.delivered_at,
                }
            })
            .collect())
    }
}
