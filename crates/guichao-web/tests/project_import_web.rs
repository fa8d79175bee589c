//! Importing a project ledger (项目台账) through the browser: the project
//! list's button, the upload page and its column guide, the preview of the
//! sample ledger (csv and xlsx) with its figures, the projects to write with
//! their amounts as read, the project recorded already, the rejected rows
//! with column and reason; the error file, the confirm and its result, a
//! confirm sent twice, the same ledger again; files that cannot be read; a
//! township clerk's scope; and who may not import at all. Every name and
//! figure is made up.
//!
//! With `GUICHAO_PAGE_DUMP=DIR` the preview is also saved there as html
//! (with the stylesheet) for a look in a browser.

mod common;

use axum::http::StatusCode;
use common::{LANG_COOKIE, Session, TestApp};
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_domain::projects::{FEN_PER_YI, ProjectDraft, ProjectKind, ProjectSource};
use guichao_sheets::Workbook;
use guichao_store::projects::ProjectQuery;
use guichao_store::testing::TestDb;
use guichao_store::{Actor, store_test};

const LEDGER_CSV: &[u8] = include_bytes!("../../guichao-sheets/tests/fixtures/project_ledger.csv");
const LEDGER_XLSX: &[u8] = include_bytes!("../../guichao-sheets/tests/fixtures/project_ledger.xlsx");

/// The names of the projects `admin` sees.
async fn projects(app: &TestApp, admin: &Actor) -> Vec<String> {
    let q = ProjectQuery { limit: 50, ..Default::default() };
    let (rows, _) = app.store.projects(admin, Permission::ProjectRead).unwrap().list(&q).await.unwrap();
    rows.into_iter().map(|r| r.name).collect()
}

/// The county the sample ledger names: its admin, the officer `officer`,
/// 张三 of 新墙镇, 王五 of 筻口镇, two 李四 of 新墙镇, 深圳岳阳商会 and the
/// project 乡村旅游项目 of 筻口镇.
async fn county(app: &TestApp) -> Actor {
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    app.fellow().named("张三").in_township("新墙镇").by(&admin).create().await;
    app.fellow().named("王五").in_township("筻口镇").by(&admin).create().await;
    app.fellow().named("李四").in_township("新墙镇").by(&admin).create().await;
    app.fellow().named("李四").in_village("清水村").by(&admin).create().await;
    app.chamber("深圳岳阳商会").remote("深圳").by(&admin).create().await;
    let resort = ProjectDraft {
        name: "乡村旅游项目".into(),
        company_id: None,
        kind: ProjectKind::Tourism,
        investment_fen: 8 * FEN_PER_YI / 10,
        fixed_asset_fen: 0,
        foreign_fen: 0,
        jobs_planned: 0,
        land_need_hundredths_mu: 0,
        factory_need_m2: 0,
        unit_id: app.county.unit("筻口镇"),
        officer_id: None,
        team: vec![],
        source: ProjectSource::Other,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    };
    app.store.projects(&admin, Permission::ProjectWrite).unwrap().create(resort).await.unwrap();
    admin
}

/// Uploads `file` as `name` and returns the job's page.
async fn upload(session: &Session<'_>, name: &str, file: &[u8]) -> String {
    let sent = session.post_multipart("/projects/import", &[], (name, file)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    sent.location().unwrap().to_string()
}

/// Saves a page and the stylesheet under `GUICHAO_PAGE_DUMP`, when set.
async fn dump(me: &Session<'_>, name: &str, html: &str) {
    let Some(dir) = std::env::var_os("GUICHAO_PAGE_DUMP") else { return };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("app.css"), me.get("/static/app.css").await.text).unwrap();
    std::fs::write(dir.join(format!("{name}.html")), html.replace("\"/static/app.css\"", "\"app.css\"")).unwrap();
}

