//! Drafting, launching and closing a campaign. A draft may be edited; the
//! launch freezes the fellows its filter selects into `campaign_fellows` in
//! one `INSERT … SELECT` (no row passes through the app, so a county of a
//! million fellows launches in seconds); a close records the figures it
//! closed on. Every act is audited, the launch and close with counts.

use super::{Campaigns, kinds_of, state_of};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{campaign, campaign_fellow, campaign_township, fellow, org_unit};
use crate::fellows::FellowQuery;
use crate::{StoreError, StoreResult, now};
use guichao_domain::access::Permission;
use guichao_domain::campaigns::{CampaignDraft, CampaignState};
use guichao_domain::ids::new_id;
use guichao_domain::org::UnitLevel;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, QueryTrait,
};
use serde_json::{Value, json};
use uuid::Uuid;

/// The rows a launch sizes SQLite's page cache for: its cap (512 MiB), taken
/// only as pages are used.
const LAUNCH_CACHE_ROWS: usize = 131_072;

fn image(c: &campaign::Model, townships: &[Uuid]) -> Value {
    json!({
        "name": c.name, "start": c.start_date, "end": c.end_date, "kinds": c.kinds,
        "townships": townships, "category": c.category, "city": c.city, "tag": c.tag, "state": c.state,
    })
}

fn taken(name: &str) -> StoreError {
    StoreError::field(
        "name",
        format!("已有名为“{name}”的慰问活动"),
        format!("A campaign named {name:?} already exists"),
    )
}

fn name_taken(e: sea_orm::DbErr, name: &str) -> StoreError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => taken(name),
        _ => StoreError::Db(e),
    }
}

