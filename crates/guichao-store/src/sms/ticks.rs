//! Delivered messages per campaign and fellow: what the four-ones matrix
//! ticks its SMS column from. A fellow counts once per campaign, at their
//! first delivered message. [`tick_campaign`] writes the tick in the same
//! transaction as the delivery, wherever a message becomes delivered.

use super::Sms;
use crate::StoreResult;
use crate::entities::sms_message;
use crate::fellows::scope::visible_ids;
use chrono::{DateTime, Utc};
use guichao_domain::sms::SmsStatus;
use sea_orm::sea_query::{Alias, Expr, Func, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

/// A fellow's first delivered message of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveredSms {
    pub campaign_id: Uuid,
    pub fellow_id: Uuid,
    pub delivered_at: DateTime<Utc>,
}

/// `(campaign_id, fellow_id, delivered_at)` of every fellow with a delivered
/// message of `campaign_id` (their first), as a subquery a matrix query can
/// join or read: columns `campaign_id`, `fellow_id`, `delivered_at`. Not
/// scoped: the caller joins it to the fellows it may see.
pub(crate) fn delivered_query(tenant_id: Uuid, campaign_id: Uuid) -> SelectStatement {
    Query::select()
        .column(sms_message::Column::CampaignId)
        .column(sms_message::Column::FellowId)
        .expr_as(Func::min(Expr::col(sms_message::Column::DeliveredAt)), Alias::new("delivered_at"))
        .from(sms_message::Entity)
        .and_where(sms_message::Column::TenantId.eq(tenant_id))
        .and_where(sms_message::Column::CampaignId.eq(campaign_id))
        .and_where(sms_message::Column::Status.eq(SmsStatus::Delivered.code()))
        .group_by_col(sms_message::Column::CampaignId)
        .group_by_col(sms_message::Column::FellowId)
        .to_owned()
}

impl Sms<'_> {
    /// The fellows the actor may see with a delivered message of the
    /// campaign, each once at their first delivery, by fellow id.
    pub async fn delivered(&self, campaign_id: Uuid) -> StoreResult<Vec<DeliveredSms>> {
        let scope = self.0.scope();
        let db = &self.store().db;
        let mut q = delivered_query(scope.tenant_id(), campaign_id);
        q.and_where(sms_message::Column::FellowId.in_subquery(visible_ids(scope)))
            .order_by(sms_message::Column::FellowId, Order::Asc);
        let mut out = Vec::new();
        for row in db.query_all(&q).await? {
            let at: Option<DateTime<Utc>> = row.try_get("", "delivered_at")?;
            if let Some(delivered_at) = at {
                out.push(DeliveredSms {
                    campaign_id: row.try_get("", "campaign_id")?,
                    fellow_id: row.try_get("", "fellow_id")?,
                    delivered_at,
                });
            }
        }
        Ok(out)
    }
}

/// Ticks the SMS column of message `m`'s campaign for its fellow, on the
/// day (in China) it was delivered, in the caller's transaction; nothing for
/// a message of no campaign, or of a campaign the fellow is not in. A second
/// delivered message of the same campaign ticks again under its own id; the
/// matrix counts the fellow once.
pub(crate) async fn tick_campaign(
    db: &impl ConnectionTrait,
    m: &sms_message::Model,
    delivered_at: DateTime<Utc>,
) -> StoreResult<()> {
    let Some(campaign_id) = m.campaign_id else { return Ok(()) };
    let member = crate::entities::campaign_fellow::Entity::find_by_id((m.tenant_id, campaign_id, m.fellow_id));
    if member.one(db).await?.is_none() {
        return Ok(());
    }
    let tick = crate::campaigns::NewTick {
        campaign_id,
        fellow_id: m.fellow_id,
        kind: guichao_domain::liaison::ContactKind::Sms,
        date: guichao_domain::date::china_date(delivered_at),
        source: guichao_domain::campaigns::TickSource::Sms,
        source_id: Some(m.id),
        user_id: None,
        note: String::new(),
    };
    crate::campaigns::ticks::insert_ticks(db, m.tenant_id, &[tick]).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};

    #[test]
    fn the_subquery_groups_by_campaign_and_fellow() {
        let q = delivered_query(Uuid::nil(), Uuid::nil());
        for sql in [q.to_string(SqliteQueryBuilder), q.to_string(PostgresQueryBuilder)] {
            assert!(sql.contains("MIN(\"delivered_at\") AS \"delivered_at\""), "{sql}");
            assert!(sql.contains("GROUP BY \"campaign_id\", \"fellow_id\""), "{sql}");
        }
    }
}
