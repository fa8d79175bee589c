//! `guichao backup` and `guichao restore`: a consistent copy of the database,
//! taken while the server runs, compressed (gzip) and sealed with AES-256-GCM
//! under a key derived from the master key (`sealed`); and its restore into an
//! empty database.
//!
//! - SQLite: `VACUUM INTO` a temporary file, which reads one snapshot of the
//!   database in a read transaction while writers go on (WAL mode).
//! - PostgreSQL: `pg_dump --format=custom`, which dumps one snapshot; restored
//!   with `pg_restore --single-transaction`, so a restore that fails leaves
//!   the target as empty as it was.
//!
//! A restore first opens the whole file (every chunk authenticated, the last
//! one present) into a temporary file, and only then writes the target: a
//! tampered or truncated backup is refused before anything is written. The
//! target must be empty: a restore never merges into or replaces data.

mod sealed;

pub use sealed::Kind;

use crate::crypto::FieldKey;
use crate::{StoreError, StoreResult};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use sea_orm::{ConnectionTrait, Database, DbErr, Statement};
use sealed::{OpenReader, SealWriter};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a backup or a restore wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    pub kind: Kind,
    /// Bytes of the database copy (before compression).
    pub bytes: u64,
    /// Bytes of the backup file.
    pub file_bytes: u64,
}

fn failed(zh: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::invalid(zh, en)
}

fn io_failed(what_zh: &str, what_en: &str, e: impl std::fmt::Display) -> StoreError {
    failed(format!("{what_zh}：{e}"), format!("{what_en}: {e}"))
}

impl crate::System<'_> {
    /// Writes a sealed backup of the whole database to `file`, which must not
    /// exist yet. Records every county's audit head first when a head file is
    /// configured: the copy holds at least those heads, so `audit verify`
    /// passes on its restore.
    pub async fn backup(&self, file: &Path) -> StoreResult<Copied> {
        if file.exists() {
            return Err(failed(
                format!("{} 已存在，备份不会覆盖已有文件", file.display()),
                format!("{} exists; a backup never overwrites a file", file.display()),
            ));
        }
        if self.audit_heads_path().is_some() {
            self.record_audit_heads(guichao_domain::date::today()).await?;
        }
        let cipher = self.field_key()?.backup_cipher();
        let dir = parent_of(file);
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_failed("无法创建备份目录", "cannot create the backup directory", e))?;
        let out = tempfile::Builder::new()
            .prefix(".guichao-backup-")
            .tempfile_in(&dir)
            .map_err(|e| io_failed("无法写入备份目录", "cannot write to the backup directory", e))?;
        let kind = match self.backend() {
            crate::Backend::Sqlite => Kind::Sqlite,
            crate::Backend::Postgres => Kind::Postgres,
        };
        let bytes = match kind {
            Kind::Sqlite => {
                // The plain copy lies here until sealed: a directory only the owner may enter.
                let mut private = tempfile::Builder::new();
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    private.permissions(std::fs::Permissions::from_mode(0o700));
                }
                let scratch = private
                    .prefix(".guichao-backup-")
                    .tempdir_in(&dir)
                    .map_err(|e| io_failed("无法写入备份目录", "cannot write to the backup directory", e))?;
                let copy = scratch.path().join("copy.db");
                let quoted = copy.to_string_lossy().replace('\'', "''");
                self.db.execute_unprepared(&format!("VACUUM INTO '{quoted}'")).await?;
                let sealed_file = out.reopen().map_err(|e| io_failed("无法写入备份", "cannot write the backup", e))?;
                tokio::task::spawn_blocking(move || {
                    let input = std::fs::File::open(&copy)?;
                    seal(input, sealed_file, cipher, kind)
                })
                .await
                .expect("backup task")
                .map_err(|e| io_failed("备份失败", "backup failed", e))?
            }
            Kind::Postgres => {
                let url = self.url.to_string();
                let sealed_file = out.reopen().map_err(|e| io_failed("无法写入备份", "cannot write the backup", e))?;
                tokio::task::spawn_blocking(move || pg_dump(&url, sealed_file, cipher)).await.expect("backup task")?
            }
        };
        out.as_file().sync_all().map_err(|e| io_failed("无法写入备份", "cannot write the backup", e))?;
        let file_bytes = out.as_file().metadata().map(|m| m.len()).unwrap_or(0);
        out.persist_noclobber(file)
            .map_err(|e| io_failed("无法保存备份文件", "cannot save the backup file", e.error))?;
        Ok(Copied { kind, bytes, file_bytes })
    }
}

