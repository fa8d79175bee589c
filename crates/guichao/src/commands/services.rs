//! `guichao services report --from --to [--as USER] [--json]`: the service
//! report for a period as a user sees it, the same figures as
//! `/services/report` and `GET /api/v1/services/report`.

use crate::cli::{ServicesArgs, ServicesCommand, ServicesReportArgs};
use crate::config::Config;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::projects::Period;
use guichao_domain::services::ReportLine;
use serde_json::json;
use std::process::ExitCode;

pub async fn run(config: &Config, args: ServicesArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        ServicesCommand::Report(args) => report(config, args).await,
    }
}

fn line_json(l: &ReportLine) -> serde_json::Value {
    json!({
        "received": l.received, "done": l.done, "done_on_time": l.done_on_time,
        "median_days": l.median_days, "satisfaction": l.satisfaction, "rated": l.rated,
    })
}

fn line_text(name: &str, l: &ReportLine) -> String {
    let opt = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"));
    format!("{name}\t{}\t{}\t{}\t{}\t{}", l.received, l.done, l.done_on_time, opt(l.median_days), opt(l.satisfaction))
}

async fn report(config: &Config, args: ServicesReportArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    let actor = super::import::acting_user(&store, args.target.tenant.as_deref(), args.as_user.as_deref()).await?;
    let page = store.services(&actor, Permission::ServiceRead)?.report(Period { from: args.from, to: args.to }).await?;
    let unit = |id: &uuid::Uuid| page.unit_names.get(id).cloned().unwrap_or_default();
    if args.json {
        let body = json!({
            "from": args.from, "to": args.to,
            "by_kind": page.report.by_kind.iter().map(|(k, l)| json!({"kind": k.code(), "line": line_json(l)})).collect::<Vec<_>>(),
            "by_unit": page.report.by_unit.iter().map(|(u, l)| json!({"unit_id": u, "unit": unit(u), "line": line_json(l)})).collect::<Vec<_>>(),
            "total": line_json(&page.report.total),
        });
        println!("{body}");
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} 至 {} / {} to {}", args.from, args.to, args.from, args.to);
    println!("类别/单位\t受理\t办结\t按时办结\t用时中位数\t满意度");
    for (k, l) in &page.report.by_kind {
        println!("{}", line_text(k.label(Lang::Zh), l));
    }
    for (u, l) in &page.report.by_unit {
        println!("{}", line_text(&unit(u), l));
    }
    println!("{}", line_text("合计", &page.report.total));
    Ok(ExitCode::SUCCESS)
}
