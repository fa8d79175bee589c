//! `guichao token create`: a bearer token for scripts.

use crate::cli::{TokenArgs, TokenCommand};
use crate::config::Config;
use std::process::ExitCode;

pub async fn run(config: &Config, args: TokenArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    match args.command {
        TokenCommand::Create { user, name, target } => {
            let tenant = super::tenant(&store, target.tenant.as_deref()).await?;
            let created = store.system().create_token_for(tenant.id, &user, &name).await.map_err(|e| match e {
                guichao_store::StoreError::NotFound => anyhow::anyhow!("no user {user}"),
                other => other.into(),
            })?;
            // Only the token on stdout, so scripts can capture it.
            println!("{}", created.token);
        }
    }
    Ok(ExitCode::SUCCESS)
}
