//! `/api/v1/fellows`: scoped lists, search as you type, one fellow, writes with
//! field errors and duplicate warnings, optimistic locking, the audited reveal,
//! what hangs off a fellow, and duplicates with merge.

mod common;

use axum::http::StatusCode;
use common::{Session, TestApp};
use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{CreditCode, RelationKind};
use guichao_store::audit::AuditQuery;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::{Value, json};

fn item_names(v: &Value) -> Vec<String> {
    v["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect()
}

async fn search(me: &Session<'_>, q: &str) -> Vec<String> {
    let res = me.api_get(&format!("/api/v1/fellows?q={}", urlencoding::encode(q))).await;
    assert_eq!(res.status, StatusCode::OK, "{q}: {}", res.text);
    let body = res.json();
    assert_eq!(body["next"], Value::Null, "{q}: a few matches fit one page");
    assert_eq!(body["total"].as_u64(), Some(body["items"].as_array().unwrap().len() as u64), "{q}");
    item_names(&body)
}

fn new_body(app: &TestApp, name: &str) -> Value {
    json!({
        "name": name,
        "category": "工商企",
        "township_id": app.county.unit("新墙镇"),
        "city": "深圳",
        "tags": ["电子", "商会"],
    })
}

store_test!(the_list_search_and_count_stay_in_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;

    let res = me.api_get("/api/v1/fellows").await;
    assert_eq!(res.status, StatusCode::OK);
    let body = res.json();
    assert_eq!(item_names(&body), vec!["李四", "张三"]);
    assert_eq!(body["next"], Value::Null);
    let zhang = &body["items"][1];
    assert_eq!(zhang["phone"], "138****5678");
    assert_eq!(zhang["township"], "新墙镇");
    assert_eq!(zhang["village"], "新墙村");
    assert_eq!(zhang["category"], "industry_commerce");
    assert_eq!(zhang["category_label"], "工商企");
    assert!(!res.text.contains("13812345678"));
    assert_eq!(me.api_get("/api/v1/fellows/count").await.json()["count"], 2);
    let village = app.county.unit("新墙村");
    assert_eq!(me.api_get(&format!("/api/v1/fellows/count?village_id={village}")).await.json()["count"], 1);

    // Search as you type: initials, traditional characters, full pinyin, a prefix.
    for q in ["zs", "張", "zhangsan", "张", "zhang"] {
        assert_eq!(search(&me, q).await, vec!["张三"], "{q}");
    }
    assert!(search(&me, "王五").await.is_empty(), "outside the scope");
    assert!(search(&me, "ww").await.is_empty());

    // 筻口镇's fellow is not there at all.
    for path in [format!("/api/v1/fellows/{}", w.wang), format!("/api/v1/fellows/{}/archive", w.wang)] {
        let res =
            if path.ends_with("archive") { me.api_post_json(&path, &json!({})).await } else { me.api_get(&path).await };
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(res.error_code(), "not_found");
    }
    assert_eq!(me.api_get("/api/v1/fellows/nonsense").await.status, StatusCode::NOT_FOUND);
    let own = me.api_get(&format!("/api/v1/fellows/{}", w.li)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.json()["can_write"], true);
    // The admin sees the whole county; bad filters are a clear 422.
    let admin = app.login("admin").await;
    assert_eq!(item_names(&admin.api_get("/api/v1/fellows").await.json()), vec!["李四", "王五", "张三"]);
    assert_eq!(admin.api_get("/api/v1/fellows?category=外星").await.error_code(), "invalid");
    assert_eq!(admin.api_get("/api/v1/fellows?township_id=x").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(admin.api_get("/api/v1/fellows?limit=x").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Without credentials: 401.
    assert_eq!(app.anon().api_get("/api/v1/fellows?q=zs").await.status, StatusCode::UNAUTHORIZED);
    let _ = w.admin;
    drop(app);
    db
});

store_test!(pages_follow_next_without_overlap, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    for name in ["赵一", "赵二", "钱一", "钱二", "孙一"] {
        app.fellow().named(name).in_township("新墙镇").by(&w.admin).create().await;
    }
    let me = app.login("xinqiang").await;
    let mut seen = Vec::new();
    let mut path = Some("/api/v1/fellows?limit=3&city=深圳".to_string());
    let mut pages = 0;
    while let Some(p) = path {
        let res = me.api_get(&p).await;
        assert_eq!(res.status, StatusCode::OK, "{p}: {}", res.text);
        let body = res.json();
        seen.extend(item_names(&body));
        path = body["next"].as_str().map(str::to_string);
        if let Some(next) = &path {
            assert!(next.contains("city=") && next.contains("limit=3"), "{next}");
        }
        pages += 1;
    }
    assert_eq!(pages, 3, "7 fellows in pages of 3");
    assert_eq!(seen.len(), 7);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 7, "no overlap: {seen:?}");
    drop(app);
    db
});

