//! Opening the database and starting write transactions.
//!
//! SQLite runs in WAL mode with foreign keys on and a busy timeout. Writers in
//! this process take one async lock and begin with `BEGIN IMMEDIATE`, so
//! concurrent requests queue for the write lock instead of failing with
//! "database is locked" when a read transaction tries to become a write one.

use crate::crypto::FieldKey;
use crate::migration::Migrator;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU8};
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// Bytes of the SQLite file each connection reads through a memory map
/// instead of copying pages into its own small cache: the pool's eight
/// connections then share the operating system's cache of the file. A TiB:
/// the whole file, however large (it costs address space, not memory). The
/// SQLite build's own cap is raised to match (`.cargo/config.toml`); under
/// its default cap of 2 GiB, some of the full-text pages of 1,000,000
/// fellows lay past the map, and a surname's count took 5.3 ms instead of
/// 3.6 (docs/PERFORMANCE.md, stop 15).
const MMAP_SIZE: u64 = 1 << 40;

/// Where SQLite keeps statement journals and temporary tables: in memory.
/// A multi-row `INSERT` with foreign keys keeps a statement journal of every
/// page it changes; on disk (SQLite's default past 64 KiB) the bulk writer
/// wrote it to a file in `/var/tmp`, page by page (docs/PERFORMANCE.md).
/// SQLite reads the setting when a transaction begins, so it is set for
/// every connection as it opens, not inside the bulk transaction.
const TEMP_STORE: &str = "memory";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The database handle shared by every request. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) db: DatabaseConnection,
    backend: Backend,
    /// The URL it was opened with (for `pg_dump`).
    #[cfg_attr(not(feature = "system"), allow(dead_code))]
    pub(crate) url: Arc<str>,
    write_lock: Arc<Mutex<()>>,
    field_key: Option<Arc<FieldKey>>,
    /// Password expiry and the disabling of unused accounts.
    account_policy: guichao_domain::auth::AccountPolicy,
    /// Where uploaded files are kept (service request documents).
    data_dir: Option<Arc<std::path::PathBuf>>,
    /// The append-only file of each day's audit heads (`audit::heads`).
    audit_heads: Option<Arc<std::path::PathBuf>>,
    /// What is known of the number of tenants (see [`Store::only_tenant`]).
    pub(crate) tenants: Arc<AtomicU8>,
    /// The highest search key this process has seen (0: not yet asked), for
    /// cutting a SQLite search count in parts (`fellows/search.rs`).
    pub(crate) search_keys: Arc<AtomicI64>,
    /// Campaign fellow counts remembered per membership version (`campaigns::counted`).
    pub(crate) member_counts: Arc<crate::campaigns::MemberCounts>,
}

