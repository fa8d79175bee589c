//! Stored ticks: by hand with a note (a cadre who handed over a gift and
//! kept no record of it), or written by what made them — an SMS delivery, a
//! letter batch, a gift hand-out — through [`insert_ticks`] inside that
//! writer's own transaction, so a fellow is ticked exactly when the thing
//! that ticks them is written.

use super::{Campaigns, kinds_of, state_of};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::entities::{campaign_fellow, campaign_tick, fellow};
use crate::fellows::scope::visible;
use crate::{StoreError, StoreResult, now};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::campaigns::{CampaignState, TICK_NOTE, TickSource, check_tick_date};
use guichao_domain::date::today;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::ContactKind;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// A tick another area writes: the fellow, the kind, the day, and what made
/// it (`source` other than `contact` and `hand`, with its id).
#[derive(Debug, Clone)]
pub struct NewTick {
    pub campaign_id: Uuid,
    pub fellow_id: Uuid,
    pub kind: ContactKind,
    pub date: NaiveDate,
    pub source: TickSource,
    /// What made it; none for a tick by hand (demo and benchmark data).
    pub source_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub note: String,
}

/// Writes `ticks` in the caller's transaction; a tick already written for
/// the same fellow, kind and source id is left as it is (a retried delivery
/// report ticks once), and the fellows' kept ticked kinds with them
/// (`kept`). Answers how many were new. The SMS outbox calls it as a message
/// is delivered, a letter batch as it is marked printed, a gift hand-out as
/// it is recorded, and so does the system's bulk loader.
pub(crate) async fn insert_ticks(db: &impl ConnectionTrait, tenant_id: Uuid, ticks: &[NewTick]) -> StoreResult<u64> {
    if ticks.is_empty() {
        return Ok(0);
    }
    let at = now();
    let rows = ticks.iter().map(|n| {
        campaign_tick::ActiveModel::from(campaign_tick::Model {
            tenant_id,
            id: new_id(),
            campaign_id: n.campaign_id,
            fellow_id: n.fellow_id,
            kind: n.kind.code().into(),
            tick_date: n.date,
            source: n.source.code().into(),
            source_id: n.source_id,
            user_id: n.user_id,
            note: n.note.clone(),
            created_at: at,
        })
    });
    let keep = OnConflict::columns([
        campaign_tick::Column::TenantId,
        campaign_tick::Column::CampaignId,
        campaign_tick::Column::FellowId,
        campaign_tick::Column::Kind,
        campaign_tick::Column::Source,
        campaign_tick::Column::SourceId,
    ])
    .do_nothing()
    .to_owned();
    let written = campaign_tick::Entity::insert_many(rows).on_conflict(keep).exec_without_returning(db).await?;
    let fellows: Vec<Uuid> = ticks.iter().map(|n| n.fellow_id).collect();
    super::kept::recount_fellows(db, tenant_id, &fellows).await?;
    Ok(written)
}

