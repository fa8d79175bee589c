//! Reading campaigns: the list (newest period first) and one campaign with
//! its filter, each with the number of its fellows the viewer may see.

use super::{CampaignSummary, CampaignView, Campaigns, kinds_of, state_of};
use crate::StoreResult;
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{campaign, fellow, org_unit};
use crate::fellows::scope::visible;
use crate::names::unit_names;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::campaigns::CampaignState;
use guichao_domain::org::UnitLevel;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

impl Campaigns<'_> {
    /// How many campaigns the county has.
    pub async fn count(&self) -> StoreResult<u64> {
        self.0.need(Permission::LiaisonRead)?;
        let all = campaign::Entity::find().filter(campaign::Column::TenantId.eq(self.actor().tenant_id));
        Ok(all.count(&self.store().db).await?)
    }

    /// A page of the county's campaigns, the latest start first (or the
    /// earliest, `oldest_first`), ties by id.
    pub async fn page(&self, offset: u64, limit: u64, oldest_first: bool) -> StoreResult<Vec<CampaignSummary>> {
        self.0.need(Permission::LiaisonRead)?;
        let order = if oldest_first { Order::Asc } else { Order::Desc };
        let rows = campaign::Entity::find()
            .filter(campaign::Column::TenantId.eq(self.actor().tenant_id))
            .order_by(campaign::Column::StartDate, order.clone())
            .order_by(campaign::Column::Id, order)
            .offset((offset > 0).then_some(offset))
            .limit(limit.clamp(1, 200))
            .all(&self.store().db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for c in rows {
            out.push(CampaignSummary {
                fellows: self.fellow_count(&c).await?,
                id: c.id,
                state: state_of(&c),
                start: c.start_date,
                end: c.end_date,
                kinds: kinds_of(&c),
                name: c.name,
            });
        }
        Ok(out)
    }

    /// The campaign's fellows the viewer may see (none before the launch).
    async fn fellow_count(&self, c: &campaign::Model) -> StoreResult<u64> {
        if state_of(c) == CampaignState::Draft {
            return Ok(0);
        }
        super::counted::count(self.store(), c, self.0.scope(), &Default::default()).await
    }

    /// One campaign of the county, or `NotFound`.
    pub async fn get(&self, id: Uuid) -> StoreResult<CampaignView> {
        self.0.need(Permission::LiaisonRead)?;
        let (store, actor) = (self.store(), self.actor());
        let c = self.find(&store.db, id).await?;
        let ids = self.township_ids(&store.db, id).await?;
        let names = unit_names(&store.db, actor.tenant_id, ids.iter().copied()).await?;
        let mut townships: Vec<(Uuid, String)> =
            ids.into_iter().map(|t| (t, names.get(&t).cloned().unwrap_or_default())).collect();
        townships.sort_by(|a, b| a.1.cmp(&b.1));
        let state = state_of(&c);
        let writer = store.campaigns(actor, Permission::LiaisonWrite).ok();
        Ok(CampaignView {
            fellows: self.fellow_count(&c).await?,
            can_manage: writer.as_ref().is_some_and(|w| w.manages()) && state != CampaignState::Closed,
            can_tick: writer.is_some() && state == CampaignState::Launched,
            id: c.id,
            name: c.name.clone(),
            state,
            start: c.start_date,
            end: c.end_date,
            kinds: kinds_of(&c),
            townships,
            category: c.category,
            city: c.city,
            tag: c.tag,
            created_at: c.created_at,
            launched_at: c.launched_at,
            closed_at: c.closed_at,
        })
    }

    /// The launched campaign that started last, if any.
    pub async fn latest_launched(&self) -> StoreResult<Option<Uuid>> {
        self.0.need(Permission::LiaisonRead)?;
        Ok(campaign::Entity::find()
            .select_only()
            .column(campaign::Column::Id)
            .filter(campaign::Column::TenantId.eq(self.actor().tenant_id))
            .filter(campaign::Column::State.eq(CampaignState::Launched.code()))
            .order_by_desc(campaign::Column::StartDate)
            .into_tuple()
            .one(&self.store().db)
            .await?)
    }

    /// Records that the actor exported `rows` fellows of campaign `id`.
    pub async fn record_export(&self, id: Uuid, rows: u64) -> StoreResult<()> {
        self.0.need(Permission::LiaisonRead)?;
        let (store, actor) = (self.store(), self.actor());
        let tx = store.begin_write().await?;
        self.find(&*tx, id).await?;
        let event = AuditEvent::new(AuditAction::CampaignExport, "campaign", id, serde_json::json!({"rows": rows}));
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The townships whose fellows the reader may see, in the tree's order
    /// (every township of the county for a county-wide reader): a
    /// campaign's scope and the matrix's, letters' and gifts' township
    /// choices offer them.
    pub async fn townships(&self) -> StoreResult<Vec<(Uuid, String)>> {
        let scope = self.0.scope();
        let mut find = org_unit::Entity::find()
            .select_only()
            .column(org_unit::Column::Id)
            .column(org_unit::Column::Name)
            .filter(org_unit::Column::TenantId.eq(scope.tenant_id()))
            .filter(org_unit::Column::Level.eq(UnitLevel::Township.code()));
        if scope.reach() != DataScope::Tenant {
            let seen = Query::select()
                .distinct()
                .column((fellow::Entity, fellow::Column::TownshipId))
                .from(fellow::Entity)
                .cond_where(visible(scope))
                .and_where(fellow::Column::TownshipId.is_not_null())
                .to_owned();
            find = find.filter(org_unit::Column::Id.in_subquery(seen));
        }
        Ok(find
            .order_by_asc(org_unit::Column::Sort)
            .order_by_asc(org_unit::Column::Name)
            .into_tuple()
            .all(&self.store().db)
            .await?)
    }
}
