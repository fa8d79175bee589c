//! The `/api/v1` JSON API: its OpenAPI document, the docs page, how it answers
//! bad input and missing credentials, its rules (roles, versions) and paging.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_store::audit::AuditQuery;
use guichao_store::org::UserQuery;
use guichao_store::store_test;
use guichao_store::testing::{TEST_PASSWORD, TestDb};
use serde_json::{Value, json};

/// The document as a JSON value (stable key order).
fn document() -> Value {
    serde_json::to_value(guichao_web::api::openapi()).expect("serializable")
}

/// Any change to the API shows up here as a snapshot diff to review. Pure: no
/// database, so it runs once rather than per backend.
#[test]
fn openapi_document_snapshot() {
    insta::assert_json_snapshot!("openapi", document());
}

store_test!(the_served_document_and_docs_page, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    // Served without signing in, identical to what the code declares.
    let res = app.anon().get("/api/v1/openapi.json").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json(), document());
    let paths = res.json()["paths"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    for p in
        ["/api/v1/users", "/api/v1/users/{id}", "/api/v1/org/units", "/api/v1/me", "/api/v1/tokens", "/api/v1/audit"]
    {
        assert!(paths.contains(&p.to_string()), "{p} in {paths:?}");
    }
    let docs = app.anon().get("/api/docs/").await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(docs.text_of("title").as_deref(), Some("接口文档 · 归巢"), "{}", docs.text);
    assert!(docs.attr("#swagger-ui", "id").is_some());
    // It fits a phone, leads back to the app and to the guide, and its own
    // scripts and styles are served beside it.
    assert_eq!(docs.attr("meta[name=viewport]", "content").as_deref(), Some("width=device-width, initial-scale=1"));
    assert_eq!(docs.attrs(".api-links a", "href"), vec!["/", "/api/guide"]);
    for asset in docs.attrs("script[src], link[rel=stylesheet]", "src").into_iter().chain(docs.attrs("link", "href")) {
        if asset.starts_with('/') {
            assert_eq!(app.anon().get(&asset).await.status, StatusCode::OK, "{asset}");
        }
    }
    assert!(res.json()["info"]["description"].as_str().unwrap().contains("(/api/guide)"));
    // docs/API.md as a page, in the app's style.
    let guide = app.anon().get("/api/guide").await;
    assert_eq!(guide.status, StatusCode::OK);
    assert_eq!(guide.text_of("h1").as_deref(), Some("Guichao API conventions"));
    assert!(guide.texts("h2").contains(&"Errors".to_string()), "{:?}", guide.texts("h2"));
    assert!(guide.texts("main table td code").contains(&"not_found".to_string()));
    assert_eq!(guide.attr("link[rel=stylesheet]", "href").as_deref(), Some("/static/app.css"));
    assert_eq!(guide.attrs(".api-links a", "href"), vec!["/", "/api/docs"]);
    // Its CSP relaxes styles only; scripts stay our own.
    let csp = docs.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self';"), "{csp}");
    drop(app);
    db
});

store_test!(calls_without_credentials_answer_401, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    for path in ["/api/v1/users", "/api/v1/me", "/api/v1/org/units", "/api/v1/audit"] {
        let res = app.anon().api_get(path).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(res.header("content-type").unwrap().starts_with("application/json"));
        assert_eq!(res.error_code(), "unauthenticated", "{path}");
        assert_eq!(res.json()["error"]["message"], "请先登录");
    }
    // The message follows Accept-Language on the API.
    let req = axum::http::Request::get("/api/v1/me").header("accept-language", "en").body(axum::body::Body::empty());
    assert_eq!(app.send(req.unwrap()).await.json()["error"]["message"], "Please sign in");
    drop(app);
    db
});

