//! The commit: one write transaction fed the file's rows again, in the
//! order they were planned.

use super::planner::ImportPlanner;
use super::{Fate, ImportCounts, ImportPlan, ImportSource, WRITE_BATCH};
use crate::audit::{AuditAction, AuditEvent, record};
use crate::crypto::FieldKey;
use crate::entities::{fellow, import_fellow};
use crate::fellows::bulk::BulkFellow;
use crate::fellows::bulk::sql::insert_models;
use crate::fellows::write::{new_model, replacement};
use crate::{Store, StoreError, StoreResult, WriteTx};
use guichao_domain::fellows::{
    Category, DuplicateAction, Email, FellowDraft, FellowStatus, Gender, IdNumber, Phone, WeChatId,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A commit in progress: one write transaction, fed the file's rows again in
/// the order they were planned. Dropped without [`ImportSession::finish`],
/// nothing is written.
pub struct ImportSession<'a> {
    store: &'a Store,
    pub(super) tx: WriteTx,
    pub(super) planner: ImportPlanner,
    /// Ordinal of the next row expected.
    next: usize,
    /// First rows that later rows update or merge into, written at the end.
    held: HashMap<usize, FellowDraft>,
    /// Which first rows have such later rows.
    joined: HashSet<usize>,
    batch: Vec<BulkFellow>,
    counts: ImportCounts,
    progress: &'a (dyn Fn(usize) + Sync),
    /// The stored job this commit carries out ([`ImportSession::complete_job`]).
    pub(super) job: Option<Uuid>,
    /// The import's id: its job's, else a new one. The fellows it creates
    /// carry it, those it updates or merges into are linked to it
    /// ([`crate::entities::import_fellow`]), and its audit event names it.
    pub(super) import_id: Uuid,
    /// Registered fellows updated or merged into, linked at the end.
    touched: Vec<Uuid>,
}

impl Store {
    /// Begins committing what `planner` planned. The registry is looked at
    /// again inside the transaction, so the plan holds for what is written.
    pub async fn begin_import<'a>(
        &'a self,
        mut planner: ImportPlanner,
        progress: &'a (dyn Fn(usize) + Sync),
    ) -> StoreResult<ImportSession<'a>> {
        let tx = self.begin_write().await?;
        planner.match_registry(&*tx).await?;
        let joined = planner
            .fates
            .iter()
            .zip(&planner.actions)
            .filter_map(|(fate, action)| match fate {
                Fate::SameAs(first) if action.unwrap_or(planner.default) != DuplicateAction::Skip => Some(*first),
                _ => None,
            })
            .collect();
        Ok(ImportSession {
            store: self,
            tx,
            planner,
            next: 0,
            held: HashMap::new(),
            joined,
            batch: Vec::new(),
            counts: ImportCounts::default(),
            progress,
            job: None,
            import_id: guichao_domain::ids::new_id(),
            touched: Vec::new(),
        })
    }
}

