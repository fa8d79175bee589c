//! Acting on accounts over HTTP: township staff cannot take over a county admin
//! placed in their township (API and page), the last system admin keeps the
//! role, and a new password shuts out the old sessions and tokens.

mod common;

use axum::http::StatusCode;
use common::{SESSION_COOKIE, TestApp};
use guichao_domain::access::BuiltinRole;
use guichao_store::store_test;
use guichao_store::testing::{TEST_PASSWORD, TestDb};
use serde_json::json;

store_test!(township_staff_cannot_take_over_a_county_admin_through_the_api, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let boss = app.user("boss", BuiltinRole::CountyAdmin, "新墙镇").await;
    let me = app.login("xinqiang").await;
    let path = format!("/api/v1/users/{}", boss.user_id());
    let seen = me.api_get(&path).await;
    assert_eq!(seen.status, StatusCode::OK, "in their township, so visible");
    let res = me.api_put_json(&format!("{path}/password"), &json!({"password": "Taken-over-1"})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    assert_eq!(res.error_code(), "forbidden");
    let body = seen.json();
    let off = json!({"display_name": body["display_name"], "unit_id": body["unit_id"], "role_ids": body["role_ids"],
        "active": false, "version": body["version"]});
    let res = me.api_put_json(&path, &off).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);
    // The county admin still signs in with their own password, and only with it.
    assert_eq!(app.try_login("boss", "Taken-over-1").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.try_login("boss", TEST_PASSWORD).await.status, StatusCode::SEE_OTHER);
    drop(app);
    db
});

store_test!(township_staff_see_a_county_admins_form_read_only, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let boss = app.user("boss", BuiltinRole::CountyAdmin, "新墙镇").await;
    let cadre = app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let me = app.login("xinqiang").await;
    let path = format!("/users/{}", boss.user_id());
    let page = me.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text_of("p.warn[role=status]").unwrap().contains("超出您权限"));
    assert_eq!(page.attrs("fieldset.bare[disabled]", "class").len(), 1, "the controls are disabled");
    assert!(page.attrs(&format!("form[action=\"{path}/password\"]"), "action").is_empty(), "no reset form");
    assert!(page.texts("button[type=submit]").iter().all(|b| b != "保存"), "no save button");
    // Posting anyway is refused with the same explanation, and changes nothing.
    let reset = me.post_form(&format!("{path}/password"), &[("password", "Taken-over-1")]).await;
    assert_eq!(reset.status, StatusCode::FORBIDDEN);
    assert!(reset.error_message().unwrap().contains("超出您权限"), "{:?}", reset.error_message());
    let version = page.input_value("version").unwrap();
    let unit = app.county.unit("新墙镇").to_string();
    let off = [("version", version.as_str()), ("display_name", "改名"), ("unit_id", unit.as_str())];
    let res = me.post_form(&path, &off).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.error_message().unwrap().contains("超出您权限"));
    assert_eq!(app.try_login("boss", TEST_PASSWORD).await.status, StatusCode::SEE_OTHER, "still theirs");
    // Their own cadre's form is editable as before.
    let own = me.get(&format!("/users/{}", cadre.user_id())).await;
    assert!(own.attrs("fieldset.bare[disabled]", "class").is_empty());
    assert!(own.text_of("p.warn[role=status]").is_none());
    let reset = me.post_form(&format!("/users/{}/password", cadre.user_id()), &[("password", "Cadre-pass-2")]).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    drop(app);
    db
});

