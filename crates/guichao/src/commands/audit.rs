//! `guichao audit verify`: walks the keyed hash chains and checks them
//! against the audit head file beside the backups.

use crate::cli::{AuditArgs, AuditCommand};
use crate::config::Config;
use std::process::ExitCode;

pub async fn run(config: &Config, args: AuditArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    match args.command {
        AuditCommand::Verify => match guichao_store::audit::verify_all(&store).await? {
            Ok(v) => {
                println!(
                    "审计链完整 / audit chain intact: {} events, {} recorded heads ({})",
                    v.events,
                    v.heads,
                    config.backup.heads_file().display()
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(broken) => {
                eprintln!("审计链断裂 / audit chain broken: {broken}");
                Ok(ExitCode::FAILURE)
            }
        },
    }
}
