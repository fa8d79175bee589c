//! The checks a clerk expects of an import, through the browser in one story:
//! the column mapping corrected before the check, a gender that disagrees
//! with the ID number shown as a warning and settled row by row, misspelled
//! townships and villages refused with the nearest names, the name beside
//! every rejected row, the figures and the button counting the same fellows,
//! the imported batch opened from the result, the file named as each
//! fellow's source and the import in their history; and no step sent again
//! by a refresh.

mod common;
mod import_steps;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::fellows::IdNumber;
use guichao_store::fellows::FellowQuery;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use import_steps::{follow, selected_mapping, upload};

/// A valid ID number of someone born on `birth` (YYYYMMDD) with sequence `seq`
/// (odd for a man).
fn id_number(birth: &str, seq: &str) -> String {
    let body = format!("430621{birth}{seq}");
    format!("{body}{}", IdNumber::check_char(&body).unwrap())
}

/// Rows 3-7: a man's ID typed as 女 (kept to the ID), a misspelled township, a
/// misspelled village, a clean row, and another man's ID as 女 (the clerk
/// keeps 女). The township sits under a header no synonym knows.
fn roster() -> String {
    let (zhang, wu) = (id_number("19750305", "123"), id_number("19800101", "001"));
    format!(
        "乡友名册\n\
         姓名,性别,出生日期,老家,村,类别,身份证号,手机\n\
         张男,女,1975-03-05,新墙镇,新墙村,工商企,{zhang},13800002001\n\
         钱多,男,1980.01,新强镇,,工商企,,13800002002\n\
         孙清,女,1982.02,新墙镇,清税村,工商企,,13800002003\n\
         周全,男,1979.09,筻口镇,,党政军,,13800002004\n\
         吴某,女,1980-01-01,新墙镇,,工商企,{wu},13800002005\n"
    )
}

