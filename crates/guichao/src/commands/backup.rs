//! `guichao backup FILE`, `guichao restore FILE`, and the daily backups of
//! `guichao serve` (`[backup]` in guichao.toml: `dir`, `keep`, `daily`).

use crate::cli::{BackupArgs, RestoreArgs};
use crate::config::{BackupConfig, Config};
use anyhow::{Context, bail};
use guichao_store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub async fn backup(config: &Config, args: BackupArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    let made = store.system().backup(&args.file).await?;
    println!(
        "备份完成 / backup written: {} ({} bytes of database, {} bytes sealed)",
        args.file.display(),
        made.bytes,
        made.file_bytes
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(config: &Config, args: RestoreArgs) -> anyhow::Result<ExitCode> {
    // The key that made the backup: never a new one made up here.
    let from_env = std::env::var("GUICHAO_KEY").is_ok_and(|k| !k.trim().is_empty());
    if !from_env && !config.key_file.exists() {
        bail!(
            "找不到密钥文件 {}：恢复需要制作备份时的密钥（复制密钥文件，或设置 GUICHAO_KEY_FILE / GUICHAO_KEY） / \
             no key file {}: a restore needs the key that made the backup",
            config.key_file.display(),
            config.key_file.display()
        );
    }
    let key = super::field_key(config)?;
    let restored = guichao_store::backup::restore(&config.database_url, &args.file, &key).await?;
    println!("已恢复到 / restored into {} ({} bytes)", config.database_url, restored.bytes);
    let store = super::open(config).await.context("cannot open the restored database")?;
    match guichao_store::audit::verify_all(&store).await? {
        Ok(v) => {
            println!("审计链完整 / audit chain intact: {} events, {} recorded heads", v.events, v.heads);
            Ok(ExitCode::SUCCESS)
        }
        Err(broken) => {
            eprintln!("审计链断裂 / audit chain broken: {broken}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The name of a daily backup made at `at` (UTC), sorted by time.
fn daily_name(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("guichao-{}.gcbk", at.format("%Y%m%d-%H%M%S"))
}

/// The daily backups in `dir`, oldest first.
fn dailies(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with("guichao-") && n.ends_with(".gcbk") && n.len() == daily_name(chrono::Utc::now()).len()
            })
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Removes the oldest daily backups beyond `keep`; returns those removed.
fn prune(dir: &Path, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let found = dailies(dir)?;
    let excess = found.len().saturating_sub(keep);
    let old: Vec<PathBuf> = found.into_iter().take(excess).collect();
    for p in &old {
        std::fs::remove_file(p)?;
    }
    Ok(old)
}

/// One daily backup into the configured directory, then the oldest beyond
/// the kept count removed. Returns the file written, or `None` when the newest
/// daily backup is less than 20 hours old (a restarted server does not make
/// another).
pub async fn daily(store: &Store, config: &BackupConfig) -> anyhow::Result<Option<PathBuf>> {
    let now = chrono::Utc::now();
    let newest = dailies(&config.dir).unwrap_or_default().pop();
    let recent = newest
        .and_then(|p| p.metadata().and_then(|m| m.modified()).ok())
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age < std::time::Duration::from_secs(20 * 3600));
    if recent {
        return Ok(None);
    }
    let file = config.dir.join(daily_name(now));
    store.system().backup(&file).await?;
    for old in prune(&config.dir, config.keep)? {
        tracing::info!("old backup removed: {}", old.display());
    }
    Ok(Some(file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_oldest_daily_backups_beyond_the_kept_count_go_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        for day in 1..=5 {
            let at = chrono::Utc.with_ymd_and_hms(2026, 12, day, 3, 0, 0).unwrap();
            std::fs::write(dir.path().join(daily_name(at)), b"x").unwrap();
        }
        for other in ["audit-heads.log", "mine.gcbk", "guichao-manual.gcbk"] {
            std::fs::write(dir.path().join(other), b"x").unwrap();
        }
        let removed = prune(dir.path(), 3).unwrap();
        let names: Vec<String> = removed.iter().map(|p| p.file_name().unwrap().to_string_lossy().into()).collect();
        assert_eq!(names, ["guichao-20261201-030000.gcbk", "guichao-20261202-030000.gcbk"]);
        assert_eq!(dailies(dir.path()).unwrap().len(), 3);
        for other in ["audit-heads.log", "mine.gcbk", "guichao-manual.gcbk"] {
            assert!(dir.path().join(other).exists(), "{other} kept");
        }
        assert!(prune(dir.path(), 3).unwrap().is_empty());
    }
}