store_test!(a_county_clerk_imports_the_sample_ledger, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = county(&app).await;
    let me = app.login("admin").await;

    // The way in: the project list's button, the upload page with its column guide.
    let list = me.get("/projects").await;
    assert_eq!(list.attr("#import-ledger", "href").as_deref(), Some("/projects/import"));
    assert_eq!(list.text_of("#import-ledger").as_deref(), Some("导入项目台账"));
    let form = me.get("/projects/import").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.text_of("h1").as_deref(), Some("导入项目台账"));
    let guide = form.texts("table.import-columns td.column-name");
    assert_eq!(guide.len(), 27);
    assert_eq!(guide[..5], ["项目名称", "投资方", "统一社会信用代码", "项目类型", "协议投资"]);
    assert!(form.text.contains("3.5亿、12000万"), "the unit rule is explained");

    // The preview: figures, the projects to write with their amounts, the known one, the refusals.
    let job = upload(&me, "project_ledger.csv", LEDGER_CSV).await;
    let preview = me.get(&job).await;
    assert_eq!(preview.status, StatusCode::OK);
    dump(&me, "project-import-preview", &preview.text).await;
    assert_eq!(preview.texts(".stats dd"), ["7", "3", "3", "1"], "rows, to write, rejected, known");
    assert_eq!(preview.text_of("#commit").as_deref(), Some("确认导入 3 个项目"));
    assert_eq!(preview.text_of("#existing-rows").unwrap(), "已有同名项目，跳过：第10行（乡村旅游项目）");
    assert!(preview.text_of("#duplicate-rule").unwrap().contains("您已有的同名项目跳过"));
    assert_eq!(preview.texts("#accepted td.amount"), ["3.5亿元", "1.2亿元", "2亿元"]);
    assert_eq!(preview.texts("#accepted td:nth-child(4)"), ["开工 2023-07-01", "注册 2023-06-01", "终止 2022-09-01"]);
    let mapping = preview.texts("#mapping td");
    assert!(mapping.windows(2).any(|w| w == ["协议投资（亿元）", "协议投资，单位：亿元"]), "{mapping:?}");
    assert!(mapping.windows(2).any(|w| w == ["外资", "外资，单位须写在每个数字后"]), "{mapping:?}");
    assert_eq!(preview.texts("#rejected td.num"), ["7", "7", "7", "8", "8", "8", "8", "9"], "one line per reason");
    let columns = preview.texts("#rejected td.column");
    assert_eq!(columns[..3], ["项目类型", "项目警官", "签约日期"]);
    let reasons = preview.texts("#rejected td.reason");
    assert_eq!(reasons[2], "签约日期（2023-03-01）不能早于首次考察日期（2023-05-01）");
    assert_eq!(reasons[6], "本县有2位乡友叫“李四”，请注明乡镇，如 李四（新墙镇）");
    assert_eq!(projects(&app, &admin).await, ["乡村旅游项目"], "nothing written before the confirm");

    // The error file: the ledger's layout with a 错误原因 column, the three rejected rows.
    let errors = me.get(&format!("{job}/errors.xlsx")).await;
    assert_eq!(errors.status, StatusCode::OK);
    let mut book = Workbook::open(errors.bytes.clone(), "errors.xlsx").unwrap();
    let rows: Vec<Vec<String>> = book.rows().unwrap().map(|r| r.unwrap().display()).collect();
    assert_eq!(rows[2].last().map(String::as_str), Some("错误原因"));
    let names: Vec<&str> = rows[3..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, ["新材料项目", "文旅综合体项目", "汽车内饰件项目"]);

    // The confirm: post, redirect, the result with the counts and the way back.
    let audited = app.audited(&admin).await;
    let sent = me.post_form(&format!("{job}/commit"), &[]).await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, Some(job.as_str())));
    let done = me.get(&job).await;
    assert_eq!(done.text_of("#written").unwrap(), "导入完成：已写入项目 3 个、阶段日期 9 条、关联乡友 2 人次。");
    assert_eq!(done.attrs(".import-next a", "href")[0], "/projects");
    assert!(done.text_of("#commit").is_none(), "no second confirm offered");
    assert_eq!(projects(&app, &admin).await, ["电子元件项目", "汽车内饰件项目", "乡村旅游项目", "预制菜加工项目"]);
    assert_eq!(app.audited(&admin).await, audited + 1, "one audit event for the whole import");
    let list = me.get("/projects").await;
    assert!(list.texts("table.projects td").contains(&"3.5亿元".to_string()));

    // The same job confirmed again writes nothing; the same ledger as xlsx finds every project known.
    assert_eq!(me.post_form(&format!("{job}/commit"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.audited(&admin).await, audited + 1);
    let again = upload(&me, "project_ledger.xlsx", LEDGER_XLSX).await;
    let preview = me.get(&again).await;
    assert_eq!(preview.texts(".stats dd"), ["7", "0", "3", "4"]);
    assert!(preview.attr("#commit", "disabled").is_some(), "nothing to write: {}", preview.text);
    me.post_form(&format!("{again}/commit"), &[]).await;
    assert_eq!(projects(&app, &admin).await.len(), 4);

    // In English.
    let mut en = app.login("admin").await;
    en.set_cookie(LANG_COOKIE, "en");
    assert_eq!(en.get("/projects/import").await.text_of("h1").as_deref(), Some("Import a project ledger"));
    assert_eq!(
        en.get(&job).await.text_of("#written").unwrap(),
        "Imported: wrote 3 projects, 9 stage events, 2 fellow credits."
    );
    drop(app);
    db
});

