//! The liaison area through HTTP: "我的联系", assigning from a fellow's page
//! and in bulk (all or nothing), another township's assignments answering 404,
//! and the JSON API with bad bodies.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::liaison::AssignmentDraft;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;
use uuid::Uuid;

store_test!(assign_from_the_fellow_page_and_see_it_in_my_fellows, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let cadre = app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let f = app.fellow().named("张三").in_village("新墙村").by(&admin).create().await;
    let me = app.login("admin").await;
    let cadre_id = cadre.user_id().to_string();
    let form = [("cadre_id", cadre_id.as_str()), ("level", "township"), ("cycle_days", "30")];
    let res = me.post_form(&format!("/fellows/{f}/assignments"), &form).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(res.location(), Some(format!("/fellows/{f}#liaison").as_str()));

    let mine = app.login("xinqiang").await;
    let page = mine.get("/liaison").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.attrs("table.liaison-mine td[data-label='姓名'] a", "href"), [format!("/fellows/{f}")]);
    assert_eq!(page.texts("table.liaison-mine td[data-label='层级']"), ["乡镇级"]);
    assert_eq!(page.texts("table.liaison-mine td[data-label='联系周期']"), ["每30天"]);
    assert_eq!(page.texts("table.liaison-mine td[data-label='籍贯']"), ["新墙镇 新墙村"]);

    // A refusal shows the assignment form for that fellow with the message.
    let bad = [("cadre_id", cadre_id.as_str()), ("level", "village"), ("cycle_days", "30")];
    let res = me.post_form(&format!("/fellows/{f}/assignments"), &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_message().unwrap().contains("村级联系"), "{:?}", res.error_message());
    assert_eq!(res.attrs("input[name=fellow_ids]", "value"), [f.to_string()]);
    for cycle in ["0", "1000", "x"] {
        let res = me
            .post_form(
                &format!("/fellows/{f}/assignments"),
                &[("cadre_id", &cadre_id), ("level", "township"), ("cycle_days", cycle)],
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{cycle}");
        assert!(res.error_message().unwrap().contains("联系周期"), "{cycle}");
        assert_eq!(res.input_value("cycle_days").as_deref(), Some(cycle));
    }

    // Ending it from the fellow page's button.
    let assignment = app.store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(f).await.unwrap()[0].id;
    let res = me.post_form(&format!("/liaison/assignments/{assignment}/end"), &[]).await;
    assert_eq!((res.status, res.location()), (StatusCode::SEE_OTHER, Some(format!("/fellows/{f}#liaison").as_str())));
    assert!(mine.get("/liaison").await.texts("table.liaison-mine td").is_empty());
    assert_eq!(me.post_form(&format!("/liaison/assignments/{assignment}/end"), &[]).await.status, StatusCode::CONFLICT);
    // Only liaison readers have the page.
    app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    assert_eq!(app.login("officer").await.get("/liaison").await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});

store_test!(bulk_assignment_is_all_or_nothing, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let cadre = app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let mk =
        |name: &'static str, township: &'static str| app.fellow().named(name).in_township(township).by(&admin).create();
    let (a, b, c) = (mk("甲", "新墙镇").await, mk("乙", "新墙镇").await, mk("丙", "筻口镇").await);
    let me = app.login("admin").await;

    // The fellow list's bulk button: GET with repeated fellow_ids.
    let page = me.get(&format!("/liaison/assign?fellow_ids={a}&fellow_ids={b}&level=township")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts("ul.assign-fellows a"), ["乙", "甲"]);
    assert_eq!(page.attrs("select[name=cadre_id] option", "value"), ["".to_string(), cadre.user_id().to_string()]);
    // The no-script level switch lists that level's cadres.
    let (sa, sb, sc) = (a.to_string(), b.to_string(), c.to_string());
    let res = me.post_form("/liaison/assign", &[("fellow_ids", &sa), ("level", "county"), ("refresh", "1")]).await;
    assert_eq!(res.attrs("select[name=cadre_id] option", "value"), ["".to_string(), admin.user_id().to_string()]);

    let cadre_id = cadre.user_id().to_string();
    let mixed = [
        ("fellow_ids", sa.as_str()),
        ("fellow_ids", &sc),
        ("fellow_ids", &sb),
        ("cadre_id", &cadre_id),
        ("level", "township"),
        ("cycle_days", "60"),
    ];
    let res = me.post_form("/liaison/assign", &mixed).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.error_message().unwrap().contains("丙"));
    for f in [a, b, c] {
        assert!(
            app.store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(f).await.unwrap().is_empty(),
            "nothing written"
        );
    }
    let good = [
        ("fellow_ids", sa.as_str()),
        ("fellow_ids", &sb),
        ("cadre_id", &cadre_id),
        ("level", "township"),
        ("cycle_days", "60"),
    ];
    // Post/redirect/get: back to the form for the same fellows, saying what was done once.
    let res = me.post_form("/liaison/assign", &good).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let to = res.location().unwrap().to_string();
    let res = me.get(&to).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(res.text_of("p.ok").unwrap().contains("已为2位乡友"), "{:?}", res.text_of("p.ok"));
    assert_eq!(res.attrs("input[name=fellow_ids]", "value").len(), 2, "the same fellows");
    assert!(me.get(&to).await.text_of("p.ok").is_none(), "a refresh assigns nothing and says nothing");
    for f in [a, b] {
        assert_eq!(
            app.store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(f).await.unwrap()[0].cycle_days,
            60
        );
    }
    let empty = me.get("/liaison/assign").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.error_message().unwrap().contains("勾选"));
    assert_eq!(me.get("/liaison/assign?fellow_ids=junk").await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});

