//! The HTTP SMS provider against a fake provider on 127.0.0.1:0 that fails
//! some requests: retries with backoff only when nothing was sent, never a
//! message twice, the Aliyun and Tencent shapes; over https with a gateway's
//! own CA; and the sender draining a real outbox through it.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use guichao::sms::{HttpProvider, Shape, SmsConfig};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::sms::{Limits, SmsStatus};
use guichao_store::sms::provider::{OutgoingSms, SendOutcome, SmsProvider};
use guichao_store::sms::{OutboxQuery, QueueRequest, Recipients, SendOptions, TemplateDraft};
use guichao_store::store_test;
use guichao_store::testing::{County, TestDb};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// What the fake provider does with the n-th request (from 1) carrying a given OutId.
#[derive(Clone, Copy)]
enum Script {
    Ok,
    /// 503 the first `n` times a message is tried, then OK.
    BusyFirst(usize),
    AlwaysBusy,
    /// 500 after taking the request: the message may have gone.
    ServerError,
    /// Answers only after the client has given up.
    Slow,
    /// `Code` other than OK.
    Refuse,
}

/// Each request's body and Authorization header.
type Requests = Arc<Mutex<Vec<(Value, Option<String>)>>>;

#[derive(Clone)]
struct Fake {
    requests: Requests,
    script: Arc<dyn Fn(&Value) -> Script + Send + Sync>,
}

impl Fake {
    fn new(script: impl Fn(&Value) -> Script + Send + Sync + 'static) -> Fake {
        Fake { requests: Arc::default(), script: Arc::new(script) }
    }
    fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
    /// How many requests carried the id (Aliyun's OutId or Tencent's SessionContext).
    fn tries_of(&self, id: &str) -> usize {
        self.requests.lock().unwrap().iter().filter(|(b, _)| out_id(b) == id).count()
    }
}

fn out_id(body: &Value) -> String {
    body.get("OutId").or(body.get("SessionContext")).and_then(Value::as_str).unwrap_or_default().to_string()
}

