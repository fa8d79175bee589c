//! `guichao import loans FILE`: check a bank's guarantee-loan ledger as a
//! user, report every rejected row with its column and reason and the
//! contracts recorded already (skipped), optionally write the rejected rows
//! to an error file, and unless `--dry-run` write the accepted loans in one
//! transaction, audited as one import.

use crate::cli::ImportProjectsArgs;
use anyhow::Context;
use guichao_domain::Lang;
use guichao_domain::date::today;
use guichao_sheets::loans::{CheckedLoans, check};
use guichao_sheets::registry::import::FileSource;
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
        eprintln!("正在写入 {rows} 笔贷款，全部写完才生效 / writing {rows} loans: all or nothing");
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

/// Counts, every rejected row's reasons, the contracts recorded already,
/// the amount accepted and what was written.
fn report(c: &CheckedLoans, written: Option<usize>) -> serde_json::Value {
    let errors: Vec<_> = c
        .rejected
        .iter()
        .flat_map(|r| {
            r.errors
                .iter()
                .map(|e| json!({"row": e.row, "name": r.name, "column": e.column, "reason": e.reason.get(Lang::Zh)}))
        })
        .collect();
    let existing: Vec<_> =
        c.existing.iter().map(|e| json!({"row": e.row, "name": e.name, "contract": e.contract})).collect();
    let mut out = json!({
        "rows": c.rows_in_file,
        "accepted": c.accepted.len(),
        "accepted_amount_fen": c.accepted.iter().map(|a| a.loan.amount_fen).sum::<i64>(),
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
    let amount = guichao_domain::funds::show_fen(report["accepted_amount_fen"].as_i64().unwrap_or(0), Lang::Zh);
    println!(
        "共 {} 行：无误 {}（{amount}），有误 {}，已有合同跳过 {} / rows {}, accepted {}, rejected {}, known contracts skipped {}",
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
        println!("  第{}行 {} {}：合同已登记，跳过 / known, skipped", e["row"], text(&e["name"]), text(&e["contract"]));
    }
    match &report["written"] {
        w if w.is_number() => println!("已写入贷款 {w} 笔 / written: {w} loans"),
        _ if dry_run => println!("试导入，未写入任何数据 / dry run: nothing written"),
        _ => println!("没有可写入的贷款 / nothing to write"),
    }
}
