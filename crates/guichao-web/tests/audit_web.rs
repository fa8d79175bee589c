//! The audit log as a civil servant reads it: an import, an export and a
//! reveal done through the app read as sentences with names; a narrower
//! reader never sees the name of a fellow out of their sight; the filters; the
//! xlsx export, for the audit administrator only and itself audited.

mod common;
mod import_steps;

use axum::http::StatusCode;
use common::{Session, TestApp, TestResponse};
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_sheets::Workbook;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use import_steps::{follow, upload};

const ROSTER: &str = "姓名,性别,乡镇,村,类别,手机号码\n\
赵一,男,新墙镇,新墙村,企业家,13800002001\n\
钱二,女,新墙镇,,文教,13800002002\n";

/// Uploads and commits a roster as `session` (its columns as detected),
/// following the job to its end.
async fn import(session: &Session<'_>, file: &str, body: &str) {
    let job = upload(session, &[], (file, body.as_bytes()), &[]).await;
    follow(session, &job, "正在检查").await;
    assert_eq!(session.post_form(&format!("{job}/commit"), &[]).await.status, StatusCode::SEE_OTHER);
    assert!(follow(session, &job, "正在写入").await.text.contains("导入完成"));
}

/// The rows of the log page as (time, who, action, record, details).
fn log_rows(page: &TestResponse) -> Vec<[String; 5]> {
    let cells = |css: &str| page.texts(&format!("table.audit > tbody > tr > td.{css}"));
    let (at, who, action, object, detail) =
        (cells("at"), cells("actor"), cells("action"), cells("object"), cells("detail"));
    (0..at.len())
        .map(|i| [at[i].clone(), who[i].clone(), action[i].clone(), object[i].clone(), detail[i].clone()])
        .collect()
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

store_test!(an_import_an_export_and_a_reveal_read_as_sentences_with_names, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    app.user("importer", BuiltinRole::CountyAdmin, "岳阳县").await;
    let importer = app.login("importer").await;
    import(&importer, "新墙镇名册.csv", ROSTER).await;
    assert_eq!(importer.get("/fellows/export.xlsx").await.status, StatusCode::OK);
    let xinqiang = app.login("xinqiang").await;
    assert_eq!(
        xinqiang.post_form(&format!("/fellows/{}/reveal", w.zhang), &[("field", "phone")]).await.status,
        StatusCode::SEE_OTHER
    );

    // The audit admin reads the log (三员分立): names, but no link into the
    // registry, which is not theirs.
    let admin = app.auditor().await;
    let page = admin.get("/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = log_rows(&page);
    let find = |action: &str| rows.iter().find(|r| r[2] == action).unwrap_or_else(|| panic!("{action}: {rows:?}"));
    let imported = find("导入乡友名册");
    assert!(imported[1].starts_with("importer（importer）") && imported[1].contains("岳阳县"), "{imported:?}");
    assert_eq!(imported[3], "《新墙镇名册.csv》");
    let batch = page.attrs("td.object a", "href").into_iter().find(|h| h.starts_with("/fellows?import="));
    assert!(batch.is_none(), "no link into the registry for the audit admin");
    assert_eq!(squash(&imported[4]), "导入名册《新墙镇名册.csv》：新增 2 人");
    let exported = find("导出乡友");
    assert_eq!(squash(&exported[4]), "导出乡友 5 人（敏感信息已遮盖）");
    let revealed = find("查看敏感信息");
    assert!(revealed[1].starts_with("xinqiang（xinqiang）") && revealed[1].contains("新墙镇"), "{revealed:?}");
    assert_eq!(revealed[3], "张三");
    assert_eq!(squash(&revealed[4]), "查看了手机");
    assert!(!page.attrs("td.object a", "href").contains(&format!("/fellows/{}", w.zhang)));
    // A new fellow's details: field labels, the village by name, no ids.
    let created = &rows.iter().find(|r| r[2] == "登记乡友" && r[3] == "张三").expect("the creation")[4];
    assert!(created.contains("姓名") && created.contains("新墙村"), "{created}");
    // No raw code or id anywhere in the table; each time on one line.
    let table = page.text_of("table.audit").unwrap();
    for raw in ["fellow.", "login", "tenant", &w.zhang.to_string(), "{"] {
        assert!(!table.contains(raw), "{raw} in {table}");
    }
    assert!(rows.iter().all(|r| r[0].len() == 16 && !r[0].contains('\n')), "{rows:?}");

    // The API gives the same labels and names.
    let api = admin.api_get("/api/v1/audit?action=fellow.import").await.json();
    assert_eq!(api["total"], 1);
    assert_eq!(api["items"][0]["action_label"], "导入乡友名册");
    assert_eq!(api["items"][0]["summary"], "导入名册《新墙镇名册.csv》：新增 2 人");
    assert_eq!(api["items"][0]["actor_unit"], "岳阳县");
    // A custom role reading both the log and the registry follows the links.
    app.county.grant_to_role(&app.store, BuiltinRole::CountyAdmin, Permission::AuditRead, DataScope::Tenant).await;
    let page = app.login("importer").await.get("/audit").await;
    let links = page.attrs("td.object a", "href");
    assert!(links.iter().any(|h| h.starts_with("/fellows?import=")), "the import leads to its batch: {links:?}");
    assert!(links.contains(&format!("/fellows/{}", w.zhang)), "{links:?}");
    drop(app);
    db
});

store_test!(the_filters_narrow_the_log_and_bad_ones_say_what_to_write, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let xinqiang = app.login("xinqiang").await;
    xinqiang.post_form(&format!("/fellows/{}/reveal", w.zhang), &[("field", "phone")]).await;
    // The fellow page's link to its log shows to a reader of both (a custom
    // role: no built-in role reads the log and the registry, 三员分立).
    app.county.grant_to_role(&app.store, BuiltinRole::CountyAdmin, Permission::AuditRead, DataScope::Tenant).await;
    let admin = app.login("admin").await;
    let everything = admin.get("/audit").await;

    let reveals = admin.get("/audit?action=fellow.reveal").await;
    assert_eq!(log_rows(&reveals).len(), 1);
    assert_eq!(squash(&reveals.text_of(".list-total").unwrap()), "共 1 条");
    let user = everything
        .attrs("select[name=user] option", "value")
        .into_iter()
        .zip(everything.texts("select[name=user] option"))
        .find(|(_, label)| label.starts_with("xinqiang"))
        .map(|(id, _)| id)
        .unwrap();
    let theirs = log_rows(&admin.get(&format!("/audit?user={user}")).await);
    assert!(!theirs.is_empty() && theirs.iter().all(|r| r[1].starts_with("xinqiang")), "{theirs:?}");
    let about = log_rows(&admin.get("/audit?object=张三").await);
    assert!(about.iter().all(|r| r[3] == "张三") && about.len() == 2, "created and revealed: {about:?}");
    let fellow_page = admin.get(&format!("/fellows/{}", w.zhang)).await;
    let link = fellow_page.attr("#history a[href^='/audit?']", "href").expect("该乡友的操作记录");
    assert_eq!(link, format!("/audit?target_type=fellow&target_id={}", w.zhang));
    assert!(xinqiang.get(&format!("/fellows/{}", w.zhang)).await.attr("#history a[href^='/audit?']", "href").is_none());
    let by_link = log_rows(&admin.get(&link).await);
    assert_eq!(by_link.len(), 2);
    let today = guichao_domain::date::today();
    assert_eq!(log_rows(&admin.get(&format!("/audit?from={today}&to={today}&action=fellow.reveal")).await).len(), 1);
    let tomorrow = today.succ_opt().unwrap();
    assert!(log_rows(&admin.get(&format!("/audit?from={tomorrow}")).await).is_empty());

    let bad = admin.get("/audit?from=3月1日").await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.text_of("p.error").unwrap().contains("开始日期应写成 2026-01-31"));
    let bad = admin.get(&format!("/audit?from={tomorrow}&to={today}")).await;
    assert!(bad.text_of("p.error").unwrap().contains("开始日期晚于结束日期"));
    assert_eq!(admin.api_get("/api/v1/audit?action=no.such").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    drop(app);
    db
});

