//! `guichao init`: a new county with its units and its three administrators
//! (系统管理员 `admin`, 安全管理员 `security`, 审计管理员 `auditor`; 三员分立).

use crate::cli::InitArgs;
use crate::config::Config;
use anyhow::{Context, bail};
use guichao_domain::access::BuiltinRole;
use guichao_domain::org::UnitLevel;
use guichao_store::org::{UnitRow, random_password};
use std::path::Path;
use std::process::ExitCode;

pub async fn run(config: &Config, args: InitArgs) -> anyhow::Result<ExitCode> {
    let rows = match &args.units {
        Some(path) => read_units(path)?,
        None => vec![],
    };
    let store = super::open(config).await?;
    let tenant = store.system().create_tenant(&args.code, &args.tenant).await?;
    let created = if rows.is_empty() { 0 } else { store.system().import_units(tenant.id, &rows).await? };
    let password = random_password();
    store
        .system()
        .bootstrap_user(
            tenant.id,
            &args.admin,
            "系统管理员",
            tenant.root_unit_id,
            &[BuiltinRole::SystemAdmin],
            &password,
        )
        .await?;
    println!("已创建 {}（{}），导入单位 {} 个", tenant.name, tenant.code, created);
    println!("Created {} ({}) with {} units", tenant.name, tenant.code, created);
    println!("系统管理员 / system admin: {}   密码 / password: {}", args.admin, password);
    // The security and audit admins (三员分立), then any other county's
    // missing ones are named.
    super::admins::create_missing(&store, &tenant).await?;
    println!("（密码只显示这一次，请登录后修改 / shown once: change them after signing in）");
    for line in super::admins::missing_note(&store).await? {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a units csv: `name,level,parent` or `名称,级别,上级`, UTF-8 with or
/// without BOM. Errors name the line.
pub fn read_units(path: &Path) -> anyhow::Result<Vec<UnitRow>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = std::str::from_utf8(&bytes).context("the units file must be UTF-8 csv")?;
    parse_units(text.trim_start_matches('\u{feff}'))
}

pub fn parse_units(text: &str) -> anyhow::Result<Vec<UnitRow>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().context("the units file has no header row")?.clone();
    let find = |names: &[&str]| headers.iter().position(|h| names.contains(&h.to_lowercase().as_str()));
    let (Some(name), Some(level)) = (find(&["name", "名称", "单位名称"]), find(&["level", "级别", "层级"]))
    else {
        bail!("the header must name the columns name,level,parent (名称,级别,上级)");
    };
    let parent = find(&["parent", "上级", "上级单位"]);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.with_context(|| format!("line {line} is not valid csv"))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let level_text = record.get(level).unwrap_or("");
        let level = UnitLevel::parse(level_text)
            .with_context(|| format!("line {line}: unknown level {level_text:?} (乡镇 or 村)"))?;
        rows.push(UnitRow {
            name: record.get(name).unwrap_or("").to_string(),
            level,
            parent: parent.and_then(|p| record.get(p)).filter(|p| !p.is_empty()).map(str::to_string),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_english_and_chinese_headers() {
        let rows = parse_units("name,level,parent\n新墙镇,township,\n新墙村,village,新墙镇\n\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].parent.as_deref(), Some("新墙镇"));
        let rows = parse_units("名称,级别,上级\n筻口镇,乡镇,\n").unwrap();
        assert_eq!(rows[0].level, UnitLevel::Township);
    }

    #[test]
    fn names_the_bad_line() {
        let err = parse_units("name,level,parent\n新墙镇,township,\n某地,省,\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        assert!(parse_units("foo,bar\n1,2\n").is_err());
    }
}
