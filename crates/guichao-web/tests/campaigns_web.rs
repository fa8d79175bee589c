//! The four-ones campaigns through HTTP: a county officer drafts one on the
//! form (refused in Chinese first), launches it and reads the matrix,
//! completion and missing list; township staff see and tick their township
//! only; a village cadre ticks their own fellow on its page; a leader reads
//! but cannot tick; a project officer has no campaigns; another county's
//! campaign answers 404; the JSON API with its 422s; the xlsx export.

mod common;

use axum::http::StatusCode;
use chrono::Days;
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_domain::date::today;
use guichao_sheets::Workbook;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;

fn ago(days: u64) -> String {
    today().checked_sub_days(Days::new(days)).unwrap().to_string()
}

store_test!(a_county_officer_drafts_launches_and_reads_a_campaign, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    app.fellow().named("张一").in_village("新墙村").by(&admin).create().await;
    app.fellow().named("赵四").in_village("筻口村").by(&admin).create().await;
    let me = app.login("county").await;
    let blank = me.get("/campaigns/new").await;
    assert_eq!(blank.status, StatusCode::OK, "{}", blank.text);
    assert_eq!(blank.attrs("input[name=kinds][checked]", "value"), ["visit", "letter", "sms", "gift"]);

    let (start, end, before) = (ago(20), today().to_string(), ago(30));
    let mut form = vec![
        ("name", "2025年春节“四个一”走访慰问"),
        ("start", start.as_str()),
        ("end", before.as_str()),
        ("kinds", "visit"),
        ("kinds", "gift"),
        ("category", ""),
        ("city", ""),
        ("tag", ""),
    ];
    let res = me.post_form("/campaigns", &form).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_message().as_deref(), Some("结束日期不能早于开始日期"));
    assert_eq!(res.input_value("name").as_deref(), Some("2025年春节“四个一”走访慰问"));
    form[2].1 = end.as_str();
    let res = me.post_form("/campaigns", &form).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let page_of = res.location().unwrap().to_string();

    let draft = me.get(&page_of).await;
    assert_eq!(draft.text_of("h1 span.tag").as_deref(), Some("草稿"));
    let launched = me.post_and_follow(&format!("{page_of}/launch"), &[]).await;
    assert_eq!(launched.text_of("p.ok[role=status]").as_deref(), Some("活动已启动，纳入乡友 2 人"));
    assert_eq!(launched.texts("table.matrix td.name a"), ["张一", "赵四"]);
    assert_eq!(launched.texts("table.matrix thead th"), ["姓名", "乡镇", "上门拜访", "慰问品/礼品"]);
    assert_eq!(launched.texts("table.completion tbody th"), ["新墙镇", "筻口镇"]);
    assert_eq!(launched.text_of("table.completion tfoot td:nth-of-type(4) strong").as_deref(), Some("0.0%"));

    // A visit recorded on the contact form ticks the matrix.
    let zhang = launched.attrs("table.matrix td.name a", "href")[0].rsplit('/').next().unwrap().to_string();
    let contact = me
        .api_post_json(
            "/api/v1/contacts",
            &json!({"kind": "visit", "date": ago(1), "fellow_ids": [zhang], "notes": "春节走访"}),
        )
        .await;
    assert_eq!(contact.status, StatusCode::CREATED, "{}", contact.text);
    let page = me.get(&page_of).await;
    assert_eq!(page.texts("table.matrix td.tick.done").len(), 1);
    assert_eq!(page.text_of("table.completion tfoot td:nth-of-type(4) strong").as_deref(), Some("25.0%"));
    let missing = me.get(&format!("{page_of}/missing")).await;
    assert_eq!(missing.texts("table.missing td.lacks"), ["慰问品/礼品", "上门拜访、慰问品/礼品"]);
    let by_cadre = me.get(&format!("{page_of}?by=cadre")).await;
    assert_eq!(by_cadre.texts("table.completion tbody th"), ["（未分配联系干部）"]);
    let only_visit_missing = me.get(&format!("{page_of}?missing=visit")).await;
    assert_eq!(only_visit_missing.texts("table.matrix td.name a"), ["赵四"]);
    assert_eq!(me.get(&format!("{page_of}?missing=letter")).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    let xlsx = me.get(&format!("{page_of}/export.xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.header("content-type").unwrap().contains("spreadsheetml"));
    let mut book = Workbook::open(xlsx.bytes.clone(), "export.xlsx").unwrap();
    let rows: Vec<Vec<String>> =
        book.rows().unwrap().map(|r| r.unwrap().cells.iter().map(|c| c.display()).collect()).collect();
    assert_eq!(rows[0][..2], ["乡镇", "乡友人数"], "the total sheet comes first");
    let townships: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(townships, ["新墙镇", "筻口镇", "合计"]);

    let list = me.get("/campaigns").await;
    assert_eq!(list.texts("table.campaigns td a"), ["2025年春节“四个一”走访慰问"]);
    let closed = me.post_and_follow(&format!("{page_of}/close"), &[]).await;
    assert_eq!(closed.text_of("h1 span.tag").as_deref(), Some("已结束"));
    drop(app);
    db
});

store_test!(each_role_reaches_its_own_fellows_in_a_campaign, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let zhang = app.fellow().named("张一").in_village("新墙村").by(&admin).create().await;
    let qing = app.fellow().named("王三").in_village("清水村").by(&admin).create().await;
    let zhao = app.fellow().named("赵四").in_village("筻口村").by(&admin).create().await;

    let me = app.login("admin").await;
    let body = json!({"name": "春节慰问", "start": ago(10), "end": today().to_string()});
    let made = me.api_post_json("/api/v1/campaigns", &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.json()["kinds"], json!(["visit", "letter", "sms", "gift"]));
    let id = made.json()["id"].as_str().unwrap().to_string();
    let again = me.api_post_json("/api/v1/campaigns", &body).await;
    assert_eq!(
        (again.status, again.json()["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    let bad = me
        .api_post_json("/api/v1/campaigns", &json!({"name": "x", "start": ago(1), "end": ago(2), "kinds": ["fax"]}))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let launch = me.api_post_json(&format!("/api/v1/campaigns/{id}/launch"), &json!({})).await;
    assert_eq!(launch.json()["fellows"], 3);
    let list = me.api_get("/api/v1/campaigns").await.json();
    assert_eq!(
        (list[0]["state"].as_str(), list[0]["period"]["end"].as_str()),
        (Some("launched"), Some(today().to_string().as_str()))
    );

    // Township staff: their township's two, ticks there, 404 elsewhere; no managing.
    let township = app.login("xinqiang").await;
    let matrix = township.api_get(&format!("/api/v1/campaigns/{id}/matrix")).await.json();
    assert_eq!(matrix["total"], 2);
    let tick = township
        .api_post_json(
            &format!("/api/v1/campaigns/{id}/ticks"),
            &json!({"fellow_id": qing, "kind": "gift", "date": ago(1), "note": "送慰问品"}),
        )
        .await;
    assert_eq!(tick.status, StatusCode::CREATED, "{}", tick.text);
    assert_eq!((tick.json()["source"].as_str(), tick.json()["by"].as_str()), (Some("hand"), Some("xinqiang")));
    let tick_id = tick.json()["tick_id"].as_str().unwrap().to_string();
    let elsewhere = township
        .api_post_json(
            &format!("/api/v1/campaigns/{id}/ticks"),
            &json!({"fellow_id": zhao, "kind": "gift", "date": ago(1)}),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let tomorrow = today().checked_add_days(Days::new(1)).unwrap().to_string();
    let future = township
        .api_post_json(
            &format!("/api/v1/campaigns/{id}/ticks"),
            &json!({"fellow_id": qing, "kind": "visit", "date": tomorrow}),
        )
        .await;
    assert_eq!(
        (future.status, future.json()["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("date"))
    );
    assert_eq!(
        township.api_post_json(&format!("/api/v1/campaigns/{id}/close"), &json!({})).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(township.get(&format!("/campaigns/{id}/fellows/{zhao}")).await.status, StatusCode::NOT_FOUND);
    let completion = township.api_get(&format!("/api/v1/campaigns/{id}/completion?by=township")).await.json();
    assert_eq!(completion["rows"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            completion["total"]["fellows"].as_u64(),
            completion["total"]["ticks"].as_u64(),
            completion["total"]["required"].as_u64()
        ),
        (Some(2), Some(1), Some(8))
    );
    assert_eq!(
        township.api_get(&format!("/api/v1/campaigns/{id}/completion?by=nobody")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A village cadre ticks their village's fellow on its page; 清水村 is not theirs.
    let village = app.login("cadre").await;
    let page = village.get(&format!("/campaigns/{id}/fellows/{zhang}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.attrs("form.tick-form input[name=kind]", "value"), ["visit", "letter", "sms", "gift"]);
    let today_s = today().to_string();
    let done = village
        .post_and_follow(
            &format!("/campaigns/{id}/fellows/{zhang}/ticks"),
            &[("kind", "visit"), ("date", &today_s), ("note", "上门拜访")],
        )
        .await;
    assert_eq!(done.text_of("p.ok[role=status]").as_deref(), Some("已登记"));
    assert_eq!(done.attrs("form.tick-form input[name=kind]", "value"), ["letter", "sms", "gift"]);
    let refused = village
        .post_form(
            &format!("/campaigns/{id}/fellows/{zhang}/ticks"),
            &[("kind", "letter"), ("date", &ago(30)), ("note", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.error_message().unwrap().starts_with("登记日期须在活动期间"), "{:?}", refused.error_message());
    assert_eq!(village.get(&format!("/campaigns/{id}/fellows/{qing}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        village.api_delete(&format!("/api/v1/campaigns/{id}/ticks/{tick_id}")).await.status,
        StatusCode::NOT_FOUND
    );

    // A leader reads everything and ticks nothing; a project officer has no campaigns.
    let leader = app.login("leader").await;
    assert_eq!(leader.api_get(&format!("/api/v1/campaigns/{id}/matrix?missing=any")).await.json()["total"], 3);
    let no = leader
        .api_post_json(
            &format!("/api/v1/campaigns/{id}/ticks"),
            &json!({"fellow_id": zhao, "kind": "gift", "date": ago(1)}),
        )
        .await;
    assert_eq!(no.status, StatusCode::FORBIDDEN);
    let officer = app.login("officer").await;
    assert_eq!(officer.get("/campaigns").await.status, StatusCode::FORBIDDEN);
    assert_eq!(officer.api_get(&format!("/api/v1/campaigns/{id}/matrix")).await.status, StatusCode::FORBIDDEN);

    // The township's tick comes off again; another county's admin finds nothing.
    assert_eq!(
        township.api_delete(&format!("/api/v1/campaigns/{id}/ticks/{tick_id}")).await.status,
        StatusCode::NO_CONTENT
    );
    let matrix = me.api_get(&format!("/api/v1/campaigns/{id}/matrix?limit=1")).await.json();
    assert_eq!((matrix["total"].as_u64(), matrix["items"].as_array().unwrap().len()), (Some(3), 1));
    assert!(matrix["next"].as_str().unwrap().contains("page=2"));
    assert_eq!(
        me.api_get(&format!("/api/v1/campaigns/{id}/matrix?limit=500")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    app.user("pingjiang", BuiltinRole::CountyAdmin, "平江县").await;
    let other = app.login("pingjiang").await;
    assert_eq!(other.api_get(&format!("/api/v1/campaigns/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/campaigns/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.api_get("/api/v1/campaigns").await.json(), json!([]));

    // Hand changes to the list are the county's, audited.
    let removed = me.api_delete(&format!("/api/v1/campaigns/{id}/fellows/{zhao}")).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let added = me.api_post_json(&format!("/api/v1/campaigns/{id}/fellows"), &json!({"fellow_id": zhao})).await;
    assert_eq!(added.status, StatusCode::NO_CONTENT);
    let audit = app.auditor().await.get("/audit?action=campaign.fellow_remove").await;
    assert_eq!(audit.status, StatusCode::OK);
    drop(app);
    db
});
