//! Batches marked printed. Marking a batch records what was printed (the
//! template, the filters, the sign-off and date, the fellows) and ticks the
//! letter column of each of its fellows not yet ticked, under the batch's
//! id, in one transaction: a failure anywhere leaves no batch and no tick.
//! Undoing a batch removes its ticks and keeps the batch, marked undone.

use super::super::matrix::filtered;
use super::super::ticks::{NewTick, insert_ticks};
use super::super::{Campaigns, MatrixQuery};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::campaigns::kept::lacks;
use crate::entities::{campaign, campaign_fellow, campaign_tick, letter_batch};
use crate::names::{unit_names, user_names};
use crate::{StoreError, StoreResult, now};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::campaigns::letters::{MAX_LETTERS, SIGN_OFF};
use guichao_domain::campaigns::{TickSource, check_tick_date};
use guichao_domain::date::today;
use guichao_domain::fellows::FormError;
use guichao_domain::ids::new_id;
use guichao_domain::liaison::ContactKind;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeSet;
use uuid::Uuid;

/// A batch to mark printed: what the print page was made from, and the
/// fellows on it.
#[derive(Debug, Clone)]
pub struct BatchDraft {
    pub template_id: Uuid,
    pub township_id: Option<Uuid>,
    pub only_unticked: bool,
    pub sign_off: String,
    pub date: NaiveDate,
    pub fellow_ids: Vec<Uuid>,
}

/// What marking a batch did.
#[derive(Debug, Clone, Serialize)]
pub struct BatchReport {
    pub batch_id: Uuid,
    /// Fellows whose letter it ticked.
    pub ticked: u64,
    /// Fellows already ticked before it (left as they were).
    pub skipped: u64,
}

/// A batch as the letters page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct BatchRow {
    pub id: Uuid,
    pub template_name: String,
    /// The township filter's name; empty for every township.
    pub township: String,
    pub sign_off: String,
    pub letter_date: NaiveDate,
    pub fellows: i32,
    pub skipped: i32,
    pub by: String,
    pub created_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
}