async fn handle(State(fake): State<Fake>, headers: HeaderMap, Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_string);
    let tries = {
        let mut requests = fake.requests.lock().unwrap();
        requests.push((body.clone(), auth));
        requests.iter().filter(|(b, _)| out_id(b) == out_id(&body)).count()
    };
    let ok = if body.get("SessionContext").is_some() {
        json!({"Response": {"SendStatusSet": [{"Code": "Ok", "SerialNo": format!("tc-{}", out_id(&body))}]}})
    } else {
        json!({"Code": "OK", "BizId": format!("biz-{}", out_id(&body))})
    };
    match (fake.script)(&body) {
        Script::Ok => (StatusCode::OK, Json(ok)),
        Script::BusyFirst(n) if tries <= n => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({}))),
        Script::BusyFirst(_) => (StatusCode::OK, Json(ok)),
        Script::AlwaysBusy => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({}))),
        Script::ServerError => (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({"Code": "InternalError"}))),
        Script::Slow => {
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            (StatusCode::OK, Json(ok))
        }
        Script::Refuse => {
            (StatusCode::OK, Json(json!({"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "号码格式错误"})))
        }
    }
}

/// Serves the fake on a free port; answers its URL.
async fn serve(fake: Fake) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().route("/send", post(handle)).with_state(fake);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/send")
}

/// Serves the fake over TLS with the synthetic certificate in
/// `tests/fixtures/tls` (made with openssl: an EC P-256 CA, and a server
/// certificate for 127.0.0.1 it signed, both valid until 2126).
async fn serve_tls(fake: Fake) -> String {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_file_iter(fixture("server.pem")).unwrap().map(Result::unwrap).collect();
    let key = PrivateKeyDer::from_pem_file(fixture("server.key")).unwrap();
    let tls = tokio_rustls::rustls::ServerConfig::builder().with_no_client_auth().with_single_cert(certs, key).unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().route("/send", post(handle)).with_state(fake);
    tokio::spawn(async move {
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                // A client that does not trust the certificate hangs up here.
                let Ok(stream) = acceptor.accept(tcp).await else { return };
                let service = hyper_util::service::TowerToHyperService::new(app);
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    format!("https://{addr}/send")
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls").join(name)
}

fn config(url: &str, shape: Shape) -> SmsConfig {
    SmsConfig {
        url: Some(url.into()),
        key: Some("test-key".into()),
        signature: Some("岳阳县委统战部".into()),
        shape,
        app_id: Some("1400000000".into()),
        timeout_ms: Some(500),
        retries: Some(3),
        backoff_ms: Some(10),
        ..Default::default()
    }
}

fn params() -> Value {
    json!([["salutation", "尊敬的张先生"], ["township", "新墙镇"]])
}

async fn send(provider: &HttpProvider, id: Uuid, params: &Value) -> SendOutcome {
    let msg = OutgoingSms {
        id,
        tenant_id: Uuid::nil(),
        phone: "13800000001",
        text: "尊敬的张先生：新春快乐。拒收请回复R",
        provider_template: "SMS_001",
        params,
    };
    provider.send(&msg).await
}

#[tokio::test]
async fn busy_answers_are_retried_with_backoff_and_the_message_goes_once() {
    let fake = Fake::new(|_| Script::BusyFirst(2));
    let provider = HttpProvider::new(&config(&serve(fake.clone()).await, Shape::Aliyun)).unwrap();
    let id = Uuid::now_v7();
    let started = std::time::Instant::now();
    let outcome = send(&provider, id, &params()).await;
    assert_eq!(outcome, SendOutcome::Accepted { provider_id: format!("biz-{id}"), delivered: false });
    assert_eq!(fake.tries_of(&id.to_string()), 3, "two 503s, then taken");
    assert!(started.elapsed() >= std::time::Duration::from_millis(30), "backoff of 10 ms, then 20 ms");
    let (body, auth) = fake.requests.lock().unwrap()[0].clone();
    assert_eq!(auth.as_deref(), Some("Bearer test-key"));
    assert_eq!(body["PhoneNumbers"], "13800000001");
    assert_eq!(body["SignName"], "岳阳县委统战部");
    assert_eq!(body["TemplateCode"], "SMS_001");
    let template_params: Value = serde_json::from_str(body["TemplateParam"].as_str().unwrap()).unwrap();
    assert_eq!(template_params, json!({"salutation": "尊敬的张先生", "township": "新墙镇"}));
}

#[tokio::test]
async fn a_provider_that_stays_busy_is_unreachable_after_the_retries() {
    let fake = Fake::new(|_| Script::AlwaysBusy);
    let provider = HttpProvider::new(&config(&serve(fake.clone()).await, Shape::Aliyun)).unwrap();
    let outcome = send(&provider, Uuid::now_v7(), &params()).await;
    assert!(matches!(outcome, SendOutcome::Unreachable { .. }), "{outcome:?}");
    assert_eq!(fake.count(), 4, "the first try and three retries");
}

#[tokio::test]
async fn no_answer_after_sending_is_unknown_and_never_retried() {
    for script in [Script::ServerError, Script::Slow] {
        let fake = Fake::new(move |_| script);
        let provider = HttpProvider::new(&config(&serve(fake.clone()).await, Shape::Aliyun)).unwrap();
        let outcome = send(&provider, Uuid::now_v7(), &params()).await;
        assert!(matches!(outcome, SendOutcome::Unknown { .. }), "{outcome:?}");
        assert_eq!(fake.count(), 1, "a request that may have sent is not sent again");
    }
}

#[tokio::test]
async fn a_refusal_is_rejected_and_a_closed_port_unreachable() {
    let fake = Fake::new(|_| Script::Refuse);
    let provider = HttpProvider::new(&config(&serve(fake.clone()).await, Shape::Aliyun)).unwrap();
    let outcome = send(&provider, Uuid::now_v7(), &params()).await;
    assert_eq!(outcome, SendOutcome::Rejected { detail: "isv.MOBILE_NUMBER_ILLEGAL 号码格式错误".into() });
    // A port nobody listens on: the connection is refused, nothing sent.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let provider = HttpProvider::new(&config(&format!("http://{closed}/send"), Shape::Aliyun)).unwrap();
    let outcome = send(&provider, Uuid::now_v7(), &params()).await;
    assert!(matches!(outcome, SendOutcome::Unreachable { ref detail } if detail.contains("3")), "{outcome:?}");
}

#[tokio::test]
async fn https_goes_through_when_the_gateways_ca_is_trusted() {
    let fake = Fake::new(|_| Script::Ok);
    let url = serve_tls(fake.clone()).await;
    let trusting = SmsConfig { ca_file: Some(fixture("ca.pem")), ..config(&url, Shape::Aliyun) };
    let provider = HttpProvider::new(&trusting).unwrap();
    let id = Uuid::now_v7();
    match send(&provider, id, &params()).await {
        SendOutcome::Accepted { provider_id, .. } => assert_eq!(provider_id, format!("biz-{id}")),
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.tries_of(&id.to_string()), 1);
}

#[tokio::test]
async fn an_untrusted_certificate_means_the_message_never_left() {
    let fake = Fake::new(|_| Script::Ok);
    let url = serve_tls(fake.clone()).await;
    // Mozilla's roots alone do not know the gateway's CA.
    let provider = HttpProvider::new(&config(&url, Shape::Aliyun)).unwrap();
    match send(&provider, Uuid::now_v7(), &params()).await {
        SendOutcome::Unreachable { detail } => assert!(detail.contains("无法连接短信平台"), "{detail}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.count(), 0, "no request was made over a connection that failed its check");
}

#[test]
fn a_ca_file_that_holds_no_certificate_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("ca.pem");
    std::fs::write(&bad, "not a certificate").unwrap();
    for (path, says) in [(bad, "no certificate"), (dir.path().join("missing.pem"), "cannot be read")] {
        let c = SmsConfig { ca_file: Some(path), ..config("https://127.0.0.1:1/send", Shape::Aliyun) };
        let e = HttpProvider::new(&c).err().expect("refused").to_string();
        assert!(e.contains(says), "{e}");
    }
}

#[tokio::test]
async fn the_tencent_shape_sends_numbered_parameters_in_order() {
    let fake = Fake::new(|_| Script::Ok);
    let provider = HttpProvider::new(&config(&serve(fake.clone()).await, Shape::Tencent)).unwrap();
    let id = Uuid::now_v7();
    let outcome = send(&provider, id, &params()).await;
    assert_eq!(outcome, SendOutcome::Accepted { provider_id: format!("tc-{id}"), delivered: false });
    let body = fake.requests.lock().unwrap()[0].0.clone();
    assert_eq!(body["PhoneNumberSet"], json!(["+8613800000001"]));
    assert_eq!(body["TemplateParamSet"], json!(["尊敬的张先生", "新墙镇"]));
    assert_eq!(body["SmsSdkAppId"], "1400000000");
    assert_eq!(body["SessionContext"], id.to_string());
}

fn morning() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2030-01-20T02:00:00Z").unwrap().with_timezone(&Utc)
}

store_test!(the_sender_drains_the_outbox_through_a_flaky_provider, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let mut fellows = Vec::new();
    for (i, name) in ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬"].into_iter().enumerate() {
        let mut form = county.fellow_form(&format!("乡友{name}"), "新墙镇", None);
        form.phone = format!("1380000010{i}");
        fellows.push(county.fellow(store, &admin, form).await);
    }
    let sms = store.sms(&admin, Permission::SmsWrite).unwrap();
    let t = sms
        .save_template(
            None,
            TemplateDraft {
                name: "春节".into(), body: "{称呼}新春快乐".into(), provider_template: "SMS_9".into()
            },
        )
        .await
        .unwrap();
    let req = QueueRequest {
        template_id: t,
        recipients: Recipients::Fellows(fellows.clone()),
        campaign_id: None,
        sign_off: String::new(),
        date: NaiveDate::from_ymd_opt(2030, 1, 20).unwrap(),
    };
    assert_eq!(sms.queue(req).await.unwrap().queued, 9);
    // By the number: ...100, ...103, ...106 are busy twice; ...101 is
    // answered with a 500 (may have gone); ...102 is refused; the rest go.
    let fake = Fake::new(|b| match b["PhoneNumbers"].as_str().unwrap_or_default() {
        "13800000100" | "13800000103" | "13800000106" => Script::BusyFirst(2),
        "13800000101" => Script::ServerError,
        "13800000102" => Script::Refuse,
        _ => Script::Ok,
    });
    let provider = HttpProvider::new(&config(&serve(fake.clone()).await, Shape::Aliyun)).unwrap();
    let opts = SendOptions {
        limits: Limits { per_minute: 100, per_number_per_day: 1 },
        force: false,
        now: morning(),
        stuck_after: Duration::minutes(10),
    };
    let report = store.system().sms_send_queued(&provider, &opts).await.unwrap();
    assert_eq!((report.handed_over, report.sent, report.failed, report.unknown), (9, 7, 1, 1));
    assert_eq!(report.stuck.len(), 1);
    // A second run sends nothing again.
    let again = store
        .system()
        .sms_send_queued(&provider, &SendOptions { now: morning() + Duration::minutes(2), ..opts })
        .await
        .unwrap();
    assert_eq!(again.handed_over, 0);
    let rows = sms.outbox(&OutboxQuery { limit: 50, ..Default::default() }).await.unwrap();
    for m in &rows {
        let accepted = fake.requests.lock().unwrap().iter().filter(|(b, _)| out_id(b) == m.id.to_string()).count();
        if m.status == SmsStatus::Sent {
            // Taken once; a busy one was tried three times and taken on the last.
            assert!(accepted == 1 || accepted == 3, "{accepted}");
            assert_eq!(m.provider_id.as_deref(), Some(format!("biz-{}", m.id).as_str()));
        } else {
            assert_eq!(accepted, 1, "{:?}", m.status);
        }
    }
    assert_eq!(rows.iter().filter(|m| m.status == SmsStatus::Sent).count(), 7);
    assert_eq!(rows.iter().filter(|m| m.status == SmsStatus::Sending).count(), 1);
    assert_eq!(rows.iter().filter(|m| m.status == SmsStatus::Failed).count(), 1);
    db
});
