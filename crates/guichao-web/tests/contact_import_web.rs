//! Importing a contact log (联系台账) through the browser: the upload page
//! and its column guide, the preview's figures and rejected rows (a fellow
//! outside the clerk's scope, a bad date), rows recorded already, the error
//! file, the commit and its result, a confirm sent twice, files that cannot
//! be read, the pager of many rejected rows, and who may not import at all.
//! Every name and figure is made up.

mod common;

use axum::http::StatusCode;
use common::{LANG_COOKIE, TestApp};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::liaison::{ContactDraft, ContactKind};
use guichao_sheets::Workbook;
use guichao_store::Actor;
use guichao_store::contacts::ContactQuery;
use guichao_store::store_test;
use guichao_store::testing::TestDb;

/// A township office's log: a title row, the header, then rows 3-8: two
/// good rows, 王五 of 筻口镇 (outside a 新墙镇 clerk's scope), a bad date, a
/// repeat of row 3 and a call recorded before the import.
const LOG: &str = "新墙镇乡友联系台账（2025年）\n\
序号,姓名,乡镇,联系干部,联系日期,联系方式,联系内容\n\
1,张三,新墙镇,xinqiang,2025-01-10,电话,春节问候\n\
2,李四,新墙,xinqiang,2025/1/12,上门走访,了解返乡投资意向\n\
3,王五,筻口镇,xinqiang,2025-01-15,电话,问候\n\
4,李四,新墙镇,xinqiang,上周,电话,问候\n\
5,张三,新墙镇,xinqiang,2025年1月10日,电话,再次问候\n\
6,张三,新墙镇,xinqiang,2024-12-01,电话,年底回访\n";

/// How many live records `admin` sees.
async fn recorded(app: &TestApp, admin: &Actor) -> u64 {
    let q = ContactQuery { limit: 1, ..Default::default() };
    app.store.contacts(admin, Permission::LiaisonRead).unwrap().list(&q).await.unwrap().1
}

