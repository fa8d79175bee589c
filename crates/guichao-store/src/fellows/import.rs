//! Importing fellows from a spreadsheet. The rows arrive parsed and checked
//! (`guichao-sheets`); here they meet the registry: the importing user may
//! only add fellows of units they manage, rows that describe the same person
//! as an earlier row or as a fellow already registered are duplicates, and
//! each duplicate is skipped, updates, or merges into the record it matches
//! (`DuplicateAction`, chosen for the import and row by row).
//!
//! Files may hold a million rows, so nothing here keeps whole rows. Planning
//! (the dry run) keeps a row's number, its fate and 128-bit hashes of its
//! duplicate keys; committing reads the file again and streams its rows into
//! one write transaction ([`ImportSession`]), holding only the first rows of
//! in-file duplicates that update or merge. Everything is written or nothing.

use super::bulk::BulkFellow;
use super::duplicates::DuplicateReason;
use super::personal::PersonalField;
use super::scope::visible;
use super::write::{new_model, replacement};
use crate::audit::{AuditEvent, record};
use crate::crypto::FieldKey;
use crate::entities::{fellow, org_unit};
use crate::{Actor, Store, StoreError, StoreResult, WriteTx};
use guichao_domain::Msg;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{
    Category, DuplicateAction, Email, FellowDraft, FellowStatus, Gender, IdNumber, Phone, WeChatId,
};
use guichao_domain::org::UnitLevel;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use uuid::Uuid;

/// Registered fellows read per query while looking for duplicates.
const REGISTRY_PAGE: u64 = 5_000;
/// New fellows written per bulk call inside the import's transaction.
const WRITE_BATCH: usize = 20_000;

/// A township or village a fellow of the tenant may call home, and whether
/// the importing user may add fellows there.
#[derive(Debug, Clone, Serialize)]
pub struct FellowHome {
    pub id: Uuid,
    pub name: String,
    pub level: UnitLevel,
    pub parent_id: Option<Uuid>,
    pub managed: bool,
}

/// A row the registry refuses (its home is not a unit the user manages).
#[derive(Debug, Clone, Serialize)]
pub struct RefusedRow {
    pub row: u64,
    pub reason: Msg,
}

/// A row describing the same person as an earlier row of the file.
#[derive(Debug, Clone, Serialize)]
pub struct FileDuplicate {
    pub row: u64,
    pub first_row: u64,
    pub reason: DuplicateReason,
    pub action: DuplicateAction,
}

/// A row describing a fellow already registered (and visible to the user).
#[derive(Debug, Clone, Serialize)]
pub struct RegistryDuplicate {
    pub row: u64,
    pub fellow_id: Uuid,
    pub name: String,
    pub reason: DuplicateReason,
    pub action: DuplicateAction,
}

/// What an import would do (the dry run), or did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportPlan {
    /// Rows given to the store.
    pub rows: usize,
    /// Rows that become new fellows.
    pub new: usize,
    pub refused: Vec<RefusedRow>,
    pub in_file: Vec<FileDuplicate>,
    pub in_registry: Vec<RegistryDuplicate>,
}

/// What a commit wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub created: usize,
    pub updated: usize,
    pub merged: usize,
    pub skipped: usize,
}

/// The file an import came from, for its audit event.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSource {
    pub file_name: String,
    pub sha256: String,
    /// Data rows in the file, and those the file's checks rejected before the store saw them.
    pub rows_in_file: usize,
    pub rejected_in_file: usize,
}

/// What becomes of one row.
#[derive(Debug, Clone, Copy)]
enum Fate {
    New,
    Refused,
    /// Joins the row of this ordinal.
    SameAs(usize),
    /// Meets the registered fellow of this index in `Planner::registered`.
    Registered(usize),
}

/// A duplicate key, hashed to 128 bits: the phone's or ID number's blind
/// index, or name + birth year + township. For imports a name and township
/// with no birth year on either side also match, so that re-importing a
/// roster without years does not double it.
type KeyHash = u128;