impl Campaigns<'_> {
    /// The fellows of `ids` in campaign `c` that the actor may tick; `NotFound`
    /// unless every one is.
    async fn all_tickable(&self, db: &impl ConnectionTrait, c: &campaign::Model, ids: &[Uuid]) -> StoreResult<()> {
        let scope = self.0.need(Permission::LiaisonWrite)?;
        let mut found = 0;
        for chunk in ids.chunks(crate::fellows::MAX_PARAMS / 2) {
            found += filtered(c, scope, &MatrixQuery::default())
                .filter(campaign_fellow::Column::FellowId.is_in(chunk.to_vec()))
                .count(db)
                .await?;
        }
        if found == ids.len() as u64 { Ok(()) } else { Err(StoreError::NotFound) }
    }

    /// Marks a batch printed: records it and ticks each of its fellows' letter
    /// column not yet ticked, all in one transaction.
    pub async fn mark_letters_printed(&self, id: Uuid, draft: BatchDraft) -> StoreResult<BatchReport> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let sign_off = SIGN_OFF
            .check(&draft.sign_off)
            .map_err(|message| StoreError::Fields(vec![FormError { field: "sign_off", message }]))?;
        let ids: Vec<Uuid> = draft.fellow_ids.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
        if ids.is_empty() || ids.len() > MAX_LETTERS {
            return Err(StoreError::field(
                "fellow_ids",
                format!("一批应有 1 至 {MAX_LETTERS} 封信"),
                format!("A batch holds 1 to {MAX_LETTERS} letters"),
            ));
        }
        let day = today();
        let tx = store.begin_write().await?;
        let c = self.find(&*tx, id).await?;
        self.letters_open(&c, true)?;
        check_tick_date(day, c.start_date, c.end_date, day)
            .map_err(|message| StoreError::Fields(vec![FormError { field: "date", message }]))?;
        let template = self.letter_template_model(&*tx, draft.template_id).await?;
        self.all_tickable(&*tx, &c, &ids).await?;
        let mut ticked_before = BTreeSet::new();
        for chunk in ids.chunks(crate::fellows::MAX_PARAMS / 2) {
            let found: Vec<Uuid> = campaign_fellow::Entity::find()
                .select_only()
                .column(campaign_fellow::Column::FellowId)
                .filter(campaign_fellow::Column::TenantId.eq(t))
                .filter(campaign_fellow::Column::CampaignId.eq(id))
                .filter(campaign_fellow::Column::FellowId.is_in(chunk.to_vec()))
                .filter(lacks(ContactKind::Letter).not())
                .into_tuple()
                .all(&*tx)
                .await?;
            ticked_before.extend(found);
        }
        let fresh: Vec<Uuid> = ids.iter().copied().filter(|f| !ticked_before.contains(f)).collect();
        if fresh.is_empty() {
            return Err(StoreError::conflict(
                "这些乡友的信件都已登记过",
                "Every fellow of the batch already has their letter ticked",
            ));
        }
        let batch_id = new_id();
        let skipped = ticked_before.len() as u64;
        letter_batch::ActiveModel::from(letter_batch::Model {
            tenant_id: t,
            id: batch_id,
            campaign_id: id,
            template_id: template.id,
            template_name: template.name.clone(),
            township_id: draft.township_id,
            only_unticked: draft.only_unticked,
            sign_off: sign_off.clone(),
            letter_date: draft.date,
            fellow_ids: serde_json::to_string(&fresh).unwrap_or_default(),
            fellows: fresh.len() as i32,
            skipped: skipped as i32,
            created_by: Some(actor.user_id),
            created_at: now(),
            undone_by: None,
            undone_at: None,
        })
        .insert(&*tx)
        .await?;
        let ticks: Vec<NewTick> = fresh
            .iter()
            .map(|f| NewTick {
                campaign_id: id,
                fellow_id: *f,
                kind: ContactKind::Letter,
                date: day,
                source: TickSource::Letter,
                source_id: Some(batch_id),
                user_id: Some(actor.user_id),
                note: String::new(),
            })
            .collect();
        let mut ticked = 0;
        // Bounded statements: a tick binds eleven values.
        for chunk in ticks.chunks(crate::fellows::MAX_PARAMS / 11) {
            ticked += insert_ticks(&*tx, t, chunk).await?;
        }
        let detail = json!({
            "batch": batch_id, "template": template.name, "township": draft.township_id,
            "only_unticked": draft.only_unticked, "sign_off": sign_off, "date": draft.date,
            "ticked": ticked, "skipped": skipped,
        });
        record(&*tx, t, actor, AuditEvent::new(AuditAction::LetterPrint, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(BatchReport { batch_id, ticked, skipped })
    }

    /// Takes back a batch: removes its ticks and marks it undone.
    pub async fn undo_letter_batch(&self, id: Uuid, batch_id: Uuid) -> StoreResult<u64> {
        let (store, actor) = (self.store(), self.actor());
        let t = actor.tenant_id;
        let tx = store.begin_write().await?;
        let c = self.find(&*tx, id).await?;
        let batch = letter_batch::Entity::find_by_id((t, batch_id))
            .one(&*tx)
            .await?
            .filter(|b| b.campaign_id == id)
            .ok_or(StoreError::NotFound)?;
        let ids: Vec<Uuid> = serde_json::from_str(&batch.fellow_ids).unwrap_or_default();
        self.all_tickable(&*tx, &c, &ids).await?;
        self.letters_open(&c, true)?;
        if batch.undone_at.is_some() {
            return Err(StoreError::conflict("这一批已撤销过", "The batch is already undone"));
        }
        let removed = campaign_tick::Entity::delete_many()
            .filter(campaign_tick::Column::TenantId.eq(t))
            .filter(campaign_tick::Column::CampaignId.eq(id))
            .filter(campaign_tick::Column::Source.eq(TickSource::Letter.code()))
            .filter(campaign_tick::Column::SourceId.eq(batch_id))
            .exec(&*tx)
            .await?
            .rows_affected;
        crate::campaigns::kept::recount_fellows(&*tx, t, &ids).await?;
        let undone = letter_batch::Model { undone_by: Some(actor.user_id), undone_at: Some(now()), ..batch.clone() };
        letter_batch::Entity::update(letter_batch::ActiveModel::from(undone).reset_all()).exec(&*tx).await?;
        let detail = json!({"batch": batch_id, "template": batch.template_name, "ticks": removed});
        record(&*tx, t, actor, AuditEvent::new(AuditAction::LetterUndo, "campaign", id, detail)).await?;
        tx.commit().await?;
        Ok(removed)
    }

    /// The campaign's batches the actor may see, latest first: all of them
    /// for the whole county, else those they made or of a township whose
    /// fellows they see.
    pub async fn letter_batches(&self, id: Uuid) -> StoreResult<Vec<BatchRow>> {
        let scope = self.0.scope();
        let db = &self.store().db;
        let c = self.find(db, id).await?;
        let mut find = letter_batch::Entity::find()
            .filter(letter_batch::Column::TenantId.eq(c.tenant_id))
            .filter(letter_batch::Column::CampaignId.eq(id));
        if scope.reach() != DataScope::Tenant {
            let mine = filtered(&c, scope, &MatrixQuery::default())
                .select_only()
                .column(campaign_fellow::Column::TownshipId)
                .distinct()
                .into_query();
            find = find.filter(
                sea_orm::Condition::any()
                    .add(letter_batch::Column::CreatedBy.eq(self.actor().user_id))
                    .add(letter_batch::Column::TownshipId.in_subquery(mine)),
            );
        }
        let rows = find.order_by_desc(letter_batch::Column::CreatedAt).limit(200).all(db).await?;
        let users = user_names(db, c.tenant_id, rows.iter().filter_map(|b| b.created_by)).await?;
        let townships = unit_names(db, c.tenant_id, rows.iter().filter_map(|b| b.township_id)).await?;
        Ok(rows
            .into_iter()
            .map(|b| BatchRow {
                id: b.id,
                template_name: b.template_name,
                township: b.township_id.and_then(|t| townships.get(&t).cloned()).unwrap_or_default(),
                sign_off: b.sign_off,
                letter_date: b.letter_date,
                fellows: b.fellows,
                skipped: b.skipped,
                by: b.created_by.and_then(|u| users.get(&u).cloned()).unwrap_or_default(),
                created_at: b.created_at,
                undone_at: b.undone_at,
            })
            .collect())
    }
}
