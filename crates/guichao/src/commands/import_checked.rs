//! `guichao import households FILE` and `guichao import entities FILE`:
//! check a township's "211" household roll or the market-regulation
//! bureau's yearly sheet of new market entities as a user, report every
//! rejected row with its column and reason, optionally write the rejected
//! rows to an error file, and unless `--dry-run` write the accepted rows in
//! one transaction audited as one import. One runner for both, over
//! [`CheckedSheet`].

use crate::cli::ImportProjectsArgs;
use anyhow::Context;
use guichao_domain::Lang;
use guichao_domain::date::today;
use guichao_sheets::checked::{CheckedSheet, ImportError};
use guichao_sheets::registry::import::FileSource;
use guichao_store::{Actor, Store};
use serde_json::json;
use std::process::ExitCode;

fn failed(e: ImportError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.message().get(Lang::Zh))
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
    let errors: Vec<_> = checked
        .rejected()
        .iter()
        .flat_map(|r| {
            r.errors
                .iter()
                .map(|e| json!({"row": e.row, "name": r.name, "column": e.column, "reason": e.reason.get(Lang::Zh)}))
        })
        .collect();
    let mut report = json!({"rows": checked.rows_in_file(), "accepted": checked.accepted(),
        "rejected": checked.rejected().len(), "errors": errors});
    if let Some(w) = written {
        report["written"] = json!(w);
    }
    if args.json {
        println!("{report}");
    } else {
        println!(
            "共 {} 行：可写入 {} {}，有误 {} 行 / rows {}, {} {} to write, rejected {}",
            report["rows"],
            report["accepted"],
            what.zh,
            report["rejected"],
            report["rows"],
            report["accepted"],
            what.en,
            report["rejected"]
        );
        for e in errors.iter().take(50) {
            let t = |k: &str| e[k].as_str().unwrap_or("").to_string();
            println!("  第{}行 {} {}：{}", e["row"], t("name"), t("column"), t("reason"));
        }
        match written {
            Some(w) => println!("已写入 {w} {} / written: {w} {}", what.zh, what.en),
            None if args.dry_run => println!("试导入，未写入任何数据 / dry run: nothing written"),
            None => println!("没有可写入的数据 / nothing to write"),
        }
    }
    Ok(if checked.rejected().is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}
