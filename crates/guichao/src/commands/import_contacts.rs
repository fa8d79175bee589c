//! `guichao import contacts FILE`: check a county's existing contact log
//! (联系台账) as a user, report every rejected row with its column and reason,
//! optionally write the rejected rows to an error file, and with `--commit`
//! write the accepted rows in one transaction, audited as one import.

use crate::cli::ImportContactsArgs;
use anyhow::Context;
use guichao_domain::Lang;
use guichao_domain::date::today;
use guichao_sheets::contacts::{CheckedLog, check};
use guichao_sheets::registry::import::FileSource;
use guichao_store::contacts::BulkContactCounts;
use guichao_store::{Actor, Store};
use serde_json::json;
use std::process::ExitCode;

pub async fn run(store: &Store, actor: &Actor, args: ImportContactsArgs) -> anyhow::Result<ExitCode> {
    let file_name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let checked = check(store, actor, FileSource::Path(args.file.clone()), &file_name, today())
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message().get(Lang::Zh)))?;
    if let Some(path) = &args.errors {
        std::fs::write(path, checked.error_file()?).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let written = if args.commit {
        let rows = checked.accepted.len();
        eprintln!("正在写入 {rows} 条联系记录，全部写完才生效 / writing {rows} contacts: all or nothing");
        Some(checked.commit(store, actor).await.map_err(|e| anyhow::anyhow!("{}", e.message().get(Lang::Zh)))?)
    } else {
        None
    };
    let report = report(&checked, written);
    if args.json {
        println!("{report}");
    } else {
        print_summary(&report);
    }
    Ok(if checked.rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// Counts, every rejected row's reasons with its row, column and name, and what was written.
fn report(c: &CheckedLog, written: Option<BulkContactCounts>) -> serde_json::Value {
    let errors: Vec<_> = c
        .rejected
        .iter()
        .flat_map(|r| {
            r.errors
                .iter()
                .map(|e| json!({"row": e.row, "name": r.name, "column": e.column, "reason": e.reason.get(Lang::Zh)}))
        })
        .collect();
    let mut out = json!({
        "rows": c.rows_in_file,
        "accepted": c.accepted.len(),
        "rejected": c.rejected.len(),
        "duplicates": c.duplicates.len(),
        "errors": errors,
    });
    if let Some(w) = written {
        out["written"] = json!({"contacts": w.contacts});
    }
    out
}

fn print_summary(report: &serde_json::Value) {
    println!(
        "共 {} 行：无误 {}，有误 {}，已有记录跳过 {} / rows {}, accepted {}, rejected {}, already recorded {}",
        report["rows"],
        report["accepted"],
        report["rejected"],
        report["duplicates"],
        report["rows"],
        report["accepted"],
        report["rejected"],
        report["duplicates"],
    );
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    for e in report["errors"].as_array().into_iter().flatten().take(50) {
        println!("  第{}行 {} {}：{}", e["row"], text(&e["name"]), text(&e["column"]), text(&e["reason"]));
    }
    match report["written"]["contacts"].as_u64() {
        Some(n) => println!("已写入联系记录 {n} 条 / written: {n} contacts"),
        None => println!("试导入，未写入任何数据；加 --commit 写入 / dry run: nothing written; add --commit to write"),
    }
}
