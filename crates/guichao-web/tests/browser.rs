//! The phone check in a real browser: the home page, the fellow list, a
//! fellow's page, the contact log import's upload and preview, and the
//! project list, a project's page (with its agency tasks), the officer's
//! workbench, the checklist templates and the project ledger import's
//! upload and preview, and the four-ones campaign pages (the list, the draft
//! form, a campaign's matrix, a fellow's ticks, the missing list, and the
//! letters page, letter templates, address labels and mailing details), rendered
//! at 375 px by headless Chromium (Debian's `chromium`), must give every
//! visible control a tap area of at least 44 × 44 px and must not scroll
//! sideways.
//!
//! Each page is fetched in-process as a signed-in user, saved beside the served
//! stylesheet and script with `browser/measure.js` added, and shown from the
//! file in a 375 px frame (a headless window is at least 500 px wide) of a
//! page loaded with `--dump-dom`; the script posts what it measured to that
//! page, which writes it into its DOM.
//! Without Chromium the test is skipped with a notice, or fails under `CI=true`.

mod common;

use common::{Session, TestApp};
use guichao_store::Backend;
use guichao_store::testing::TestDb;
use std::path::{Path, PathBuf};
use std::process::Command;

const MEASURE: &str = include_str!("browser/measure.js");
const PHONE_WIDTH: u32 = 375;

#[derive(Debug, serde::Deserialize)]
struct Report {
    viewport: u32,
    width: u32,
    controls: usize,
    small: Vec<String>,
}

/// Chromium's path, or `None` (with a notice) where it is not installed.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|p| p.is_file());
    if found.is_none() {
        let how = "headless Chromium is not installed: apt-get install -y chromium fonts-noto-cjk";
        let ci = std::env::var("CI").is_ok_and(|c| c.trim().eq_ignore_ascii_case("true"));
        assert!(!ci, "CI=true but {how}");
        eprintln!("browser check skipped: {how}");
    }
    found
}

/// The page that shows a saved page in a phone-wide frame and keeps the report.
fn frame(name: &str) -> String {
    format!(
        "<!doctype html><body style=\"margin:0\"><pre id=\"tap-report\"></pre>\
         <iframe src=\"{name}.html\" width=\"{PHONE_WIDTH}\" height=\"900\" style=\"border:0\"></iframe>\
         <script>window.addEventListener('message', function (e) {{\
         document.getElementById('tap-report').textContent = e.data; }});</script></body>"
    )
}

/// Saves `html` in `dir` with the measuring script and loads it at phone width.
fn measure(browser: &Path, dir: &Path, name: &str, html: &str) -> Report {
    let page = html
        .replace("\"/static/app.css\"", "\"app.css\"")
        .replace("\"/static/app.js\"", "\"app.js\"")
        .replace("\"/static/print.css\"", "\"print.css\"")
        .replace("\"/static/print.js\"", "\"print.js\"")
        .replace("</body>", "<script src=\"measure.js\" defer></script></body>");
    std::fs::write(dir.join(format!("{name}.html")), page).unwrap();
    let file = dir.join(format!("{name}-frame.html"));
    std::fs::write(&file, frame(name)).unwrap();
    let out = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=3000"])
        .arg(format!("--window-size={PHONE_WIDTH},900"))
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let doc = scraper::Html::parse_document(&dom);
    let report =
        doc.select(&scraper::Selector::parse("#tap-report").unwrap()).flat_map(|pre| pre.text()).collect::<String>();
    serde_json::from_str(&report).unwrap_or_else(|_| {
        panic!("{name}: no report from the page; chromium said: {}", String::from_utf8_lossy(&out.stderr))
    })
}

async fn page(me: &Session<'_>, path: &str) -> String {
    let res = me.get(path).await;
    assert_eq!(res.status, axum::http::StatusCode::OK, "{path}");
    res.text
}