impl ImportSession<'_> {
    /// The import's id: the fellows it writes are listed by
    /// `FellowQuery::import` and its audit event is in their history.
    pub fn import_id(&self) -> Uuid {
        self.import_id
    }

    /// The plan being carried out (with the registry as seen inside the transaction).
    pub fn plan(&self) -> &ImportPlan {
        &self.planner.plan
    }

    /// Takes the next checked row of the file, the same rows in the same
    /// order as planned.
    pub async fn add(&mut self, row: u64, draft: FellowDraft) -> StoreResult<()> {
        let ordinal = self.next;
        if self.planner.rows.get(ordinal) != Some(&row) {
            return Err(StoreError::invalid(
                "文件在检查之后有变动，请重新上传",
                "The file changed after it was checked; upload it again",
            ));
        }
        self.next += 1;
        let action = self.planner.actions[ordinal].unwrap_or(self.planner.default);
        match self.planner.fates[ordinal] {
            Fate::Refused => {}
            Fate::New if self.joined.contains(&ordinal) => {
                self.held.insert(ordinal, draft);
            }
            Fate::New => {
                self.batch.push(BulkFellow::new(draft));
                if self.batch.len() >= WRITE_BATCH {
                    self.flush().await?;
                }
            }
            Fate::SameAs(first) => {
                tally(&mut self.counts, action);
                if let Some(held) = self.held.get_mut(&first) {
                    held.absorb(&draft, action);
                } else if let (Fate::Registered(index), true) =
                    (self.planner.fates[first], action != DuplicateAction::Skip)
                {
                    // The first row met a registered fellow: this one meets them too.
                    let id = self.planner.registered[index].0;
                    absorb_into(&self.tx, &self.planner.key, self.planner.actor.tenant_id, id, &draft, action).await?;
                    self.touched.push(id);
                }
            }
            Fate::Registered(index) => {
                tally(&mut self.counts, action);
                if action != DuplicateAction::Skip {
                    let id = self.planner.registered[index].0;
                    absorb_into(&self.tx, &self.planner.key, self.planner.actor.tenant_id, id, &draft, action).await?;
                    self.touched.push(id);
                    (self.progress)(1);
                }
            }
        }
        Ok(())
    }

    async fn flush(&mut self) -> StoreResult<()> {
        let batch = std::mem::take(&mut self.batch);
        let tenant_id = self.planner.actor.tenant_id;
        let import = Some(self.import_id);
        self.counts.created += self.store.bulk_write(&self.tx, tenant_id, import, batch, self.progress).await?.fellows;
        Ok(())
    }

    /// Records that this import updated or merged into the registered
    /// `fellows`, one narrow row each (those it creates carry its id).
    async fn link(&self, fellows: &[Uuid]) -> StoreResult<()> {
        let (tenant_id, import_id) = (self.planner.actor.tenant_id, self.import_id);
        let rows: Vec<import_fellow::Model> =
            fellows.iter().map(|&fellow_id| import_fellow::Model { tenant_id, import_id, fellow_id }).collect();
        insert_models(&*self.tx, &rows).await?;
        Ok(())
    }

    /// Writes what is held, audits the import as one event and commits.
    pub async fn finish(mut self, source: &ImportSource) -> StoreResult<(ImportPlan, ImportCounts)> {
        if self.next != self.planner.rows.len() {
            return Err(StoreError::invalid(
                "文件在检查之后有变动，请重新上传",
                "The file changed after it was checked; upload it again",
            ));
        }
        let mut held: Vec<(usize, FellowDraft)> = std::mem::take(&mut self.held).into_iter().collect();
        held.sort_by_key(|(ordinal, _)| *ordinal);
        self.batch.extend(held.into_iter().map(|(_, draft)| BulkFellow::new(draft)));
        self.flush().await?;
        let mut touched = std::mem::take(&mut self.touched);
        touched.sort_unstable();
        touched.dedup();
        self.link(&touched).await?;
        let (plan, counts, actor) = (&self.planner.plan, self.counts, &self.planner.actor);
        let detail = json!({
            "file": source.file_name, "sha256": source.sha256,
            "rows": source.rows_in_file, "rejected": source.rejected_in_file + plan.refused.len(),
            "duplicates_in_file": plan.in_file.len(), "duplicates_in_registry": plan.in_registry.len(),
            "created": counts.created, "updated": counts.updated, "merged": counts.merged, "skipped": counts.skipped,
        });
        let event = AuditEvent::new(AuditAction::FellowImport, "import", self.import_id, detail);
        record(&*self.tx, actor.tenant_id, actor, event).await?;
        if let Some(job) = self.job {
            super::jobs::record_counts(&*self.tx, actor, job, &counts).await?;
        }
        self.tx.commit().await?;
        self.store.after_bulk_write((counts.created + counts.updated + counts.merged) as u64).await;
        Ok((self.planner.plan, counts))
    }
}

fn tally(counts: &mut ImportCounts, action: DuplicateAction) {
    match action {
        DuplicateAction::Skip => counts.skipped += 1,
        DuplicateAction::Update => counts.updated += 1,
        DuplicateAction::Merge => counts.merged += 1,
    }
}

/// Updates or merges a row into a registered fellow: their record as a draft
/// takes the row in (`FellowDraft::absorb`) and is written back.
async fn absorb_into(
    tx: &WriteTx,
    key: &FieldKey,
    tenant_id: Uuid,
    id: Uuid,
    row: &FellowDraft,
    action: DuplicateAction,
) -> StoreResult<()> {
    let before = fellow::Entity::find_by_id((tenant_id, id)).one(&**tx).await?.ok_or(StoreError::NotFound)?;
    let mut draft = draft_of(key, &before);
    draft.absorb(row, action);
    let companies = crate::fellows::links::company_names(&**tx, tenant_id, id).await?;
    let changed = new_model(key, tenant_id, id, before.unit_id, "", &draft, before.search_rowid);
    fellow::Entity::update_many()
        .set(replacement(changed, &companies, before.version))
        .filter(fellow::Column::TenantId.eq(tenant_id))
        .filter(fellow::Column::Id.eq(id))
        .exec(&**tx)
        .await?;
    Ok(())
}

/// A stored fellow as a draft: its values decrypted and read back (they were
/// checked when written).
fn draft_of(key: &FieldKey, f: &fellow::Model) -> FellowDraft {
    let open = |sealed: &Option<String>| sealed.as_deref().and_then(|s| key.decrypt(s));
    FellowDraft {
        name: f.name.clone(),
        gender: f.gender.as_deref().and_then(Gender::parse),
        birth_date: f.birth_date,
        category: Category::parse(&f.category).unwrap_or(Category::IndustryCommerce),
        township_id: f.township_id.unwrap_or(f.unit_id),
        village_id: f.village_id,
        province: f.province.clone(),
        city: f.city.clone(),
        district: f.district.clone(),
        employer: f.employer.clone(),
        title: f.title.clone(),
        industry: f.industry.clone(),
        phone: open(&f.phone_enc).and_then(|p| Phone::parse(&p).ok()),
        id_number: open(&f.id_number_enc).and_then(|p| IdNumber::parse(&p).ok()),
        wechat: open(&f.wechat_enc).and_then(|p| WeChatId::parse(&p).ok()),
        email: open(&f.email_enc).and_then(|p| Email::parse(&p).ok()),
        tags: f.tags.split_whitespace().map(str::to_string).collect(),
        status: FellowStatus::parse(&f.status).unwrap_or(FellowStatus::Active),
        source: f.source.clone(),
        notes: f.notes.clone(),
        consent: f.consent,
    }
}
