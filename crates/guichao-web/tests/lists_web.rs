//! The list building block on the chamber and user lists: the exact total,
//! numbered pages, sortable headers in pinyin order, filters kept in links.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_store::store_test;
use guichao_store::testing::{TestDb, remote_chamber};

store_test!(the_chamber_list_pages_by_number_in_pinyin_order, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let writes = app.store.chambers(&admin, Permission::ChamberWrite).unwrap();
    // 51 chambers: 50 a page, so the 51st is alone on page 2.
    for n in 0..50 {
        writes.create(remote_chamber(&format!("长沙岳阳商会{n:02}"), "长沙")).await.unwrap();
    }
    writes.create(remote_chamber("北京岳阳商会", "北京")).await.unwrap();
    let me = app.login("admin").await;
    let first = me.get("/chambers").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.text_of(".list-total strong").as_deref(), Some("51"));
    let names = first.texts("table.chambers td[data-label='名称'] a");
    assert_eq!(names.len(), 50);
    // 北 bei before 长 chang, though 长 comes first by code point.
    assert_eq!(names[0], "北京岳阳商会");
    assert_eq!(first.attr("a[rel=next]", "href").as_deref(), Some("/chambers?page=2"));
    let second = me.get("/chambers?page=2").await;
    assert_eq!(second.texts("table.chambers td[data-label='名称'] a"), ["长沙岳阳商会49"]);
    assert_eq!(second.attr("a[rel=prev]", "href").as_deref(), Some("/chambers"));
    let desc = me.get(&first.attr("th[aria-sort=ascending] a", "href").unwrap()).await;
    assert_eq!(desc.texts("table.chambers td[data-label='名称'] a")[0], "长沙岳阳商会49");
    assert_eq!(me.get("/chambers?page=-1").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(me.get("/chambers?sort=city").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    drop(app);
    db
});

store_test!(the_user_list_sorts_by_username_or_name_and_keeps_the_search, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("zhou", BuiltinRole::VillageCadre, "新墙村").await;
    app.user("ding", BuiltinRole::VillageCadre, "新墙村").await;
    let me = app.login("admin").await;
    let list = me.get("/users").await;
    assert_eq!(list.texts("table.users td[data-label='用户名'] a"), ["admin", "ding", "zhou"]);
    assert_eq!(list.text_of(".list-total strong").as_deref(), Some("3"));
    assert_eq!(list.attr("th[aria-sort=ascending] a", "href").as_deref(), Some("/users?dir=desc"));
    assert_eq!(list.attr("th[aria-sort=none] a", "href").as_deref(), Some("/users?sort=name"));
    // A search survives sorting and paging links.
    let found = me.get("/users?q=d&sort=name").await;
    assert_eq!(found.texts("table.users td[data-label='用户名'] a"), ["admin", "ding"]);
    assert_eq!(found.attr("th[aria-sort=ascending] a", "href").as_deref(), Some("/users?q=d&sort=name&dir=desc"));
    assert_eq!(found.attr("th[aria-sort=none] a", "href").as_deref(), Some("/users?q=d"));
    assert_eq!(me.get("/users?dir=sideways").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    drop(app);
    db
});

store_test!(a_search_pages_through_every_match_with_the_count, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    // With the registry's 张三: 56 fellows surnamed 张, 50 a page.
    for n in 0..55 {
        app.fellow()
            .named(&format!("张{}", ["伟", "敏", "静", "丽", "强"][n % 5]))
            .in_township("新墙镇")
            .by(&w.admin)
            .create()
            .await;
    }
    let me = app.login("xinqiang").await;
    let first = me.get("/fellows?q=张").await;
    assert_eq!(first.text_of("#count strong").as_deref(), Some("56"));
    assert_eq!(first.text_of(".list-total strong").as_deref(), Some("56"));
    assert_eq!(first.texts("table.fellows td.name a").len(), 50);
    let next = first.attr("a[rel=next]", "href").expect("a second page");
    assert_eq!(next, "/fellows?q=%E5%BC%A0&page=2");
    assert_eq!(first.attr("form.jump input[name=q]", "value").as_deref(), Some("张"));
    let second = me.get(&next).await;
    assert_eq!(second.texts("table.fellows td.name a").len(), 6);
    let mut seen: Vec<String> = first.attrs("table.fellows td.name a", "href");
    seen.extend(second.attrs("table.fellows td.name a", "href"));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 56, "every match once");
    drop(app);
    db
});

store_test!(the_api_sorts_and_pages_by_number_too, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.registry().await;
    let me = app.login("xinqiang").await;
    let names = |body: &serde_json::Value| -> Vec<String> {
        body["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect()
    };
    // The default order pages by cursor, as before.
    let first = me.api_get("/api/v1/fellows?limit=1").await.json();
    assert_eq!(names(&first), ["李四"]);
    assert!(first["next"].as_str().unwrap().contains("after="));
    // Another order pages by number, keeping it.
    let desc = me.api_get("/api/v1/fellows?limit=1&dir=desc").await.json();
    assert_eq!(names(&desc), ["张三"]);
    let next = desc["next"].as_str().unwrap();
    assert_eq!(next, "/api/v1/fellows?limit=1&dir=desc&page=2");
    let second = me.api_get(next).await.json();
    assert_eq!(names(&second), ["李四"]);
    assert!(second["next"].is_null());
    assert_eq!(me.api_get("/api/v1/fellows?sort=phone").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    drop(app);
    db
});

store_test!(a_page_number_past_any_list_shows_the_last_page, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.registry().await;
    let admin = app.login("admin").await;
    let huge = u64::MAX.to_string();
    let auditor = app.auditor().await;
    for path in ["/fellows", "/fellows?q=%E5%BC%A0", "/chambers", "/users", "/audit"] {
        let join = if path.contains('?') { '&' } else { '?' };
        // The audit log is the audit admin's (三员分立).
        let reader = if path == "/audit" { &auditor } else { &admin };
        let page = reader.get(&format!("{path}{join}page={huge}")).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.text);
    }
    // The last (only) page of the search, not an empty one.
    assert!(admin.get(&format!("/fellows?q=%E5%BC%A0&page={huge}")).await.text.contains("张三"));
    assert_eq!(admin.api_get(&format!("/api/v1/fellows?page={huge}")).await.status, StatusCode::OK);
    // A search cursor past every match: no rows, the count, no error.
    let past = admin.api_get(&format!("/api/v1/fellows?q=%E5%BC%A0&after={huge}")).await;
    assert_eq!(past.status, StatusCode::OK, "{}", past.text);
    let past = past.json();
    assert_eq!(past["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(past["total"], 1);
    drop(app);
    db
});