fn parent_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Compresses and seals `input` into `out`; returns the bytes read.
fn seal(mut input: impl Read, out: std::fs::File, cipher: aes_gcm::Aes256Gcm, kind: Kind) -> std::io::Result<u64> {
    let unix = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let sealer = SealWriter::new(BufWriter::new(out), cipher, kind, unix)?;
    let mut gz = GzEncoder::new(sealer, Compression::default());
    let bytes = std::io::copy(&mut input, &mut gz)?;
    gz.finish()?.finish()?.flush()?;
    Ok(bytes)
}

/// A URL for the PostgreSQL tools, its password apart (given through
/// `PGPASSWORD`, so it never shows in the process list).
fn libpq_url(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else { return (url.to_string(), None) };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let Some((userinfo, host)) = authority.rsplit_once('@') else { return (url.to_string(), None) };
    let Some((user, password)) = userinfo.split_once(':') else { return (url.to_string(), None) };
    let password = urlencoding::decode(password).map(|p| p.into_owned()).unwrap_or_else(|_| password.to_string());
    (format!("{scheme}://{user}@{host}{tail}"), Some(password))
}

fn pg_command(tool: &str, url: &str) -> Command {
    let (url, password) = libpq_url(url);
    let mut cmd = Command::new(tool);
    cmd.arg(format!("--dbname={url}"));
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    cmd
}

fn pg_dump(url: &str, out: std::fs::File, cipher: aes_gcm::Aes256Gcm) -> StoreResult<u64> {
    let mut child = pg_command("pg_dump", url)
        .args(["--format=custom", "--compress=0", "--no-owner", "--no-privileges"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            io_failed(
                "无法运行 pg_dump（请安装 PostgreSQL 客户端）",
                "cannot run pg_dump (install the PostgreSQL client)",
                e,
            )
        })?;
    let stdout = child.stdout.take().expect("piped stdout");
    let sealed = seal(stdout, out, cipher, Kind::Postgres);
    let output = child.wait_with_output().map_err(|e| io_failed("pg_dump 失败", "pg_dump failed", e))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(failed(format!("pg_dump 失败：{err}"), format!("pg_dump failed: {err}")));
    }
    sealed.map_err(|e| io_failed("备份失败", "backup failed", e))
}