impl Campaigns<'_> {
    /// The campaign for a manager's write, in the state `wanted`.
    pub(super) async fn managed(
        &self,
        db: &impl ConnectionTrait,
        id: Uuid,
        wanted: CampaignState,
    ) -> StoreResult<campaign::Model> {
        self.0.need(Permission::LiaisonWrite)?;
        let c = self.find(db, id).await?;
        if !self.manages() {
            return Err(StoreError::Forbidden);
        }
        state_of(&c).require(wanted).map_err(StoreError::Invalid)?;
        Ok(c)
    }

    /// The draft's rules, and townships that are townships of this county.
    async fn checked(&self, draft: CampaignDraft) -> StoreResult<CampaignDraft> {
        let d = draft.check().map_err(StoreError::Fields)?;
        if !d.township_ids.is_empty() {
            let found = org_unit::Entity::find()
                .filter(org_unit::Column::TenantId.eq(self.actor().tenant_id))
                .filter(org_unit::Column::Level.eq(UnitLevel::Township.code()))
                .filter(org_unit::Column::Id.is_in(d.township_ids.clone()))
                .count(&self.store().db)
                .await?;
            if found != d.township_ids.len() as u64 {
                return Err(StoreError::field("township_ids", "所选乡镇不存在", "A chosen township does not exist"));
            }
        }
        Ok(d)
    }

    async fn ensure_name_free(&self, db: &impl ConnectionTrait, name: &str, except: Option<Uuid>) -> StoreResult<()> {
        let mut find = campaign::Entity::find()
            .filter(campaign::Column::TenantId.eq(self.actor().tenant_id))
            .filter(campaign::Column::Name.eq(name));
        if let Some(id) = except {
            find = find.filter(campaign::Column::Id.ne(id));
        }
        if find.count(db).await? > 0 {
            return Err(taken(name));
        }
        Ok(())
    }

    async fn write_townships(&self, db: &impl ConnectionTrait, id: Uuid, townships: &[Uuid]) -> StoreResult<()> {
        let t = self.actor().tenant_id;
        campaign_township::Entity::delete_many()
            .filter(campaign_township::Column::TenantId.eq(t))
            .filter(campaign_township::Column::CampaignId.eq(id))
            .exec(db)
            .await?;
        if townships.is_empty() {
            return Ok(());
        }
        let rows = townships.iter().map(|township_id| {
            campaign_township::ActiveModel::from(campaign_township::Model {
                tenant_id: t,
                campaign_id: id,
                township_id: *township_id,
            })
        });
        campaign_township::Entity::insert_many(rows).exec_without_returning(db).await?;
        Ok(())
    }

    /// Drafts a campaign (county-wide `liaison.write`); its fellows are
    /// chosen when it is launched.
    pub async fn create(&self, draft: CampaignDraft) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::LiaisonWrite)?;
        if !self.manages() {
            return Err(StoreError::Forbidden);
        }
        let d = self.checked(draft).await?;
        let tx = store.begin_write().await?;
        self.ensure_name_free(&*tx, &d.name, None).await?;
        let model = campaign::Model {
            tenant_id: actor.tenant_id,
            id: new_id(),
            name: d.name.clone(),
            start_date: d.start,
            end_date: d.end,
            kinds: d.kinds.codes(),
            category: d.category,
            city: d.city,
            tag: d.tag,
            state: CampaignState::Draft.code().into(),
            created_by: actor.user_id,
            created_at: now(),
            launched_at: None,
            closed_at: None,
        };
        let (id, after) = (model.id, image(&model, &d.township_ids));
        campaign::Entity::insert(campaign::ActiveModel::from(model).reset_all())
            .exec_without_returning(&*tx)
            .await
            .map_err(|e| name_taken(e, &d.name))?;
        self.write_townships(&*tx, id, &d.township_ids).await?;
        let event = AuditEvent::new(AuditAction::CampaignCreate, "campaign", id, json!({"after": after}));
        record(&*tx, actor.tenant_id, actor, event).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Edits a draft: name, period, kinds and filter.
    pub async fn update(&self, id: Uuid, draft: CampaignDraft) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let d = self.checked(draft).await?;
        let tx = store.begin_write().await?;
        let before = self.managed(&*tx, id, CampaignState::Draft).await?;
        self.ensure_name_free(&*tx, &d.name, Some(id)).await?;
        let old_townships = self.township_ids(&*tx, id).await?;
        let after = campaign::Model {
            name: d.name.clone(),
            start_date: d.start,
            end_date: d.end,
            kinds: d.kinds.codes(),
            category: d.category,
            city: d.city,
            tag: d.tag,
            ..before.clone()
        };
        campaign::Entity::update(campaign::ActiveModel::from(after.clone()).reset_all())
            .exec(&*tx)
            .await
            .map_err(|e| name_taken(e, &d.name))?;
        self.write_townships(&*tx, id, &d.township_ids).await?;
        let detail = json!({"before": image(&before, &old_townships), "after": image(&after, &d.township_ids)});
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::CampaignUpdate, "campaign", id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn township_ids(&self, db: &impl ConnectionTrait, id: Uuid) -> StoreResult<Vec<Uuid>> {
        Ok(campaign_township::Entity::find()
            .select_only()
            .column(campaign_township::Column::TownshipId)
            .filter(campaign_township::Column::TenantId.eq(self.actor().tenant_id))
            .filter(campaign_township::Column::CampaignId.eq(id))
            .into_tuple()
            .all(db)
            .await?)
    }

    /// Launches a draft: the current fellows its filter selects (in its
    /// townships, of its category, in its city, with its tag) are frozen as
    /// its fellows, whoever may see them. Answers how many.
    pub async fn launch(&self, id: Uuid) -> StoreResult<u64> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        let c = self.managed(&*tx, id, CampaignState::Draft).await?;
        let townships = self.township_ids(&*tx, id).await?;
        let q = FellowQuery {
            category: c.category.clone(),
            city: Some(c.city.clone()),
            tag: Some(c.tag.clone()),
            ..Default::default()
        };
        let mut chosen = q
            .apply(fellow::Entity::find().filter(fellow::Column::TenantId.eq(t)), t)
            .filter(fellow::Column::MergedInto.is_null());
        if !townships.is_empty() {
            chosen = chosen.filter(fellow::Column::TownshipId.is_in(townships));
        }
        let mut select = chosen.select_only().into_query();
        select.clear_selects();
        select
            .expr(Expr::val(t))
            .expr(Expr::val(id))
            .column((fellow::Entity, fellow::Column::Id))
            .column((fellow::Entity, fellow::Column::TownshipId))
            .column((fellow::Entity, fellow::Column::SortKey));
        super::kept::select_mask(&mut select, &c);
        // In the key's order: SQLite would otherwise walk the fellows by name
        // (their `fellows_sort` index) and read each row at random, and the
        // rows and two of the indexes are then written in key order (at
        // 1,000,000 in the sqlite3 module, under load: 175 s against 77 s).
        select.order_by((fellow::Entity, fellow::Column::Id), sea_orm::Order::Asc);
        let insert = Query::insert()
            .into_table(campaign_fellow::Entity)
            .columns([
                campaign_fellow::Column::TenantId,
                campaign_fellow::Column::CampaignId,
                campaign_fellow::Column::FellowId,
                campaign_fellow::Column::TownshipId,
                campaign_fellow::Column::SortKey,
                campaign_fellow::Column::Ticked,
            ])
            .select_from(select)
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?
            .to_owned();
        let backend = tx.get_database_backend();
        if backend == sea_orm::DbBackend::Sqlite {
            // A county of a million fellows writes five index entries each in
            // random order: with SQLite's default page cache the launch
            // spills and rereads pages (82 s against 28 s at 1,000,000).
            crate::fellows::size_cache(&*tx, LAUNCH_CACHE_ROWS).await?;
        }
        let fellows = tx.execute_raw(backend.build(&insert)).await?.rows_affected();
        let launched =
            campaign::Model { state: CampaignState::Launched.code().into(), launched_at: Some(now()), ..c.clone() };
        campaign::Entity::update(campaign::ActiveModel::from(launched).reset_all()).exec(&*tx).await?;
        super::counted::bump(&*tx, &c).await?;
        let detail = json!({"fellows": fellows, "before": {"state": c.state}, "after": {"state": CampaignState::Launched.code()}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::CampaignLaunch, "campaign", id, detail)).await?;
        tx.commit().await?;
        store.after_bulk_write_to(crate::maintenance::CAMPAIGN_TABLES, fellows).await;
        Ok(fellows)
    }

    /// Closes a launched campaign; the audit event keeps the county's figures
    /// at the close.
    pub async fn close(&self, id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let c = self.managed(&store.db, id, CampaignState::Launched).await?;
        let total = self.county_total(&c).await?;
        let tx = store.begin_write().await?;
        let c = self.managed(&*tx, id, CampaignState::Launched).await?;
        let closed =
            campaign::Model { state: CampaignState::Closed.code().into(), closed_at: Some(now()), ..c.clone() };
        campaign::Entity::update(campaign::ActiveModel::from(closed).reset_all()).exec(&*tx).await?;
        let detail = json!({
            "fellows": total.fellows, "ticks": total.ticks, "required": total.required,
            "fellows_done": total.fellows_done, "kinds": kinds_of(&c).codes(),
            "before": {"state": c.state}, "after": {"state": CampaignState::Closed.code()},
        });
        record(&*tx, actor.tenant_id, actor, AuditEvent::new(AuditAction::CampaignClose, "campaign", id, detail))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
