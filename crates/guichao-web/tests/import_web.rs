//! Importing a roster through the browser: upload, the column mapping, the
//! check's preview with rejected rows and duplicates, commit, the result, the error file; the
//! township cadre's limits; the size limit; the export and template downloads;
//! a checked import that outlives a restart of the server.

mod common;
mod import_steps;

use axum::http::StatusCode;
use common::{Session, TestApp};
use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_sheets::Workbook;
use guichao_store::fellows::FellowQuery;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use import_steps::{follow, upload};

/// A roster as a township office keeps it: a title row, a header under it,
/// a duplicate of row 4, a float ID, an unknown township and a footer.
const ROSTER: &str = "岳阳县新墙镇寓外乡友名录\n\
序号,姓名,性别,出生年月,乡镇,村,类别,工作单位,手机号码,身份证号\n\
1,李明,男,1975.03,新墙镇,新墙村,企业家,深圳某科技公司,138 0000 1001,\n\
2,王芳,女,1980年5月,筻口,,文教,长沙某中学,+86 13800001002,\n\
3,李明,男,1975.03,新墙镇,新墙村,企业家,,13800001001,\n\
4,赵强,男,1970-1-5,月田镇,,政界,,13800001004,\n\
5,陈静,女,1985.12,新墙镇,,工商,,13800001005,4.30621E+17\n\
制表人：张三,,,,,,,,,\n";

store_test!(a_roster_goes_in_through_the_browser, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("importer", BuiltinRole::CountyAdmin, "岳阳县").await;
    let session = app.login("importer").await;
    let form = session.get("/fellows/import").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text.contains("上传并检查"));

    let job = upload(&session, &[("on_duplicate", "skip")], ("名录.csv", ROSTER.as_bytes()), &[]).await;
    let preview = follow(&session, &job, "正在检查").await;
    let stats = preview.texts(".stats dd");
    assert_eq!(stats, ["5", "2", "2", "0", "1", "0"], "rows, rejected, new, warned, in file, in registry");
    assert!(preview.text.contains("“月田镇”不是本县的乡镇"), "{}", preview.text);
    assert!(preview.text.contains("后几位已丢失"));
    assert_eq!(
        app.store.fellows(&admin, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        0,
        "nothing before commit"
    );

    // Row 5 duplicates row 3; merging fills nothing new but is counted.
    let committed = session.post_form(&format!("{job}/commit"), &[("row_5", "merge")]).await;
    assert_eq!(committed.status, StatusCode::SEE_OTHER);
    let done = follow(&session, &job, "正在写入").await;
    assert!(done.text.contains("导入完成"), "{}", done.text);
    assert_eq!(
        app.store.fellows(&admin, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        2
    );
    let li = app.store.fellows(&admin, Permission::FellowRead).unwrap().search("李明", 5).await.unwrap();
    assert_eq!(li[0].employer, "深圳某科技公司");
    assert_eq!(li[0].village, "新墙村");

    // The error file: the original layout with a 错误原因 column, importable again.
    let errors = session.get(&format!("{job}/errors.xlsx")).await;
    assert_eq!(errors.status, StatusCode::OK);
    assert!(errors.header("content-type").unwrap().contains("spreadsheetml"));
    let mut book = Workbook::open(errors.bytes.clone(), "errors.xlsx").unwrap();
    let rows: Vec<Vec<String>> =
        book.rows().unwrap().map(|r| r.unwrap().cells.iter().map(|c| c.display()).collect()).collect();
    assert!(rows.iter().any(|r| r.iter().any(|c| c == "错误原因")), "{rows:?}");
    assert!(rows.iter().any(|r| r.iter().any(|c| c == "赵强")));

    // The same file again with skip adds nothing.
    let job = upload(&session, &[], ("名录.csv", ROSTER.as_bytes()), &[]).await;
    let preview = follow(&session, &job, "正在检查").await;
    assert_eq!(preview.texts(".stats dd")[5], "2", "both rows match the registry now");
    session.post_form(&format!("{job}/commit"), &[]).await;
    follow(&session, &job, "正在写入").await;
    assert_eq!(
        app.store.fellows(&admin, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        2
    );

    // The export of the list, and the template.
    let export = session.get("/fellows/export.xlsx").await;
    assert_eq!(export.status, StatusCode::OK);
    let mut book = Workbook::open(export.bytes.clone(), "export.xlsx").unwrap();
    let rows: Vec<String> = book
        .rows()
        .unwrap()
        .map(|r| r.unwrap().cells.iter().map(|c| c.display()).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[1].contains("138****1001") || rows[2].contains("138****1001"), "masked: {rows:?}");
    assert_eq!(session.get("/fellows/import/template.xlsx").await.status, StatusCode::OK);
    db
});

store_test!(a_township_cadre_imports_only_their_township, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let clerk = app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let session = app.login("xinqiang").await;
    let roster = "姓名,乡镇,类别\n本镇人,新墙镇,工商企\n别镇人,筻口镇,工商企\n无乡镇,,工商企\n";
    let job = upload(&session, &[], ("r.csv", roster.as_bytes()), &[]).await;
    let preview = follow(&session, &job, "正在检查").await;
    assert_eq!(preview.texts(".stats dd")[..3], ["3", "1", "2"]);
    assert!(preview.text.contains("筻口镇不在您的管理范围内"));
    session.post_form(&format!("{job}/commit"), &[]).await;
    follow(&session, &job, "正在写入").await;
    assert_eq!(
        app.store.fellows(&clerk, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        2
    );
    // Another user's job is not found.
    app.user("other", BuiltinRole::TownshipStaff, "新墙镇").await;
    let other = app.login("other").await;
    assert_eq!(other.get(&job).await.status, StatusCode::NOT_FOUND);
    db
});

store_test!(bad_uploads_get_a_clear_message, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("importer", BuiltinRole::CountyAdmin, "岳阳县").await;
    let session = app.login("importer").await;
    let empty = session.post_multipart("/fellows/import", &[], ("e.csv", b"")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text.contains("请选择要导入的文件"));
    let big = vec![b'a'; guichao_web::IMPORT_UPLOAD_LIMIT + 1024];
    let too_big = session.post_multipart("/fellows/import", &[], ("big.csv", &big)).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(too_big.text.contains("MB"), "{}", too_big.text);
    let junk = session.post_multipart("/fellows/import", &[], ("x.xlsx", b"PK\x03\x04 broken")).await;
    assert_eq!(junk.status, StatusCode::UNPROCESSABLE_ENTITY, "refused before the mapping");
    assert!(junk.text.contains("文件已损坏"), "{}", junk.text);
    // A leader reads but neither imports nor exports personal data in full.
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let leader = app.login("leader").await;
    assert_eq!(leader.get("/fellows/import").await.status, StatusCode::FORBIDDEN);
    assert_eq!(leader.get("/fellows/export.xlsx?reveal=1").await.status, StatusCode::FORBIDDEN);
    assert_eq!(leader.get("/fellows/export.xlsx").await.status, StatusCode::OK);
    db
});

