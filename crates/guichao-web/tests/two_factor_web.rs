//! Two-factor sign-in over HTTP: the code page after the password, the
//! enrolment forced on administrators, what a half-signed-in session may
//! open (nothing), `/api/v1/me`, an administrator's reset, API tokens.

mod common;

use axum::http::StatusCode;
use common::{SESSION_COOKIE, TestApp};
use guichao_domain::access::BuiltinRole;
use guichao_domain::auth::{LoginResult, totp};
use guichao_store::audit::AuditQuery;
use guichao_store::org::LoginQuery;
use guichao_store::store_test;
use guichao_store::testing::{TEST_PASSWORD, TestDb};

/// A session holding the cookie of a raw sign-in (whatever step it stands at).
async fn half_signed_in<'a>(app: &'a TestApp, name: &str) -> (common::Session<'a>, Option<String>) {
    let res = app.try_login(name, TEST_PASSWORD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let mut session = app.anon();
    session.cookies.push((SESSION_COOKIE.to_string(), res.set_cookie(SESSION_COOKIE).unwrap()));
    (session, res.location().map(str::to_string))
}

store_test!(an_administrator_enrols_at_first_sign_in_and_can_open_nothing_before, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let (me, to) = half_signed_in(&app, "admin").await;
    assert_eq!(to.as_deref(), Some("/account/two-factor/enrol"));
    for page in ["/", "/account", "/users", "/account/tokens"] {
        assert_eq!(me.get(page).await.location(), Some("/account/two-factor/enrol"), "{page}");
    }
    let api = me.api_get("/api/v1/me").await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert_eq!(api.json()["error"]["code"], "two_factor_enrol");
    let page = me.get("/account/two-factor/enrol").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<svg"), "the QR code is inline SVG");
    let uri = page.attr("a[href^='otpauth://']", "href").unwrap();
    assert!(uri.contains("issuer=Guichao&algorithm=SHA1&digits=6&period=30"), "{uri}");
    // A wrong code is refused on the page, and the gate stays.
    let wrong = me.post_form("/account/two-factor/enrol", &[("code", "12345")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text.contains("6位数字"), "{}", wrong.text);
    assert_eq!(me.get("/").await.location(), Some("/account/two-factor/enrol"));

    app.enrol(&me, "admin").await;
    assert_eq!(me.get("/").await.status, StatusCode::OK);
    let body = me.api_get("/api/v1/me").await.json();
    assert_eq!(body["two_factor"], serde_json::json!({"enrolled": true, "required": true}));
    let account = me.get("/account").await;
    assert_eq!(account.attr("[data-two-factor]", "data-two-factor").as_deref(), Some("on"));
    db
});

store_test!(the_full_sign_in_asks_the_code_and_a_wrong_code_leaves_the_session_unusable, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    drop(app.login("admin").await); // enrols
    let (me, to) = half_signed_in(&app, "admin").await;
    assert_eq!(to.as_deref(), Some("/login/code"));
    let code_page = me.get("/login/code").await;
    assert_eq!(code_page.status, StatusCode::OK);
    assert!(code_page.text.contains("恢复码"));
    for page in ["/", "/account", "/account/two-factor/enrol", "/fellows"] {
        assert_eq!(me.get(page).await.location(), Some("/login/code"), "{page}");
    }
    let wrong = me.post_form("/login/code", &[("code", "000000")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.text.contains("验证码不正确"));
    assert_eq!(me.get("/").await.location(), Some("/login/code"), "still unusable");
    let api = me.api_get("/api/v1/me").await;
    assert_eq!(api.json()["error"]["code"], "second_factor_pending");
    let tokens = me.api_post_json("/api/v1/tokens", &serde_json::json!({"name": "偷偷"})).await;
    assert_eq!(tokens.status, StatusCode::FORBIDDEN, "no token from a half-signed-in session");

    let code = app.authenticators.lock().unwrap().get_mut("admin").unwrap().next_code();
    let done = me.post_form("/login/code", &[("code", &code)]).await;
    assert_eq!(done.location(), Some("/"));
    assert_eq!(me.get("/").await.status, StatusCode::OK);
    // The same code is refused at the next sign-in.
    let (again, _) = half_signed_in(&app, "admin").await;
    assert_eq!(again.post_form("/login/code", &[("code", &code)]).await.status, StatusCode::UNAUTHORIZED);

    let admin = app
        .store
        .system()
        .actor(app.county.tenant_id, me.api_get("/api/v1/me").await.json()["id"].as_str().unwrap().parse().unwrap())
        .await
        .unwrap();
    let auditor = app.store.test_auditor(&admin).await;
    let log =
        app.store.login_log(&auditor).unwrap().list(&LoginQuery { limit: 20, ..Default::default() }).await.unwrap();
    let wrong = log.iter().filter(|e| e.result == LoginResult::WrongSecondFactor).count();
    assert_eq!(wrong, 2, "{log:?}");
    db
});

store_test!(a_recovery_code_signs_in_once, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    drop(app.login("admin").await);
    let code = app.authenticators.lock().unwrap()["admin"].recovery[0].clone();
    let (me, _) = half_signed_in(&app, "admin").await;
    assert_eq!(me.post_form("/login/code", &[("code", &code)]).await.location(), Some("/"));
    let (again, _) = half_signed_in(&app, "admin").await;
    assert_eq!(again.post_form("/login/code", &[("code", &code)]).await.status, StatusCode::UNAUTHORIZED);
    db
});