/// A template, messages queued and sent through the file provider, and an
/// opt-out: the SMS pages with rows on them. Answers a delivered message.
async fn sms_outbox(app: &TestApp, w: &common::Registry) -> uuid::Uuid {
    use guichao_domain::access::Permission;
    use guichao_store::sms::{OptOutDraft, OutboxQuery, QueueRequest, Recipients, SendOptions, TemplateDraft};
    let sms = app.store.sms(&w.admin, Permission::SmsWrite).unwrap();
    let body = "{称呼}：值此新春佳节，{乡镇}党委政府向您和家人致以诚挚的问候，欢迎常回家看看！{落款}";
    let draft =
        TemplateDraft {
            name: "2025年春节慰问".into(), body: body.into(), provider_template: "SMS_4000001".into()
        };
    let template = sms.save_template(None, draft).await.unwrap();
    let req = QueueRequest {
        template_id: template,
        recipients: Recipients::Fellows(vec![w.zhang, w.li]),
        campaign_id: None,
        sign_off: "岳阳县委统战部".into(),
        date: guichao_domain::date::today(),
    };
    sms.queue(req).await.unwrap();
    let note = "本人来电要求不再接收".into();
    let opt_out = OptOutDraft {
        phone: "13900001111".into(),
        fellow_id: None,
        source: guichao_domain::sms::OptOutSource::Call,
        note,
    };
    sms.add_opt_out(opt_out).await.unwrap();
    let log = tempfile::NamedTempFile::new().unwrap();
    let provider = guichao_store::sms::provider::FileProvider::new(log.path());
    let mut opts = SendOptions::new(Default::default(), true);
    opts.limits.per_minute = 100;
    app.store.system().sms_send_queued(&provider, &opts).await.unwrap();
    let rows = sms.outbox(&OutboxQuery { limit: 10, ..Default::default() }).await.unwrap();
    rows.into_iter().find(|m| m.fellow_id == w.zhang).unwrap().id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_fit_a_phone() {
    let Some(browser) = chromium() else { return };
    guichao_store::testing::run(Backend::Sqlite, move |db: TestDb| async move {
        let app = TestApp::new(&db).await;
        let w = app.registry().await;
        app.chamber("深圳岳阳商会").remote("深圳市").by(&w.admin).create().await;
        let project = guichao_domain::projects::ProjectDraft {
            name: "汽车内饰件生产线项目".into(),
            company_id: None,
            kind: guichao_domain::projects::ProjectKind::Manufacturing,
            investment_fen: guichao_domain::projects::FEN_PER_YI,
            fixed_asset_fen: 0,
            foreign_fen: 0,
            jobs_planned: 200,
            land_need_hundredths_mu: 1_250,
            factory_need_m2: 8_000,
            unit_id: app.county.unit("新墙镇"),
            officer_id: None,
            team: vec![],
            source: guichao_domain::projects::ProjectSource::TaskForce,
            source_chamber_id: None,
            follows_lead_id: None,
            notes: String::new(),
        };
        let projects = app.store.projects(&w.admin, guichao_domain::access::Permission::ProjectWrite).unwrap();
        let project = projects.create(project).await.unwrap();
        let agency = app.store.agency(&w.admin, guichao_domain::access::Permission::ProjectWrite).unwrap();
        agency.apply_checklist(project, guichao_domain::date::today()).await.unwrap();
        let sms_message = sms_outbox(&app, &w).await;
        let campaigns = app.store.campaigns(&w.admin, guichao_domain::access::Permission::LiaisonWrite).unwrap();
        let draft = guichao_domain::campaigns::CampaignDraft {
            name: "2025年春节“四个一”走访慰问".into(),
            start: guichao_domain::date::today() - chrono::Days::new(20),
            end: guichao_domain::date::today(),
            kinds: Default::default(),
            township_ids: vec![],
            category: None,
            city: String::new(),
            tag: String::new(),
        };
        let campaign = campaigns.create(draft).await.unwrap();
        campaigns.launch(campaign).await.unwrap();
        let gift = guichao_domain::liaison::ContactKind::Gift;
        campaigns.tick(campaign, w.zhang, gift, guichao_domain::date::today(), "慰问品已送达").await.unwrap();
        let kind = guichao_domain::campaigns::GiftKindDraft { name: "家乡特产礼盒".into(), unit: "份".into(), note: String::new() };
        let box_id = campaigns.add_gift_kind(campaign, kind).await.unwrap();
        let stock = guichao_store::campaigns::ReceiptDraft { quantity: 20, date: guichao_domain::date::today(), note: "县统战部采购".into() };
        campaigns.receive_gifts(campaign, box_id, stock).await.unwrap();
        let hand_out = guichao_store::campaigns::HandOutDraft { gift_id: box_id, fellow_id: w.zhang, quantity: 1, date: guichao_domain::date::today(), note: "春节前送达".into() };
        campaigns.hand_out(campaign, hand_out).await.unwrap();
        let letter = guichao_store::campaigns::letters::LetterTemplateDraft {
            name: "春节慰问信".into(),
            body: "{称呼}：\n\n{乡镇}的父老乡亲向您拜年！\n\n{落款}\n{日期}".into(),
        };
        campaigns.save_letter_template(None, letter).await.unwrap();
        let me = app.login("admin").await;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("app.css"), page(&me, "/static/app.css").await).unwrap();
        std::fs::write(dir.path().join("app.js"), page(&me, "/static/app.js").await).unwrap();
        std::fs::write(dir.path().join("print.css"), page(&me, "/static/print.css").await).unwrap();
        std::fs::write(dir.path().join("print.js"), page(&me, "/static/print.js").await).unwrap();
        std::fs::write(dir.path().join("measure.js"), MEASURE).unwrap();
        let log = "姓名,乡镇,联系日期,联系方式,联系内容\n张三,新墙镇,2025-01-10,电话,春节问候\n赵六,新墙镇,2025-01-11,电话,问候\n";
        let sent = me.post_multipart("/liaison/contacts/import", &[], ("台账.csv", log.as_bytes())).await;
        let preview = sent.location().expect("the import's preview").to_string();
        let ledger = include_bytes!("../../guichao-sheets/tests/fixtures/project_ledger.csv");
        let sent = me.post_multipart("/projects/import", &[], ("project_ledger.csv", ledger)).await;
        let ledger_preview = sent.location().expect("the ledger import's preview").to_string();
        let pages = [
            ("home", "/".to_string()),
            ("fellows", "/fellows".into()),
            ("fellow", format!("/fellows/{}", w.zhang)),
            ("contact-import", "/liaison/contacts/import".into()),
            ("contact-import-preview", preview),
            ("projects", "/projects".into()),
            ("project", format!("/projects/{project}")),
            ("project-new", "/projects/new".into()),
            ("project-edit", format!("/projects/{project}/edit")),
            ("project-rules", "/projects/rules".into()),
            ("park", "/park".into()),
            ("project-import", "/projects/import".into()),
            ("project-import-preview", ledger_preview),
            ("workbench", "/projects/workbench".into()),
            ("checklists", "/projects/checklists".into()),
            ("sms", "/sms".into()),
            ("sms-message", format!("/sms/messages/{sms_message}")),
            ("sms-queue", "/sms/queue".into()),
            ("sms-templates", "/sms/templates".into()),
            ("sms-opt-outs", "/sms/opt-outs".into()),
            ("campaigns", "/campaigns".into()),
            ("campaign-new", "/campaigns/new".into()),
            ("campaign", format!("/campaigns/{campaign}")),
            ("campaign-fellow", format!("/campaigns/{campaign}/fellows/{}", w.zhang)),
            ("campaign-missing", format!("/campaigns/{campaign}/missing")),
            ("campaign-gifts", format!("/campaigns/{campaign}/gifts")),
            ("campaign-gifts-fellow", format!("/campaigns/{campaign}/gifts?fellow_id={}", w.zhang)),
            ("letters", format!("/campaigns/{campaign}/letters")),
            ("letter-templates", "/campaigns/letter-templates".into()),
            ("letter-labels", format!("/campaigns/{campaign}/letters/labels?all=1")),
            ("letter-address", format!("/campaigns/{campaign}/letters/fellows/{}", w.zhang)),
        ];
        let mut faults = vec![];
        for (name, path) in &pages {
            let report = measure(&browser, dir.path(), name, &page(&me, path).await);
            assert_eq!(report.viewport, PHONE_WIDTH, "{name}: the window is a phone's");
            assert!(report.controls > 3, "{name}: the page has its controls: {report:?}");
            if report.width > report.viewport {
                faults.push(format!("{path} scrolls sideways: {} px wide", report.width));
            }
            faults.extend(report.small.iter().map(|s| format!("{path}: {s} is under 44 px")));
        }
        // GUICHAO_SHOTS=DIR keeps the pages (with app.css) to look at in a browser.
        if let Ok(keep) = std::env::var("GUICHAO_SHOTS") {
            std::fs::create_dir_all(&keep).unwrap();
            for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
                if entry.path().is_file() {
                    std::fs::copy(entry.path(), Path::new(&keep).join(entry.file_name())).unwrap();
                }
            }
        }
        assert!(faults.is_empty(), "at {PHONE_WIDTH} px:\n{}", faults.join("\n"));
        drop(app);
        db
    })
    .await;
}
