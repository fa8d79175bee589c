//! `guichao`: the server and its command line. Thin: parsing and wiring only;
//! the work is in the library crates.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    guichao::logging();
    let cli = guichao::cli::Cli::parse();
    match guichao::run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