store_test!(an_import_checks_what_a_clerk_expects, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("importer", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.fellow().named("早已登记").in_township("新墙镇").create().await;
    let session = app.login("importer").await;
    let count = || async { app.fellow_count(&admin).await };
    let roster = roster();

    // The mapping: shown after the upload, again on a refresh; a mapping
    // without a name column comes back with the reason.
    let sent = session.post_multipart("/fellows/import", &[], ("2026乡友名册.csv", roster.as_bytes())).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let job = sent.location().unwrap().to_string();
    let mapping = session.get(&job).await;
    assert_eq!(
        mapping.texts(".mapping tbody td:first-child"),
        ["姓名", "性别", "出生日期", "老家", "村", "类别", "身份证号", "手机"]
    );
    assert!(mapping.texts(".mapping tbody td").contains(&"13800002001".to_string()), "a sample beside each header");
    let detected = selected_mapping(&mapping);
    assert_eq!(detected[3], ("col_3".to_string(), String::new()), "老家 is not a known header");
    assert_eq!(detected[7].1, "phone");
    assert_eq!(selected_mapping(&session.get(&job).await), detected, "a refresh changes nothing");
    let nameless = session.post_form(&format!("{job}/mapping"), &[("col_0", ""), ("col_1", "gender")]).await;
    assert_eq!((nameless.status, nameless.location()), (StatusCode::SEE_OTHER, Some(job.as_str())));
    assert!(session.get(&job).await.text.contains("请指定哪一列是姓名"));

    // Corrected: 老家 is the township, the phone is left out.
    let mut pairs = detected.clone();
    pairs[3].1 = "township_id".into();
    pairs[7].1 = String::new();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let confirmed = session.post_form(&format!("{job}/mapping"), &pairs).await;
    assert_eq!((confirmed.status, confirmed.location()), (StatusCode::SEE_OTHER, Some(job.as_str())));
    let preview = follow(&session, &job, "正在检查").await;
    assert_eq!(preview.texts(".stats dd"), ["5", "2", "3", "2", "0", "0"], "rows, rejected, new, warned, dups");
    assert!(preview.text_of("#commit").unwrap().contains("确认导入 3 名新乡友"), "the figure and the button agree");

    // Rejected rows with their names and the nearest names.
    let rejected = preview.texts("#rejected tbody td");
    assert_eq!(rejected[..2], ["4", "钱多"]);
    assert!(rejected[2].contains("“新强镇”不是本县的乡镇，是否为：新墙镇？"), "{rejected:?}");
    assert_eq!(rejected[3..5], ["5", "孙清"]);
    assert!(rejected[5].contains("是否为：清水村？"), "{rejected:?}");

    // Warnings with both values, ticked to take the ID's.
    let warned = preview.texts("#warnings tbody td");
    assert_eq!(warned[..3], ["3", "张男", "性别：表中为女，身份证号为男"]);
    assert_eq!(preview.attrs("#warnings input[checked]", "name"), ["follow_id_3", "follow_id_7"]);

    // A refresh of the preview writes nothing.
    assert_eq!(session.get(&job).await.texts(".stats dd"), preview.texts(".stats dd"));
    assert_eq!(count().await, 1);

    // Commit: row 3 takes the ID's gender, row 7 keeps its own.
    let committed = session.post_form(&format!("{job}/commit"), &[("follow_id_3", "1")]).await;
    assert_eq!((committed.status, committed.location()), (StatusCode::SEE_OTHER, Some(job.as_str())));
    let done = follow(&session, &job, "正在写入").await;
    assert!(done.text.contains("导入完成：新增 3"), "{}", done.text);
    assert_eq!(count().await, 4);
    session.post_form(&format!("{job}/commit"), &[]).await;
    assert_eq!(session.get(&job).await.text, done.text, "a second commit and a refresh change nothing");
    assert_eq!(count().await, 4);

    // The batch: exactly the imported fellows.
    let batch = done.attr("#batch", "href").unwrap();
    let id = job.rsplit('/').next().unwrap();
    assert_eq!(batch, format!("/fellows?import={id}"));
    let listed = session.get(&batch).await;
    assert_eq!(listed.status, StatusCode::OK);
    for name in ["张男", "周全", "吴某"] {
        assert!(listed.text.contains(name), "{name} in the batch");
    }
    assert!(!listed.text.contains("早已登记"), "a fellow of no import is not in the batch");
    assert!(listed.text_of("#import-batch").is_some());
    let kept = listed.attrs("form.filter-grid input[name=import]", "value");
    assert_eq!(kept, [id], "filtering within the batch keeps it");

    // Each imported fellow: the file as source, the ID's gender where chosen, no phone, the import in the history.
    let fellows = app.store.fellows(&admin, Permission::FellowRead).unwrap();
    let query = FellowQuery { import: Some(id.parse().unwrap()), limit: 50, ..Default::default() };
    let rows = fellows.list(&query).await.unwrap();
    assert_eq!(rows.len(), 3);
    for row in &rows {
        let f = fellows.get(row.id).await.unwrap();
        assert_eq!(f.source, "导入：2026乡友名册.csv");
        assert_eq!(f.phone, None, "the phone column was left out");
        let expected = if f.name == "吴某" { "female" } else { "male" };
        assert_eq!(f.gender.as_deref(), Some(expected), "{}", f.name);
        let history = fellows.history(row.id).await.unwrap();
        assert_eq!(history.iter().filter(|e| e.action == "fellow.import").count(), 1, "{}", f.name);
        let page = session.get(&format!("/fellows/{}", row.id)).await;
        assert!(page.text.contains("导入乡友名册"), "the history on the fellow's page");
    }

    // The same file again: no new fellows, and the figure and the button say so.
    let again = upload(&session, &[], ("2026乡友名册.csv", roster.as_bytes()), &[("col_3", "township_id")]).await;
    let preview = follow(&session, &again, "正在检查").await;
    assert_eq!(preview.text_of("#new-fellows").unwrap(), "0");
    assert!(preview.text_of("#commit").unwrap().contains("没有新乡友"));
    db
});

store_test!(rejected_rows_page_through_the_list_building_block, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("importer", BuiltinRole::CountyAdmin, "岳阳县").await;
    let session = app.login("importer").await;
    let mut roster = String::from("姓名,乡镇,类别\n");
    for n in 0..55 {
        roster.push_str(&format!("乡友{n},月田镇,工商企\n"));
    }
    let job = upload(&session, &[], ("r.csv", roster.as_bytes()), &[]).await;
    let first = follow(&session, &job, "正在检查").await;
    assert_eq!(first.texts("#rejected tbody tr").len(), 50);
    assert!(first.text_of(".list-total").unwrap().contains("55"), "the exact total");
    let next = first.attr(".list-pager a[rel='next']", "href").unwrap();
    assert_eq!(next, format!("{job}?page=2"));
    let second = session.get(&next).await;
    let rows = second.texts("#rejected tbody td[data-label='行号']");
    assert_eq!(rows, ["52", "53", "54", "55", "56"], "rows 2-56 of the file, the last five on page 2");
    assert_eq!(second.texts("#rejected tbody td[data-label='姓名']")[0], "乡友50");
    assert_eq!(session.get(&format!("{job}?page=x")).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    db
});