store_test!(a_search_counts_its_matches_and_pages_through_them, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    for name in ["赵一", "赵二", "赵三", "赵四", "赵五", "赵六", "赵七", "钱赵"] {
        app.fellow().named(name).in_township("新墙镇").by(&w.admin).create().await;
    }
    app.fellow().named("赵八").in_township("筻口镇").by(&w.admin).create().await;
    let me = app.login("xinqiang").await;
    let (mut seen, mut pages) = (Vec::new(), 0);
    let mut path = Some(format!("/api/v1/fellows?q={}&limit=3", urlencoding::encode("赵")));
    while let Some(p) = path {
        let res = me.api_get(&p).await;
        assert_eq!(res.status, StatusCode::OK, "{p}: {}", res.text);
        let body = res.json();
        assert_eq!(body["total"], 8, "{p}: every match in the township, counted");
        seen.extend(item_names(&body));
        path = body["next"].as_str().map(str::to_string);
        pages += 1;
    }
    assert_eq!(pages, 3, "8 matches in pages of 3");
    assert_eq!(seen.last().map(String::as_str), Some("钱赵"), "names starting with the text come first: {seen:?}");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (8, 8), "every match once: {seen:?}");
    let bad = me.api_get(&format!("/api/v1/fellows?q={}&after=x", urlencoding::encode("赵"))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("翻页参数无效"), "{}", bad.text);
    drop(app);
    db
});

store_test!(writes_answer_field_errors_duplicates_and_conflicts, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let before = app.fellow_count(&w.admin).await;

    // Every broken rule, by field, and one message joining them.
    let bad = json!({"name": "", "category": "外星人", "township_id": "x", "phone": "12345", "email": "bad@", "birth_date": "明年"});
    let res = me.api_post_json("/api/v1/fellows", &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = &res.json()["error"];
    assert_eq!(error["code"], "invalid");
    let fields: Vec<&str> = error["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["name", "category", "township_id", "phone", "email", "birth_date"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    assert!(error["message"].as_str().unwrap().contains("；"), "{}", error["message"]);
    assert!(error["message"].as_str().unwrap().contains("姓名不能为空"));
    // Malformed JSON keeps the shared shape.
    let res = me.api_send(axum::http::Method::POST, "/api/v1/fellows", Some("application/json"), b"{".to_vec()).await;
    assert_eq!(res.error_code(), "invalid");
    assert_eq!(app.fellow_count(&w.admin).await, before, "nothing written");

    // A good one: 201, masked.
    let mut good = new_body(&app, "赵六");
    good["phone"] = json!("+86 139 8765 4321");
    good["gender"] = json!("男");
    let res = me.api_post_json("/api/v1/fellows", &good).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let created = res.json();
    assert_eq!(created["phone"], "139****4321");
    assert_eq!(created["gender"], "male");
    assert_eq!(created["tags"], json!(["电子", "商会"]));
    let id = created["id"].as_str().unwrap().to_string();

    // The same phone again: 409 listing the record, until confirmed.
    let mut twin = new_body(&app, "赵陆");
    twin["phone"] = json!("13987654321");
    let res = me.api_post_json("/api/v1/fellows", &twin).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text);
    let error = &res.json()["error"];
    assert_eq!(error["code"], "conflict");
    assert_eq!(error["duplicates"][0]["id"], id.as_str());
    assert_eq!(error["duplicates"][0]["reasons"][0]["code"], "same_phone");
    twin["confirm_duplicates"] = json!(true);
    assert_eq!(me.api_post_json("/api/v1/fellows", &twin).await.status, StatusCode::CREATED);

    // An edit: stale version 409; personal fields left out or sent back masked
    // are kept; "" deletes.
    let path = format!("/api/v1/fellows/{id}");
    let version = created["version"].as_i64().unwrap();
    let mut edit = new_body(&app, "赵六");
    edit["city"] = json!("长沙");
    edit["version"] = json!(version - 1);
    let res = me.api_put_json(&path, &edit).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(res.error_code(), "conflict");
    edit["version"] = json!(version);
    edit["phone"] = json!("139****4321");
    let res = me.api_put_json(&path, &edit).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["city"], "长沙");
    assert_eq!(res.json()["phone"], "139****4321", "kept");
    let value = app
        .store
        .fellows(&w.admin, Permission::FellowReveal)
        .unwrap()
        .reveal(id.parse().unwrap(), guichao_store::fellows::PersonalField::Phone)
        .await;
    assert_eq!(value.unwrap().as_deref(), Some("13987654321"));
    edit["version"] = res.json()["version"].clone();
    edit["phone"] = json!("");
    let res = me.api_put_json(&path, &edit).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["phone"], Value::Null, "deleted");
    // A missing version is malformed.
    let res = me.api_put_json(&path, &new_body(&app, "赵六")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A leader reads but does not write.
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let leader = app.login("leader").await;
    assert_eq!(leader.api_post_json("/api/v1/fellows", &new_body(&app, "孙七")).await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});