/// Uploads `file` as `name` and returns the job's page.
async fn upload(session: &common::Session<'_>, name: &str, file: &[u8]) -> String {
    let sent = session.post_multipart("/liaison/contacts/import", &[], (name, file)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    sent.location().unwrap().to_string()
}

store_test!(a_township_clerk_imports_a_contact_log, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let clerk = app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let zhang = app.fellow().named("张三").in_township("新墙镇").by(&admin).create().await;
    app.fellow().named("李四").in_village("新墙村").by(&admin).create().await;
    app.fellow().named("王五").in_township("筻口镇").by(&admin).create().await;
    let earlier = ContactDraft {
        kind: ContactKind::Call,
        date: "2024-12-01".parse().unwrap(),
        place: String::new(),
        cadre_ids: vec![clerk.user_id()],
        fellow_ids: vec![zhang],
        chamber_id: None,
        notes: "年底回访".into(),
        outcome: String::new(),
        follow_up: None,
    };
    app.store.contacts(&admin, Permission::LiaisonWrite).unwrap().create(earlier).await.unwrap();
    let me = app.login("xinqiang").await;

    // The way in: the contact list's link, the upload page with its column guide.
    assert_eq!(
        me.get("/liaison/contacts").await.attr("#import-log", "href").as_deref(),
        Some("/liaison/contacts/import")
    );
    let form = me.get("/liaison/contacts/import").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.text_of("h1").as_deref(), Some("导入联系台账"));
    let guide = form.texts("table.import-columns td.column-name");
    assert_eq!(guide, ["乡友姓名", "乡镇", "电话", "联系干部", "联系日期", "联系方式", "联系内容", "地点"]);
    assert!(form.text.contains("联系日期、日期、时间、联系时间"), "the date's headers are listed");

    // The preview: figures, the mapping, the rejected rows with column and reason.
    let job = upload(&me, "台账.csv", LOG.as_bytes()).await;
    let preview = me.get(&job).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert_eq!(preview.texts(".stats dd"), ["6", "2", "2", "2"], "rows, to write, rejected, recorded");
    assert_eq!(preview.text_of("#commit").as_deref(), Some("确认导入 2 条联系记录"));
    assert_eq!(
        preview.text_of("#duplicate-rows").unwrap(),
        "已有记录（同一乡友、同一天、同一联系方式，已登记或在本文件前面出现过），不再写入：第 7、8 行"
    );
    let mapping: Vec<String> = preview.texts("#mapping td");
    assert_eq!(mapping[..4], ["序号", "不读取（序号等）", "姓名", "乡友姓名"]);
    assert!(!preview.text.contains("文件中没有“联系干部”列"), "the cadre column is there");
    assert_eq!(preview.texts("#rejected tbody tr").len(), 2, "one line per reason");
    assert_eq!(preview.texts("#rejected td.num"), ["5", "6"]);
    let reasons = preview.texts("#rejected td.reason");
    assert!(reasons[0].contains("筻口镇找不到乡友“王五”（或不在您的联系工作范围内）"), "{reasons:?}");
    assert!(reasons[1].contains("无法识别"), "{reasons:?}");
    assert_eq!(preview.texts("#rejected td")[6], "联系日期", "the column the date came from");
    assert_eq!(recorded(&app, &admin).await, 1, "nothing written before the confirm");

    // The error file: the file's layout with a 错误原因 column, the two rejected rows.
    let errors = me.get(&format!("{job}/errors.xlsx")).await;
    assert_eq!(errors.status, StatusCode::OK);
    assert!(errors.header("content-type").unwrap().contains("spreadsheetml"));
    let mut book = Workbook::open(errors.bytes.clone(), "errors.xlsx").unwrap();
    let rows: Vec<Vec<String>> =
        book.rows().unwrap().map(|r| r.unwrap().cells.iter().map(|c| c.display()).collect()).collect();
    assert!(rows.iter().any(|r| r.contains(&"错误原因".to_string())), "{rows:?}");
    let names: Vec<&str> = rows.iter().filter_map(|r| r.get(1).map(String::as_str)).collect();
    assert!(names.contains(&"王五") && names.contains(&"李四"), "{rows:?}");
    assert!(!names.contains(&"张三"), "accepted and duplicate rows stay out: {rows:?}");

    // The confirm: post, redirect, the result with the count and the way back.
    let audited = app.audited(&admin).await;
    let sent = me.post_form(&format!("{job}/commit"), &[]).await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, Some(job.as_str())));
    let done = me.get(&job).await;
    assert_eq!(done.text_of("#written").unwrap(), "导入完成：已写入联系记录 2 条。");
    assert_eq!(done.attrs(".import-next a", "href")[0], "/liaison/contacts");
    assert!(done.text_of("#commit").is_none(), "no second confirm offered");
    assert_eq!(recorded(&app, &admin).await, 3);
    assert_eq!(app.audited(&admin).await, audited + 1, "one audit event for the whole import");
    let list = me.get("/liaison/contacts").await;
    assert!(list.texts("table.contacts td.notes").contains(&"了解返乡投资意向".to_string()));

    // The same job confirmed again writes nothing; the same file again finds all recorded.
    assert_eq!(me.post_form(&format!("{job}/commit"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(recorded(&app, &admin).await, 3);
    assert_eq!(app.audited(&admin).await, audited + 1);
    let again = upload(&me, "台账.csv", LOG.as_bytes()).await;
    let preview = me.get(&again).await;
    assert_eq!(preview.texts(".stats dd"), ["6", "0", "2", "4"]);
    assert!(preview.attr("#commit", "disabled").is_some(), "nothing to write: {}", preview.text);
    me.post_form(&format!("{again}/commit"), &[]).await;
    assert_eq!(recorded(&app, &admin).await, 3);

    // In English.
    let mut en = app.login("xinqiang").await;
    en.set_cookie(LANG_COOKIE, "en");
    assert_eq!(en.get("/liaison/contacts/import").await.text_of("h1").as_deref(), Some("Import a contact log"));
    drop(app);
    db
});

store_test!(bad_files_and_users_who_may_not_import_are_refused, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.fellow().named("张三").in_township("新墙镇").by(&admin).create().await;
    let me = app.login("xinqiang").await;
    let refused = |status: StatusCode, text: &str| {
        let page = scraper::Html::parse_document(text);
        let alert =
            page.select(&scraper::Selector::parse("p.error").unwrap()).next().map(|e| e.text().collect::<String>());
        (status, alert.unwrap_or_default())
    };
    let post =
        |name: &'static str, file: &'static [u8]| me.post_multipart("/liaison/contacts/import", &[], (name, file));
    let empty = post("空.csv", b"").await;
    assert_eq!(
        refused(empty.status, &empty.text),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "所选文件“空.csv”是空的（0 字节）：请选择要导入的文件（xlsx、xls 或 csv）".into()
        )
    );
    let broken = post("台账.xlsx", b"PK\x03\x04 broken").await;
    let (status, alert) = refused(broken.status, &broken.text);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(alert.contains("文件已损坏"), "{alert}");
    let headless = post("台账.csv", "张三,2025-01-10\n".as_bytes()).await;
    let (status, alert) = refused(headless.status, &headless.text);
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(alert.contains("联系台账的表头行应包含“姓名”（或“电话”）和“联系日期”列"), "{alert}");
    let header_only = post("台账.csv", "姓名,联系日期\n".as_bytes()).await;
    assert_eq!(
        refused(header_only.status, &header_only.text).1,
        "表头下面没有联系记录：请在表头下每行填写一次联系后再导入"
    );

    // Sixty bad rows: nothing to write, the rejected rows a page at a time.
    let mut log = String::from("姓名,联系日期\n");
    for _ in 0..60 {
        log.push_str("张三,明年\n");
    }
    let job = upload(&me, "错.csv", log.as_bytes()).await;
    let first = me.get(&job).await;
    assert_eq!(first.texts(".stats dd"), ["60", "0", "60", "0"]);
    assert_eq!(first.text_of("#commit").as_deref(), Some("没有可写入的记录"));
    assert!(first.attr("#commit", "disabled").is_some());
    assert_eq!(first.texts("#rejected td.num").len(), 50);
    assert!(first.text.contains("文件中没有“联系干部”列：每行记为您本人联系"));
    let second = me.get(&format!("{job}?page=2")).await;
    assert_eq!(second.texts("#rejected td.num").first().map(String::as_str), Some("52"), "rows 52-61 of the file");
    assert_eq!(second.texts("#rejected td.num").len(), 10);
    assert_eq!(me.post_form(&format!("{job}/commit"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(recorded(&app, &admin).await, 0);

    // A leader reads contacts but may not import; another clerk cannot open this job.
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let leader = app.login("leader").await;
    assert!(leader.get("/liaison/contacts").await.text_of("#import-log").is_none());
    assert_eq!(leader.get("/liaison/contacts/import").await.status, StatusCode::FORBIDDEN);
    let sent = leader.post_multipart("/liaison/contacts/import", &[], ("台账.csv", LOG.as_bytes())).await;
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
