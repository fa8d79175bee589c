//! The chambers area through HTTP: pages for each role, the detail page's
//! forms (with refusals shown on the page), members hidden outside a user's
//! scope, and the JSON API with bad bodies.

mod common;

use axum::http::StatusCode;
use common::{LANG_COOKIE, TestApp};
use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::chambers::MemberPosition;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;
use uuid::Uuid;

/// A form posted to a sub-path of the chamber, and the refusal expected.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, StatusCode, &'a str);

store_test!(pages_render_for_the_right_roles, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("village", BuiltinRole::VillageCadre, "新墙村").await;
    let admin = app.login("admin").await;
    let township = app.county.unit("新墙镇").to_string();
    let form = [
        ("name", "新墙镇商会"),
        ("kind", "township"),
        ("city", ""),
        ("township_id", &township),
        ("founded", "2019-05-01"),
        ("notes", ""),
    ];
    let res = admin.post_form("/chambers", &form).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let path = res.location().unwrap().to_string();
    let page = admin.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("h1").unwrap(), "新墙镇商会 乡镇商会");
    assert!(page.attr("form#add-office", "action").is_some(), "a writer gets the office form");
    assert!(page.attr("form#add-member", "action").is_some());
    let list = admin.get("/chambers").await;
    assert_eq!(list.texts("table.chambers td[data-label='名称'] a"), ["新墙镇商会"]);
    assert_eq!(list.texts("table.chambers td[data-label='所在地']"), ["新墙镇"]);
    assert!(list.nav().contains(&"/chambers".to_string()));

    // The leader reads, without forms; the village cadre has no chamber area.
    let leader = app.login("leader").await;
    let list = leader.get("/chambers").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.attr("form[action=\"/chambers\"]", "method").is_none());
    let page = leader.get(&path).await;
    assert!(page.attr("form#add-office", "action").is_none());
    let village = app.login("village").await;
    assert_eq!(village.get("/chambers").await.status, StatusCode::FORBIDDEN);
    assert_eq!(village.get(&path).await.status, StatusCode::FORBIDDEN);
    assert!(!village.get("/").await.nav().contains(&"/chambers".to_string()));
    // The English switch.
    let mut english = app.login("leader").await;
    english.set_cookie(LANG_COOKIE, "en");
    assert_eq!(english.get("/chambers").await.text_of("h1").unwrap(), "Chambers of commerce");
    assert_eq!(admin.get(&format!("/chambers/{}", Uuid::now_v7())).await.status, StatusCode::NOT_FOUND);
    assert_eq!(admin.get("/chambers/not-an-id").await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});

