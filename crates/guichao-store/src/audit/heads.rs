//! The audit head file: each day's head of every county's chain (tenant,
//! sequence number, hash, date), appended to a file beside the backups.
//!
//! The chain's links are keyed, so nobody without the key can rewrite an
//! event; but a database writer can still delete the newest events and roll
//! the tenant's head back to an older, genuine one. The head file pins what the
//! chain once held: `verify` finds a chain now shorter than a recorded head
//! (truncated, or restored from an older backup) and a recorded head whose
//! event now hashes otherwise (a rewritten tail).
//!
//! The file is opened with `O_APPEND` and never rewritten. Each line carries an
//! HMAC under a key derived from the master key (label `guichao audit heads
//! v1`), so a line cannot be forged or altered without the key:
//!
//! ```text
//! v1 <TAB> 2026-12-07 <TAB> tenant id <TAB> county code <TAB> seq <TAB> hash <TAB> mac
//! ```

use super::chain::ChainBreak;
use crate::crypto::FieldKey;
use crate::{Store, StoreResult};
use chrono::NaiveDate;
use sea_orm::DbErr;
use std::path::Path;
use uuid::Uuid;

/// One line of the head file, its MAC checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadLine {
    pub date: NaiveDate,
    pub tenant_id: Uuid,
    pub code: String,
    pub seq: i64,
    pub hash: String,
}

impl HeadLine {
    fn body(&self) -> String {
        format!("v1\t{}\t{}\t{}\t{}\t{}", self.date, self.tenant_id, self.code, self.seq, self.hash)
    }

    /// The line as written, MAC included, with its newline.
    #[cfg(feature = "system")]
    fn text(&self, key: &FieldKey) -> String {
        let body = self.body();
        let mac = key.head_mac(&body);
        format!("{body}\t{mac}\n")
    }

    fn parse(text: &str, key: &FieldKey) -> Option<HeadLine> {
        let (body, mac) = text.rsplit_once('\t')?;
        let fields: Vec<&str> = body.split('\t').collect();
        let [version, date, tenant_id, code, seq, hash] = fields.as_slice() else { return None };
        let line = HeadLine {
            date: date.parse().ok()?,
            tenant_id: tenant_id.parse().ok()?,
            code: code.to_string(),
            seq: seq.parse().ok()?,
            hash: hash.to_string(),
        };
        // Compared through the MAC type's constant-time check.
        let expected = hex::decode(mac).ok()?;
        (*version == "v1" && line.body() == body && key.head_mac_verify(body, &expected)).then_some(line)
    }

    /// Checks the line against the hashes of its tenant's chain (index
    /// `seq - 1`), already verified link by link.
    pub(crate) fn check(&self, code: &str, hashes: &[String]) -> Result<(), ChainBreak> {
        let newest = hashes.len() as i64;
        if self.seq > newest {
            return Err(ChainBreak::new(
                code,
                self.seq,
                format!(
                    "数据库中的审计链止于第 {newest} 条，短于 {} 记录的链头第 {} 条（末尾被截断，或数据库恢复自更早的备份）",
                    self.date, self.seq
                ),
                format!(
                    "the chain ends at #{newest}, below the head #{} recorded on {} (truncated, or restored from an older backup)",
                    self.seq, self.date
                ),
            ));
        }
        if self.seq >= 1 && hashes[self.seq as usize - 1] != self.hash {
            return Err(ChainBreak::new(
                code,
                self.seq,
                format!("与 {} 记录的链头哈希不符（末尾被改写）", self.date),
                format!("does not match the head recorded on {} (the tail was rewritten)", self.date),
            ));
        }
        Ok(())
    }
}

/// Every line of the store's head file, each MAC checked; no lines when no
/// file is configured or none was written yet. A line that does not parse or
/// whose MAC fails is a break.
pub(crate) fn read(store: &Store, key: &FieldKey) -> StoreResult<Result<Vec<HeadLine>, ChainBreak>> {
    let Some(path) = store.audit_heads_path() else { return Ok(Ok(Vec::new())) };
    read_file(path, key)
}

fn read_file(path: &Path, key: &FieldKey) -> StoreResult<Result<Vec<HeadLine>, ChainBreak>> {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ok(Vec::new())),
        Err(e) => return Err(DbErr::Custom(format!("cannot read the audit head file {}: {e}", path.display())).into()),
    };
    let mut lines = Vec::new();
    for (i, raw) in text.split(|b| *b == b'\n').enumerate() {
        if raw.is_empty() {
            continue;
        }
        let parsed = std::str::from_utf8(raw).ok().and_then(|t| HeadLine::parse(t, key));
        match parsed {
            Some(line) => lines.push(line),
            None => {
                let n = i + 1;
                return Ok(Err(ChainBreak::new(
                    "-",
                    0,
                    format!("链头文件 {} 第 {n} 行校验失败（被伪造或修改，或不是用本系统的密钥写入）", path.display()),
                    format!(
                        "line {n} of the head file {} does not verify (forged, altered, or written with another key)",
                        path.display()
                    ),
                )));
            }
        }
    }
    Ok(Ok(lines))
}

/// Writing the file: system work (`serve`, `backup`).
#[cfg(feature = "system")]
mod record {
    use super::{HeadLine, read_file};
    use crate::StoreResult;
    use crate::audit::chain::chain_key;
    use crate::entities::tenant;
    use chrono::NaiveDate;
    use sea_orm::{DbErr, EntityTrait, QueryOrder};
    use std::io::Write;
    use std::path::Path;

    impl crate::System<'_> {
        /// Appends every county's current head to the head file, dated `date`:
        /// a line per county whose chain moved since its newest recorded line.
        /// Returns the lines written. `guichao serve` calls it once a day and
        /// `guichao backup` with every backup.
        pub async fn record_audit_heads(&self, date: NaiveDate) -> StoreResult<usize> {
            let Some(path) = self.audit_heads_path() else {
                return Err(DbErr::Custom("no audit head file is configured".into()).into());
            };
            let key = chain_key()?;
            let recorded = match read_file(path, &key)? {
                Ok(lines) => lines,
                Err(broken) => {
                    // Appending after a forged line would bury it; refuse instead.
                    return Err(DbErr::Custom(format!("the audit head file does not verify: {broken}")).into());
                }
            };
            let tenants = tenant::Entity::find().order_by_asc(tenant::Column::Code).all(&self.db).await?;
            let mut text = String::new();
            for t in tenants.iter().filter(|t| t.audit_keyed && t.audit_seq > 0) {
                let newest = recorded.iter().rev().find(|l| l.tenant_id == t.tenant_id);
                if newest.is_some_and(|l| l.seq == t.audit_seq && l.hash == t.audit_head) {
                    continue;
                }
                let line = HeadLine {
                    date,
                    tenant_id: t.tenant_id,
                    code: t.code.clone(),
                    seq: t.audit_seq,
                    hash: t.audit_head.clone(),
                };
                text.push_str(&line.text(&key));
            }
            if text.is_empty() {
                return Ok(0);
            }
            append(path, text.as_bytes())
                .map_err(|e| DbErr::Custom(format!("cannot append to the audit head file {}: {e}", path.display())))?;
            Ok(text.lines().count())
        }
    }

    /// Appends with `O_APPEND` (one write, then flushed to disk); the file is made
    /// readable by its owner only.
    fn append(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path)?;
        file.write_all(bytes)?;
        file.sync_data()
    }
}
