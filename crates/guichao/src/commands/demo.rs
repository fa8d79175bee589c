//! `guichao demo`: adds the demo county's records (3,200 fellows with their
//! ties), creating the county and its users first when missing; with
//! `--fellows N [--tenants T]`, writes N synthetic fellows into T generated
//! counties instead, with a progress bar.

use crate::cli::DemoArgs;
use crate::config::Config;
use crate::demo;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub async fn run(config: &Config, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    match args.fellows {
        None => records(&store).await,
        Some(n) => {
            scale(&store, n, args.tenants).await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn records(store: &guichao_store::Store) -> anyhow::Result<ExitCode> {
    let tenant = match store.tenant_by_code(demo::CODE).await? {
        Some(t) => t,
        None => {
            let from_env = std::env::var("GUICHAO_DEMO_PASSWORD").ok().filter(|p| !p.is_empty());
            let password = from_env.clone().unwrap_or_else(guichao_store::org::random_password);
            let t = demo::create_county(store, &password).await.context("cannot create the demo county")?;
            let users: Vec<&str> = demo::USERS.iter().map(|u| u.0).collect();
            println!("演示县 {} 已创建 / demo county created; 用户 / users: {}", demo::NAME, users.join(", "));
            if from_env.is_none() {
                println!("密码 / password: {password}（只显示这一次 / shown only this once）");
            }
            t
        }
    };
    let spinner = ProgressBar::new_spinner().with_message("生成演示数据 / seeding the demo county");
    spinner.enable_steady_tick(Duration::from_millis(120));
    let seeded = demo::seed(store, &tenant, demo::FELLOWS).await.context("cannot seed the demo county")?;
    spinner.finish_and_clear();
    println!("{}：{seeded}", tenant.name);
    Ok(ExitCode::SUCCESS)
}

/// Writes `fellows` fellows into `tenants` generated counties with a progress
/// bar, then optimises the search index; reports both times on stderr.
pub async fn scale(store: &guichao_store::Store, fellows: u64, tenants: u32) -> anyhow::Result<u64> {
    anyhow::ensure!(tenants >= 1, "--tenants must be at least 1");
    let counties = demo::scale::counties(store, tenants).await?;
    let bar = ProgressBar::new(fellows).with_style(
        ProgressStyle::with_template("{bar:40} {human_pos}/{human_len} 乡友 fellows  {per_sec}  {eta} left")
            .expect("a valid template"),
    );
    let started = Instant::now();
    let written = demo::scale::write(store, &counties, fellows, &|n| bar.inc(n as u64)).await?;
    let secs = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    eprintln!(
        "已写入 {written} 名乡友，用时 {secs:.1} 秒（每秒 {rate:.0} 名） / wrote {written} fellows in {secs:.1} s ({rate:.0}/s)",
        rate = written as f64 / secs
    );
    let spinner = ProgressBar::new_spinner().with_message("整理检索索引 / optimising the search index");
    spinner.enable_steady_tick(Duration::from_millis(120));
    let started = Instant::now();
    store.optimize_search_index().await?;
    spinner.finish_and_clear();
    eprintln!("检索索引已整理 / search index optimised in {:.1} s", started.elapsed().as_secs_f64());
    Ok(written)
}
