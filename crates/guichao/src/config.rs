//! Configuration: flags, then `GUICHAO_*` variables (both handled by clap), then
//! `guichao.toml`, then defaults.

use crate::cli::GlobalArgs;
use anyhow::Context;
use guichao_store::org::SessionPolicy;
use guichao_web::WebConfig;
use serde::Deserialize;
use std::path::PathBuf;

/// `guichao.toml`. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub addr: Option<String>,
    pub key_file: Option<PathBuf>,
    /// Where uploaded files (service request documents) are kept.
    pub data_dir: Option<PathBuf>,
    pub session_idle_minutes: Option<i64>,
    pub session_absolute_hours: Option<i64>,
    /// The operator runs plain HTTP (no TLS in front) on a network they
    /// trust: the session cookie then goes without `Secure`. Absent or false:
    /// the cookie is `Secure` and the browser sends it only over HTTPS.
    pub trusted_plain_http: Option<bool>,
    /// Before `trusted_plain_http`: cookies are `Secure` unless that says
    /// otherwise, so only `true` is still accepted here.
    pub secure_cookies: Option<bool>,
    pub trust_proxy: Option<bool>,
    pub login_attempts_per_minute: Option<u32>,
    /// Days a password lasts before its user must change it at sign-in (90).
    pub password_max_age_days: Option<i64>,
    /// Days an account may lie unused before its next sign-in disables it (90).
    pub inactive_account_days: Option<i64>,
    /// How SMS are sent (`guichao sms send-queued`).
    pub sms: Option<crate::sms::SmsConfig>,
    /// Backups and the audit head file (`[backup]`).
    pub backup: Option<BackupFileConfig>,
}

/// The `[backup]` section of `guichao.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupFileConfig {
    /// Where daily backups and the audit head file go.
    pub dir: Option<PathBuf>,
    /// How many daily backups are kept (the oldest are removed).
    pub keep: Option<usize>,
    /// Whether `guichao serve` makes a backup every day.
    pub daily: Option<bool>,
}

/// Backups and the audit head file, resolved.
#[derive(Debug, Clone)]
pub struct BackupConfig {
    /// Where daily backups and the audit head file go: `GUICHAO_BACKUP_DIR`,
    /// `[backup] dir`, else beside a SQLite file (`guichao.db` ->
    /// `guichao-backups/`) or `guichao-backups/` in the working directory.
    pub dir: PathBuf,
    /// How many daily backups `serve` keeps (default 7).
    pub keep: usize,
    /// Whether `serve` makes a backup every day (default yes).
    pub daily: bool,
}

impl BackupConfig {
    /// The append-only file of each day's audit heads, beside the backups.
    pub fn heads_file(&self) -> PathBuf {
        self.dir.join("audit-heads.log")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub addr: Option<String>,
    /// The key for personal data (made by the first command that needs it).
    pub key_file: PathBuf,
    /// Where uploaded files are kept: `GUICHAO_DATA_DIR`, `data_dir`, else
    /// beside a SQLite file (`guichao.db` -> `guichao-files/`) or
    /// `guichao-files/` in the working directory.
    pub data_dir: PathBuf,
    pub web: WebConfig,
    /// Password expiry and the disabling of unused accounts.
    pub account: guichao_domain::auth::AccountPolicy,
    pub sms: crate::sms::SmsConfig,
    pub backup: BackupConfig,
}

impl Config {
    pub fn load(args: &GlobalArgs) -> anyhow::Result<Config> {
        let path = args.config.clone().or_else(|| {
            let default = PathBuf::from("guichao.toml");
            default.exists().then_some(default)
        });
        let file: FileConfig = match &path {
            Some(p) => {
                let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
                toml::from_str(&text).with_context(|| format!("{} is not valid configuration", p.display()))?
            }
            None => FileConfig::default(),
        };
        let env_num = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<i64>().ok());
        let env_bool = |name: &str| std::env::var(name).ok().map(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let defaults = WebConfig::default();
        let idle = env_num("GUICHAO_SESSION_IDLE_MINUTES").or(file.session_idle_minutes).unwrap_or(30);
        let absolute = env_num("GUICHAO_SESSION_ABSOLUTE_HOURS").or(file.session_absolute_hours).unwrap_or(12);
        anyhow::ensure!(idle > 0 && absolute > 0, "session lifetimes must be positive");
        let web = WebConfig {
            session: SessionPolicy {
                idle: chrono::Duration::minutes(idle),
                absolute: chrono::Duration::hours(absolute),
            },
            secure_cookies: secure_cookies(&file)?,
            trust_proxy: env_bool("GUICHAO_TRUST_PROXY").or(file.trust_proxy).unwrap_or(defaults.trust_proxy),
            login_attempts_per_minute: env_num("GUICHAO_LOGIN_ATTEMPTS_PER_MINUTE")
                .map(|n| n as u32)
                .or(file.login_attempts_per_minute)
                .unwrap_or(defaults.login_attempts_per_minute),
        };
        let account = guichao_domain::auth::AccountPolicy::from_days(
            file.password_max_age_days.unwrap_or(90),
            file.inactive_account_days.unwrap_or(90),
        )
        .map_err(|e| anyhow::anyhow!("guichao.toml: {e}"))?;
        let database_url =
            args.database_url.clone().or(file.database_url).unwrap_or_else(|| "sqlite://guichao.db".into());
        Ok(Config {
            key_file: std::env::var_os("GUICHAO_KEY_FILE")
                .map(PathBuf::from)
                .or(file.key_file)
                .unwrap_or_else(|| default_key_file(&database_url)),
            data_dir: std::env::var_os("GUICHAO_DATA_DIR")
                .map(PathBuf::from)
                .or(file.data_dir)
                .unwrap_or_else(|| default_data_dir(&database_url)),
            backup: backup_config(file.backup.unwrap_or_default(), &database_url)?,
            database_url,
            addr: file.addr,
            web,
            account,
            sms: file.sms.unwrap_or_default(),
        })
    }
}

fn backup_config(file: BackupFileConfig, database_url: &str) -> anyhow::Result<BackupConfig> {
    let keep = file.keep.unwrap_or(7);
    anyhow::ensure!(keep >= 1, "[backup] keep must be at least 1 / 保留的备份数至少为 1");
    Ok(BackupConfig {
        dir: std::env::var_os("GUICHAO_BACKUP_DIR")
            .map(PathBuf::from)
            .or(file.dir)
            .unwrap_or_else(|| beside_database(database_url, "backups")),
        keep,
        daily: file.daily.unwrap_or(true),
    })
}

/// `STEM-SUFFIX` beside a SQLite database file, else `guichao-SUFFIX` in the
/// working directory.
fn beside_database(database_url: &str, suffix: &str) -> PathBuf {
    match sqlite_file(database_url) {
        Some(path) if !path.is_empty() && !path.starts_with(':') => {
            let path = PathBuf::from(path);
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "guichao".into());
            path.with_file_name(format!("{stem}-{suffix}"))
        }
        _ => PathBuf::from(format!("guichao-{suffix}")),
    }
}

