//! Adding a fellow to a launched campaign by hand, or taking one out: the
//! frozen list changes only this way, each change audited. A fellow taken
//! out keeps their stored ticks, which count again if they are added back.

use super::Campaigns;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{campaign_fellow, fellow};
use crate::{StoreError, StoreResult};
use guichao_domain::campaigns::CampaignState;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

impl Campaigns<'_> {
    /// Adds a current fellow of the county to a launched campaign; a fellow
    /// already in it is a conflict.
    pub async fn add_fellow(&self, id: Uuid, fellow_id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        let c = self.managed(&*tx, id, CampaignState::Launched).await?;
        let f = fellow::Entity::find_by_id((t, fellow_id))
            .one(&*tx)
            .await?
            .filter(|f| f.archived_at.is_none())
            .ok_or_else(|| StoreError::field("fellow_id", "乡友不存在或已归档", "No such current fellow"))?;
        let there = campaign_fellow::Entity::find_by_id((t, id, fellow_id)).one(&*tx).await?;
        if there.is_some() {
            return Err(StoreError::conflict(
                format!("{}已在本活动中", f.name),
                format!("{} is already in the campaign", f.name),
            ));
        }
        let row = campaign_fellow::Model {
            tenant_id: t,
            campaign_id: id,
            fellow_id,
            township_id: f.township_id,
            sort_key: f.sort_key.clone(),
            ticked: 0,
        };
        campaign_fellow::Entity::insert(campaign_fellow::ActiveModel::from(row).reset_all())
            .exec_without_returning(&*tx)
            .await?;
        super::kept::recount(&*tx, &c, Some(&[fellow_id])).await?;
        super::counted::bump(&*tx, &c).await?;
        let detail = json!({"fellow": fellow_id, "after": {"fellow": f.name}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::CampaignFellowAdd, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a fellow out of a launched campaign.
    pub async fn remove_fellow(&self, id: Uuid, fellow_id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        let c = self.managed(&*tx, id, CampaignState::Launched).await?;
        let gone = campaign_fellow::Entity::delete_many()
            .filter(campaign_fellow::Column::TenantId.eq(t))
            .filter(campaign_fellow::Column::CampaignId.eq(id))
            .filter(campaign_fellow::Column::FellowId.eq(fellow_id))
            .exec(&*tx)
            .await?
            .rows_affected;
        if gone == 0 {
            return Err(StoreError::NotFound);
        }
        super::counted::bump(&*tx, &c).await?;
        let name = fellow::Entity::find_by_id((t, fellow_id)).one(&*tx).await?.map(|f| f.name).unwrap_or_default();
        let detail = json!({"fellow": fellow_id, "before": {"fellow": name}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::CampaignFellowRemove, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}
