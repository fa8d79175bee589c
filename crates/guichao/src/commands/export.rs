//! `guichao export fellows FILE` (the list a user may see, filtered) and
//! `guichao export template FILE` (a blank roster to fill in).

use crate::cli::{ExportArgs, ExportCommand, ExportFellowsArgs};
use crate::config::Config;
use anyhow::Context;
use guichao_domain::access::Permission;
use guichao_domain::fellows::Category;
use guichao_sheets::registry::export::fellows_xlsx;
use guichao_store::fellows::FellowQuery;
use serde_json::json;
use std::process::ExitCode;

pub async fn run(config: &Config, args: ExportArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        ExportCommand::Template { file } => {
            std::fs::write(&file, guichao_sheets::template_workbook())
                .with_context(|| format!("cannot write {}", file.display()))?;
            println!("已写出导入模板 / wrote the import template: {}", file.display());
        }
        ExportCommand::Fellows(args) => fellows(config, args).await?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn fellows(config: &Config, args: ExportFellowsArgs) -> anyhow::Result<()> {
    let store = super::open(config).await?;
    let actor = super::import::acting_user(&store, args.target.tenant.as_deref(), args.as_user.as_deref()).await?;
    let township_id = match &args.township {
        Some(name) => {
            let homes = store.fellows(&actor, Permission::FellowWrite)?.homes().await?;
            let key = guichao_sheets::normalize::township_key(name);
            let found = homes.iter().find(|h| guichao_sheets::normalize::township_key(&h.name) == key);
            Some(found.with_context(|| format!("no township {name}"))?.id)
        }
        None => None,
    };
    let category = match &args.category {
        Some(text) => Some(
            Category::parse(text)
                .or_else(|| Category::from_words(text))
                .with_context(|| format!("no category {text}"))?
                .code()
                .to_string(),
        ),
        None => None,
    };
    let q = FellowQuery { township_id, category, city: args.city.clone(), tag: args.tag.clone(), ..Default::default() };
    let filters = json!({"township": args.township, "category": args.category, "city": args.city, "tag": args.tag});
    let (bytes, rows) = fellows_xlsx(&store, &actor, &q, filters, args.reveal).await?;
    std::fs::write(&args.file, bytes).with_context(|| format!("cannot write {}", args.file.display()))?;
    println!("已导出 {rows} 名乡友 / exported {rows} fellows: {}", args.file.display());
    Ok(())
}
