//! A crash in the middle of sending: `guichao sms send-queued` is killed
//! (SIGKILL) while the provider holds a request. The message it was sending
//! stays `sending` (claimed and committed before the call); the next run,
//! once the provider's timeout has passed, reports it, exits 2 and does not
//! send it again, and sends the rest.

use axum::Json;
use axum::extract::State;
use axum::routing::post;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::sms::SmsStatus;
use guichao_store::Store;
use guichao_store::crypto::FieldKey;
use guichao_store::sms::{OutboxQuery, QueueRequest, Recipients, TemplateDraft};
use guichao_store::testing::County;
use serde_json::{Value, json};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_guichao");

/// The fake provider: records each OutId; while `hang` is set it never answers.
#[derive(Clone, Default)]
struct Fake {
    seen: Arc<Mutex<Vec<String>>>,
    hang: Arc<AtomicBool>,
}

async fn handle(State(fake): State<Fake>, Json(body): Json<Value>) -> Json<Value> {
    let id = body["OutId"].as_str().unwrap_or_default().to_string();
    fake.seen.lock().unwrap().push(id.clone());
    if fake.hang.load(Ordering::SeqCst) {
        std::future::pending::<()>().await;
    }
    Json(json!({"Code": "OK", "BizId": format!("biz-{id}")}))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_sender_leaves_its_message_sending_and_the_next_run_does_not_resend_it() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("g.db").display());
    let key_file = dir.path().join("g.key");
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let store = store.with_field_key(FieldKey::load_or_create(&key_file).unwrap().0);
    let county = County::seed(&store).await;
    let admin = county.user(&store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let mut fellows = Vec::new();
    for (name, phone) in [("张三", "13800000001"), ("李四", "13800000002"), ("王五", "13800000003")] {
        let mut form = county.fellow_form(name, "新墙镇", None);
        form.phone = phone.into();
        fellows.push(county.fellow(&store, &admin, form).await);
    }
    let sms = store.sms(&admin, Permission::SmsWrite).unwrap();
    let draft =
        TemplateDraft { name: "春节".into(), body: "{称呼}新春快乐".into(), provider_template: "SMS_1".into() };
    let template = sms.save_template(None, draft).await.unwrap();
    let req = QueueRequest {
        template_id: template,
        recipients: Recipients::Fellows(fellows),
        campaign_id: None,
        sign_off: String::new(),
        date: guichao_domain::date::today(),
    };
    assert_eq!(sms.queue(req).await.unwrap().queued, 3);

    let fake = Fake::default();
    fake.hang.store(true, Ordering::SeqCst);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().route("/send", post(handle)).with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let config = dir.path().join("guichao.toml");
    std::fs::write(
        &config,
        format!(
            "[sms]\nprovider = \"http\"\nurl = \"http://{addr}/send\"\nkey = \"k\"\ntimeout_ms = 1000\nretries = 0\n"
        ),
    )
    .unwrap();
    let send = || {
        Command::new(BIN)
            .args(["--database-url", &url, "--config"])
            .arg(&config)
            .args(["sms", "send-queued", "--force"])
            .env("GUICHAO_KEY_FILE", &key_file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run guichao")
    };

    // The first run hangs in the provider call; it is killed there.
    let mut child = send();
    let started = Instant::now();
    while fake.seen.lock().unwrap().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(60), "the sender never called the provider");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let in_flight = fake.seen.lock().unwrap()[0].clone();
    let rows = sms.outbox(&OutboxQuery { limit: 10, ..Default::default() }).await.unwrap();
    let status = |id: &str| rows.iter().find(|m| m.id.to_string() == id).unwrap().status;
    assert_eq!(status(&in_flight), SmsStatus::Sending, "claimed and committed before the call");
    assert_eq!(rows.iter().filter(|m| m.status == SmsStatus::Queued).count(), 2, "the others untouched");

    // Once the provider's timeout (1 s, plus 5 s) has passed, the message
    // cannot be in flight in another run any more. The next run sends the
    // other two, reports that one, exits 2.
    fake.hang.store(false, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(6_500)).await;
    let second = send();
    let out = tokio::task::spawn_blocking(move || second.wait_with_output().unwrap()).await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(&in_flight) && stdout.contains("未重发"), "{stdout}");
    let seen = fake.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen.iter().filter(|id| **id == in_flight).count(), 1, "never sent twice");
    let rows = sms.outbox(&OutboxQuery { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(rows.iter().filter(|m| m.status == SmsStatus::Sent).count(), 2);
    assert_eq!(rows.iter().filter(|m| m.status == SmsStatus::Sending).count(), 1);
}