store_test!(a_narrower_reader_sees_no_name_of_a_fellow_out_of_sight, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    // Township staff may read their township's part of the log.
    app.county
        .grant_to_role(&app.store, BuiltinRole::TownshipStaff, Permission::AuditRead, DataScope::UnitAndBelow)
        .await;
    // A county-wide admin who sits in 新墙镇 works on a 筻口镇 fellow.
    let boss = app.user("boss", BuiltinRole::CountyAdmin, "新墙镇").await;
    app.fellow().named("孙七").in_township("筻口镇").phone("13800003007").by(&boss).create().await;
    let sun = app.store.fellows(&w.admin, Permission::FellowRead).unwrap().search("孙七", 1).await.unwrap()[0].id;
    let b = app.login("boss").await;
    assert_eq!(
        b.post_form(&format!("/fellows/{sun}/reveal"), &[("field", "phone")]).await.status,
        StatusCode::SEE_OTHER
    );

    let reader = app.login("xinqiang").await;
    let page = reader.get("/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = log_rows(&page);
    // Beside the sign-in and the enrolment of the administrator's second factor:
    let boss_rows: Vec<&[String; 5]> =
        rows.iter().filter(|r| r[1].starts_with("boss") && r[2] != "登录" && r[2] != "启用两步验证").collect();
    assert_eq!(boss_rows.len(), 2, "the create and the reveal: {rows:?}");
    assert!(boss_rows.iter().all(|r| r[3] == "（范围外的乡友）" && r[4].trim().is_empty()), "{boss_rows:?}");
    assert!(!page.text.contains("孙七") && !page.text.contains(&sun.to_string()));
    // The admin's own events (in the county unit) are out of the reader's reach.
    assert!(!rows.iter().any(|r| r[1].starts_with("admin")));
    assert!(log_rows(&reader.get("/audit?object=孙七").await).is_empty());
    let api = reader.api_get("/api/v1/audit").await;
    assert!(!api.text.contains("孙七"), "{}", api.text);
    // No export for a narrower reader.
    assert!(page.attr("a[href^='/audit/export.xlsx']", "href").is_none());
    assert_eq!(reader.get("/audit/export.xlsx").await.status, StatusCode::FORBIDDEN);
    // The county reader sees the name.
    assert!(app.auditor().await.get("/audit").await.text.contains("孙七"));
    drop(app);
    db
});

