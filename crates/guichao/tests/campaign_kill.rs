//! A crash in the middle of a campaign's bulk acts: `guichao serve` is
//! killed (SIGKILL) while it marks a batch of 2,000 letters printed, and
//! while it queues greeting SMS for the same 2,000 fellows, each time about
//! halfway through the time the same request takes when left alone. After
//! every kill each fellow is ticked (or messaged) with the rest of their
//! batch or not at all, the kept ticked kinds agree with the records, and
//! the act can simply be done again.

use guichao::demo::people;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::campaigns::{CampaignDraft, TouchKinds};
use guichao_domain::date::today;
use guichao_store::Store;
use guichao_store::campaigns::letters::LetterTemplateDraft;
use guichao_store::crypto::FieldKey;
use guichao_store::fellows::BulkFellow;
use guichao_store::sms::TemplateDraft;
use guichao_store::testing::County;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use uuid::Uuid;

const BIN: &str = env!("CARGO_BIN_EXE_guichao");
const FELLOWS: u64 = 2_000;
/// Kills of each act.
const ROUNDS: usize = 3;

/// A `guichao serve` on a free port, killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(db_url: &str, key_file: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(BIN)
            .args(["--database-url", db_url, "serve", "--addr", &format!("127.0.0.1:{port}")])
            .env("GUICHAO_KEY_FILE", key_file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run guichao serve");
        let server = Server { child, base: format!("http://127.0.0.1:{port}") };
        let started = Instant::now();
        while reqwest::get(format!("{}/login", server.base)).await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "the server did not come up");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        server
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Posts `body` to the API with the token; the status and the answer.
async fn post(base: &str, token: &str, path: &str, body: &Value) -> reqwest::Result<(u16, Value)> {
    let r = reqwest::Client::new().post(format!("{base}/api/v1{path}")).bearer_auth(token).json(body).send().await?;
    let status = r.status().as_u16();
    Ok((status, r.json().await.unwrap_or(Value::Null)))
}

/// Starts a server, sends the request, and kills the server after `after`
/// unless the answer came first (then the answer's status).
async fn killed_during(db_url: &str, key_file: &Path, token: &str, path: &str, body: &Value, after: Duration) -> bool {
    let server = Server::start(db_url, key_file).await;
    let (base, token, path, body) = (server.base.clone(), token.to_string(), path.to_string(), body.clone());
    let sent = tokio::spawn(async move { post(&base, &token, &path, &body).await });
    tokio::time::sleep(after).await;
    let answered = sent.is_finished();
    server.kill();
    !answered
}

/// The first column of the one row `sql` (with `?` bound to `id`) answers.
async fn one<T: sea_orm::TryGetable>(store: &Store, sql: &str, id: Uuid) -> T {
    let db = store.system().connection();
    let stmt = Statement::from_sql_and_values(db.get_database_backend(), sql, [id.into()]);
    db.query_one_raw(stmt).await.unwrap().expect("a row").try_get_by_index(0).unwrap()
}

/// 张零零一二 for fellow 12: a distinct name of Chinese characters.
fn name(k: u64) -> String {
    let digits: Vec<char> = "零一二三四五六七八九".chars().collect();
    format!("张{}", format!("{k:04}").bytes().map(|b| digits[usize::from(b - b'0')]).collect::<String>())
}

async fn count(store: &Store, sql: &str, id: Uuid) -> i64 {
    one(store, sql, id).await
}

async fn sms_template(store: &Store, admin: &guichao_store::Actor, n: usize) -> Uuid {
    let draft = TemplateDraft {
        name: format!("春节问候{n}"),
        body: "{称呼}新春快乐".into(),
        provider_template: "SMS_1".into(),
    };
    store.sms(admin, Permission::SmsWrite).unwrap().save_template(None, draft).await.unwrap()
}

/// Letter ticks of each batch against the fellows the batch says it ticked,
/// letter ticks of no batch, and the kept ticked kinds that disagree with
/// the records: all three must be none.
async fn letters_half_written(store: &Store, tenant: Uuid, campaign: Uuid) -> (i64, i64, u64) {
    let uneven = "SELECT COUNT(*) FROM letter_batches b WHERE b.campaign_id = ? AND b.undone_at IS NULL \
                  AND b.fellows <> (SELECT COUNT(*) FROM campaign_ticks t WHERE t.source_id = b.id)";
    let orphans = "SELECT COUNT(*) FROM campaign_ticks t WHERE t.campaign_id = ? AND t.source = 'letter' \
                   AND NOT EXISTS (SELECT 1 FROM letter_batches b WHERE b.id = t.source_id)";
    let drift = store.system().campaign_ticked_drift(tenant).await.unwrap();
    (count(store, uneven, campaign).await, count(store, orphans, campaign).await, drift)
}

