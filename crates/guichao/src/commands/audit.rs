//! `guichao audit verify`: walks the hash chains.

use crate::cli::{AuditArgs, AuditCommand};
use crate::config::Config;
use std::process::ExitCode;

pub async fn run(config: &Config, args: AuditArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    match args.command {
        AuditCommand::Verify => match guichao_store::audit::verify_all(&store).await? {
            Ok(n) => {
                println!("审计链完整 / audit chain intact: {n} events");
                Ok(ExitCode::SUCCESS)
            }
            Err(broken) => {
                eprintln!("审计链断裂 / audit chain broken: {broken}");
                Ok(ExitCode::FAILURE)
            }
        },
    }
}