store_test!(the_audit_administrator_exports_the_filtered_log_and_it_is_audited, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let xinqiang = app.login("xinqiang").await;
    xinqiang.post_form(&format!("/fellows/{}/reveal", w.zhang), &[("field", "phone")]).await;
    let admin = app.auditor().await;
    let page = admin.get("/audit?action=fellow.reveal").await;
    let href = page.attr("a[href^='/audit/export.xlsx']", "href").expect("an export link");
    assert_eq!(href, "/audit/export.xlsx?action=fellow.reveal");
    let before = app.audited(&w.admin).await;
    let file = admin.get(&href).await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.header("content-disposition").unwrap().contains("attachment"));
    let mut book = Workbook::open(file.bytes.clone(), "audit.xlsx").unwrap();
    let rows: Vec<Vec<String>> =
        book.rows().unwrap().map(|r| r.unwrap().cells.iter().map(|c| c.display()).collect()).collect();
    assert_eq!(rows[0], ["序号", "时间", "操作人", "所属单位", "操作", "对象", "详情", "地址"]);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(&rows[1][2..7], ["xinqiang（xinqiang）", "新墙镇", "查看敏感信息", "张三", "查看了手机"]);

    assert_eq!(app.audited(&w.admin).await, before + 1);
    let exported = admin.get("/audit?action=audit.export").await;
    let detail = exported.text_of("table.audit td.detail").unwrap();
    assert_eq!(squash(&detail), "导出审计日志 1 条");
    drop(app);
    db
});

store_test!(the_log_pages_through_every_event_with_its_filters, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    for i in 0..52 {
        let name = format!("测{}{}", digits[i / 10], digits[i % 10]);
        app.fellow().named(&name).in_township("新墙镇").by(&w.admin).create().await;
    }
    let admin = app.auditor().await;
    let first = admin.get("/audit?action=fellow.create").await;
    assert_eq!(log_rows(&first).len(), 50);
    assert_eq!(squash(&first.text_of(".list-total").unwrap()), "共 55 条，第 1–50 条");
    let next = first.attr(".list-pager a[rel=next]", "href").expect("a next page");
    assert_eq!(next, "/audit?action=fellow.create&page=2");
    let second = admin.get(&next).await;
    let rows = log_rows(&second);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r[2] == "登记乡友"));
    // The jump form keeps the filter; a page past the end lands on the last.
    assert_eq!(second.attrs(".list-pager form.jump input[type=hidden]", "value"), ["fellow.create"]);
    assert_eq!(log_rows(&admin.get("/audit?action=fellow.create&page=9").await).len(), 5);
    assert_eq!(admin.get("/audit?page=x").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    drop(app);
    db
});

