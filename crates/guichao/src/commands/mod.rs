//! One module per command, and what they share: opening the store and picking
//! the county a command acts on.

pub mod admins;
pub mod audit;
pub mod backup;
pub mod bench;
pub mod demo;
pub mod export;
pub mod import;
pub mod import_checked;
pub mod import_contacts;
pub mod import_projects;
pub mod init;
pub mod serve;
pub mod services;
pub mod sms;
pub mod token;
pub mod user;

use crate::config::Config;
use anyhow::{Context, bail};
use guichao_store::Store;
use guichao_store::org::TenantInfo;
use std::io::BufRead;
use std::process::ExitCode;

/// Opens the configured database, brings its schema up to date and keys any
/// audit chain written before the chain key (`audit::keying`).
pub async fn open(config: &Config) -> anyhow::Result<Store> {
    let store = Store::connect(&config.database_url)
        .await
        .with_context(|| format!("cannot open the database {}", config.database_url))?;
    store.migrate().await.context("cannot migrate the database")?;
    store.system().sync_roles().await.context("cannot update the built-in roles")?;
    let store = store
        .with_field_key(field_key(config)?)
        .with_data_dir(&config.data_dir)
        .with_audit_heads(config.backup.heads_file())
        .with_account_policy(config.account);
    let keyed = store.system().key_audit_chains().await.context("cannot key the audit chain / 审计链升级失败")?;
    if !keyed.is_empty() {
        eprintln!(
            "审计链已升级为密钥校验 / audit chains keyed: {} (记录于审计日志 / recorded in the audit log)",
            keyed.join(", ")
        );
    }
    Ok(store)
}

/// The key for personal data: `GUICHAO_KEY` (base64), else the key file, made
/// (mode 0600) on first use. Losing the key loses every phone and ID number, so
/// its creation is announced.
pub(crate) fn field_key(config: &Config) -> anyhow::Result<guichao_store::crypto::FieldKey> {
    use guichao_store::crypto::FieldKey;
    if let Ok(text) = std::env::var("GUICHAO_KEY")
        && !text.trim().is_empty()
    {
        return Ok(FieldKey::from_base64(&text)?);
    }
    let (key, created) = FieldKey::load_or_create(&config.key_file)?;
    if created {
        eprintln!(
            "已生成个人信息加密密钥 / created the personal-data key: {} (请妥善备份 / back it up: without it phones and ID numbers cannot be read)",
            config.key_file.display()
        );
    }
    Ok(key)
}

pub async fn migrate(config: &Config) -> anyhow::Result<ExitCode> {
    open(config).await?;
    println!("数据库已是最新结构 / schema is up to date: {}", config.database_url);
    Ok(ExitCode::SUCCESS)
}

/// The county named by `--tenant CODE`, or the only one.
pub async fn tenant(store: &Store, code: Option<&str>) -> anyhow::Result<TenantInfo> {
    let tenants = store.tenants().await?;
    match (code, tenants.as_slice()) {
        (Some(code), _) => {
            tenants.iter().find(|t| t.code == code).cloned().with_context(|| format!("no county with code {code}"))
        }
        (None, [only]) => Ok(only.clone()),
        (None, []) => bail!("no county yet: run `guichao init --tenant 名称 --code 代码` or `guichao serve --demo`"),
        (None, _) => bail!("several counties: pass --tenant CODE"),
    }
}

/// A password from the first line of stdin, or a generated one that is printed.
pub fn password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("cannot read the password from stdin")?;
        Ok((line.trim_end_matches(['\r', '\n']).to_string(), false))
    } else {
        Ok((guichao_store::org::random_password(), true))
    }
}