store_test!(detail_forms_write_and_refuse_on_the_page, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let actor = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = app.login("admin").await;
    let sz = app.chamber("深圳岳阳县商会").remote("深圳").by(&actor).create().await;
    let zhang = app.fellow().named("张会长").in_township("新墙镇").by(&actor).create().await;
    app.fellow().named("李四").in_township("新墙镇").by(&actor).create().await;
    app.fellow().named("李四").in_township("筻口镇").by(&actor).create().await;
    let base = format!("/chambers/{sz}");

    let res =
        me.post_form(&format!("{base}/offices"), &[("name", "龙岗联络处"), ("city", "深圳"), ("address", "")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let id = zhang.to_string();
    // Dates are read as people type them, not only as a date input sends them.
    let res = me
        .post_form(
            &format!("{base}/members"),
            &[("fellow_id", &id), ("position", "president"), ("since", "2020年1月1日")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let page = me.get(&base).await;
    assert_eq!(page.texts("ul.offices strong"), ["龙岗联络处"]);
    assert_eq!(page.attrs("table.members td a", "href"), [format!("/fellows/{zhang}")]);
    assert_eq!(page.texts("table.members td[data-label='职务']"), ["会长"]);

    // Refusals come back on the page with what was typed.
    let cases: [Case; 6] = [
        ("members", vec![("fellow_id", &id), ("position", "member")], StatusCode::CONFLICT, "已是本商会会员"),
        (
            "members",
            vec![("fellow_id", "李四"), ("position", "member")],
            StatusCode::UNPROCESSABLE_ENTITY,
            "有2位乡友名为",
        ),
        ("members", vec![("fellow_id", "王五"), ("position", "member")], StatusCode::UNPROCESSABLE_ENTITY, "没有找到"),
        ("members", vec![("fellow_id", &id), ("position", "chairman")], StatusCode::UNPROCESSABLE_ENTITY, "职务"),
        ("offices", vec![("name", " "), ("city", "深圳")], StatusCode::UNPROCESSABLE_ENTITY, "联络处名称"),
        (
            "",
            vec![("name", "x"), ("kind", "remote"), ("city", ""), ("founded", "2019-13-01")],
            StatusCode::UNPROCESSABLE_ENTITY,
            "成立日期",
        ),
    ];
    for (sub, form, status, message) in cases {
        let path = if sub.is_empty() { base.clone() } else { format!("{base}/{sub}") };
        let res = me.post_form(&path, &form).await;
        assert_eq!(res.status, status, "{path} {form:?}: {}", res.text);
        let shown = res.error_message().unwrap_or_default();
        assert!(shown.contains(message), "{form:?}: {shown}");
    }
    let res = me.post_form(&format!("{base}/members"), &[("fellow_id", "王五"), ("position", "member")]).await;
    assert_eq!(res.input_value("fellow_id").as_deref(), Some("王五"), "typed text kept");
    let res = me.post_form("/chambers", &[("name", ""), ("kind", "remote"), ("city", "长沙")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.input_value("city").as_deref(), Some("长沙"));
    assert_eq!(
        app.store.chambers(&actor, Permission::ChamberRead).unwrap().list().await.unwrap().len(),
        1,
        "nothing half-written"
    );

    // Ending a membership and removing an office.
    let member = app.store.chambers(&actor, Permission::ChamberRead).unwrap().get(sz).await.unwrap().members[0].id;
    let res = me.post_form(&format!("{base}/members/{member}/end"), &[("until", "2024/6/31")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_message().unwrap_or_default(), "退会日期“2024/6/31”不是有效日期");
    let res = me.post_form(&format!("{base}/members/{member}/end"), &[("until", "2024/6/30")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let office = app.store.chambers(&actor, Permission::ChamberRead).unwrap().get(sz).await.unwrap().offices[0].id;
    assert_eq!(me.post_form(&format!("{base}/offices/{office}/delete"), &[]).await.status, StatusCode::SEE_OTHER);
    let view = app.store.chambers(&actor, Permission::ChamberRead).unwrap().get(sz).await.unwrap();
    assert!(view.members.is_empty() && view.offices.is_empty());
    assert_eq!(view.former_members[0].since.unwrap().to_string(), "2020-01-01");
    assert_eq!(view.former_members[0].until.unwrap().to_string(), "2024-06-30");
    drop(app);
    db
});

store_test!(another_townships_member_answers_404, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let sz = app.chamber("深圳岳阳县商会").remote("深圳").by(&admin).create().await;
    let gk = app.fellow().named("筻口人").in_township("筻口镇").by(&admin).create().await;
    let member = app
        .store
        .chambers(&admin, Permission::ChamberWrite)
        .unwrap()
        .add_member(sz, gk, MemberPosition::Member, None)
        .await
        .unwrap();
    let me = app.login("xinqiang").await;
    let list = me.get("/chambers").await;
    assert_eq!(list.texts("table.chambers td[data-label='会员']"), ["0"], "not counted");
    let page = me.get(&format!("/chambers/{sz}")).await;
    assert!(page.texts("table.members td").is_empty(), "not listed");
    assert!(!page.text.contains("筻口人"));
    let res = me.post_form(&format!("/chambers/{sz}/members/{member}/end"), &[("until", "2024-01-01")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let api = me.api_post_json(&format!("/api/v1/chambers/{sz}/members/{member}/end"), &json!({})).await;
    assert_eq!((api.status, api.error_code()), (StatusCode::NOT_FOUND, "not_found".to_string()));
    let api = me.api_get(&format!("/api/v1/chambers/{sz}")).await;
    assert_eq!(api.json()["members"], json!([]));
    assert!(
        app.store.chambers(&admin, Permission::ChamberRead).unwrap().get(sz).await.unwrap().former_members.is_empty(),
        "still a member"
    );
    drop(app);
    db
});

store_test!(api_writes_chambers_and_refuses_bad_bodies, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let other = app.user("other", BuiltinRole::CountyAdmin, "平江县").await;
    let me = app.login("admin").await;
    let res = me
        .api_post_json("/api/v1/chambers", &json!({"name": "长沙岳阳县商会", "kind": "remote", "city": "长沙"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let id = res.json()["id"].as_str().unwrap().to_string();
    let f = app.fellow().named("甲").in_township("新墙镇").by(&admin).create().await;
    let res = me
        .api_post_json(
            &format!("/api/v1/chambers/{id}/members"),
            &json!({"fellow_id": f, "position": "secretary_general", "since": "2021-03-01"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["position"], "secretary_general");
    let res = me.api_post_json(&format!("/api/v1/chambers/{id}/offices"), &json!({"name": "岳麓联络处"})).await;
    assert_eq!(res.status, StatusCode::CREATED);
    let office = res.json()["id"].as_str().unwrap().to_string();
    let res = me
        .api_put_json(&format!("/api/v1/chambers/{id}"), &json!({"name": "长沙商会", "kind": "remote", "city": "长沙"}))
        .await;
    assert_eq!((res.status, res.json()["offices"][0]["name"].clone()), (StatusCode::OK, json!("岳麓联络处")));
    let list = me.api_get("/api/v1/chambers").await.json();
    assert_eq!((list[0]["name"].clone(), list[0]["members"].clone()), (json!("长沙商会"), json!(1)));
    assert_eq!(me.api_delete(&format!("/api/v1/chambers/{id}/offices/{office}")).await.status, StatusCode::NO_CONTENT);

    let bad = [
        ("/api/v1/chambers".to_string(), "{not json".to_string()),
        ("/api/v1/chambers".into(), json!({"kind": "remote", "city": "深圳"}).to_string()),
        ("/api/v1/chambers".into(), json!({"name": "月球商会", "kind": "moon", "city": "x"}).to_string()),
        ("/api/v1/chambers".into(), json!({"name": "", "kind": "remote", "city": "深圳"}).to_string()),
        (
            "/api/v1/chambers".into(),
            json!({"name": "x", "kind": "remote", "city": "深圳", "founded": "2020-13-01"}).to_string(),
        ),
        (format!("/api/v1/chambers/{id}/members"), json!({"fellow_id": f, "position": "chairman"}).to_string()),
        (format!("/api/v1/chambers/{id}/members"), json!({"fellow_id": "nope", "position": "member"}).to_string()),
        (format!("/api/v1/chambers/{id}/offices"), json!({"name": 42}).to_string()),
    ];
    for (path, body) in bad {
        let res =
            me.api_send(axum::http::Method::POST, &path, Some("application/json"), body.clone().into_bytes()).await;
        assert_eq!(
            (res.status, res.error_code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid".into()),
            "{path} {body}"
        );
    }
    let dup =
        me.api_post_json("/api/v1/chambers", &json!({"name": "长沙商会", "kind": "remote", "city": "长沙"})).await;
    assert_eq!((dup.status, dup.error_code()), (StatusCode::CONFLICT, "conflict".into()));
    assert!(dup.json()["error"]["message"].as_str().unwrap().contains("长沙商会"));

    // Another county's chamber and malformed ids are simply not there.
    let theirs = app.chamber("平江商会").remote("长沙").by(&other).create().await;
    for path in [format!("/api/v1/chambers/{theirs}"), "/api/v1/chambers/xyz".into()] {
        let res = me.api_get(&path).await;
        assert_eq!((res.status, res.error_code()), (StatusCode::NOT_FOUND, "not_found".into()), "{path}");
    }
    let res = me.api_delete(&format!("/api/v1/chambers/{id}/offices/not-an-id")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.error_code(), "not_found");
    drop(app);
    db
});

store_test!(a_chamber_liaison_keeps_the_members_of_the_chamber_they_staff, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let liaison = app.user("liaison", BuiltinRole::ChamberLiaison, "岳阳县").await;
    let sz = app.chamber("深圳岳阳县商会").remote("深圳").by(&admin).create().await;
    let cs = app.chamber("长沙岳阳县商会").remote("长沙").by(&admin).create().await;

    // The county names the liaison on the chamber's page.
    let me = app.login("admin").await;
    let page = me.get(&format!("/chambers/{sz}")).await;
    assert_eq!(page.texts("#add-staff option"), ["liaison（liaison）"]);
    let res = me.post_form(&format!("/chambers/{sz}/staff"), &[("user_id", &liaison.user_id().to_string())]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(me.get(&format!("/chambers/{sz}")).await.texts("ul.staff li"), ["liaison liaison 取消"]);

    // Their own chamber's page offers the member form; another chamber's does not.
    let them = app.login("liaison").await;
    assert_eq!(
        them.get(&format!("/chambers/{sz}")).await.attrs("#add-member", "action"),
        [format!("/chambers/{sz}/members")]
    );
    assert!(them.get(&format!("/chambers/{cs}")).await.attrs("#add-member", "action").is_empty());
    assert!(
        them.get(&format!("/chambers/{sz}")).await.attrs("#add-staff", "action").is_empty(),
        "naming staff is for the county"
    );

    // The API: naming staff needs county-wide chamber.write; the detail lists them.
    let body = json!({"user_id": liaison.user_id()});
    assert_eq!(them.api_post_json(&format!("/api/v1/chambers/{cs}/staff"), &body).await.status, StatusCode::FORBIDDEN);
    assert_eq!(me.api_post_json(&format!("/api/v1/chambers/{cs}/staff"), &body).await.status, StatusCode::NO_CONTENT);
    let detail = me.api_get(&format!("/api/v1/chambers/{cs}")).await.json();
    assert_eq!(detail["staff"][0]["username"], "liaison");
    let path = format!("/api/v1/chambers/{cs}/staff/{}", liaison.user_id());
    assert_eq!(me.api_delete(&path).await.status, StatusCode::NO_CONTENT);
    assert_eq!(me.api_delete(&path).await.status, StatusCode::NOT_FOUND);
    db
});