fn key_hash(kind: DuplicateReason, parts: impl Hash) -> KeyHash {
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        (salt, kind, &parts).hash(&mut h);
        h.finish() as u128
    };
    (half(1) << 64) | half(2)
}

fn draft_keys(key: &FieldKey, tenant_id: Uuid, d: &FellowDraft) -> Vec<(KeyHash, DuplicateReason)> {
    let mut keys = Vec::with_capacity(3);
    if let Some(p) = &d.phone {
        let index = key.blind_index(tenant_id, PersonalField::Phone.code(), p.as_str());
        keys.push((key_hash(DuplicateReason::SamePhone, index), DuplicateReason::SamePhone));
    }
    if let Some(i) = &d.id_number {
        let index = key.blind_index(tenant_id, PersonalField::IdNumber.code(), i.as_str());
        keys.push((key_hash(DuplicateReason::SameIdNumber, index), DuplicateReason::SameIdNumber));
    }
    let reason = DuplicateReason::SameNameBirthYearTownship;
    keys.push((key_hash(reason, (&d.name, d.birth_year(), Some(d.township_id))), reason));
    keys
}

/// The keys of a registered fellow, as [`draft_keys`] hashes them.
#[derive(Debug, sea_orm::FromQueryResult)]
struct RegisteredKeys {
    id: Uuid,
    name: String,
    birth_year: Option<i32>,
    township_id: Option<Uuid>,
    phone_idx: Option<String>,
    id_number_idx: Option<String>,
}

impl RegisteredKeys {
    fn hashes(&self) -> Vec<(KeyHash, DuplicateReason)> {
        let mut keys = Vec::with_capacity(3);
        if let Some(p) = &self.phone_idx {
            keys.push((key_hash(DuplicateReason::SamePhone, p), DuplicateReason::SamePhone));
        }
        if let Some(i) = &self.id_number_idx {
            keys.push((key_hash(DuplicateReason::SameIdNumber, i), DuplicateReason::SameIdNumber));
        }
        let reason = DuplicateReason::SameNameBirthYearTownship;
        keys.push((key_hash(reason, (&self.name, self.birth_year, self.township_id)), reason));
        keys
    }
}

/// The dry run of an import, fed one checked row at a time (in file order).
pub struct ImportPlanner {
    actor: Actor,
    key: FieldKey,
    default: DuplicateAction,
    homes: HashMap<Uuid, (org_unit::Model, bool)>,
    rows: Vec<u64>,
    fates: Vec<Fate>,
    actions: Vec<Option<DuplicateAction>>,
    /// Each key of an accepted row, to the first row that had it.
    first_by_key: HashMap<KeyHash, usize>,
    /// The registered fellows matched, by index.
    registered: Vec<(Uuid, String)>,
    plan: ImportPlan,
}

impl Store {
    /// The tenant's townships and villages, each marked with whether `actor`
    /// may add fellows there.
    pub async fn fellow_homes(&self, actor: &Actor) -> StoreResult<Vec<FellowHome>> {
        let write = actor.scope(Permission::FellowWrite)?;
        let units = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(actor.tenant_id))
            .order_by_asc(org_unit::Column::Path)
            .all(&self.db)
            .await?;
        Ok(units
            .into_iter()
            .filter_map(|u| {
                let level = UnitLevel::parse(&u.level).filter(|l| *l != UnitLevel::County)?;
                let managed = write.covers_path(u.id, &u.path);
                Some(FellowHome { id: u.id, name: u.name, level, parent_id: u.parent_id, managed })
            })
            .collect())
    }

    /// Starts the dry run of an import by `actor`; `default` is the action
    /// for duplicates whose row names none.
    pub async fn import_planner(&self, actor: &Actor, default: DuplicateAction) -> StoreResult<ImportPlanner> {
        let write = actor.scope(Permission::FellowWrite)?;
        let homes = org_unit::Entity::find()
            .filter(org_unit::Column::TenantId.eq(actor.tenant_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| {
                let managed = write.covers_path(u.id, &u.path);
                (u.id, (u, managed))
            })
            .collect();
        Ok(ImportPlanner {
            actor: actor.clone(),
            key: self.field_key()?.clone(),
            default,
            homes,
            rows: Vec::new(),
            fates: Vec::new(),
            actions: Vec::new(),
            first_by_key: HashMap::new(),
            registered: Vec::new(),
            plan: ImportPlan::default(),
        })
    }
}

