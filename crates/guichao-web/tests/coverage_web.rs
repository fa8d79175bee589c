//! The coverage roll-up through HTTP: the page by township, cadre and level
//! with every figure linking to its fellows, each reader's scope, bad dates
//! and groupings, and `/api/v1/liaison/coverage`.

mod common;

use axum::http::StatusCode;
use chrono::Days;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::liaison::{ContactDraft, ContactKind, LiaisonLevel};
use guichao_store::liaison::AssignmentDraft;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use uuid::Uuid;

/// 张三 of 新墙村, assigned to xinqiang (township, 30 days) and visited three
/// days ago; 李四 of 筻口镇, assigned to nobody.
async fn seed(app: &TestApp) -> (Uuid, Uuid) {
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("village", BuiltinRole::VillageCadre, "新墙村").await;
    app.user("chamber", BuiltinRole::ChamberLiaison, "岳阳县").await;
    let zs = app.fellow().named("张三").in_village("新墙村").by(&admin).create().await;
    let ls = app.fellow().named("李四").in_township("筻口镇").by(&admin).create().await;
    let draft = AssignmentDraft { cadre_id: xinqiang.user_id(), level: LiaisonLevel::Township, cycle_days: 30 };
    app.store.liaison(&admin, Permission::LiaisonWrite).unwrap().assign(zs, draft).await.unwrap();
    let visit = ContactDraft {
        kind: ContactKind::Call,
        date: today().checked_sub_days(Days::new(3)).unwrap(),
        place: String::new(),
        cadre_ids: vec![xinqiang.user_id()],
        fellow_ids: vec![zs],
        chamber_id: None,
        notes: "电话问候".into(),
        outcome: String::new(),
        follow_up: None,
    };
    app.store.contacts(&xinqiang, Permission::LiaisonWrite).unwrap().create(visit).await.unwrap();
    (zs, ls)
}

