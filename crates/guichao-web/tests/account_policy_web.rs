//! The account policy over HTTP: a user's sessions on their account page and
//! in the API, ended one by one; `Cache-Control: no-store` on every page and
//! API answer; the session cookie's `Secure` flag.

mod common;

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN, USER_AGENT};
use axum::http::{Method, Request, StatusCode};
use common::{ORIGIN_SELF, SESSION_COOKIE, TENANT, TestApp};
use guichao_domain::access::BuiltinRole;
use guichao_store::store_test;
use guichao_store::testing::{TEST_PASSWORD, TestDb};
use guichao_web::WebConfig;
use serde_json::Value;

const PHONE: &str = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36";

/// Signs `username` in from a browser that names itself `agent`; the cookie.
async fn sign_in_as(app: &TestApp, username: &str, agent: &str) -> String {
    let body = format!("tenant={TENANT}&username={username}&password={TEST_PASSWORD}");
    let req = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(HOST, "localhost")
        .header(ORIGIN, ORIGIN_SELF)
        .header(USER_AGENT, agent)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    res.set_cookie(SESSION_COOKIE).unwrap()
}

store_test!(the_account_page_lists_my_sessions_and_ends_them, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    app.user("other", BuiltinRole::VillageCadre, "新墙村").await;
    let here = app.login("cadre").await;
    let phone_cookie = sign_in_as(&app, "cadre", PHONE).await;
    let mut phone = app.anon();
    phone.set_cookie(SESSION_COOKIE, &phone_cookie);
    let other = app.login("other").await;

    let page = here.get("/account").await;
    assert_eq!(page.status, StatusCode::OK);
    let devices = page.texts("table.sessions tbody tr td:first-child");
    assert_eq!(devices.len(), 2, "{devices:?}");
    assert!(devices.iter().any(|d| d.contains("Chrome 120 · Android")), "{devices:?}");
    assert!(page.text_of("table.sessions tr.current").unwrap().contains("本设备"));
    let heads = page.texts("table.sessions th");
    assert_eq!(heads[..4], ["设备", "网络地址", "登录时间", "最近活动"]);

    // The API says the same, and names which session is the caller's.
    let listed: Value = phone.api_get("/api/v1/me/sessions").await.json();
    let listed = listed.as_array().unwrap().clone();
    assert_eq!(listed.len(), 2);
    let mine = listed.iter().find(|s| s["current"] == true).unwrap();
    assert_eq!(mine["user_agent"], PHONE);
    assert_eq!(mine["device"], "Chrome 120 · Android");
    let desk_id = listed.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_string();
    let phone_id = mine["id"].as_str().unwrap().to_string();

    // Nobody ends another user's session.
    let theirs = other.post_form(&format!("/account/sessions/{phone_id}/end"), &[]).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    assert_eq!(other.api_delete(&format!("/api/v1/me/sessions/{desk_id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(phone.get("/account").await.status, StatusCode::OK);

    // From the desk, end the phone's session.
    let res = here.post_and_follow(&format!("/account/sessions/{phone_id}/end"), &[]).await;
    assert!(res.text_of("#sessions p.ok").unwrap().contains("该会话已结束"));
    assert_eq!(res.texts("table.sessions tbody tr").len(), 1);
    assert_eq!(phone.get("/account").await.location(), Some("/login"), "the phone is signed out");

    // Ending this browser's own session signs it out.
    let res = here.post_form(&format!("/account/sessions/{desk_id}/end"), &[]).await;
    assert_eq!(res.location(), Some("/login"));
    assert!(res.set_cookie_line(SESSION_COOKIE).unwrap().contains("Max-Age=0"));
    assert_eq!(here.get("/account").await.location(), Some("/login"));

    // Through the API too.
    let again = app.login("cadre").await;
    let id = again.api_get("/api/v1/me/sessions").await.json()[0]["id"].as_str().unwrap().to_string();
    assert_eq!(again.api_delete(&format!("/api/v1/me/sessions/{id}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(again.api_get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    drop(app);
    db
});

store_test!(new_roles_from_an_admin_sign_the_user_out, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let cadre = app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let victim = app.login("cadre").await;
    let admin = app.login("admin").await;
    let path = format!("/api/v1/users/{}", cadre.user_id());
    let seen: Value = admin.api_get(&path).await.json();
    let township = app.county.unit("新墙镇").to_string();
    let body = serde_json::json!({
        "display_name": seen["display_name"], "unit_id": township,
        "role_ids": seen["role_ids"], "active": true, "version": seen["version"]});
    let res = admin.api_put_json(&path, &body).await;
    assert!(res.status.is_success(), "{}", res.text);
    assert_eq!(victim.get("/account").await.location(), Some("/login"), "a new unit signs the user out");
    assert_eq!(admin.get("/account").await.status, StatusCode::OK, "the admin stays");
    drop(app);
    db
});

/// The GET operations of the API document without a path parameter.
fn plain_api_paths() -> Vec<String> {
    let doc = serde_json::to_value(guichao_web::api::openapi()).unwrap();
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, ops)| !path.contains('{') && ops.get("get").is_some())
        .map(|(path, _)| format!("/api/v1{path}"))
        .collect()
}

store_test!(no_page_or_api_answer_may_be_kept_in_a_cache, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin = app.login("admin").await;
    let home = admin.get("/").await;
    let mut pages: Vec<String> = home.attrs("nav a", "href").into_iter().filter(|h| h.starts_with('/')).collect();
    pages.extend(["/", "/account", "/account/tokens", "/login", "/no-such-page"].map(String::from));
    assert!(pages.len() > 8, "{pages:?}");
    let api = plain_api_paths();
    assert!(api.len() > 20, "{api:?}");
    for path in pages.iter().chain(&api) {
        let res = if path.starts_with("/api/") { admin.api_get(path).await } else { admin.get(path).await };
        assert_eq!(res.header("cache-control"), Some("no-store"), "{path} answered {}", res.status);
    }
    // Answers to nobody in particular too: a sign-in refused, a 401.
    let refused = app.try_login("admin", "Wrong-pass-1").await;
    assert_eq!(refused.header("cache-control"), Some("no-store"));
    assert_eq!(app.anon().api_get("/api/v1/me").await.header("cache-control"), Some("no-store"));
    // Static assets are the same for everyone and may be kept.
    for asset in ["/static/app.css", "/static/app.js"] {
        let res = app.anon().get(asset).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(res.header("cache-control"), Some("public, max-age=3600"), "{asset}");
    }
    drop(app);
    db
});

store_test!(the_session_cookie_is_secure_unless_plain_http_is_configured, |db: TestDb| async move {
    let cookie_attrs = |line: String| line.split(';').map(|a| a.trim().to_string()).collect::<Vec<_>>();
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let res = app.try_login("cadre", TEST_PASSWORD).await;
    let attrs = cookie_attrs(res.set_cookie_line(SESSION_COOKIE).unwrap());
    for want in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(attrs.iter().any(|a| a == want), "{want} missing by default: {attrs:?}");
    }
    let me = app.login("cadre").await;
    let out = me.post_form("/logout", &[]).await;
    let cleared = cookie_attrs(out.set_cookie_line(SESSION_COOKIE).unwrap());
    assert!(cleared.iter().any(|a| a == "Secure") && cleared.iter().any(|a| a == "Max-Age=0"), "{cleared:?}");
    drop(app);
    db
});

