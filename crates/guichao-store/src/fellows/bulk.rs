//! The bulk writer: many fellows, with what hangs off them (companies, chamber
//! memberships, held roles, liaison assignments), in one transaction — for the
//! demo county, scale data and (later) spreadsheet commits.
//!
//! A call is all or nothing: callers that load millions of rows cut them into
//! calls of some thousands. Each fellow is built by the same `new_model` as
//! `create_fellow`, so encryption, blind indexes and tokens cannot drift
//! apart; rows go out as multi-row `INSERT`s of at most [`MAX_PARAMS`] bound
//! values (SQLite refuses more than 32,766), and the next batch is built on
//! another thread while the database writes the current one.
//!
//! On SQLite the rows go through a staging table and into `fellows` by one
//! `INSERT ... SELECT` for every [`stage::STAGE_ROWS`] rows, so that SQLite's
//! statement journal copies each index page once, not once per statement
//! (`stage.rs`). The full-text rows of a call are written by one
//! `INSERT INTO fellow_fts ... SELECT` instead of the insert trigger, inside
//! the same transaction (the trigger is dropped and re-created from its own
//! stored text, so a rollback or a crash leaves it as it was). Measured, this
//! takes a third off SQLite's time for a batch (docs/PERFORMANCE.md).

mod links;
#[cfg(feature = "system")]
mod load;
#[cfg(feature = "system")]
mod org;
pub(super) mod sql;
mod stage;

#[cfg(feature = "system")]
pub use org::{BulkChamber, BulkOffice, BulkUser};
pub(crate) use sql::{insert_models, size_cache, take_trigger};

use super::scope::fellow_tokens;
use super::write::{new_model, search_tokens};
use crate::crypto::FieldKey;
use crate::entities::{fellow, org_unit};
use crate::{Backend, Store, StoreError, StoreResult, WriteTx};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::chambers::MemberPosition;
use guichao_domain::fellows::{CompanyRole, CreditCode, FellowDraft, HeldRole};
use guichao_domain::ids::new_id;
use guichao_domain::liaison::LiaisonLevel;
use guichao_domain::org::UnitLevel;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, Iterable, QueryFilter};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

pub use sql::MAX_PARAMS;

/// One fellow to write, with their ties. `id` is chosen by the caller (a fresh
/// UUIDv7 from [`BulkFellow::new`]) so that later calls can refer to the fellow.
#[derive(Debug, Clone)]
pub struct BulkFellow {
    pub id: Uuid,
    pub draft: FellowDraft,
    pub companies: Vec<BulkCompany>,
    pub memberships: Vec<BulkMembership>,
    pub roles: Vec<BulkHeldRole>,
    pub assignments: Vec<BulkAssignment>,
}

impl BulkFellow {
    /// A fellow with a fresh id and no ties.
    pub fn new(draft: FellowDraft) -> BulkFellow {
        BulkFellow { id: new_id(), draft, companies: vec![], memberships: vec![], roles: vec![], assignments: vec![] }
    }
}

/// A company the fellow is tied to. A company the tenant already knows (same
/// credit code, or same name when there is no code) is reused, as
/// `link_company` does; so is one named twice in the same call.
#[derive(Debug, Clone)]
pub struct BulkCompany {
    pub name: String,
    pub credit_code: Option<CreditCode>,
    pub industry: String,
    pub city: String,
    pub role: CompanyRole,
}

/// Membership of a chamber that exists already (or was written by an earlier call).
#[derive(Debug, Clone)]
pub struct BulkMembership {
    pub chamber_id: Uuid,
    pub position: MemberPosition,
    pub since: Option<NaiveDate>,
}

/// A role held with its dates.
#[derive(Debug, Clone)]
pub struct BulkHeldRole {
    pub role: HeldRole,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub note: String,
}

/// A live liaison assignment: the cadre (a user of the tenant) keeps in touch
/// at `level` every `cycle_days`. It is written into the fellow's scope tokens
/// at once, so the cadre finds the fellow in a search.
#[derive(Debug, Clone)]
pub struct BulkAssignment {
    pub cadre_id: Uuid,
    pub level: LiaisonLevel,
    pub cycle_days: i32,
    pub started_at: DateTime<Utc>,
}

/// What a bulk call wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BulkCounts {
    pub fellows: usize,
    pub companies: usize,
    pub company_links: usize,
    pub memberships: usize,
    pub roles: usize,
    pub assignments: usize,
}

/// A unit of the tenant as a fellow's home: its level, parent and path.
struct Home {
    level: String,
    parent_id: Option<Uuid>,
    path: String,
}

/// What building a batch needs, shared with the thread that builds it.
struct Builder {
    key: FieldKey,
    tenant_id: Uuid,
    homes: HashMap<Uuid, Home>,
    first_rowid: Option<i64>,
    /// The import writing the rows, if one is.
    import_id: Option<Uuid>,
}

/// A batch of rows, numbered from the start of the call, with their home units.
type Batch = Vec<(usize, BulkFellow, Uuid)>;