store_test!(bad_bodies_are_refused_in_json_and_write_nothing, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = app.login("admin").await;
    let everything = AuditQuery { limit: 500, ..Default::default() };
    let audited =
        app.store.audit(&app.store.test_auditor(&admin).await).unwrap().list(&everything).await.unwrap().len();
    let unit = app.county.unit("新墙村").to_string();
    let good = json!({"username": "newbie", "display_name": "新人", "unit_id": unit, "password": TEST_PASSWORD});
    let mut wrong_type = good.clone();
    wrong_type["username"] = json!(42);
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("password");
    let mut bad_id = good.clone();
    bad_id["unit_id"] = json!("not-a-uuid");
    let json_ct = Some("application/json");
    let bodies: Vec<(&str, Option<&str>, Vec<u8>)> = vec![
        ("malformed", json_ct, br#"{"username": "newbie","#.to_vec()),
        ("wrong type", json_ct, wrong_type.to_string().into_bytes()),
        ("missing field", json_ct, missing.to_string().into_bytes()),
        ("bad uuid", json_ct, bad_id.to_string().into_bytes()),
        ("not json at all", Some("text/plain"), good.to_string().into_bytes()),
    ];
    for (what, ct, body) in bodies {
        let res = me.api_send(Method::POST, "/api/v1/users", ct, body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {}", res.text);
        assert_eq!(res.error_code(), "invalid", "{what}");
        assert!(res.json()["error"]["message"].as_str().unwrap().starts_with("请求内容不是有效的 JSON"), "{what}");
    }
    // Over the 2 MiB limit: refused before any work with 413 `too_large`.
    let mut huge = good.clone();
    huge["display_name"] = json!("名".repeat(1024 * 1024));
    let res = me.api_send(Method::POST, "/api/v1/users", json_ct, huge.to_string().into_bytes()).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", res.text);
    assert_eq!(res.error_code(), "too_large");
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("2 MB"), "{}", res.text);
    // Same for a huge form on a page: a clear message, nothing written.
    let padding = "x".repeat(3 * 1024 * 1024);
    let form = me.post_form("/users", &[("username", "newbie"), ("display_name", &padding)]).await;
    assert_eq!(form.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(form.error_message().as_deref(), Some("提交的内容过大（上限 2 MB）"));

    let users = app.store.users(&admin, &UserQuery { limit: 200, ..Default::default() }).await.unwrap();
    assert_eq!(users.len(), 2, "only the admin and the audit admin who read the log exist");
    assert_eq!(
        app.store.audit(&app.store.test_auditor(&admin).await).unwrap().list(&everything).await.unwrap().len(),
        audited,
        "nothing audited"
    );
    // The good body still works.
    let res = me.api_post_json("/api/v1/users", &good).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["unit_name"], "新墙村");
    drop(app);
    db
});

store_test!(roles_beyond_ones_own_are_refused, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let staff = app.user("staff", BuiltinRole::TownshipStaff, "新墙镇").await;
    let token = app.store.create_token(&staff, "脚本").await.unwrap().token;
    let api = app.bearer(&token);
    let county_role = app.role_id(BuiltinRole::CountyStaff).await;
    let cadre_role = app.role_id(BuiltinRole::VillageCadre).await;
    let body = |role, unit: &str| json!({"username": "cadre1", "display_name": "村干部", "unit_id": app.county.unit(unit), "role_ids": [role], "password": TEST_PASSWORD});
    for (what, b) in [("county role", body(county_role, "新墙村")), ("sibling township", body(cadre_role, "筻口村"))]
    {
        let res = api.api_post_json("/api/v1/users", &b).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {}", res.text);
        assert_eq!(res.error_code(), "invalid", "{what}");
    }
    let list = api.api_get("/api/v1/users").await.json();
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "nothing written: {list}");
    let res = api.api_post_json("/api/v1/users", &body(cadre_role, "新墙村")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    // The same username again is a conflict.
    let again = api.api_post_json("/api/v1/users", &body(cadre_role, "清水村")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "conflict");
    drop(app);
    db
});

store_test!(stale_versions_conflict, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let target = app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let me = app.login("admin").await;
    let path = format!("/api/v1/users/{}", target.user_id());
    let seen = me.api_get(&path).await.json();
    let edit = |name: &str| json!({"display_name": name, "unit_id": seen["unit_id"], "role_ids": seen["role_ids"], "active": true, "version": seen["version"]});
    let first = me.api_put_json(&path, &edit("第一次")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.json()["version"], seen["version"].as_i64().unwrap() + 1);
    let second = me.api_put_json(&path, &edit("第二次")).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert_eq!(second.error_code(), "conflict");
    assert!(second.json()["error"]["message"].as_str().unwrap().contains("已被他人修改"));
    assert_eq!(me.api_get(&path).await.json()["display_name"], "第一次");
    // Unknown ids are 404 in JSON, for edits as for reads.
    let nobody = format!("/api/v1/users/{}", uuid::Uuid::now_v7());
    let res = me.api_put_json(&nobody, &edit("x")).await;
    assert_eq!((res.status, res.error_code().as_str()), (StatusCode::NOT_FOUND, "not_found"));
    drop(app);
    db
});

store_test!(lists_page_with_next_links, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    for i in 1..=6 {
        app.user(&format!("user{i}"), BuiltinRole::VillageCadre, "新墙村").await;
    }
    let me = app.login("admin").await;
    // 7 users, 3 a page: 3 + 3 + 1.
    let mut path = "/api/v1/users?limit=3".to_string();
    let mut pages = Vec::new();
    loop {
        let res = me.api_get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text);
        let body = res.json();
        let names: Vec<String> =
            body["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap().into()).collect();
        pages.push(names);
        match body["next"].as_str() {
            Some(next) => {
                assert!(next.starts_with("/api/v1/users?"), "{next}");
                path = next.to_string();
            }
            None => break,
        }
        assert!(pages.len() < 10, "runaway paging");
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), vec![3, 3, 1]);
    let all: Vec<String> = pages.concat();
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(all, sorted, "in username order, no repeats");
    assert_eq!(all.len(), 7);
    // A search keeps its filter on the next page.
    let first = me.api_get("/api/v1/users?q=user&limit=4").await.json();
    let next = first["next"].as_str().unwrap();
    assert!(next.contains("q=user"), "{next}");
    let rest = me.api_get(next).await.json();
    assert_eq!(rest["items"].as_array().unwrap().len(), 2);
    assert!(rest["next"].is_null());
    // A limit beyond the largest page is refused, not quietly cut down.
    let big = me.api_get("/api/v1/users?limit=100000").await;
    assert_eq!(big.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", big.text);
    assert_eq!(big.error_code(), "invalid");
    assert_eq!(me.api_get("/api/v1/users?limit=200").await.json()["items"].as_array().unwrap().len(), 7);
    drop(app);
    db
});