store_test!(plain_http_on_a_trusted_network_drops_secure, |db: TestDb| async move {
    let cookie_attrs = |line: String| line.split(';').map(|a| a.trim().to_string()).collect::<Vec<_>>();
    let plain = WebConfig { secure_cookies: false, ..WebConfig::default() };
    let app = TestApp::with_config(&db, plain).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let res = app.try_login("cadre", TEST_PASSWORD).await;
    let attrs = cookie_attrs(res.set_cookie_line(SESSION_COOKIE).unwrap());
    assert!(!attrs.iter().any(|a| a == "Secure"), "plain HTTP on a trusted network: {attrs:?}");
    assert!(attrs.iter().any(|a| a == "HttpOnly"));
    drop(app);
    db
});

store_test!(an_expired_password_is_changed_before_anything_else, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    guichao_store::testing::age_account(&app.store, app.county.tenant_id, "cadre", 90, 0).await;
    let res = app.try_login("cadre", TEST_PASSWORD).await;
    assert_eq!(res.location(), Some("/account/password"), "sent to change it at sign-in");
    let mut me = app.anon();
    me.set_cookie(SESSION_COOKIE, &res.set_cookie(SESSION_COOKIE).unwrap());
    for path in ["/", "/account", "/account/tokens", "/fellows"] {
        assert_eq!(me.get(path).await.location(), Some("/account/password"), "{path}");
    }
    let api = me.api_get("/api/v1/me").await;
    assert_eq!((api.status, api.error_code()), (StatusCode::FORBIDDEN, "password_expired".to_string()));
    let page = me.get("/account/password").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text_of("p.notice").unwrap().contains("已过有效期"), "{}", page.text);
    // The same password again is refused, in Chinese, on the same page.
    let same = [("current", TEST_PASSWORD), ("new", "Rotation-pass-1"), ("confirm", "Rotation-pass-1")];
    assert_eq!(me.post_form("/account/password", &same).await.location(), Some("/login?done=password"));
    let again = app.try_login("cadre", "Rotation-pass-1").await;
    assert_eq!(again.location(), Some("/"));
    let mut me = app.anon();
    me.set_cookie(SESSION_COOKIE, &again.set_cookie(SESSION_COOKIE).unwrap());
    assert_eq!(me.get("/").await.status, StatusCode::OK, "a new password opens everything");
    let back = [("current", "Rotation-pass-1"), ("new", TEST_PASSWORD), ("confirm", TEST_PASSWORD)];
    let refused = me.post_form("/account/password", &back).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.error_message().unwrap().contains("新密码不能与最近5次使用过的密码相同"));
    drop(app);
    db
});