store_test!(bad_files_scopes_and_users_who_may_not_import, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = county(&app).await;
    // A township clerk whose role also lets them write their township's projects.
    app.county
        .grant_to_role(&app.store, BuiltinRole::TownshipStaff, Permission::ProjectWrite, DataScope::UnitAndBelow)
        .await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let me = app.login("xinqiang").await;
    assert!(me.get("/projects").await.text_of("#import-ledger").is_some());
    let refused = |status: StatusCode, text: &str| {
        let page = scraper::Html::parse_document(text);
        let alert =
            page.select(&scraper::Selector::parse("p.error").unwrap()).next().map(|e| e.text().collect::<String>());
        (status, alert.unwrap_or_default())
    };
    let post = |name: &'static str, file: &'static [u8]| me.post_multipart("/projects/import", &[], (name, file));
    let empty = post("空.csv", b"").await;
    assert_eq!(refused(empty.status, &empty.text).0, StatusCode::UNPROCESSABLE_ENTITY);
    let broken = post("台账.xlsx", b"PK\x03\x04 broken").await;
    let (status, alert) = refused(broken.status, &broken.text);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(alert.contains("文件已损坏"), "{alert}");
    let headless = post("台账.csv", "投资方,签约日期\n某公司,2023-05-08\n".as_bytes()).await;
    let (status, alert) = refused(headless.status, &headless.text);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(alert.contains("项目台账的表头行应包含“项目名称”列"), "{alert}");
    let header_only = post("台账.csv", "项目名称,签约日期\n".as_bytes()).await;
    assert_eq!(
        refused(header_only.status, &header_only.text).1,
        "表头下面没有项目：请在表头下每行填写一个项目后再导入"
    );

    // The clerk's scope: 筻口镇 is outside it, and so is its fellow 王五.
    let ledger = "项目名称,协议投资（万元）,责任单位,投资乡友\n\
                  茶叶加工项目,800,新墙镇,张三（新墙镇）\n\
                  竹木加工项目,500,筻口镇,\n\
                  油茶项目,300,,王五（筻口镇）\n";
    let job = upload(&me, "新墙镇台账.csv", ledger.as_bytes()).await;
    let preview = me.get(&job).await;
    assert_eq!(preview.texts(".stats dd"), ["3", "1", "2", "0"]);
    let reasons = preview.texts("#rejected td.reason");
    assert_eq!(reasons, ["责任单位“筻口镇”不在您的工作范围内", "筻口镇找不到乡友“王五”（或不在您的查看范围内）"]);
    me.post_form(&format!("{job}/commit"), &[]).await;
    let written = projects(&app, &admin).await;
    assert!(written.contains(&"茶叶加工项目".to_string()) && !written.contains(&"竹木加工项目".to_string()));
    let q = ProjectQuery { limit: 50, ..Default::default() };
    let (rows, _) = app.store.projects(&admin, Permission::ProjectRead).unwrap().list(&q).await.unwrap();
    let tea = rows.iter().find(|r| r.name == "茶叶加工项目").unwrap();
    assert_eq!((tea.unit.as_str(), tea.investment_fen), ("新墙镇", 800 * 1_000_000));

    // A leader reads projects but may not import; another clerk cannot open this job.
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let leader = app.login("leader").await;
    assert!(leader.get("/projects").await.text_of("#import-ledger").is_none());
    assert_eq!(leader.get("/projects/import").await.status, StatusCode::FORBIDDEN);
    let sent = leader.post_multipart("/projects/import", &[], ("台账.csv", LEDGER_CSV)).await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);
    assert_eq!(leader.get(&job).await.status, StatusCode::FORBIDDEN);
    app.user("other", BuiltinRole::TownshipStaff, "新墙镇").await;
    let other = app.login("other").await;
    assert_eq!(other.get(&job).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.post_form(&format!("{job}/commit"), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("{job}/errors.xlsx")).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});