/// A write transaction. On SQLite it also holds this process's write lock.
/// Dropping it without `commit` rolls back.
pub struct WriteTx {
    pub(crate) tx: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

impl Store {
    /// Opens the database named by `url`: `sqlite://FILE` (created if missing) or
    /// `postgres://...`.
    pub async fn connect(url: &str) -> Result<Store, DbErr> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(DbErr::Custom(format!(
                "unsupported database URL {url:?}: use sqlite://FILE or postgres://..."
            )));
        };
        let mut options = ConnectOptions::new(url.to_string());
        // `GUICHAO_SQL_LOG=1` (with `RUST_LOG=sqlx=info`) logs every statement
        // with its time, for finding a slow one.
        options
            .sqlx_logging(std::env::var_os("GUICHAO_SQL_LOG").is_some())
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(30));
        options.map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30))
                .pragma("mmap_size", MMAP_SIZE.to_string())
                .pragma("temp_store", TEMP_STORE)
        });
        // PostgreSQL plans each statement for its values, never one generic
        // plan after five runs: the best plan of a scoped read depends on
        // whose scope it is (a county reader's, a cadre's few hundred
        // fellows). Measured with it: docs/PERFORMANCE.md (stop 12); its
        // effect alone was not separated from the scope's own fixes.
        options.map_sqlx_postgres_opts(|o| o.options([("plan_cache_mode", "force_custom_plan")]));
        let db = Database::connect(options).await?;
        Ok(Store {
            db,
            backend,
            url: Arc::from(url),
            write_lock: Arc::new(Mutex::new(())),
            field_key: None,
            account_policy: Default::default(),
            data_dir: None,
            audit_heads: None,
            tenants: Arc::new(AtomicU8::new(0)),
            search_keys: Arc::new(AtomicI64::new(0)),
            member_counts: Arc::default(),
        })
    }

    /// Sets the key for personal data; without one, fellows' phones, ID numbers,
    /// WeChat ids and emails can be neither written nor read.
    ///
    /// The same master key keys the audit chain, process-wide (see
    /// `audit::chain`): a process holds one master key.
    pub fn with_field_key(mut self, key: FieldKey) -> Store {
        let key = Arc::new(key);
        crate::audit::install_chain_key(&key);
        self.field_key = Some(key);
        self
    }

    /// Sets the append-only file each day's audit heads are written to
    /// (beside the backups); `audit verify` then checks the chain against it.
    pub fn with_audit_heads(mut self, path: impl Into<std::path::PathBuf>) -> Store {
        self.audit_heads = Some(Arc::new(path.into()));
        self
    }

    /// The audit head file, when one is configured.
    pub fn audit_heads_path(&self) -> Option<&std::path::Path> {
        self.audit_heads.as_deref().map(|p| p.as_path())
    }

    /// Sets how long passwords last and accounts may lie unused (90 days
    /// each unless told).
    pub fn with_account_policy(mut self, policy: guichao_domain::auth::AccountPolicy) -> Store {
        self.account_policy = policy;
        self
    }

    pub fn account_policy(&self) -> guichao_domain::auth::AccountPolicy {
        self.account_policy
    }

    /// Whether the actor's password has expired: a session of theirs may then
    /// do nothing but change it (see `guichao_web::extract`).
    pub fn must_change_password(&self, actor: &crate::Actor) -> bool {
        self.account_policy.password_expired(actor.password_changed_at, crate::now())
    }

    /// The step of signing in a session still has to pass before it may open
    /// anything else: its second factor, enrolling one, or a new password
    /// (see `guichao_web::extract`). API tokens pass no gate.
    pub fn session_gate(&self, actor: &crate::Actor) -> Option<guichao_domain::auth::totp::Gate> {
        guichao_domain::auth::totp::gate(
            actor.second_factor_pending,
            actor.two_factor_required,
            actor.two_factor_enrolled,
            self.must_change_password(actor),
        )
    }

    /// Sets the directory uploaded files are kept under; without one, no
    /// file can be added or read.
    pub fn with_data_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Store {
        self.data_dir = Some(Arc::new(dir.into()));
        self
    }

    pub(crate) fn data_dir(&self) -> Result<&std::path::Path, DbErr> {
        self.data_dir
            .as_deref()
            .map(|p| p.as_path())
            .ok_or_else(|| DbErr::Custom("no data directory for files is configured".into()))
    }

    pub(crate) fn field_key(&self) -> Result<&FieldKey, DbErr> {
        self.field_key.as_deref().ok_or_else(|| DbErr::Custom("no key for personal data is configured".into()))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Brings the schema up to date. Safe to run at every start.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.db, None).await
    }

    /// Starts a write transaction (see the module comment for SQLite).
    pub async fn begin_write(&self) -> Result<WriteTx, DbErr> {
        match self.backend {
            Backend::Sqlite => {
                let guard = self.write_lock.clone().lock_owned().await;
                let tx = self
                    .db
                    .begin_with_options(TransactionOptions {
                        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                        ..Default::default()
                    })
                    .await?;
                Ok(WriteTx { tx, _guard: Some(guard) })
            }
            Backend::Postgres => Ok(WriteTx { tx: self.db.begin().await?, _guard: None }),
        }
    }

    /// Checks that the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }
}