store_test!(the_login_log_lists_every_attempt_for_audit_readers, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::AuditAdmin, "岳阳县").await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    app.user("old", BuiltinRole::VillageCadre, "新墙村").await;
    sign_in_as(&app, "cadre", PHONE).await;
    assert_eq!(app.try_login("cadre", "Wrong-pass-1").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.try_login("ghost", "Wrong-pass-1").await.status, StatusCode::UNAUTHORIZED);
    guichao_store::testing::age_account(&app.store, app.county.tenant_id, "old", 0, 90).await;
    let inactive = app.try_login("old", TEST_PASSWORD).await;
    assert!(inactive.error_message().unwrap().contains("已超过90天未使用，已被自动停用"), "{}", inactive.text);

    let admin = app.login("admin").await;
    let page = admin.get("/audit/logins").await;
    assert_eq!(page.status, StatusCode::OK);
    let users = page.texts("table.logins tbody tr td:nth-child(2)");
    assert_eq!(users.len(), 5, "{users:?}");
    assert!(page.texts("table.logins td.result").iter().any(|r| r == "长期未使用，已停用"));
    assert!(page.text_of(".list-total").unwrap().contains('5'));
    let filtered = admin.get("/audit/logins?result=wrong_password&user=cad").await;
    assert_eq!(filtered.texts("table.logins tbody tr").len(), 1);
    let bad = admin.get("/audit/logins?result=nope&from=3月1日").await;
    assert!(bad.text_of("p.error").is_some());

    let api: Value = admin.api_get("/api/v1/audit/logins?ip=&user=cadre&limit=10").await.json();
    assert_eq!(api["total"], 2);
    let newest = &api["items"][0];
    assert_eq!((newest["result"].as_str(), newest["username"].as_str()), (Some("wrong_password"), Some("cadre")));
    assert_eq!(api["items"][1]["user_agent"], PHONE);
    let unknown: Value = admin.api_get("/api/v1/audit/logins?result=unknown_user").await.json();
    assert_eq!(unknown["items"][0]["username"], "ghost");
    // A cadre reads no log.
    let cadre = app.login("cadre").await;
    assert_eq!(cadre.get("/audit/logins").await.status, StatusCode::FORBIDDEN);
    assert_eq!(cadre.api_get("/api/v1/audit/logins").await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});
