//! `guichao import fellows FILE`: check a roster, report every rejected row,
//! and (unless `--dry-run`) write the accepted rows in one transaction, as a
//! user of the county (their scope, their name in the audit log). `guichao
//! import contacts FILE` does the same for a contact log (`contacts`), and
//! `guichao import projects FILE` for a project ledger (`import_projects`);
//! `guichao import loans|households|entities FILE` check a bank's loan
//! ledger, a 211 household roll or a market registration sheet through one
//! runner (`import_checked`).

use crate::cli::{ImportArgs, ImportCommand, ImportFellowsArgs};
use crate::config::Config;
use anyhow::{Context, bail};
use guichao_domain::Lang;
use guichao_domain::fellows::DuplicateAction;
use guichao_sheets::registry::import::{Checked, FileOptions, FileSource, Progress, check, error_file};
use guichao_store::{Actor, Store};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::process::ExitCode;
use std::sync::Arc;

pub async fn run(config: &Config, args: ImportArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    match args.command {
        ImportCommand::Fellows(args) => {
            let actor = acting_user(&store, args.target.tenant.as_deref(), args.as_user.as_deref()).await?;
            fellows(&store, &actor, args).await
        }
        ImportCommand::Contacts(args) => {
            let actor = acting_user(&store, args.target.tenant.as_deref(), args.as_user.as_deref()).await?;
            super::import_contacts::run(&store, &actor, args).await
        }
        ImportCommand::Projects(args) => {
            let actor = acting_user(&store, args.target.tenant.as_deref(), args.as_user.as_deref()).await?;
            super::import_projects::run(&store, &actor, args).await
        }
        ImportCommand::Loans(args) => {
            let actor = acting_user(&store, args.target.tenant.as_deref(), args.as_user.as_deref()).await?;
            super::import_checked::loans(&store, &actor, args).await
        }
        ImportCommand::Households(args) => {
            let actor = acting_user(&store, args.target.tenant.as_deref(), args.as_user.as_deref()).await?;
            super::import_checked::households(&store, &actor, args).await
        }
        ImportCommand::Entities(args) => {
            let actor = acting_user(&store, args.target.tenant.as_deref(), args.as_user.as_deref()).await?;
            super::import_checked::entities(&store, &actor, args).await
        }
    }
}

/// The user a command acts as: `--as NAME`, else the county's first county
/// admin (the system admin holds no registry data, 三员分立).
pub async fn acting_user(store: &Store, tenant: Option<&str>, name: Option<&str>) -> anyhow::Result<Actor> {
    let tenant = super::tenant(store, tenant).await?;
    let id = match name {
        Some(name) => {
            store.system().user_id_by_name(tenant.id, name).await?.with_context(|| format!("no user {name}"))?
        }
        None => store
            .system()
            .first_holder(tenant.id, guichao_domain::access::BuiltinRole::CountyAdmin)
            .await?
            .context("本县没有县级管理员账号，请用 --as 指定用户 / the county has no county admin; use --as USER")?,
    };
    Ok(store.system().actor(tenant.id, id).await?)
}

async fn fellows(store: &Store, actor: &Actor, args: ImportFellowsArgs) -> anyhow::Result<ExitCode> {
    let Some(default) = DuplicateAction::parse(&args.on_duplicate) else {
        bail!("--on-duplicate takes skip, update or merge");
    };
    let file_name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (bar, tick) = progress(args.json, "检查 / checking");
    let source = FileSource::Path(args.file.clone());
    let file = FileOptions { unknown_to_notes: args.unknown_to_notes, mapping: None };
    let checked = check(store, actor, source, &file_name, default, file, tick)
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message().get(Lang::Zh)))?;
    bar.finish_and_clear();
    if let Some(path) = &args.errors {
        let bytes = error_file(&checked.layout, &checked.rejected)?;
        std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let report = report(&checked);
    let rejected = checked.rejected.len();
    let written = if args.dry_run {
        None
    } else {
        let rows = checked.plan().rows;
        eprintln!("正在写入 {rows} 行，全部写完才生效 / writing {rows} rows: all or nothing");
        let (bar, tick) = progress(args.json, "写入 / writing");
        let (_, counts) =
            checked.commit(store, tick).await.map_err(|e| anyhow::anyhow!("{}", e.message().get(Lang::Zh)))?;
        bar.finish_and_clear();
        Some(counts)
    };
    if args.json {
        let mut out = report;
        if let Some(c) = written {
            out["written"] = json!(c);
        }
        println!("{out}");
    } else {
        print_summary(&report, written);
    }
    Ok(if rejected > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// A progress bar (hidden with `--json`) and the pipeline's callback that moves it.
fn progress(quiet: bool, message: &'static str) -> (ProgressBar, Progress) {
    let bar = if quiet { ProgressBar::hidden() } else { ProgressBar::no_length().with_message(message) };
    bar.set_style(ProgressStyle::with_template("{msg} {human_pos} 行 rows  {per_sec}").expect("a valid template"));
    let tick = bar.clone();
    (bar, Arc::new(move |n: u64| tick.inc(n)))
}

/// The report of issue 4: counts, every rejected row's reasons with its
/// name, and the rows whose gender or birth date the ID number corrects.
fn report(c: &Checked) -> serde_json::Value {
    let errors: Vec<_> = c
        .rejected
        .iter()
        .flat_map(|r| {
            r.errors
                .iter()
                .map(|e| json!({"row": e.row, "name": r.name, "column": e.column, "reason": e.reason.get(Lang::Zh)}))
        })
        .collect();
    let warnings: Vec<_> = c
        .warnings
        .iter()
        .flat_map(|w| {
            w.mismatches.iter().map(|m| {
                json!({"row": w.row, "name": w.name, "column": m.field_label(Lang::Zh), "reason": m.describe(Lang::Zh)})
            })
        })
        .collect();
    json!({
        "rows": c.rows_in_file,
        "accepted": c.rows_in_file - c.rejected.len(),
        "new": c.plan().new,
        "rejected": c.rejected.len(),
        "duplicates_in_file": c.plan().in_file.len(),
        "duplicates_in_registry": c.plan().in_registry.len(),
        "errors": errors,
        "warnings": warnings,
    })
}

fn print_summary(report: &serde_json::Value, written: Option<guichao_store::fellows::ImportCounts>) {
    println!(
        "共 {} 行：无误 {}（新乡友 {}），有误 {}，文件内重复 {}，与库中重复 {} / rows {}, accepted {} ({} new), rejected {}, duplicates in file {}, in registry {}",
        report["rows"],
        report["accepted"],
        report["new"],
        report["rejected"],
        report["duplicates_in_file"],
        report["duplicates_in_registry"],
        report["rows"],
        report["accepted"],
        report["new"],
        report["rejected"],
        report["duplicates_in_file"],
        report["duplicates_in_registry"],
    );
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    for e in report["errors"].as_array().into_iter().flatten().take(50) {
        println!("  第{}行 {} {}：{}", e["row"], text(&e["name"]), text(&e["column"]), text(&e["reason"]));
    }
    for w in report["warnings"].as_array().into_iter().flatten().take(50) {
        println!("  提示 第{}行 {} {}（按身份证号导入）", w["row"], text(&w["name"]), text(&w["reason"]));
    }
    match written {
        Some(c) => println!(
            "已写入：新增 {}，更新 {}，合并 {}，跳过 {} / written: {} new, {} updated, {} merged, {} skipped",
            c.created, c.updated, c.merged, c.skipped, c.created, c.updated, c.merged, c.skipped
        ),
        None => println!("试导入，未写入任何数据 / dry run: nothing written"),
    }
}