impl Builder {
    /// The fellows' rows for `batch`, as `create_fellow` would build them, plus
    /// their linked companies' names and live cadres in the tokens.
    fn build(&self, batch: &Batch) -> Vec<fellow::Model> {
        let mut models = Vec::with_capacity(batch.len());
        for (i, row, unit_id) in batch {
            let path = &self.homes[unit_id].path;
            let rowid = self.first_rowid.map(|first| first + *i as i64);
            let mut model = new_model(&self.key, self.tenant_id, row.id, *unit_id, path, &row.draft, rowid);
            model.import_id = self.import_id;
            // A company named like the employer adds no tokens: skip the rebuild.
            if row.companies.iter().any(|c| c.name != model.employer) {
                let names: Vec<String> = row.companies.iter().map(|c| c.name.clone()).collect();
                model.search_tokens = search_tokens(&model, &names);
            }
            if !row.assignments.is_empty() {
                let cadres: Vec<Uuid> = row.assignments.iter().map(|a| a.cadre_id).collect();
                model.scope_tokens = fellow_tokens(self.tenant_id, path, *unit_id, &cadres);
            }
            models.push(model);
        }
        models
    }
}

impl Store {
    /// The bulk write itself, inside the caller's transaction (which audits
    /// it); the fellows are marked as created by `import_id` when given.
    pub(crate) async fn bulk_write(
        &self,
        tx: &WriteTx,
        tenant_id: Uuid,
        import_id: Option<Uuid>,
        rows: Vec<BulkFellow>,
        progress: &(dyn Fn(usize) + Sync),
    ) -> StoreResult<BulkCounts> {
        if rows.is_empty() {
            return Ok(BulkCounts::default());
        }
        let key = self.field_key()?.clone();
        let homes = homes(&**tx, tenant_id).await?;
        let mut numbered = Vec::with_capacity(rows.len());
        for (i, row) in rows.into_iter().enumerate() {
            let unit_id = home_of(&homes, &row.draft, i)?;
            numbered.push((i, row, unit_id));
        }
        let total = numbered.len();
        let sqlite = self.backend() == Backend::Sqlite;
        let trigger = if sqlite { sql::prepare_sqlite(&**tx, total).await? } else { None };
        let first_rowid = self.next_search_rowid(&**tx).await?;
        let builder = Arc::new(Builder { key, tenant_id, homes, first_rowid, import_id });
        let per_batch = MAX_PARAMS / fellow::Column::iter().count();
        let mut batches: Vec<Batch> = Vec::new();
        let mut rest = numbered.into_iter().peekable();
        while rest.peek().is_some() {
            batches.push(rest.by_ref().take(per_batch).collect());
        }
        let mut ties = links::Ties::default();
        let mut batches = batches.into_iter();
        let build = |batch: Batch| {
            let builder = builder.clone();
            tokio::task::spawn_blocking(move || {
                let models = builder.build(&batch);
                (batch, sql::rows(&models))
            })
        };
        let mut next = batches.next().map(build);
        if sqlite {
            stage::open(&**tx).await?;
        }
        let mut staged = 0;
        while let Some(pending) = next.take() {
            let (batch, values) = pending.await.map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string())))?;
            // The next batch is built while this one is written.
            next = batches.next().map(build);
            let written = batch.len();
            for (i, row, _) in batch {
                ties.add(tenant_id, i + 1, row)?;
            }
            if sqlite {
                sql::insert_rows_into::<fellow::Entity>(&**tx, stage::STAGE, written, values).await?;
                staged += written;
                if staged >= stage::STAGE_ROWS {
                    stage::flush(&**tx).await?;
                    staged = 0;
                }
            } else {
                sql::insert_rows::<fellow::Entity>(&**tx, written, values).await?;
            }
            progress(written);
        }
        if sqlite {
            if staged > 0 {
                stage::flush(&**tx).await?;
            }
            stage::close(&**tx).await?;
        }
        if let (Some(trigger), Some(first)) = (&trigger, first_rowid) {
            sql::index_sqlite(&**tx, trigger, first, first + total as i64 - 1).await?;
        }
        Ok(BulkCounts { fellows: total, ..ties.write(&**tx, tenant_id).await? })
    }

    /// After a large load: merges the SQLite full-text index into one segment
    /// and refreshes the planner's statistics. On PostgreSQL `VACUUM` as well:
    /// it empties the GIN indexes' pending lists, which every search would
    /// otherwise scan (where autovacuum is off, searches on 1,000,000 fellows
    /// took up to twice as long before it).
    pub async fn optimize_search_index(&self) -> StoreResult<()> {
        let statements: &[&str] = match self.backend() {
            Backend::Sqlite => &["INSERT INTO fellow_fts(fellow_fts) VALUES ('optimize')", "ANALYZE"],
            Backend::Postgres => &["VACUUM (ANALYZE)"],
        };
        for sql in statements {
            self.db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}

/// Every unit of the tenant, by id.
async fn homes(db: &impl ConnectionTrait, tenant_id: Uuid) -> StoreResult<HashMap<Uuid, Home>> {
    Ok(org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, Home { level: u.level, parent_id: u.parent_id, path: u.path }))
        .collect())
}

/// The rule of `write::home_unit`, against the cached units: the township is
/// one of the tenant's, the village (if any) lies in it.
fn home_of(homes: &HashMap<Uuid, Home>, draft: &FellowDraft, i: usize) -> StoreResult<Uuid> {
    let n = i + 1;
    let township = homes.get(&draft.township_id).filter(|u| u.level == UnitLevel::Township.code());
    if township.is_none() {
        return Err(StoreError::invalid(
            format!("第{n}条：请选择所属乡镇"),
            format!("Row {n}: choose the home township"),
        ));
    }
    match draft.village_id {
        None => Ok(draft.township_id),
        Some(v) if homes.get(&v).is_some_and(|u| u.parent_id == Some(draft.township_id)) => Ok(v),
        Some(_) => Err(StoreError::invalid(
            format!("第{n}条：所选村（社区）不属于该乡镇"),
            format!("Row {n}: the village is not in that township"),
        )),
    }
}
