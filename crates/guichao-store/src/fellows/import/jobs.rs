//! Import jobs: a checked roster waiting for the user's go, kept in the
//! database so that a restart of the server (or a request answered by another
//! node) does not lose it. The job keeps the file, because the commit reads
//! it again, and the choices made so far; the check's report is not kept, the
//! server rebuilds it by checking the file again.
//!
//! A job is its uploader's alone: every read names the actor's tenant and
//! user. It expires a day after the check; expired jobs are deleted when
//! looked up and whenever the tenant starts a new one. The commit claims the
//! job inside its own transaction ([`ImportSession::complete_job`]), so a job
//! is committed once at most, and a commit cut short leaves it waiting.

use super::ImportCounts;
use super::session::ImportSession;
use crate::entities::import_job;
use crate::fellows::Fellows;
use crate::{Actor, StoreError, StoreResult, now};
use chrono::{DateTime, Duration, Utc};
use guichao_domain::access::Permission;
use guichao_domain::fellows::DuplicateAction;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// How long a checked import waits for its commit.
pub const IMPORT_JOB_LIFETIME: Duration = Duration::days(1);

const CHECKED: &str = "checked";
const DONE: &str = "done";

/// Where a stored job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportJobState {
    /// Checked, waiting for the commit.
    Checked,
    /// Committed; the file is gone and the counts are kept.
    Done(ImportCounts),
}

/// A job to keep, as the check leaves it.
pub struct NewImportJob<'a> {
    pub id: Uuid,
    pub file_name: &'a str,
    pub file: &'a [u8],
    pub default_action: DuplicateAction,
    pub unknown_to_notes: bool,
    /// The column mapping the clerk chose: each column's field code, `None`
    /// for a column left out; `None` for the detected mapping.
    pub mapping: Option<Vec<Option<String>>>,
}

/// A stored job, as its user left it.
#[derive(Debug, Clone)]
pub struct ImportJob {
    pub id: Uuid,
    pub file_name: String,
    /// The uploaded file (empty once done).
    pub file: Vec<u8>,
    pub default_action: DuplicateAction,
    pub unknown_to_notes: bool,
    /// The actions chosen row by row on the preview.
    pub actions: BTreeMap<u64, DuplicateAction>,
    /// The column mapping the clerk chose, as [`NewImportJob::mapping`].
    pub mapping: Option<Vec<Option<String>>>,
    /// The warned rows whose own gender and birth date the clerk keeps.
    pub kept: BTreeSet<u64>,
    pub state: ImportJobState,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

fn gone() -> StoreError {
    StoreError::conflict(
        "这次导入已经提交或已过期，请重新上传文件",
        "This import was already committed or has expired; upload the file again",
    )
}

/// `actor`'s own job `id`: the tenant, the id and the user.
fn own(actor: &Actor, id: Uuid) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(import_job::Column::TenantId.eq(actor.tenant_id))
        .add(import_job::Column::Id.eq(id))
        .add(import_job::Column::UserId.eq(actor.user_id))
}

impl ImportSession<'_> {
    /// Makes this commit the one of stored job `id`: claimed inside the
    /// commit's transaction, so that a second commit of the same job (a
    /// double click, another node) finds it done, and a commit that fails or
    /// is cut short leaves it waiting. Call before adding rows.
    pub async fn complete_job(&mut self, id: Uuid) -> StoreResult<()> {
        let actor = &self.planner.actor;
        let claimed = import_job::Entity::update_many()
            .col_expr(import_job::Column::State, Expr::value(DONE))
            .col_expr(import_job::Column::File, Expr::value(Vec::<u8>::new()))
            .filter(own(actor, id))
            .filter(import_job::Column::State.eq(CHECKED))
            .filter(import_job::Column::ExpiresAt.gt(now()))
            .exec(&*self.tx)
            .await?;
        if claimed.rows_affected == 0 {
            return Err(gone());
        }
        self.job = Some(id);
        self.import_id = id;
        Ok(())
    }
}

/// Records what the commit of job `id` wrote, inside the commit's transaction.
pub(super) async fn record_counts(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    counts: &ImportCounts,
) -> StoreResult<()> {
    let json = serde_json::to_string(counts).expect("counts serialise");
    import_job::Entity::update_many()
        .col_expr(import_job::Column::Counts, Expr::value(json))
        .filter(own(actor, id))
        .exec(db)
        .await?;
    Ok(())
}

fn job_of(row: import_job::Model) -> StoreResult<ImportJob> {
    let id = row.id;
    let broken = |what: &str| StoreError::Db(DbErr::Custom(format!("import job {id}: unreadable {what}")));
    let default_action = DuplicateAction::parse(&row.default_action).ok_or_else(|| broken("default action"))?;
    let codes: BTreeMap<u64, String> = serde_json::from_str(&row.actions).map_err(|_| broken("actions"))?;
    let actions = codes
        .into_iter()
        .map(|(r, code)| DuplicateAction::parse(&code).map(|a| (r, a)).ok_or_else(|| broken("actions")))
        .collect::<StoreResult<_>>()?;
    let mapping = match &row.mapping {
        Some(json) => Some(serde_json::from_str(json).map_err(|_| broken("mapping"))?),
        None => None,
    };
    let kept = serde_json::from_str(&row.kept).map_err(|_| broken("kept rows"))?;
    let state = match (row.state.as_str(), &row.counts) {
        (CHECKED, _) => ImportJobState::Checked,
        (DONE, Some(c)) => ImportJobState::Done(serde_json::from_str(c).map_err(|_| broken("counts"))?),
        _ => return Err(broken("state")),
    };
    Ok(ImportJob {
        id: row.id,
        file_name: row.file_name,
        file: row.file,
        default_action,
        unknown_to_notes: row.unknown_to_notes,
        actions,
        mapping,
        kept,
        state,
        created_at: row.created_at,
        expires_at: row.expires_at,
    })
}