store_test!(projects_and_the_park_are_named_in_the_log_not_called_removed, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.registry().await;
    // Links to the projects show to a reader of the log and the registry (a
    // custom role, 三员分立).
    app.county.grant_to_role(&app.store, BuiltinRole::CountyAdmin, Permission::AuditRead, DataScope::Tenant).await;
    let admin = app.login("admin").await;
    let body = serde_json::json!({
        "name": "汽车内饰件生产线项目", "kind": "manufacturing", "investment_fen": 35_000_000_000i64,
        "unit_id": app.county.unit("新墙镇"), "source": "task_force",
    });
    let made = admin.api_post_json("/api/v1/projects", &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let id = made.json()["id"].as_str().unwrap().to_string();
    let signed = serde_json::json!({"stage": "signed", "date": "2023-05-02"});
    let event = admin.api_post_json(&format!("/api/v1/projects/{id}/events"), &signed).await;
    assert_eq!(event.status, StatusCode::CREATED, "{}", event.text);

    let page = admin.get("/audit").await;
    let rows = log_rows(&page);
    let about: Vec<&[String; 5]> = rows.iter().filter(|r| r[3] == "汽车内饰件生产线项目").collect();
    assert_eq!(about.len(), 2, "created and signed: {rows:?}");
    assert!(rows.iter().all(|r| !r[3].contains("已删除")), "{rows:?}");
    assert!(page.attrs("td.object a", "href").contains(&format!("/projects/{id}")));
    drop(app);
    db
});

store_test!(the_verify_page_says_in_chinese_whether_the_chain_holds, |mut db: TestDb| async move {
    use guichao_store::testing::execute;
    let heads = tempfile::tempdir().unwrap();
    db.store = db.store.clone().with_audit_heads(heads.path().join("audit-heads.log"));
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::AuditAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let admin = app.login("admin").await;
    let xinqiang = app.login("xinqiang").await;
    assert_eq!(xinqiang.get("/audit/verify").await.status, StatusCode::FORBIDDEN);
    assert!(admin.get("/audit").await.text.contains("href=\"/audit/verify\""), "the log leads to the check");

    let page = admin.get("/audit/verify").await;
    assert_eq!(page.status, StatusCode::OK);
    let ok = squash(&page.text_of("p.verify-ok").expect("intact"));
    assert!(ok.starts_with("审计链完整：已逐条校验") && ok.contains("0 个已记录的每日链头"), "{ok}");
    assert_eq!(db.store.system().record_audit_heads(guichao_domain::date::today()).await.unwrap(), 2);
    let ok = squash(&admin.get("/audit/verify").await.text_of("p.verify-ok").unwrap());
    assert!(ok.contains("1 个已记录的每日链头核对一致"), "{ok}");

    // A database writer deletes the newest event and rolls the head back.
    let t = "(SELECT tenant_id FROM tenants WHERE code = '430621')";
    let newest = format!("(SELECT MAX(seq) FROM audit_events WHERE tenant_id = {t})");
    execute(&db.store, &format!("DELETE FROM audit_events WHERE tenant_id = {t} AND seq = {newest}")).await;
    let head = format!("(SELECT hash FROM audit_events WHERE tenant_id = {t} AND seq = {newest})");
    execute(
        &db.store,
        &format!("UPDATE tenants SET audit_seq = audit_seq - 1, audit_head = {head} WHERE code = '430621'"),
    )
    .await;
    let page = admin.get("/audit/verify").await;
    assert!(page.text_of("p.verify-ok").is_none());
    let broken = squash(&page.text_of("p.verify-broken").expect("broken"));
    assert!(broken.starts_with("审计链断裂：第") && broken.contains("末尾被截断"), "{broken}");
    drop(app);
    db
});
