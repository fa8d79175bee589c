//! `guichao import projects FILE`: check a county's existing project ledger
//! (项目台账) as a user, report every rejected row with its column and
//! reason and the projects recorded already (skipped), optionally write the
//! rejected rows to an error file, and unless `--dry-run` write the accepted
//! projects in one transaction, audited as one import.

use crate::cli::ImportProjectsArgs;
use anyhow::Context;
use guichao_domain::Lang;
use guichao_domain::date::today;
use guichao_sheets::projects::{CheckedLedger, check};
use guichao_sheets::registry::import::FileSource;
use guichao_store::projects::ProjectImportCounts;
use guichao_store::{Actor, Store};
use serde_json::json;
use std::process::ExitCode;

pub async fn run(store: &Store, actor: &Actor, args: ImportProjectsArgs) -> anyhow::Result<ExitCode> {
    let file_name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let checked = check(store, actor, FileSource::Path(args.file.clone()), &file_name, today())
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message().get(Lang::Zh)))?;
    if let Some(path) = &args.errors {
        std::fs::write(path, checked.error_file()?).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let written = if args.dry_run || checked.accepted.is_empty() {
        None
    } else {
        let rows = checked.accepted.len();
        eprintln!("正在写入 {rows} 个项目，全部写完才生效 / writing {rows} projects: all or nothing");
        Some(checked.commit(store, actor).await.map_err(|e| anyhow::anyhow!("{}", e.message().get(Lang::Zh)))?)
    };
    let report = report(&checked, written);
    if args.json {
        println!("{report}");
    } else {
        print_summary(&report, args.dry_run);
    }
    Ok(if checked.rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// Counts, every rejected row's reasons with its row, column and project,
/// the projects recorded already, and what was written.
fn report(c: &CheckedLedger, written: Option<ProjectImportCounts>) -> serde_json::Value {
    let errors: Vec<_> = c
        .rejected
        .iter()
        .flat_map(|r| {
            r.errors
                .iter()
                .map(|e| json!({"row": e.row, "name": r.name, "column": e.column, "reason": e.reason.get(Lang::Zh)}))
        })
        .collect();
    let existing: Vec<_> = c.existing.iter().map(|e| json!({"row": e.row, "name": e.name})).collect();
    let mut out = json!({
        "rows": c.rows_in_file,
        "accepted": c.accepted.len(),
        "rejected": c.rejected.len(),
        "existing": existing,
        "errors": errors,
    });
    if let Some(w) = written {
        out["written"] = json!(w);
    }
    out
}

fn print_summary(report: &serde_json::Value, dry_run: bool) {
    let existing = report["existing"].as_array().map_or(0, Vec::len);
    println!(
        "共 {} 行：无误 {}，有误 {}，已有项目跳过 {} / rows {}, accepted {}, rejected {}, known projects skipped {}",
        report["rows"],
        report["accepted"],
        report["rejected"],
        existing,
        report["rows"],
        report["accepted"],
        report["rejected"],
        existing,
    );
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    for e in report["errors"].as_array().into_iter().flatten().take(50) {
        println!("  第{}行 {} {}：{}", e["row"], text(&e["name"]), text(&e["column"]), text(&e["reason"]));
    }
    for e in report["existing"].as_array().into_iter().flatten().take(50) {
        println!("  第{}行 {}：已有同名项目，跳过 / known, skipped", e["row"], text(&e["name"]));
    }
    match &report["written"] {
        w if w.is_object() => println!(
            "已写入：项目 {}，进展 {}，关联乡友 {}，新增企业 {} / written: {} projects, {} events, {} credits, {} companies",
            w["projects"],
            w["events"],
            w["credits"],
            w["companies"],
            w["projects"],
            w["events"],
            w["credits"],
            w["companies"]
        ),
        _ if dry_run => println!("试导入，未写入任何数据 / dry run: nothing written"),
        _ => println!("没有可写入的项目 / nothing to write"),
    }
}