/// Whether the session cookie is `Secure`: always, unless `guichao.toml` says
/// the server runs plain HTTP on a trusted network. The setting lives only in
/// the file, where an assessor reads it, not in a variable of the moment.
fn secure_cookies(file: &FileConfig) -> anyhow::Result<bool> {
    anyhow::ensure!(
        file.secure_cookies != Some(false) || file.trusted_plain_http == Some(true),
        "guichao.toml: secure_cookies = false is no longer read; session cookies are Secure unless the file says \
         trusted_plain_http = true (plain HTTP on a trusted network) / 会话 Cookie 默认带 Secure，仅在受信任网络上使用明文 HTTP 时写 trusted_plain_http = true"
    );
    Ok(file.trusted_plain_http != Some(true))
}

/// The file of a `sqlite://FILE[?options]` URL; `None` for another database.
pub(crate) fn sqlite_file(database_url: &str) -> Option<&str> {
    database_url.strip_prefix("sqlite://").map(|p| p.split('?').next().unwrap_or(p))
}

/// Beside a SQLite database file (`guichao.db` -> `guichao-files`), else in
/// the working directory.
fn default_data_dir(database_url: &str) -> PathBuf {
    match sqlite_file(database_url) {
        Some(path) if !path.is_empty() && !path.starts_with(':') => {
            let path = PathBuf::from(path);
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "guichao".into());
            path.with_file_name(format!("{stem}-files"))
        }
        _ => PathBuf::from("guichao-files"),
    }
}

/// Next to a SQLite database file (`guichao.db` -> `guichao.key`), so a test or a
/// second county in another folder never shares a key by accident; in the
/// working directory for PostgreSQL.
fn default_key_file(database_url: &str) -> PathBuf {
    match sqlite_file(database_url) {
        Some(path) if !path.is_empty() && !path.starts_with(':') => PathBuf::from(path).with_extension("key"),
        _ => PathBuf::from("guichao.key"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> FileConfig {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn cookies_are_secure_unless_the_file_says_plain_http_on_a_trusted_network() {
        assert!(secure_cookies(&file("")).unwrap());
        assert!(secure_cookies(&file("secure_cookies = true")).unwrap());
        assert!(secure_cookies(&file("trusted_plain_http = false")).unwrap());
        assert!(!secure_cookies(&file("trusted_plain_http = true")).unwrap());
        assert!(!secure_cookies(&file("trusted_plain_http = true\nsecure_cookies = false")).unwrap());
        let old = secure_cookies(&file("secure_cookies = false")).unwrap_err().to_string();
        assert!(old.contains("trusted_plain_http = true"), "{old}");
    }
}
