//! `guichao import loans FILE`, `guichao import households FILE` and
//! `guichao import entities FILE`: check a bank's guarantee-loan ledger, a
//! township's "211" household roll or the market-regulation bureau's yearly
//! sheet of new market entities as a user, report every rejected row with
//! its column and reason (and the rows naming records held already,
//! skipped), optionally write the rejected rows to an error file, and
//! unless `--dry-run` write the accepted rows in one transaction audited as
//! one import. One runner for all three, over [`CheckedSheet`], with the
//! same JSON keys.

use crate::cli::ImportProjectsArgs;
use anyhow::Context;
use guichao_domain::date::today;
use guichao_domain::funds::show_fen;
use guichao_domain::{Lang, Msg};
use guichao_sheets::checked::{CheckedSheet, ImportError};
use guichao_sheets::registry::import::FileSource;
use guichao_store::{Actor, Store};
use serde_json::json;
use std::process::ExitCode;

fn failed(e: ImportError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.message().get(Lang::Zh))
}

pub async fn loans(store: &Store, actor: &Actor, args: ImportProjectsArgs) -> anyhow::Result<ExitCode> {
    let (source, name) = file(&args);
    let checked = guichao_sheets::loans::check(store, actor, source, &name, today()).await.map_err(failed)?;
    run(store, actor, checked, args).await
}

pub async fn households(store: &Store, actor: &Actor, args: ImportProjectsArgs) -> anyhow::Result<ExitCode> {
    let (source, name) = file(&args);
    let checked = guichao_sheets::households::check(store, actor, source, &name, today()).await.map_err(failed)?;
    run(store, actor, checked, args).await
}

pub async fn entities(store: &Store, actor: &Actor, args: ImportProjectsArgs) -> anyhow::Result<ExitCode> {
    let (source, name) = file(&args);
    let checked = guichao_sheets::market::check(store, actor, source, &name).await.map_err(failed)?;
    run(store, actor, checked, args).await
}

fn file(args: &ImportProjectsArgs) -> (FileSource, String) {
    let name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    (FileSource::Path(args.file.clone()), name)
}

async fn run<C: CheckedSheet>(
    store: &Store,
    actor: &Actor,
    checked: C,
    args: ImportProjectsArgs,
) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.errors {
        std::fs::write(path, checked.error_file()?).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let what = checked.what();
    let written = if args.dry_run || checked.accepted() == 0 {
        None
    } else {
        eprintln!(
            "正在写入 {} {}，全部写完才生效 / writing {} {}: all or nothing",
            checked.accepted(),
            what.zh,
            checked.accepted(),
            what.en
        );
        Some(checked.commit(store, actor).await.map_err(failed)?)
    };
    let report = report(&checked, written);
    if args.json {
        println!("{report}");
    } else {
        print_summary(&report, &what, args.dry_run);
    }
    Ok(if checked.rejected().is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// Counts, every rejected row's reasons, the rows held already (skipped),
/// the money accepted (null but for loans) and what was written.
fn report<C: CheckedSheet>(checked: &C, written: Option<usize>) -> serde_json::Value {
    let errors: Vec<_> = checked
        .rejected()
        .iter()
        .flat_map(|r| {
            r.errors
                .iter()
                .map(|e| json!({"row": e.row, "name": r.name, "column": e.column, "reason": e.reason.get(Lang::Zh)}))
        })
        .collect();
    let existing: Vec<_> =
        checked.existing().iter().map(|e| json!({"row": e.row, "name": e.name, "key": e.key})).collect();
    let mut out = json!({
        "rows": checked.rows_in_file(),
        "accepted": checked.accepted(),
        "accepted_amount_fen": checked.accepted_amount_fen(),
        "rejected": checked.rejected().len(),
        "existing": existing,
        "errors": errors,
    });
    if let Some(w) = written {
        out["written"] = json!(w);
    }
    out
}

fn print_summary(report: &serde_json::Value, what: &Msg, dry_run: bool) {
    let existing = report["existing"].as_array().map_or(0, Vec::len);
    let amount = report["accepted_amount_fen"].as_i64().map(|f| format!("（{}）", show_fen(f, Lang::Zh)));
    println!(
        "共 {} 行：可写入 {} {}{}，有误 {} 行，已登记跳过 {} / rows {}, {} {} to write, rejected {}, known skipped {}",
        report["rows"],
        report["accepted"],
        what.zh,
        amount.unwrap_or_default(),
        report["rejected"],
        existing,
        report["rows"],
        report["accepted"],
        what.en,
        report["rejected"],
        existing,
    );
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    for e in report["errors"].as_array().into_iter().flatten().take(50) {
        println!("  第{}行 {} {}：{}", e["row"], text(&e["name"]), text(&e["column"]), text(&e["reason"]));
    }
    for e in report["existing"].as_array().into_iter().flatten().take(50) {
        println!("  第{}行 {} {}：已登记，跳过 / known, skipped", e["row"], text(&e["name"]), text(&e["key"]));
    }
    match &report["written"] {
        w if w.is_number() => println!("已写入 {w} {} / written: {w} {}", what.zh, what.en),
        _ if dry_run => println!("试导入，未写入任何数据 / dry run: nothing written"),
        _ => println!("没有可写入的数据 / nothing to write"),
    }
}