impl Fellows<'_> {
    /// Keeps a checked import of `actor`'s for a day, and deletes the
    /// tenant's expired ones.
    pub async fn save_import_job(&self, job: NewImportJob<'_>) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::FellowWrite)?;
        let at = now();
        let tx = store.begin_write().await?;
        import_job::Entity::delete_many()
            .filter(import_job::Column::TenantId.eq(actor.tenant_id))
            .filter(import_job::Column::ExpiresAt.lte(at))
            .exec(&*tx)
            .await?;
        let row = import_job::ActiveModel {
            tenant_id: Set(actor.tenant_id),
            id: Set(job.id),
            user_id: Set(actor.user_id),
            file_name: Set(job.file_name.to_string()),
            file: Set(job.file.to_vec()),
            default_action: Set(job.default_action.code().to_string()),
            unknown_to_notes: Set(job.unknown_to_notes),
            actions: Set("{}".into()),
            state: Set(CHECKED.into()),
            counts: Set(None),
            mapping: Set(job.mapping.as_ref().map(|m| serde_json::to_string(m).expect("codes serialise"))),
            kept: Set("[]".into()),
            created_at: Set(at),
            expires_at: Set(at + IMPORT_JOB_LIFETIME),
        };
        import_job::Entity::insert(row).exec_without_returning(&*tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// `actor`'s job `id`; another user's, an unknown or an expired one is not
    /// found (and an expired one is deleted).
    pub async fn import_job(&self, id: Uuid) -> StoreResult<ImportJob> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::FellowWrite)?;
        let row =
            import_job::Entity::find().filter(own(actor, id)).one(&store.db).await?.ok_or(StoreError::NotFound)?;
        if row.expires_at <= now() {
            let tx = store.begin_write().await?;
            import_job::Entity::delete_many().filter(own(actor, id)).exec(&*tx).await?;
            tx.commit().await?;
            return Err(StoreError::NotFound);
        }
        job_of(row)
    }

    /// Keeps the actions `actor` chose on the preview of job `id`, so that the
    /// preview shows them again after a restart. A job already committed is a
    /// conflict; another user's, an unknown or an expired one is not found.
    pub async fn set_import_job_actions(&self, id: Uuid, actions: &BTreeMap<u64, DuplicateAction>) -> StoreResult<()> {
        let codes: BTreeMap<u64, &str> = actions.iter().map(|(row, a)| (*row, a.code())).collect();
        let json = serde_json::to_string(&codes).expect("row numbers to codes serialise");
        self.set_checked_job_column(id, import_job::Column::Actions, json).await
    }

    /// Keeps the warned rows whose own gender and birth date `actor` chose to
    /// keep on the preview of job `id`, as [`Fellows::set_import_job_actions`]
    /// keeps the actions.
    pub async fn set_import_job_kept(&self, id: Uuid, kept: &BTreeSet<u64>) -> StoreResult<()> {
        let json = serde_json::to_string(kept).expect("row numbers serialise");
        self.set_checked_job_column(id, import_job::Column::Kept, json).await
    }

    /// Sets one column of the actor's own checked, unexpired job `id` (the
    /// errors as [`Fellows::set_import_job_actions`] says).
    async fn set_checked_job_column(&self, id: Uuid, column: import_job::Column, json: String) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        self.0.need(Permission::FellowWrite)?;
        let tx = store.begin_write().await?;
        let changed = import_job::Entity::update_many()
            .col_expr(column, Expr::value(json))
            .filter(own(actor, id))
            .filter(import_job::Column::State.eq(CHECKED))
            .filter(import_job::Column::ExpiresAt.gt(now()))
            .exec(&*tx)
            .await?;
        tx.commit().await?;
        if changed.rows_affected > 0 {
            return Ok(());
        }
        self.import_job(id).await?;
        Err(gone())
    }

    /// Moves a job's clock back, for tests of expiry.
    #[doc(hidden)]
    pub async fn age_import_job(&self, id: Uuid, by: Duration) -> StoreResult<()> {
        let (store, actor) = (self.store(), self.actor());
        let row =
            import_job::Entity::find().filter(own(actor, id)).one(&store.db).await?.ok_or(StoreError::NotFound)?;
        let tx = store.begin_write().await?;
        import_job::Entity::update_many()
            .col_expr(import_job::Column::CreatedAt, Expr::value(row.created_at - by))
            .col_expr(import_job::Column::ExpiresAt, Expr::value(row.expires_at - by))
            .filter(own(actor, id))
            .exec(&*tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
