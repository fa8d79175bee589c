//! `guichao sms send-queued`: drains the outbox from cron.

use crate::cli::{SmsArgs, SmsCommand, SmsSendArgs};
use crate::config::Config;
use crate::sms::{HttpProvider, ProviderKind};
use guichao_store::sms::SendOptions;
use guichao_store::sms::provider::FileProvider;
use std::process::ExitCode;

pub async fn run(config: &Config, args: SmsArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        SmsCommand::SendQueued(send) => send_queued(config, send).await,
    }
}

async fn send_queued(config: &Config, args: SmsSendArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    let mut opts = SendOptions::new(config.sms.limits(), args.force);
    opts.stuck_after = config.sms.stuck_after();
    let report = match config.sms.provider {
        ProviderKind::File => {
            let provider = FileProvider::new(config.sms.log_file());
            store.system().sms_send_queued(&provider, &opts).await?
        }
        ProviderKind::Http => {
            let provider = HttpProvider::new(&config.sms)?;
            store.system().sms_send_queued(&provider, &opts).await?
        }
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        if report.quiet {
            println!(
                "现在是免打扰时段（21:00-08:00），未发送；如确需发送请加 --force / quiet hours: nothing sent (use --force)"
            );
        }
        println!(
            "提交平台 {} 条，已送达 {} 条，已提交待回执 {} 条，失败 {} 条，结果不明 {} 条，仍在队列 {} 条 / handed over {}, delivered {}, sent {}, failed {}, unknown {}, still queued {}",
            report.handed_over,
            report.delivered,
            report.sent,
            report.failed,
            report.unknown,
            report.left_queued,
            report.handed_over,
            report.delivered,
            report.sent,
            report.failed,
            report.unknown,
            report.left_queued,
        );
        for s in &report.stuck {
            println!(
                "结果不明，未重发，请在发送队列中人工处理 / left sending, not resent: message {} (fellow {}, since {})",
                s.id,
                s.fellow_id,
                s.sending_at.map(|t| t.to_rfc3339()).unwrap_or_default()
            );
        }
    }
    Ok(if report.stuck.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}