impl ImportPlanner {
    /// Takes the next checked row of the file.
    pub fn add(&mut self, row: u64, draft: &FellowDraft, action: Option<DuplicateAction>) {
        let ordinal = self.rows.len();
        self.rows.push(row);
        self.actions.push(action);
        let fate = if let Err(reason) = self.home_managed(draft) {
            self.plan.refused.push(RefusedRow { row, reason });
            Fate::Refused
        } else {
            let keys = draft_keys(&self.key, self.actor.tenant_id, draft);
            match keys.iter().find_map(|(k, reason)| self.first_by_key.get(k).map(|first| (*first, *reason))) {
                Some((first, reason)) => {
                    let action = action.unwrap_or(self.default);
                    let first_row = self.rows[first];
                    self.plan.in_file.push(FileDuplicate { row, first_row, reason, action });
                    Fate::SameAs(first)
                }
                None => {
                    for (k, _) in keys {
                        self.first_by_key.entry(k).or_insert(ordinal);
                    }
                    Fate::New
                }
            }
        };
        self.fates.push(fate);
    }

    /// The plan as it stands (complete after [`ImportPlanner::finish`]).
    pub fn plan(&self) -> &ImportPlan {
        &self.plan
    }

    /// Sets the action for the duplicate in row `row` (a choice made in the
    /// preview); rows that are not duplicates ignore it.
    pub fn set_action(&mut self, row: u64, action: DuplicateAction) {
        let Ok(ordinal) = self.rows.binary_search(&row) else { return };
        self.actions[ordinal] = Some(action);
        for d in self.plan.in_file.iter_mut().filter(|d| d.row == row) {
            d.action = action;
        }
        for d in self.plan.in_registry.iter_mut().filter(|d| d.row == row) {
            d.action = action;
        }
    }

    /// Whether the draft's home is a township of the tenant (and its village
    /// one of that township's) that the actor may add fellows to.
    fn home_managed(&self, d: &FellowDraft) -> Result<(), Msg> {
        let township = self.homes.get(&d.township_id).filter(|(u, _)| u.level == UnitLevel::Township.code());
        let Some((township, _)) = township else {
            return Err(Msg::new("乡镇不在本县的乡镇名单中", "The township is not one of the county's"));
        };
        let home = match d.village_id {
            None => self.homes.get(&township.id),
            Some(v) => match self.homes.get(&v).filter(|(u, _)| u.parent_id == Some(township.id)) {
                Some(village) => Some(village),
                None => return Err(Msg::new("该村（社区）不属于所填乡镇", "The village is not in that township")),
            },
        };
        match home {
            Some((_, true)) => Ok(()),
            _ => Err(Msg::new(
                format!("{}不在您的管理范围内，不能导入该乡镇的乡友", township.name),
                format!("{} is outside what you manage; you cannot import its fellows", township.name),
            )),
        }
    }

    /// Looks for the rows still new among the registered fellows the actor
    /// may see, and returns the plan.
    pub async fn finish(&mut self, store: &Store) -> StoreResult<ImportPlan> {
        self.match_registry(&store.db).await?;
        Ok(self.plan.clone())
    }

