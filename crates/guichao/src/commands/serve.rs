//! `guichao serve [--demo]`: runs the web server until Ctrl-C or SIGTERM.

use crate::cli::ServeArgs;
use crate::config::Config;
use crate::demo;
use anyhow::Context;
use guichao_web::{AppState, serve};
use std::process::ExitCode;
use std::time::Duration;
use tokio::net::TcpListener;

pub async fn run(config: &Config, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    let mut notes = Vec::new();
    if args.demo {
        let from_env = std::env::var("GUICHAO_DEMO_PASSWORD").ok().filter(|p| !p.is_empty());
        let password = from_env.clone().unwrap_or_else(guichao_store::org::random_password);
        let users: Vec<&str> = demo::USERS.iter().map(|u| u.0).collect();
        if let Some(seeded) = demo::ensure(&store, &password).await.context("cannot create the demo county")? {
            notes.push(format!("演示县 {} 已创建 / demo county created", demo::NAME));
            notes.push(seeded.to_string());
            notes.push(format!("用户 / users: {}", users.join(", ")));
            notes.push(format!("密码 / password: {password}"));
            if from_env.is_none() {
                notes.push("（随机密码只显示这一次 / random password, shown only this once）".into());
            }
        } else {
            notes.push(format!("演示用户 / demo users: {}", users.join(", ")));
            notes.push(match from_env {
                Some(p) => format!("密码 / password: {p}"),
                None => "密码为首次启动时打印的那个 / password: the one printed at first start".into(),
            });
        }
    } else if store.tenants().await?.is_empty() {
        notes.push("数据库里还没有县：运行 guichao init --tenant 名称 --code 代码，或 guichao serve --demo".into());
        notes.push("No county yet: run guichao init --tenant NAME --code CODE, or guichao serve --demo".into());
    }
    notes.extend(super::admins::missing_note(&store).await?);
    let addr = args.addr.or(config.addr.clone()).unwrap_or_else(|| "127.0.0.1:8080".into());
    let listener = TcpListener::bind(&addr).await.with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    notes.push(cookie_note(config.web.secure_cookies, local));
    println!("归巢 Guichao 已启动 / is running: http://{local}/");
    for note in notes {
        println!("  {note}");
    }
    tokio::spawn(refresh_search(store.clone()));
    tokio::spawn(daily(store.clone(), config.clone()));
    let state = AppState::new(store, config.web.clone());
    serve(listener, state, shutdown()).await?;
    Ok(ExitCode::SUCCESS)
}

/// What the session cookie asks of the browser, said at start: a `Secure`
/// cookie travels only over HTTPS, and to this machine's own loopback
/// address, which browsers (Chromium, Firefox) treat as secure; so the demo
/// at http://127.0.0.1 signs in with it, and plain HTTP from another machine
/// does not.
fn cookie_note(secure: bool, local: std::net::SocketAddr) -> String {
    match (secure, local.ip().is_loopback()) {
        (false, _) => "会话 Cookie 未加 Secure：guichao.toml 设置了 trusted_plain_http = true（受信任网络上的明文 HTTP） / session cookie without Secure: trusted_plain_http = true in guichao.toml (plain HTTP on a trusted network)".into(),
        (true, true) => "会话 Cookie 带 Secure：本机地址可直接用浏览器登录；其他电脑请经 HTTPS 访问 / session cookie is Secure: sign in on this machine's address; other machines need HTTPS".into(),
        (true, false) => "会话 Cookie 带 Secure：请在前面配置 HTTPS；受信任网络上的明文 HTTP 须在 guichao.toml 写 trusted_plain_http = true / session cookie is Secure: put HTTPS in front, or write trusted_plain_http = true in guichao.toml for plain HTTP on a trusted network".into(),
    }
}

/// How often the search index and the planner's statistics are refreshed while
/// serving (writes of many rows also refresh them as they commit).
const REFRESH_EVERY: Duration = Duration::from_secs(600);

/// Refreshes the search index and statistics every [`REFRESH_EVERY`], the
/// first time at start, so that a database written by another process (an
/// import from the command line) is served fast.
async fn refresh_search(store: guichao_store::Store) {
    let mut every = tokio::time::interval(REFRESH_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = store.refresh_search().await {
            tracing::warn!("search maintenance failed: {e}");
        }
    }
}

/// Once a day, the first time at start: every county's audit head appended
/// to the head file beside the backups, and (unless `[backup] daily =
/// false`) a backup into `[backup] dir`, keeping the newest `keep`.
async fn daily(store: guichao_store::Store, config: Config) {
    let mut every = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match store.system().record_audit_heads(guichao_domain::date::today()).await {
            Ok(n) => tracing::info!("audit heads recorded: {n} lines in {}", config.backup.heads_file().display()),
            Err(e) => tracing::error!("cannot record the audit heads / 无法记录审计链头: {e}"),
        }
        if config.backup.daily {
            match super::backup::daily(&store, &config.backup).await {
                Ok(Some(file)) => tracing::info!("daily backup written: {}", file.display()),
                Ok(None) => tracing::info!("a daily backup younger than 20 hours exists; none made"),
                Err(e) => tracing::error!("daily backup failed / 每日备份失败: {e:#}"),
            }
        }
    }
}

async fn shutdown() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