store_test!(the_roll_up_page_links_every_figure_to_its_fellows, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let (zs, ls) = seed(&app).await;
    let leader = app.login("leader").await;
    let page = leader.get("/liaison/coverage").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts("table.coverage tbody th"), ["新墙镇", "筻口镇"]);
    assert_eq!(page.texts("table.coverage tbody tr:first-child td a"), ["1", "0", "1", "0", "1", "0"]);
    assert_eq!(page.texts("table.coverage tfoot td a"), ["2", "0", "1", "0", "1", "0"]);
    assert_eq!(page.texts("table.coverage tfoot td small.share"), ["0.0%", "50.0%", "0.0%", "50.0%", "0.0%"]);
    assert_eq!(
        page.attr("nav.tabs a.current", "href").unwrap(),
        format!("/liaison/coverage?by=township&as_of={}", today())
    );
    assert_eq!(page.input_value("as_of"), Some(today().to_string()));

    // The contacted figure of the total leads to 张三; the fellows of the
    // total to both, by name, through the shared list block.
    let links = page.attrs("table.coverage tfoot td a", "href");
    assert!(links[4].contains("measure=contacted_90d") && links[4].contains("key=all"), "{links:?}");
    let list = leader.get(&links[4]).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.attrs("table.coverage-fellows td a", "href"), [format!("/fellows/{zs}")]);
    assert_eq!(list.text_of(".list-total strong").as_deref(), Some("1"));
    let all = leader.get(&links[0]).await;
    let mut hrefs = all.attrs("table.coverage-fellows td a", "href");
    hrefs.sort();
    let mut both = vec![format!("/fellows/{zs}"), format!("/fellows/{ls}")];
    both.sort();
    assert_eq!(hrefs, both);
    assert!(all.text_of("h1").unwrap().starts_with("全部乡友 · 乡友数"), "{:?}", all.text_of("h1"));

    // By cadre and by level.
    let by_cadre = leader.get("/liaison/coverage?by=cadre").await;
    assert_eq!(by_cadre.texts("table.coverage tbody th"), ["xinqiang"]);
    let overdue_later = leader.get(&format!("/liaison/coverage?by=level&as_of={}", today() + Days::new(40))).await;
    assert_eq!(overdue_later.texts("table.coverage tbody th"), ["乡镇级"]);
    assert_eq!(
        overdue_later.texts("table.coverage tbody td a").last().map(String::as_str),
        Some("1"),
        "overdue on day 40"
    );
    let link = overdue_later.attrs("table.coverage tbody td a", "href").pop().unwrap();
    let overdue = leader.get(&link).await;
    assert_eq!(overdue.attrs("table.coverage-fellows td a", "href"), [format!("/fellows/{zs}")]);
    assert!(overdue.text_of("h1").unwrap().starts_with("乡镇级 · 已超期"));

    // Bad input answers 422 with words; an unknown row 404.
    assert_eq!(leader.get("/liaison/coverage?as_of=2025-02-30").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(leader.get("/liaison/coverage?by=village").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(leader.get("/liaison/coverage/fellows?measure=lots").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let nobody = format!("/liaison/coverage/fellows?by=cadre&key={}&measure=fellows", Uuid::now_v7());
    assert_eq!(leader.get(&nobody).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});

store_test!(each_reader_rolls_up_their_own_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    seed(&app).await;
    let township = app.login("xinqiang").await;
    let page = township.get("/liaison/coverage").await;
    assert_eq!(page.texts("table.coverage tbody th"), ["新墙镇"]);
    assert_eq!(page.texts("table.coverage tfoot td a")[0], "1");
    let mine = township.get("/liaison").await;
    assert_eq!(mine.attrs("a.button[href='/liaison/coverage']", "href").len(), 1, "linked from 我的联系");

    let village = app.login("village").await;
    assert_eq!(village.get("/liaison/coverage").await.texts("table.coverage tbody th"), ["新墙镇"]);

    // Only their own fellows: no roll-up and no link to it.
    let chamber = app.login("chamber").await;
    assert_eq!(chamber.get("/liaison/coverage").await.status, StatusCode::FORBIDDEN);
    assert!(chamber.get("/liaison").await.attrs("a.button[href='/liaison/coverage']", "href").is_empty());
    assert_eq!(chamber.api_get("/api/v1/liaison/coverage").await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});

store_test!(the_api_answers_rows_and_refuses_bad_dates, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let (zs, _) = seed(&app).await;
    let leader = app.login("leader").await;
    let res = leader.api_get(&format!("/api/v1/liaison/coverage?as_of={}&by=township", today())).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let body = res.json();
    assert_eq!(body["by"], "township");
    assert_eq!(body["rows"][0]["label"], "新墙镇");
    assert_eq!(body["rows"][0]["fellows"], 1);
    assert_eq!(body["rows"][0]["assigned_township"], 1);
    assert_eq!(body["rows"][0]["contacted_90d"], 1);
    assert_eq!(body["total"]["fellows"], 2);
    let key = body["rows"][0]["key"].as_str().unwrap().to_string();
    let res = leader.api_get(&format!("/api/v1/liaison/coverage/fellows?key={key}&measure=contacted_90d")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(
        (res.json()["total"].clone(), res.json()["items"][0]["fellow_id"].clone()),
        (1.into(), zs.to_string().into())
    );

    let by_cadre = leader.api_get("/api/v1/liaison/coverage?by=cadre").await.json();
    assert_eq!(by_cadre["rows"][0]["label"], "xinqiang");
    for bad in ["as_of=2025-13-01", "as_of=yesterday", "by=province", "by=township&as_of=0224-01-01"] {
        let res = leader.api_get(&format!("/api/v1/liaison/coverage?{bad}")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(res.error_code(), "invalid", "{bad}");
    }
    let res = leader.api_get("/api/v1/liaison/coverage/fellows?measure=fellows&limit=0").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    drop(app);
    db
});