store_test!(unknown_paths_bad_ids_and_wrong_methods_answer_in_json, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = app.login("admin").await;
    let bad_id = me.api_get("/api/v1/users/not-a-uuid").await;
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND, "{}", bad_id.text);
    assert_eq!(bad_id.error_code(), "not_found");
    let nowhere = me.api_get("/api/v1/nowhere").await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert_eq!(nowhere.error_code(), "not_found");
    let wrong = me.api_send(Method::PATCH, "/api/v1/users", Some("application/json"), b"{}".to_vec()).await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong.error_code(), "method_not_allowed");
    let bad_query = me.api_get("/api/v1/org/units?parent=nonsense").await;
    assert_eq!(bad_query.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_query.error_code(), "invalid");
    // Pages answer with the HTML error page.
    let page = me.get("/users/not-a-uuid").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.error_message().as_deref(), Some("未找到该记录"));
    db
});

store_test!(user_search_treats_wildcards_as_text, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("county_x", BuiltinRole::CountyStaff, "岳阳县").await;
    let me = app.login("admin").await;
    let names = |res: common::TestResponse| -> Vec<String> {
        res.json()["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(me.api_get("/api/v1/users?q=y_x").await), vec!["county_x"]);
    assert!(names(me.api_get("/api/v1/users?q=%25").await).is_empty(), "% matches only a literal %");
    assert!(names(me.api_get("/api/v1/users?q=n_").await).is_empty(), "_ matches only a literal _");
    db
});

store_test!(an_expired_token_is_refused_with_the_reason, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("staff", BuiltinRole::CountyStaff, "岳阳县").await;
    let me = app.login("staff").await;
    let res = me.api_post_json("/api/v1/tokens", &json!({"name": "月度脚本", "expires_days": 30})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert!(res.json()["expires_at"].is_string());
    let token = res.json()["token"].as_str().unwrap().to_string();
    let res = me.api_post_json("/api/v1/tokens", &json!({"name": "太久", "expires_days": 5000})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("1 到 3650 天"));
    let script = app.bearer(&token);
    assert_eq!(script.api_get("/api/v1/me").await.status, StatusCode::OK);

    guichao_store::testing::expire_tokens(&app.store).await;
    let res = script.api_get("/api/v1/me").await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.error_code(), "unauthenticated");
    let message = res.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.starts_with("该 API 令牌已于 ") && message.contains("过期"), "{message}");
    // An unknown token is told only to sign in.
    let res = app.bearer("gc_nonsense").api_get("/api/v1/me").await;
    assert_eq!(res.json()["error"]["message"], "请先登录");
    drop(app);
    db
});

store_test!(every_list_refuses_an_offset_past_the_limit_with_a_field_message, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    // Between them the three read every list.
    let mut readers = Vec::new();
    for role in [BuiltinRole::CountyAdmin, BuiltinRole::SystemAdmin, BuiltinRole::AuditAdmin] {
        app.user_with(role, "岳阳县").await;
        readers.push(app.login(role.code()).await);
    }
    // Every list of the document that pages by `offset`, asked to skip more
    // rows than a signed 64-bit number holds: refused in words, never a
    // dropped connection or a 500 (the fuzzer found these).
    let doc = document();
    let mut lists = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let params = ops["get"]["parameters"].as_array().cloned().unwrap_or_default();
        if !path.contains('{') && params.iter().any(|p| p["name"] == "offset") {
            lists.push(path.clone());
        }
    }
    assert!(lists.len() >= 15, "{lists:?}");
    for path in &lists {
        let mut refused_in_words = false;
        for me in &readers {
            for offset in ["9223372036854775808", "1000000000001"] {
                let res = me.api_get(&format!("{path}?offset={offset}")).await;
                match res.status {
                    StatusCode::UNPROCESSABLE_ENTITY => {
                        assert!(res.text.contains("offset"), "{path}: {}", res.text);
                        refused_in_words = true;
                    }
                    StatusCode::FORBIDDEN => {}
                    other => panic!("{path}?offset={offset}: {other} {}", res.text),
                }
            }
        }
        assert!(refused_in_words, "{path}: no reader was told why");
    }
    // At the limit itself a list answers, empty.
    let res = readers[0].api_get("/api/v1/events?offset=1000000000000").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["items"], json!([]), "{}", res.text);
    db
});