impl Campaigns<'_> {
    /// A fellow of the launched campaign `id` whom the actor may tick
    /// (`liaison.write` over them); `NotFound` otherwise.
    pub(super) async fn tickable(
        &self,
        db: &impl ConnectionTrait,
        id: Uuid,
        fellow_id: Uuid,
    ) -> StoreResult<(crate::entities::campaign::Model, fellow::Model)> {
        let scope = self.0.need(Permission::LiaisonWrite)?;
        let t = self.actor().tenant_id;
        let c = self.find(db, id).await?;
        let f = fellow::Entity::find()
            .filter(visible(scope))
            .filter(fellow::Column::Id.eq(fellow_id))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound)?;
        campaign_fellow::Entity::find_by_id((t, id, fellow_id)).one(db).await?.ok_or(StoreError::NotFound)?;
        state_of(&c).require(CampaignState::Launched).map_err(StoreError::Invalid)?;
        Ok((c, f))
    }

    /// Ticks `kind` for a fellow by hand, on `day`, with a note saying how.
    pub async fn tick(
        &self,
        id: Uuid,
        fellow_id: Uuid,
        kind: ContactKind,
        day: NaiveDate,
        note: &str,
    ) -> StoreResult<Uuid> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let note = TICK_NOTE.check(note).map_err(|m| StoreError::Fields(vec![field("note", m)]))?;
        let tx = store.begin_write().await?;
        let (c, f) = self.tickable(&*tx, id, fellow_id).await?;
        if !kinds_of(&c).contains(kind) {
            return Err(StoreError::field(
                "kind",
                "本活动不要求这种慰问方式",
                "The campaign does not require this kind",
            ));
        }
        check_tick_date(day, c.start_date, c.end_date, today())
            .map_err(|m| StoreError::Fields(vec![field("date", m)]))?;
        let twice = campaign_tick::Entity::find()
            .filter(campaign_tick::Column::TenantId.eq(t))
            .filter(campaign_tick::Column::CampaignId.eq(id))
            .filter(campaign_tick::Column::FellowId.eq(fellow_id))
            .filter(campaign_tick::Column::Kind.eq(kind.code()))
            .filter(campaign_tick::Column::Source.eq(TickSource::Hand.code()))
            .count(&*tx)
            .await?;
        if twice > 0 {
            return Err(StoreError::conflict(
                format!("{}的{}已手工登记过", f.name, kind.label(guichao_domain::Lang::Zh)),
                format!("{}'s {} is already ticked by hand", f.name, kind.label(guichao_domain::Lang::En)),
            ));
        }
        let tick = campaign_tick::Model {
            tenant_id: t,
            id: new_id(),
            campaign_id: id,
            fellow_id,
            kind: kind.code().into(),
            tick_date: day,
            source: TickSource::Hand.code().into(),
            source_id: None,
            user_id: Some(actor.user_id),
            note: note.clone(),
            created_at: now(),
        };
        let tick_id = tick.id;
        campaign_tick::Entity::insert(campaign_tick::ActiveModel::from(tick)).exec_without_returning(&*tx).await?;
        super::kept::recount(&*tx, &c, Some(&[fellow_id])).await?;
        let detail =
            json!({"fellow": fellow_id, "after": {"fellow": f.name, "kind": kind.code(), "day": day, "note": note}});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::CampaignTick, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(tick_id)
    }

    /// Removes a tick made by hand (ticks from records, letters, SMS and
    /// gifts go with what made them).
    pub async fn untick(&self, id: Uuid, tick_id: Uuid) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        let tick = campaign_tick::Entity::find_by_id((t, tick_id))
            .one(&*tx)
            .await?
            .filter(|k| k.campaign_id == id)
            .ok_or(StoreError::NotFound)?;
        let (c, f) = self.tickable(&*tx, id, tick.fellow_id).await?;
        if tick.source != TickSource::Hand.code() {
            return Err(StoreError::invalid(
                "只能撤销手工登记；其他登记随联系记录、信件、短信或物资发放撤销",
                "Only a tick by hand can be removed here",
            ));
        }
        campaign_tick::Entity::delete_by_id((t, tick_id)).exec(&*tx).await?;
        // A gift handed out while this tick stood ticks the column now.
        let passed = match ContactKind::parse(&tick.kind) {
            Some(ContactKind::Gift) => super::gifts::pass_on_gift_tick(&*tx, t, id, tick.fellow_id).await?,
            _ => None,
        };
        if passed.is_none() {
            super::kept::recount(&*tx, &c, Some(&[tick.fellow_id])).await?;
        }
        let detail = json!({
            "fellow": tick.fellow_id,
            "before": {"fellow": f.name, "kind": tick.kind, "day": tick.tick_date, "note": tick.note},
            "tick_moved_to": passed,
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::CampaignUntick, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn field(name: &'static str, message: guichao_domain::Msg) -> guichao_domain::fellows::FormError {
    guichao_domain::fellows::FormError { field: name, message }
}

#[cfg(feature = "system")]
impl crate::System<'_> {
    /// Writes ticks of the demo county or a benchmark in one transaction and
    /// one audit event (ticks of fellows outside their campaign are written
    /// but never count). Answers how many were new.
    pub async fn insert_campaign_ticks(&self, tenant_id: Uuid, ticks: &[NewTick]) -> StoreResult<u64> {
        use crate::audit::Who;
        let tx = self.begin_write().await?;
        let mut written = 0;
        // Bounded statements: a row binds eleven values.
        for chunk in ticks.chunks(crate::fellows::MAX_PARAMS / 11) {
            written += insert_ticks(&*tx, tenant_id, chunk).await?;
        }
        let campaigns: std::collections::BTreeSet<Uuid> = ticks.iter().map(|t| t.campaign_id).collect();
        let detail = json!({"campaigns": campaigns.len(), "ticks": written});
        let who = Who::Named { user_id: None, name: "system", ip: None };
        record(&*tx, tenant_id, who, AuditEvent::new(AuditAction::CampaignBulkInsert, "tenant", tenant_id, detail))
            .await?;
        tx.commit().await?;
        self.after_bulk_write_to(crate::maintenance::CAMPAIGN_TABLES, written).await;
        Ok(written)
    }
}