store_test!(an_admin_resets_a_second_factor_audited_and_tokens_are_unaffected, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    // Resetting a second factor goes with resetting a password: the security admin's work.
    let admin = app.user("security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let cadre = app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    // An optional user enrols from their account page.
    let me = app.login("cadre").await;
    let account = me.get("/account").await;
    assert_eq!(account.attr("[data-two-factor]", "data-two-factor").as_deref(), Some("off"));
    app.enrol(&me, "cadre").await;
    let made = me.api_post_json("/api/v1/tokens", &serde_json::json!({"name": "脚本"})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let token = made.json()["token"].as_str().unwrap().to_string();
    let (_, to) = half_signed_in(&app, "cadre").await;
    assert_eq!(to.as_deref(), Some("/login/code"));

    let boss = app.login("security").await;
    let form = boss.get(&format!("/users/{}", cadre.user_id())).await;
    assert_eq!(form.attr("#two-factor [data-two-factor]", "data-two-factor").as_deref(), Some("on"));
    let reset = boss.post_form(&format!("/users/{}/two-factor/reset", cadre.user_id()), &[]).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.text);
    let q = AuditQuery { limit: 100, ..Default::default() };
    let events = app.store.audit(&app.store.test_auditor(&admin).await).unwrap().list(&q).await.unwrap();
    assert!(events.iter().any(|e| e.action == "two_factor.reset" && e.target_id == cadre.user_id().to_string()));
    // The cadre signs in with the password alone again; the token still works.
    let (_, to) = half_signed_in(&app, "cadre").await;
    assert_eq!(to.as_deref(), Some("/"));
    let via_token = app.bearer(&token).api_get("/api/v1/me").await;
    assert_eq!(via_token.status, StatusCode::OK);
    assert_eq!(via_token.json()["two_factor"], serde_json::json!({"enrolled": false, "required": false}));
    // A village cadre may not reset the administrator's.
    let other = app.login("cadre").await;
    let refused = other.post_form(&format!("/users/{}/two-factor/reset", admin.user_id()), &[]).await;
    assert!(refused.status == StatusCode::FORBIDDEN || refused.status == StatusCode::NOT_FOUND, "{}", refused.status);
    db
});

store_test!(a_role_marked_on_the_roles_page_sends_its_users_to_enrol, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    app.user("security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let role = app.role_id(BuiltinRole::VillageCadre).await;
    // Two-factor policy is the security admin's, not the system admin's.
    assert_eq!(app.login("admin").await.get("/users/roles").await.status, StatusCode::FORBIDDEN);
    let boss = app.login("security").await;
    let page = boss.get("/users/roles").await;
    assert_eq!(page.status, StatusCode::OK);
    let marked = boss.post_form(&format!("/users/roles/{role}/two-factor"), &[("required", "1")]).await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER);
    let (_, to) = half_signed_in(&app, "cadre").await;
    assert_eq!(to.as_deref(), Some("/account/two-factor/enrol"));
    let cadre = app.login("cadre").await; // enrols through the page
    let me = cadre.api_get("/api/v1/me").await.json();
    assert_eq!(me["two_factor"], serde_json::json!({"enrolled": true, "required": true}));
    // Required: it cannot be switched off.
    let code = app.authenticators.lock().unwrap().get_mut("cadre").unwrap().next_code();
    let off = cadre.post_form("/account/two-factor/disable", &[("code", &code)]).await;
    assert_eq!(off.location(), Some("/account#two-factor"));
    assert!(cadre.get("/account").await.text.contains("不能关闭"));
    // Not for someone who grants no roles county-wide.
    assert_eq!(cadre.get("/users/roles").await.status, StatusCode::FORBIDDEN);
    let _ = totp::STEP_SECONDS;
    db
});