/// A client of `app` holding the cookies of an earlier sign-in.
fn signed_in(app: &TestApp, cookies: Vec<(String, String)>) -> Session<'_> {
    let mut session = app.anon();
    session.cookies = cookies;
    session
}

store_test!(a_checked_import_survives_a_restart, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("importer", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("other", BuiltinRole::CountyAdmin, "岳阳县").await;
    let session = app.login("importer").await;
    let job = upload(&session, &[], ("名录.csv", ROSTER.as_bytes()), &[]).await;
    let before = follow(&session, &job, "正在检查").await;
    let (cookies, other) = (session.cookies.clone(), app.login("other").await.cookies);

    // The server restarts between the preview and the go.
    let app = app.restart(&db).await;
    let session = signed_in(&app, cookies);
    let after = follow(&session, &job, "正在检查").await;
    assert_eq!(after.texts(".stats dd"), before.texts(".stats dd"));
    assert_eq!(after.texts("table td"), before.texts("table td"), "the same rejected rows and duplicates");
    assert!(after.text.contains("“月田镇”不是本县的乡镇"));
    assert_eq!(session.get(&format!("{job}/errors.xlsx")).await.status, StatusCode::OK);
    assert_eq!(signed_in(&app, other).get(&job).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.store.fellows(&admin, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        0
    );

    let committed = session.post_form(&format!("{job}/commit"), &[("row_5", "merge")]).await;
    assert_eq!(committed.status, StatusCode::SEE_OTHER);
    let done = follow(&session, &job, "正在写入").await;
    assert!(done.text.contains("导入完成"), "{}", done.text);
    assert_eq!(
        app.store.fellows(&admin, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        2
    );

    // After another restart the job shows what it wrote and cannot be committed again.
    let cookies = session.cookies.clone();
    let app = app.restart(&db).await;
    let session = signed_in(&app, cookies);
    let shown = session.get(&job).await;
    assert!(shown.text.contains("导入完成：新增 2"), "{}", shown.text);
    session.post_form(&format!("{job}/commit"), &[]).await;
    assert!(session.get(&job).await.text.contains("导入完成"));
    assert_eq!(
        app.store.fellows(&admin, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        2
    );

    // A day later an unfinished job is gone.
    let late = upload(&session, &[], ("名录.csv", ROSTER.as_bytes()), &[]).await;
    follow(&session, &late, "正在检查").await;
    let id: uuid::Uuid = late.rsplit('/').next().unwrap().parse().unwrap();
    app.store
        .fellows(&admin, Permission::FellowWrite)
        .unwrap()
        .age_import_job(id, chrono::Duration::days(1))
        .await
        .unwrap();
    let cookies = session.cookies.clone();
    let app = app.restart(&db).await;
    let session = signed_in(&app, cookies);
    assert_eq!(session.get(&late).await.status, StatusCode::NOT_FOUND);
    db
});