async fn messages_of(store: &Store, template: Uuid) -> i64 {
    count(store, "SELECT COUNT(*) FROM sms_messages WHERE template_id = ?", template).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_leaves_each_letter_batch_and_sms_queue_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}?mode=rwc", dir.path().join("g.db").display());
    let key_file = dir.path().join("g.key");
    let store = Store::connect(&db_url).await.unwrap();
    store.migrate().await.unwrap();
    let store = store.with_field_key(FieldKey::load_or_create(&key_file).unwrap().0);
    let county = County::seed(&store).await;
    let t = county.tenant_id;
    let admin = county.user(&store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let rows: Vec<BulkFellow> = (0..FELLOWS)
        .map(|k| {
            let township = if k % 2 == 0 { "新墙镇" } else { "筻口镇" };
            let mut draft = county.fellow_form(&name(k), township, None).parse(today()).unwrap();
            draft.phone = Some(people::phone(k));
            draft.consent = true;
            BulkFellow::new(draft)
        })
        .collect();
    let fellows: Vec<Uuid> = rows.iter().map(|f| f.id).collect();
    store.system().bulk_insert_fellows(t, rows, &|_| {}).await.unwrap();
    let campaigns = store.campaigns(&admin, Permission::LiaisonWrite).unwrap();
    let draft = CampaignDraft {
        name: "2025年春节四个一".into(),
        start: today() - chrono::Days::new(30),
        end: today() + chrono::Days::new(30),
        kinds: TouchKinds::default(),
        township_ids: vec![],
        category: None,
        city: String::new(),
        tag: String::new(),
    };
    let campaign = campaigns.create(draft).await.unwrap();
    assert_eq!(campaigns.launch(campaign).await.unwrap(), FELLOWS);
    let letter =
        LetterTemplateDraft { name: "慰问信".into(), body: "{称呼}：\n新春快乐！\n{落款}".into() };
    let letter = campaigns.save_letter_template(None, letter).await.unwrap();
    let token = store.create_token(&admin, "kill test").await.unwrap().token;

    // Letters: one batch left alone (the time it takes), taken back, then killed halfway, again and again.
    let batches = format!("/campaigns/{campaign}/letters/batches");
    let batch = json!({"template_id": letter, "sign_off": "岳阳县人民政府", "date": today(), "fellow_ids": fellows});
    let server = Server::start(&db_url, &key_file).await;
    let started = Instant::now();
    let (status, done) = post(&server.base, &token, &batches, &batch).await.unwrap();
    let alone = started.elapsed();
    assert_eq!((status, done["ticked"].as_u64()), (201, Some(FELLOWS)), "{done}");
    let undo = format!("{batches}/{}/undo", done["batch_id"].as_str().unwrap());
    assert_eq!(post(&server.base, &token, &undo, &json!({})).await.unwrap().0, 200);
    server.kill();
    let mut cut = 0;
    for _ in 0..ROUNDS {
        cut += usize::from(killed_during(&db_url, &key_file, &token, &batches, &batch, alone / 2).await);
        assert_eq!(letters_half_written(&store, t, campaign).await, (0, 0, 0), "a batch half written");
        let ticked = count(&store, "SELECT COUNT(*) FROM campaign_ticks WHERE campaign_id = ?", campaign).await;
        if ticked > 0 {
            // The kill came after the commit: take it back for the next round.
            let server = Server::start(&db_url, &key_file).await;
            let live = "SELECT id FROM letter_batches WHERE campaign_id = ? AND undone_at IS NULL";
            let id: Uuid = one(&store, live, campaign).await;
            assert_eq!(post(&server.base, &token, &format!("{batches}/{id}/undo"), &json!({})).await.unwrap().0, 200);
            server.kill();
        }
    }
    assert!(cut > 0, "no kill landed before the answer ({alone:?} alone)");
    eprintln!("letters: {cut} of {ROUNDS} kills before the answer; {alone:?} alone");
    let server = Server::start(&db_url, &key_file).await;
    let (status, done) = post(&server.base, &token, &batches, &batch).await.unwrap();
    assert_eq!((status, done["ticked"].as_u64()), (201, Some(FELLOWS)), "done again after the crashes: {done}");

    // SMS: a fresh template a round, so that a queue that did land is not
    // skipped as already queued by the next.
    let queue = |template: Uuid| json!({"template_id": template, "fellow_ids": fellows, "campaign_id": campaign});
    let first = sms_template(&store, &admin, 0).await;
    let started = Instant::now();
    let (status, done) = post(&server.base, &token, "/sms/queue", &queue(first)).await.unwrap();
    let alone = started.elapsed();
    assert_eq!((status, done["queued"].as_u64()), (200, Some(FELLOWS)), "{done}");
    server.kill();
    let mut cut = 0;
    for n in 1..=ROUNDS {
        let id = sms_template(&store, &admin, n).await;
        cut += usize::from(killed_during(&db_url, &key_file, &token, "/sms/queue", &queue(id), alone / 2).await);
        let written = messages_of(&store, id).await;
        assert!(written == 0 || written == FELLOWS as i64, "{written} of {FELLOWS} messages queued");
        eprintln!("sms round {n}: {written} messages");
    }
    assert!(cut > 0, "no kill landed before the answer ({alone:?} alone)");
}
