//! The `guichao` binary's library half: the command line (`cli`), configuration
//! (`config`), one module per command (`commands`), and the demo county (`demo`).

pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod sms;

use cli::{Cli, Command};
use std::process::ExitCode;

/// Logs to stderr, `info` by default (`RUST_LOG` overrides).
pub fn logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

/// Runs one command; the exit code says whether it succeeded.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = config::Config::load(&cli.global)?;
    // The benchmark has its own default database; only an explicit URL replaces it.
    let explicit_database = cli.global.database_url.clone();
    match cli.command {
        Command::Serve(args) => commands::serve::run(&config, args).await,
        Command::Init(args) => commands::init::run(&config, args).await,
        Command::Migrate => commands::migrate(&config).await,
        Command::User(args) => commands::user::run(&config, args).await,
        Command::Admins(args) => commands::admins::run(&config, args).await,
        Command::Token(args) => commands::token::run(&config, args).await,
        Command::Audit(args) => commands::audit::run(&config, args).await,
        Command::Backup(args) => commands::backup::backup(&config, args).await,
        Command::Restore(args) => commands::backup::restore(&config, args).await,
        Command::Demo(args) => commands::demo::run(&config, args).await,
        Command::Bench(args) => commands::bench::run(&config, explicit_database, args).await,
        Command::Import(args) => commands::import::run(&config, args).await,
        Command::Export(args) => commands::export::run(&config, args).await,
        Command::Sms(args) => commands::sms::run(&config, args).await,
        Command::Services(args) => commands::services::run(&config, args).await,
    }
}