store_test!(another_townships_assignment_answers_404, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gk = app.fellow().named("筻口人").in_township("筻口镇").by(&admin).create().await;
    let draft = AssignmentDraft { cadre_id: admin.user_id(), level: LiaisonLevel::County, cycle_days: 90 };
    let assignment = app.store.liaison(&admin, Permission::LiaisonWrite).unwrap().assign(gk, draft).await.unwrap();
    let me = app.login("xinqiang").await;
    assert_eq!(
        me.post_form(&format!("/liaison/assignments/{assignment}/end"), &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(me.get(&format!("/liaison/assign?fellow_ids={gk}")).await.status, StatusCode::NOT_FOUND);
    let form = [("cadre_id", admin.user_id().to_string()), ("level", "county".into()), ("cycle_days", "90".into())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(me.post_form(&format!("/fellows/{gk}/assignments"), &form).await.status, StatusCode::NOT_FOUND);
    for (method, path) in [
        (Method::POST, format!("/api/v1/liaison/assignments/{assignment}/end")),
        (Method::GET, format!("/api/v1/fellows/{gk}/assignments")),
        (Method::GET, format!("/api/v1/liaison/cadres?fellow_id={gk}&level=county")),
    ] {
        let res = me.api_send(method, &path, None, vec![]).await;
        assert_eq!((res.status, res.error_code()), (StatusCode::NOT_FOUND, "not_found".into()), "{path}");
    }
    assert_eq!(
        app.store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(gk).await.unwrap().len(),
        1,
        "still live"
    );
    drop(app);
    db
});

store_test!(api_assigns_and_refuses_bad_bodies, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let village = app.user("village", BuiltinRole::VillageCadre, "新墙村").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let mk = |name: &'static str| app.fellow().named(name).in_village("新墙村").by(&admin).create();
    let (a, b) = (mk("甲").await, mk("乙").await);
    let hidden = app.fellow().named("丙").in_township("筻口镇").by(&admin).create().await;
    let me = app.login("admin").await;
    let cadres = me.api_get(&format!("/api/v1/liaison/cadres?fellow_id={a}&level=village")).await;
    assert_eq!(
        cadres.json(),
        json!([{"user_id": village.user_id(), "display_name": "village", "unit_name": "新墙村"}])
    );

    let body = |extra: serde_json::Value| {
        let mut b = json!({"fellow_ids": [a, b], "cadre_id": village.user_id(), "level": "village", "cycle_days": 45});
        b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        b
    };
    let bad = [
        body(json!({"cycle_days": 0})),
        body(json!({"cycle_days": 1000})),
        body(json!({"cycle_days": "often"})),
        body(json!({"level": "moon"})),
        body(json!({"fellow_ids": "all"})),
        body(json!({"fellow_ids": []})),
        body(json!({"cadre_id": null})),
        body(json!({"fellow_ids": [a, hidden], "level": "county", "cadre_id": admin.user_id(), "cycle_days": 1e12})),
    ];
    for b in bad {
        let res = me.api_post_json("/api/v1/liaison/assignments", &b).await;
        assert_eq!((res.status, res.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid".into()), "{b}");
    }
    let other = app.user("other", BuiltinRole::CountyAdmin, "平江县").await;
    let foreign = body(json!({"cadre_id": other.user_id()}));
    assert_eq!(me.api_post_json("/api/v1/liaison/assignments", &foreign).await.status, StatusCode::NOT_FOUND);
    let leader = app.login("leader").await;
    let res = leader.api_post_json("/api/v1/liaison/assignments", &body(json!({}))).await;
    assert_eq!((res.status, res.error_code()), (StatusCode::FORBIDDEN, "forbidden".into()));
    for f in [a, b] {
        assert!(
            app.store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(f).await.unwrap().is_empty(),
            "nothing written"
        );
    }

    let res = me.api_post_json("/api/v1/liaison/assignments", &body(json!({}))).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let made = res.json();
    assert_eq!(
        made.as_array().unwrap().iter().map(|m| m["fellow_id"].clone()).collect::<Vec<_>>(),
        [json!(a), json!(b)]
    );
    let one = me
        .api_post_json(
            "/api/v1/liaison/assignments",
            &json!({"fellow_id": hidden, "cadre_id": admin.user_id(), "level": "county"}),
        )
        .await;
    assert_eq!(one.status, StatusCode::CREATED, "{}", one.text);
    let listed = me.api_get(&format!("/api/v1/fellows/{hidden}/assignments")).await.json();
    assert_eq!((listed[0]["level"].clone(), listed[0]["cycle_days"].clone()), (json!("county"), json!(90)));

    let cadre = app.login("village").await;
    let page1 = cadre.api_get("/api/v1/liaison/mine?limit=1").await.json();
    assert_eq!(page1["items"][0]["name"], "乙");
    let next = page1["next"].as_str().unwrap().to_string();
    let page2 = cadre.api_get(&next).await.json();
    assert_eq!((page2["items"][0]["name"].clone(), page2["items"][0]["cycle_days"].clone()), (json!("甲"), json!(45)));
    let id = made[0]["id"].as_str().unwrap();
    assert_eq!(
        me.api_post_json(&format!("/api/v1/liaison/assignments/{id}/end"), &json!({})).await.status,
        StatusCode::NO_CONTENT
    );
    let res = me.api_post_json(&format!("/api/v1/liaison/assignments/{id}/end"), &json!({})).await;
    assert_eq!((res.status, res.error_code()), (StatusCode::CONFLICT, "conflict".into()));
    let res = me.api_get(&format!("/api/v1/liaison/cadres?fellow_id={}", Uuid::now_v7())).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "level is required");
    drop(app);
    db
});

store_test!(a_village_cadre_cannot_end_the_county_assignment, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let county = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    let village = app.user("village", BuiltinRole::VillageCadre, "新墙村").await;
    let f = app.county.fellow(&app.store, &admin, app.county.fellow_form("张三", "新墙镇", Some("新墙村"))).await;
    let liaison = app.store.liaison(&admin, Permission::LiaisonWrite).unwrap();
    let draft =
        |cadre: &guichao_store::Actor, level| AssignmentDraft { cadre_id: cadre.user_id(), level, cycle_days: 90 };
    let at_county = liaison.assign(f, draft(&county, LiaisonLevel::County)).await.unwrap();
    let at_village = liaison.assign(f, draft(&village, LiaisonLevel::Village)).await.unwrap();

    // The fellow page offers 结束 on the village row only.
    let me = app.login("village").await;
    let page = me.get(&format!("/fellows/{f}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.texts("tr[data-level='county'] form").is_empty(), "no end button on the county row");
    assert_eq!(
        page.attrs("tr[data-level='village'] form", "action"),
        [format!("/liaison/assignments/{at_village}/end")]
    );

    // Neither the page's route nor the API ends the county's assignment.
    let res = me.post_form(&format!("/liaison/assignments/{at_county}/end"), &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = me.api_post_json(&format!("/api/v1/liaison/assignments/{at_county}/end"), &json!({})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    let live = app.store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(f).await.unwrap();
    assert_eq!(live.len(), 2, "both assignments still live");

    // Their own level they may end, and the history names the cadre and the level.
    let res = me.post_form(&format!("/liaison/assignments/{at_village}/end"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let page = me.get(&format!("/fellows/{f}")).await;
    let history = page.texts("#history td[data-label='内容']");
    assert!(history.contains(&"村级联系人village".to_string()), "{history:?}");
    db
});