    async fn match_registry(&mut self, db: &impl ConnectionTrait) -> StoreResult<()> {
        for fate in &mut self.fates {
            if let Fate::Registered(_) = fate {
                *fate = Fate::New;
            }
        }
        self.registered.clear();
        self.plan.in_registry.clear();
        if !self.first_by_key.is_empty() {
            let read = self.actor.scope(Permission::FellowRead)?;
            let mut after: Option<Uuid> = None;
            loop {
                let mut find = fellow::Entity::find()
                    .select_only()
                    .columns([
                        fellow::Column::Id,
                        fellow::Column::Name,
                        fellow::Column::BirthYear,
                        fellow::Column::TownshipId,
                        fellow::Column::PhoneIdx,
                        fellow::Column::IdNumberIdx,
                    ])
                    .filter(visible(&read))
                    .filter(fellow::Column::ArchivedAt.is_null());
                if let Some(id) = after {
                    find = find.filter(fellow::Column::Id.gt(id));
                }
                let page: Vec<RegisteredKeys> =
                    find.order_by_asc(fellow::Column::Id).limit(REGISTRY_PAGE).into_model().all(db).await?;
                let Some(last) = page.last() else { break };
                after = Some(last.id);
                for known in &page {
                    self.meet(known);
                }
            }
        }
        self.plan.in_registry.sort_by_key(|d| d.row);
        self.plan.rows = self.rows.len();
        self.plan.new = self.fates.iter().filter(|f| matches!(f, Fate::New)).count();
        Ok(())
    }

    /// Marks the new rows that share a key with a registered fellow.
    fn meet(&mut self, known: &RegisteredKeys) {
        for (k, reason) in known.hashes() {
            let Some(&ordinal) = self.first_by_key.get(&k) else { continue };
            if !matches!(self.fates[ordinal], Fate::New) {
                continue;
            }
            let index = self.registered.len();
            self.registered.push((known.id, known.name.clone()));
            self.fates[ordinal] = Fate::Registered(index);
            let action = self.actions[ordinal].unwrap_or(self.default);
            self.plan.in_registry.push(RegistryDuplicate {
                row: self.rows[ordinal],
                fellow_id: known.id,
                name: known.name.clone(),
                reason,
                action,
            });
        }
    }
}

/// A commit in progress: one write transaction, fed the file's rows again in
/// the order they were planned. Dropped without [`ImportSession::finish`],
/// nothing is written.
pub struct ImportSession<'a> {
    store: &'a Store,
    tx: WriteTx,
    planner: ImportPlanner,
    /// Ordinal of the next row expected.
    next: usize,
    /// First rows that later rows update or merge into, written at the end.
    held: HashMap<usize, FellowDraft>,
    /// Which first rows have such later rows.
    joined: std::collections::HashSet<usize>,
    batch: Vec<BulkFellow>,
    counts: ImportCounts,
    progress: &'a (dyn Fn(usize) + Sync),
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
        })
    }
}

impl ImportSession<'_> {
    /// Who is importing.
    pub fn actor(&self) -> &Actor {
        &self.planner.actor
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
                }
            }
            Fate::Registered(index) => {
                tally(&mut self.counts, action);
                if action != DuplicateAction::Skip {
                    let id = self.planner.registered[index].0;
                    absorb_into(&self.tx, &self.planner.key, self.planner.actor.tenant_id, id, &draft, action).await?;
                    (self.progress)(1);
                }
            }
        }
        Ok(())
    }

    async fn flush(&mut self) -> StoreResult<()> {
        let batch = std::mem::take(&mut self.batch);
        let tenant_id = self.planner.actor.tenant_id;
        self.counts.created += self.store.bulk_write(&self.tx, tenant_id, batch, self.progress).await?.fellows;
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
        let (plan, counts, actor) = (&self.planner.plan, self.counts, &self.planner.actor);
        let detail = json!({
            "file": source.file_name, "sha256": source.sha256,
            "rows": source.rows_in_file, "rejected": source.rejected_in_file + plan.refused.len(),
            "duplicates_in_file": plan.in_file.len(), "duplicates_in_registry": plan.in_registry.len(),
            "created": counts.created, "updated": counts.updated, "merged": counts.merged, "skipped": counts.skipped,
        });
        let event = AuditEvent::new("fellow.import", "tenant", actor.tenant_id, detail);
        record(&*self.tx, actor.tenant_id, actor, event).await?;
        self.tx.commit().await?;
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
    let companies = super::links::company_names(&**tx, tenant_id, id).await?;
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
