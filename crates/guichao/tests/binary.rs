//! The real binary: started on a free port, signed in to over HTTP; and the
//! admin commands (init, user, token, audit verify) run as a user would.

use sea_orm::ConnectionTrait;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_guichao");
const PASSWORD: &str = "Demo-pass-1";

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn start_demo(db_url: &str) -> Server {
    let mut child = Command::new(BIN)
        .args(["--database-url", db_url, "serve", "--demo", "--addr", "127.0.0.1:0"])
        .env("GUICHAO_DEMO_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start guichao");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().expect("a line").expect("utf-8");
    let base = first.split("http://").nth(1).expect("an address").trim_end_matches('/').to_string();
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, base: format!("http://{base}") }
}

fn run(db_url: &str, args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(BIN)
        .arg("--database-url")
        .arg(db_url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run guichao");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_demo_serves_and_a_user_logs_in_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let server = start_demo(&url);
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::limited(5))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let health: serde_json::Value =
        client.get(format!("{}/healthz", server.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    let login = client
        .post(format!("{}/login", server.base))
        .header("Origin", &server.base)
        .form(&[("username", "xinqiang"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(login.status().is_success());
    let home = login.text().await.unwrap();
    assert!(home.contains("您好，新墙镇干部"), "{home}");
    let me: serde_json::Value =
        client.get(format!("{}/api/v1/me", server.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["username"], "xinqiang");
    assert_eq!(me["unit_name"], "新墙镇");
}

#[tokio::test]
async fn admin_commands_work_and_audit_verify_finds_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("admin.db").display());
    let units = dir.path().join("units.csv");
    std::fs::write(&units, "\u{feff}名称,级别,上级\n新墙镇,乡镇,\n新墙村,村,新墙镇\n").unwrap();

    let (ok, out, err) =
        run(&url, &["init", "--tenant", "岳阳县", "--code", "430621", "--units", units.to_str().unwrap()], None);
    assert!(ok, "{err}");
    assert!(out.contains("导入单位 2 个") && out.contains("password:"), "{out}");
    // The three administrators (三员分立), each with a password shown once.
    assert!(out.contains("security") && out.contains("auditor") && out.matches("password:").count() == 3, "{out}");
    let (ok, out, err) = run(&url, &["admins", "create"], None);
    assert!(ok && out.contains("三位管理员都已存在"), "{out}{err}");

    let (ok, out, err) =
        run(&url, &["user", "add", "cadre", "--name", "村干部", "--unit", "新墙村", "--role", "village_cadre"], None);
    assert!(ok, "{err}");
    assert!(out.contains("password:"), "{out}");
    let (ok, _, err) = run(&url, &["user", "passwd", "cadre", "--password-stdin"], Some("Fresh-pass-9\n"));
    assert!(ok, "{err}");
    let (ok, _, err) = run(&url, &["user", "passwd", "cadre", "--password-stdin"], Some("weak\n"));
    assert!(!ok && err.contains("密码至少8位"), "{err}");
    let (ok, _, err) = run(&url, &["user", "add", "x", "--role", "emperor"], None);
    assert!(!ok && err.contains("unknown role"), "{err}");
    // A second factor is removed from the command line (audited, so the chain below covers it).
    let (ok, out, err) = run(&url, &["user", "reset-two-factor", "cadre"], None);
    assert!(ok && out.contains("had no second factor"), "{out}{err}");
    let (ok, _, err) = run(&url, &["user", "reset-two-factor", "nobody"], None);
    assert!(!ok && err.contains("no user nobody"), "{err}");

    let (ok, token, err) = run(&url, &["token", "create", "--user", "cadre"], None);
    assert!(ok, "{err}");
    assert!(token.trim().starts_with("gc_"), "{token}");

    let (ok, out, _) = run(&url, &["audit", "verify"], None);
    assert!(ok && out.contains("intact"), "{out}");

    let store = guichao_store::Store::connect(&url).await.unwrap();
    store
        .system()
        .connection()
        .execute_unprepared("UPDATE audit_events SET detail = '{}' WHERE seq = 2")
        .await
        .unwrap();
    let (ok, _, err) = run(&url, &["audit", "verify"], None);
    assert!(!ok, "verify must fail");
    assert!(err.contains("#2"), "{err}");
}

/// `guichao` with a database and extra variables.
fn run_env(db_url: &str, args: &[&str], env: &[(&str, &std::path::Path)]) -> (bool, String, String) {
    let mut cmd = Command::new(BIN);
    cmd.arg("--database-url").arg(db_url).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run guichao");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_backup_restores_into_an_empty_database_with_its_key_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("sqlite://{}", dir.path().join("a.db").display());
    let (ok, _, err) = run(&source, &["init", "--tenant", "岳阳县", "--code", "430621"], None);
    assert!(ok, "{err}");
    let file = dir.path().join("a.gcbk");
    let (ok, out, err) = run(&source, &["backup", file.to_str().unwrap()], None);
    assert!(ok && out.contains("备份完成"), "{out} {err}");
    let heads = std::fs::read_to_string(dir.path().join("a-backups/audit-heads.log")).unwrap();
    assert!(heads.contains("\t430621\t"), "the backup recorded the heads: {heads}");
    let (ok, _, err) = run(&source, &["backup", file.to_str().unwrap()], None);
    assert!(!ok && err.contains("已存在"), "{err}");

    // Elsewhere: the key that made it and the head file kept with the backups.
    let target = format!("sqlite://{}", dir.path().join("b.db").display());
    let key = dir.path().join("a.key");
    let backups = dir.path().join("a-backups");
    let env = [("GUICHAO_KEY_FILE", key.as_path()), ("GUICHAO_BACKUP_DIR", backups.as_path())];
    let (ok, out, err) = run_env(&target, &["restore", file.to_str().unwrap()], &env);
    assert!(ok, "{out} {err}");
    assert!(out.contains("已恢复") && out.contains("审计链完整") && out.contains("1 recorded heads"), "{out}");
    let (ok, out, _) = run_env(&target, &["audit", "verify"], &env);
    assert!(ok && out.contains("intact"), "{out}");

    let (ok, _, err) = run_env(&target, &["restore", file.to_str().unwrap()], &env);
    assert!(!ok && err.contains("目标数据库不是空的"), "{err}");
    let elsewhere = format!("sqlite://{}", dir.path().join("c.db").display());
    let (ok, _, err) = run(&elsewhere, &["restore", file.to_str().unwrap()], None);
    assert!(!ok && err.contains("找不到密钥文件"), "{err}");
    assert!(!dir.path().join("c.db").exists() && !dir.path().join("c.key").exists(), "nothing made");
}