store_test!(control_characters_are_refused_and_nothing_is_written, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let before = app.fellow_count(&w.admin).await;
    let logged = app.audited(&w.admin).await;
    for (field, text) in
        [("name", "张\u{0}三"), ("employer", "华为\u{0}"), ("notes", "见过\u{0}面"), ("city", "深\n圳")]
    {
        let mut body = new_body(&app, "张三丰");
        body[field] = json!(text);
        let res = me.api_post_json("/api/v1/fellows", &body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.text);
        let error = &res.json()["error"];
        assert_eq!(error["fields"][0]["field"], field, "{}", res.text);
        if field != "name" {
            assert!(error["message"].as_str().unwrap().contains("控制字符"), "{}", res.text);
        }
    }
    let path = format!("/api/v1/fellows/{}/relations", w.zhang);
    let res = me.api_post_json(&path, &json!({"other_id": w.li, "kind": "kin", "note": "表\u{0}兄"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(app.fellow_count(&w.admin).await, before, "no fellow written");
    assert_eq!(app.audited(&w.admin).await, logged, "nothing audited, so nothing written");
    drop(app);
    db
});

store_test!(a_reveal_is_audited_and_refused_to_a_leader, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let path = format!("/api/v1/fellows/{}/reveal", w.zhang);
    let res = me.api_post_json(&path, &json!({"field": "phone"})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json(), json!({"field": "phone", "value": "13812345678"}));
    let res = me.api_post_json(&path, &json!({"field": "wechat"})).await;
    assert_eq!(res.json()["value"], Value::Null, "none stored");
    let res = me.api_post_json(&path, &json!({"field": "salary"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"][0]["field"], "field");
    let auditor = app.store.test_auditor(&w.admin).await;
    let log = app
        .store
        .audit(&auditor)
        .unwrap()
        .list(&AuditQuery { action: Some("fellow.reveal".into()), limit: 50, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.target_id == w.zhang.to_string() && e.actor_name == "xinqiang"));

    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let leader = app.login("leader").await;
    let view = leader.api_get(&format!("/api/v1/fellows/{}", w.zhang)).await.json();
    assert_eq!((view["phone"].as_str(), view["can_reveal"].as_bool()), (Some("138****5678"), Some(false)));
    let res = leader.api_post_json(&path, &json!({"field": "phone"})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "forbidden");
    // Outside the scope: 404 before any question of rights.
    let res = me.api_post_json(&format!("/api/v1/fellows/{}/reveal", w.wang), &json!({"field": "phone"})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let auditor = app.store.test_auditor(&w.admin).await;
    let log = app
        .store
        .audit(&auditor)
        .unwrap()
        .list(&AuditQuery { action: Some("fellow.reveal".into()), limit: 50, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(log.len(), 2, "refusals reveal nothing");
    drop(app);
    db
});

store_test!(companies_relations_roles_archive_and_merge, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let base = format!("/api/v1/fellows/{}", w.zhang);

    let res = me
        .api_post_json(
            &format!("{base}/companies"),
            &json!({"name": "岳阳电子", "credit_code": "91430621MA4L0ABCDE", "role": "owner"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"][0]["field"], "credit_code");
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("校验码"));
    let body = "91430621MA4L0ABCD";
    let code = format!("{body}{}", CreditCode::check_char(body).unwrap());
    let res = me
        .api_post_json(&format!("{base}/companies"), &json!({"name": "岳阳电子", "credit_code": code, "role": "法人"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["role"], "owner");
    let link = res.json()["link_id"].as_str().unwrap().to_string();
    // The company makes the fellow findable by it.
    assert_eq!(search(&me, "岳阳电子").await, vec!["张三"]);
    assert_eq!(me.api_delete(&format!("{base}/companies/{link}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(me.api_delete(&format!("{base}/companies/{link}")).await.status, StatusCode::NOT_FOUND);

    let res = me.api_post_json(&format!("{base}/relations"), &json!({"other_id": w.li, "kind": "同学"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["other_name"], "李四");
    let relation = res.json()["id"].as_str().unwrap().to_string();
    let res = me.api_post_json(&format!("{base}/relations"), &json!({"other_id": w.li, "kind": "classmate"})).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let res = me.api_post_json(&format!("{base}/relations"), &json!({"other_id": w.wang, "kind": "kin"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"][0]["field"], "other_id");
    assert_eq!(me.api_delete(&format!("{base}/relations/{relation}")).await.status, StatusCode::NO_CONTENT);

    let res = me
        .api_post_json(&format!("{base}/roles"), &json!({"role": "industry_advisor", "start_date": "2023-03-01"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let role = res.json()["id"].as_str().unwrap().to_string();
    assert_eq!(item_names(&me.api_get("/api/v1/fellows?held_role=industry_advisor").await.json()), vec!["张三"]);
    let res = me.api_post_json(&format!("{base}/roles/{role}/end"), &json!({"end_date": "2024-12-31"})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert!(item_names(&me.api_get("/api/v1/fellows?held_role=industry_advisor").await.json()).is_empty());
    let res = me.api_post_json(&format!("{base}/roles"), &json!({"role": "dictator"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    assert_eq!(me.api_post_json(&format!("{base}/archive"), &json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(item_names(&me.api_get("/api/v1/fellows").await.json()), vec!["李四"]);
    assert_eq!(item_names(&me.api_get("/api/v1/fellows?archived=true").await.json()), vec!["张三"]);
    assert_eq!(me.api_post_json(&format!("{base}/restore"), &json!({})).await.status, StatusCode::NO_CONTENT);

    // Duplicates by phone, merged and the merge undone.
    let twin = app.fellow().named("张叁").in_township("新墙镇").phone("13812345678").by(&w.admin).create().await;
    let pairs = me.api_get("/api/v1/fellows/duplicates").await;
    assert_eq!(pairs.status, StatusCode::OK);
    let pair = &pairs.json()[0];
    assert_eq!(pair["reasons"][0]["code"], "same_phone");
    let mut ids = [pair["a"]["id"].as_str().unwrap().to_string(), pair["b"]["id"].as_str().unwrap().to_string()];
    ids.sort();
    let mut want = [w.zhang.to_string(), twin.to_string()];
    want.sort();
    assert_eq!(ids, want);
    let res = me.api_post_json("/api/v1/fellows/merge", &json!({"keep": w.zhang, "drop": twin})).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["id"], w.zhang.to_string());
    let dropped = me.api_get(&format!("/api/v1/fellows/{twin}")).await.json();
    assert_eq!(dropped["merged_into"], w.zhang.to_string());
    assert_eq!(
        me.api_post_json(&format!("/api/v1/fellows/{twin}/unmerge"), &json!({})).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(me.api_get(&format!("/api/v1/fellows/{twin}")).await.json()["merged_into"], Value::Null);
    drop(app);
    db
});

store_test!(a_relation_to_an_unseen_fellow_shows_only_that_it_exists, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    // The county relates 张三 (新墙镇) to 王五 (筻口镇) with a note.
    app.store
        .fellows(&w.admin, Permission::FellowWrite)
        .unwrap()
        .relate(w.zhang, w.wang, RelationKind::Kin, "王五的表弟，电话见档案")
        .await
        .unwrap();

    // 新墙镇 sees 张三 but not 王五: a relation of that kind, no id, no name, no note.
    let me = app.login("xinqiang").await;
    let res = me.api_get(&format!("/api/v1/fellows/{}", w.zhang)).await;
    assert_eq!(res.status, StatusCode::OK);
    let relation = &res.json()["relations"][0];
    assert_eq!(relation["kind"], "kin");
    assert_eq!((relation["other_id"].is_null(), relation["other_name"].is_null()), (true, true), "{relation}");
    assert_eq!(relation["note"], "");
    assert!(!res.text.contains(&w.wang.to_string()) && !res.text.contains("表弟"), "{}", res.text);
    let page = me.get(&format!("/fellows/{}", w.zhang)).await;
    assert!(!page.text.contains(&w.wang.to_string()) && !page.text.contains("表弟") && !page.text.contains("王五"));

    // The county sees the whole relation.
    let admin = app.login("admin").await;
    let relation = admin.api_get(&format!("/api/v1/fellows/{}", w.zhang)).await.json()["relations"][0].clone();
    assert_eq!(
        (relation["other_name"].as_str(), relation["note"].as_str()),
        (Some("王五"), Some("王五的表弟，电话见档案"))
    );
    db
});