/// Restores the backup `file` into the empty database `url`, with the key
/// that made it. Refuses a target that holds any table, a backup of the
/// other backend, and a backup that is damaged, altered, truncated or sealed
/// with another key, in each case before writing anything.
pub async fn restore(url: &str, file: &Path, key: &FieldKey) -> StoreResult<Copied> {
    let sqlite_target = sqlite_path(url);
    let target_kind = if sqlite_target.is_some() { Kind::Sqlite } else { Kind::Postgres };
    let tables = tables_in(url, sqlite_target.as_deref()).await?;
    if tables > 0 {
        return Err(failed(
            format!("目标数据库不是空的（已有 {tables} 张表），拒绝恢复：请在 --database-url 指定一个新建的空数据库"),
            format!(
                "the target database is not empty ({tables} tables); restore only into a new, empty database named by --database-url"
            ),
        ));
    }
    let file_bytes = std::fs::metadata(file)
        .map_err(|e| {
            io_failed(
                &format!("无法读取备份文件 {}", file.display()),
                &format!("cannot read the backup {}", file.display()),
                e,
            )
        })?
        .len();
    let scratch_dir = match &sqlite_target {
        Some(path) => parent_of(path),
        None => std::env::temp_dir(),
    };
    std::fs::create_dir_all(&scratch_dir).map_err(|e| io_failed("无法创建目录", "cannot create the directory", e))?;
    let plain = tempfile::Builder::new()
        .prefix(".guichao-restore-")
        .tempfile_in(&scratch_dir)
        .map_err(|e| io_failed("无法写入临时文件", "cannot write a temporary file", e))?;
    let (input, output) = (
        file.to_path_buf(),
        plain.reopen().map_err(|e| io_failed("无法写入临时文件", "cannot write a temporary file", e))?,
    );
    let cipher = key.backup_cipher();
    let (kind, bytes) = tokio::task::spawn_blocking(move || open_into(&input, output, cipher))
        .await
        .expect("restore task")
        .map_err(|e| io_failed("备份文件无法恢复", "the backup cannot be restored", e))?;
    if kind != target_kind {
        return Err(failed(
            "备份与目标数据库的类型不同（SQLite 与 PostgreSQL 之间不能直接恢复）",
            "the backup and the target are of different databases (SQLite and PostgreSQL do not restore into each other)",
        ));
    }
    match sqlite_target {
        Some(path) => {
            let mut head = [0u8; 16];
            let ok = std::fs::File::open(plain.path()).and_then(|mut f| f.read_exact(&mut head)).is_ok();
            if !ok || &head != b"SQLite format 3\0" {
                return Err(failed("备份内容不是 SQLite 数据库", "the backup does not hold a SQLite database"));
            }
            for extra in ["-wal", "-shm"] {
                let mut p = path.clone().into_os_string();
                p.push(extra);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            plain
                .persist(&path)
                .map_err(|e| io_failed("无法写入目标数据库", "cannot write the target database", e.error))?;
        }
        None => {
            let url = url.to_string();
            let dump = plain.path().to_path_buf();
            let output = tokio::task::spawn_blocking(move || {
                pg_command("pg_restore", &url)
                    .args(["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"])
                    .arg(&dump)
                    .output()
            })
            .await
            .expect("restore task")
            .map_err(|e| {
                io_failed(
                    "无法运行 pg_restore（请安装 PostgreSQL 客户端）",
                    "cannot run pg_restore (install the PostgreSQL client)",
                    e,
                )
            })?;
            if !output.status.success() {
                let err = String::from_utf8_lossy(&output.stderr).trim().to_string();
                return Err(failed(
                    format!("pg_restore 失败，目标数据库未写入：{err}"),
                    format!("pg_restore failed; nothing was written: {err}"),
                ));
            }
        }
    }
    Ok(Copied { kind, bytes, file_bytes })
}

/// Opens and decompresses a whole backup into `out`; returns its kind and size.
fn open_into(file: &Path, out: std::fs::File, cipher: aes_gcm::Aes256Gcm) -> std::io::Result<(Kind, u64)> {
    let opener = OpenReader::new(BufReader::new(std::fs::File::open(file)?), cipher)?;
    let kind = opener.kind;
    let mut gz = GzDecoder::new(opener);
    let mut out = BufWriter::new(out);
    let bytes = std::io::copy(&mut gz, &mut out)?;
    // The gzip stream may end before the sealed stream does: read to its end,
    // so a missing last chunk or added bytes are still refused.
    let mut rest = Vec::new();
    if gz.into_inner().read_to_end(&mut rest)? > 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "备份文件末尾有多余的数据 / data after the end",
        ));
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok((kind, bytes))
}

/// The file of a `sqlite://FILE[?options]` URL.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// How many tables the target holds (0 for a SQLite file not made yet).
async fn tables_in(url: &str, sqlite: Option<&Path>) -> StoreResult<i64> {
    let sql = match sqlite {
        Some(path) => {
            if std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0 {
                return Ok(0);
            }
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type IN ('table', 'view')"
        }
        None => {
            "SELECT COUNT(*) AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace \
                 WHERE c.relkind IN ('r', 'v', 'm', 'p', 'S') AND s.nspname NOT IN ('pg_catalog', 'information_schema') \
                 AND s.nspname NOT LIKE 'pg_toast%'"
        }
    };
    let db = Database::connect(url)
        .await
        .map_err(|e| failed(format!("无法连接目标数据库：{e}"), format!("cannot open the target database: {e}")))?;
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await;
    db.close().await.ok();
    let n = row?.ok_or_else(|| DbErr::Custom("no table count".into()))?.try_get_by_index::<i64>(0)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::libpq_url;

    #[test]
    fn the_password_is_taken_out_of_the_url() {
        assert_eq!(libpq_url("postgres://u@h:5432/db"), ("postgres://u@h:5432/db".into(), None));
        assert_eq!(
            libpq_url("postgres://u:p%40ss@h/db?sslmode=require"),
            ("postgres://u@h/db?sslmode=require".into(), Some("p@ss".into()))
        );
        assert_eq!(libpq_url("postgres://h/db"), ("postgres://h/db".into(), None));
    }
}
