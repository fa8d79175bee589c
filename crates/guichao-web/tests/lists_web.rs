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
    let admin = app.user("admin", BuiltinRole::SystemAdmin, "岳阳县").await;
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
    app.user("admin", BuiltinRole::SystemAdmin, "岳阳县").await;
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