store_test!(the_last_system_admin_cannot_drop_the_role, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    app.user("security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    // Roles are the security admin's to change (三员分立).
    let sec = app.login("security").await;
    let path = format!("/api/v1/users/{}", admin.user_id());
    let body = sec.api_get(&path).await.json();
    let edit = |roles: serde_json::Value| {
        json!({"display_name": body["display_name"], "unit_id": body["unit_id"], "role_ids": roles,
            "active": true, "version": body["version"]})
    };
    let res = sec.api_put_json(&path, &edit(json!([]))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("系统管理员"), "{}", res.text);
    // The page says so too, on the form.
    let page = sec.get(&format!("/users/{}", admin.user_id())).await;
    let version = page.input_value("version").unwrap();
    let unit = app.county.unit("岳阳县").to_string();
    let form = [("version", version.as_str()), ("display_name", "admin"), ("unit_id", unit.as_str()), ("active", "on")];
    let res = sec.post_form(&format!("/users/{}", admin.user_id()), &form).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_message().unwrap().contains("只剩这一位"), "{:?}", res.error_message());
    assert_eq!(sec.api_get(&path).await.json()["roles"], json!(["system_admin"]));
    // With a second system admin (the system admin makes the account, the
    // security admin gives the role), the first may step down.
    let me = app.login("admin").await;
    let other = json!({"username": "admin2", "display_name": "二号", "unit_id": unit, "role_ids": [],
        "password": TEST_PASSWORD});
    let made = me.api_post_json("/api/v1/users", &other).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let second_path = format!("/api/v1/users/{}", made.json()["id"].as_str().unwrap());
    let second = sec.api_get(&second_path).await.json();
    let grant = json!({"display_name": second["display_name"], "unit_id": second["unit_id"],
        "role_ids": [app.role_id(BuiltinRole::SystemAdmin).await], "active": true, "version": second["version"]});
    assert_eq!(sec.api_put_json(&second_path, &grant).await.status, StatusCode::OK);
    let county_admin = app.role_id(BuiltinRole::CountyAdmin).await;
    let res = sec.api_put_json(&path, &edit(json!([county_admin]))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    drop(app);
    db
});

store_test!(a_new_password_signs_out_everywhere_and_revokes_tokens, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let here = app.login("cadre").await;
    let elsewhere = app.login("cadre").await;
    let token = here.api_post_json("/api/v1/tokens", &json!({"name": "脚本"})).await.json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let script = app.bearer(&token);
    assert_eq!(script.api_get("/api/v1/me").await.status, StatusCode::OK);
    let new = "Better-pass-3";
    let res = here.post_form("/account/password", &[("current", TEST_PASSWORD), ("new", new), ("confirm", new)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/login?done=password"));
    assert!(res.set_cookie_line(SESSION_COOKIE).unwrap().contains("Max-Age=0"), "the cookie is cleared");
    let notice = app.anon().get("/login?done=password").await;
    assert!(notice.text_of("p.ok").unwrap().contains("所有设备上的登录均已退出"));
    assert_eq!(here.get("/account").await.location(), Some("/login"), "this browser is signed out too");
    assert_eq!(elsewhere.get("/account").await.location(), Some("/login"), "the other is signed out");
    assert_eq!(script.api_get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "the token is revoked");
    // Through the API with a token: that token goes too, as the others.
    let here = app.try_login("cadre", new).await;
    assert_eq!(here.status, StatusCode::SEE_OTHER, "the new password signs in");
    let mut browser = app.anon();
    browser.set_cookie(SESSION_COOKIE, &here.set_cookie(SESSION_COOKIE).unwrap());
    let token = browser.api_post_json("/api/v1/tokens", &json!({"name": "二号"})).await.json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let script = app.bearer(&token);
    let res = script.api_put_json("/api/v1/me/password", &json!({"current": new, "new": "Even-better-4"})).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    assert_eq!(script.api_get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(browser.get("/account").await.location(), Some("/login"), "and the browser's session ends");
    drop(app);
    db
});

store_test!(a_reset_by_an_admin_signs_the_user_out_everywhere, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let cadre = app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let victim = app.login("cadre").await;
    let token = victim.api_post_json("/api/v1/tokens", &json!({"name": "脚本"})).await.json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let admin = app.login("security").await;
    let res = admin.post_form(&format!("/users/{}/password", cadre.user_id()), &[("password", "Reset-pass-4")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(victim.get("/account").await.location(), Some("/login"));
    assert_eq!(app.bearer(&token).api_get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    drop(app);
    db
});
