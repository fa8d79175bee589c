//! Signing in and out over HTTP: cookies, wrong passwords and lockout, the
//! origin check against CSRF, session expiry, the limits on failed sign-ins
//! per address and per account (which never reveal whether a username
//! exists), security headers, the health check and the language switch.

mod common;

use axum::http::StatusCode;
use chrono::Duration;
use common::{LANG_COOKIE, SESSION_COOKIE, Source, TENANT, TestApp};
use guichao_domain::access::BuiltinRole;
use guichao_store::audit::AuditQuery;
use guichao_store::org::UserQuery;
use guichao_store::store_test;
use guichao_store::testing::{TEST_PASSWORD, TestDb};
use guichao_web::WebConfig;
use serde_json::json;
use std::net::SocketAddr;

store_test!(login_sets_a_strict_cookie_and_logout_ends_the_session, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let res = app.try_login("cadre", TEST_PASSWORD).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/"));
    let line = res.set_cookie_line(SESSION_COOKIE).expect("session cookie");
    let attrs: Vec<&str> = line.split(';').map(str::trim).collect();
    for want in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(attrs.contains(&want), "{want} missing in {line}");
    }
    assert!(attrs.contains(&"Secure"), "Secure by default: {line}");

    let me = app.login("cadre").await;
    let home = me.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.text_of("h1").as_deref(), Some("您好，cadre"));

    let out = me.post_form("/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), Some("/login"));
    assert!(out.set_cookie_line(SESSION_COOKIE).unwrap().contains("Max-Age=0"));
    // The old cookie is dead on the server, not just forgotten by the browser.
    let after = me.get("/").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location(), Some("/login"));
    assert_eq!(me.api_get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    drop(app);
    db
});

store_test!(wrong_passwords_are_refused_and_five_lock_the_account, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let cadre = app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    for attempt in 1..=5 {
        let res = app.try_login("cadre", "Wrong-pass-1").await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
        assert!(res.set_cookie_line(SESSION_COOKIE).is_none());
        assert_eq!(res.error_message().as_deref(), Some("用户名或密码错误"));
        // The form comes back with the username and tenant kept.
        assert_eq!(res.input_value("username").as_deref(), Some("cadre"));
        assert_eq!(res.attr("select[name=tenant] option[selected]", "value").as_deref(), Some(TENANT));
    }
    // Locked: the right password is refused too, from any address.
    let right = app.try_login("cadre", TEST_PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(right.error_message().unwrap().contains("该用户名登录失败次数过多"), "{:?}", right.error_message());
    assert!(right.set_cookie_line(SESSION_COOKIE).is_none());
    // The store locked the account as well (an admin sees it and can unlock it).
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    assert!(app.store.user(&admin, cadre.user_id()).await.unwrap().summary.locked_until.is_some());
    drop(app);
    db
});

/// The status and message of each answer, to compare two usernames' sequences.
async fn answers(app: &TestApp, username: &str, passwords: &[&str]) -> Vec<(StatusCode, Option<String>)> {
    let mut out = Vec::new();
    for password in passwords {
        let res = app.try_login(username, password).await;
        out.push((res.status, res.error_message()));
    }
    out
}

store_test!(unknown_and_known_usernames_answer_identically, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    // Wrong passwords up to the limit and past it, then the right one.
    let tries = ["Wrong-pass-1"; 7].into_iter().chain([TEST_PASSWORD]).collect::<Vec<_>>();
    let known = answers(&app, "cadre", &tries).await;
    let unknown = answers(&app, "ghost", &tries).await;
    assert_eq!(known, unknown);
    assert_eq!(known[0].0, StatusCode::UNAUTHORIZED);
    assert_eq!(known[7].0, StatusCode::TOO_MANY_REQUESTS);
    // The username is matched as the store matches it: trimmed, any case.
    assert_eq!(app.try_login(" CADRE ", TEST_PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    // English readers get the same sameness.
    let mut visitor = app.anon();
    visitor.set_cookie(LANG_COOKIE, "en");
    let ask = |name: &'static str| {
        let visitor = &visitor;
        async move {
            let res = visitor.post_form("/login", &[("tenant", TENANT), ("username", name), ("password", "x")]).await;
            (res.status, res.error_message())
        }
    };
    let (k, u) = (ask("cadre").await, ask("ghost").await);
    assert_eq!(k, u);
    assert!(k.1.unwrap().starts_with("Too many failed sign-ins for this username"));
    drop(app);
    db
});

store_test!(failures_against_one_account_from_many_addresses_trip_its_limit, |db: TestDb| async move {
    // Each request comes from a new address (the harness's default).
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    app.user("other", BuiltinRole::VillageCadre, "新墙村").await;
    for _ in 0..guichao_domain::auth::MAX_FAILED_LOGINS {
        assert_eq!(app.try_login("cadre", "Wrong-pass-1").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.try_login("cadre", TEST_PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Only that account is held back.
    assert_eq!(app.try_login("other", TEST_PASSWORD).await.status, StatusCode::SEE_OTHER);
    drop(app);
    db
});

store_test!(successful_sign_ins_are_not_limited, |db: TestDb| async move {
    // One shared office address, the default limit of 10 a minute.
    let peer: SocketAddr = "203.0.113.9:50000".parse().unwrap();
    let app = TestApp::new(&db).await.with_peer(peer);
    for i in 0..4 {
        app.user(&format!("staff{i}"), BuiltinRole::VillageCadre, "新墙村").await;
    }
    for i in 0..20 {
        let res = app.try_login(&format!("staff{}", i % 4), TEST_PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "sign-in {} from the shared address", i + 1);
    }
    // A colleague's success does not wipe the address's failures either.
    let mut statuses = Vec::new();
    for i in 0..11 {
        statuses.push(app.try_login(&format!("staff{}", i % 4), "Wrong-pass-1").await.status);
        if i == 4 {
            assert_eq!(app.try_login("staff0", TEST_PASSWORD).await.status, StatusCode::SEE_OTHER);
        }
    }
    assert_eq!(statuses[..10], [StatusCode::UNAUTHORIZED; 10]);
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);
    drop(app);
    db
});

store_test!(cross_site_posts_are_refused_and_change_nothing, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = app.login("admin").await;
    let unit = app.county.unit("新墙镇").to_string();
    let new_user =
        [("username", "intruder"), ("display_name", "入侵者"), ("unit_id", unit.as_str()), ("password", "Evil-pass-1")];
    let count =
        || async { app.store.users(&admin, &UserQuery { limit: 200, ..Default::default() }).await.unwrap().len() };
    let before = count().await;
    let evil = Source::Origin("http://evil.example");
    for from in [evil, Source::Referer("http://evil.example/page"), Source::Nowhere] {
        let res = me.post_form_from("/users", &new_user, from).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{from:?}");
        assert!(res.error_message().is_some(), "an error page: {from:?}");
        let out = me.post_form_from("/logout", &[], from).await;
        assert_eq!(out.status, StatusCode::FORBIDDEN, "{from:?}");
        assert!(out.set_cookie_line(SESSION_COOKIE).is_none());
    }
    // A look-alike host is not our host either.
    let res = me.post_form_from("/users", &new_user, Source::Origin("http://localhost.evil.example")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // An API call with the session cookie from another site is refused, in JSON.
    let res = me.post_form_from("/api/v1/tokens", &[("name", "x")], Source::Origin("http://evil.example")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(res.error_code(), "forbidden");

    assert_eq!(count().await, before, "no user created");
    assert!(app.store.tokens(&admin).await.unwrap().is_empty(), "no token created");
    assert_eq!(me.get("/").await.status, StatusCode::OK, "still signed in");
    // A same-site Referer without Origin (older browsers) is accepted.
    let ok = me.post_form_from("/users", &new_user, Source::Referer("http://localhost/users/new")).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    assert_eq!(count().await, before + 1);
    drop(app);
    db
});

store_test!(bearer_calls_need_no_origin, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let staff = app.user("staff", BuiltinRole::TownshipStaff, "新墙镇").await;
    let token = app.store.create_token(&staff, "同步脚本").await.unwrap().token;
    let script = app.bearer(&token);
    let res = script.api_post_json("/api/v1/tokens", &json!({"name": "第二个"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["name"], "第二个");
    assert!(res.json()["token"].as_str().unwrap().len() > 20);
    assert_eq!(app.store.tokens(&staff).await.unwrap().len(), 2);
    // A bearer call that also carries a session cookie is treated like a browser.
    let me = app.login("staff").await;
    let mut both = app.bearer(&token);
    both.set_cookie(SESSION_COOKIE, me.session_cookie());
    let res = both.post_form_from("/api/v1/tokens", &[], Source::Nowhere).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // A made-up token is not a credential.
    let res = app.bearer("gc_nonsense").api_post_json("/api/v1/tokens", &json!({"name": "x"})).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.error_code(), "unauthenticated");
    drop(app);
    db
});

store_test!(idle_sessions_expire, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let me = app.login("cadre").await;
    assert_eq!(me.get("/").await.status, StatusCode::OK);
    app.store.age_session(me.session_cookie(), Duration::minutes(31)).await.unwrap();
    let res = me.get("/").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some("/login"));
    assert_eq!(me.api_get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    drop(app);
    db
});

store_test!(login_attempts_are_limited_per_address, |db: TestDb| async move {
    let config = WebConfig { login_attempts_per_minute: 3, ..Default::default() };
    let peer: SocketAddr = "203.0.113.7:50000".parse().unwrap();
    let app = TestApp::with_config(&db, config).await.with_peer(peer);
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    for _ in 0..3 {
        assert_eq!(app.try_login("admin", "Wrong-pass-1").await.status, StatusCode::UNAUTHORIZED);
    }
    let limited = app.try_login("admin", TEST_PASSWORD).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.error_message().unwrap().contains("此网络地址登录失败次数过多"));
    assert!(limited.set_cookie_line(SESSION_COOKIE).is_none());
    // X-Forwarded-For is not trusted by default, so it does not reset the count.
    let form = "tenant=430621&username=admin&password=Test-pass-1";
    let spoofed = axum::http::Request::post("/login")
        .header("host", "localhost")
        .header("origin", common::ORIGIN_SELF)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", "198.51.100.1")
        .body(axum::body::Body::from(form))
        .unwrap();
    assert_eq!(app.send(spoofed).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Another address is not held back.
    let mut elsewhere = app.anon();
    elsewhere.peer = Some("198.51.100.2:1".parse().unwrap());
    let res =
        elsewhere.post_form("/login", &[("tenant", TENANT), ("username", "admin"), ("password", TEST_PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // The refused attempts never reached the password check; the audit log has
    // the three counted failures, from the client's address.
    let failed = AuditQuery { action: Some("login.failed".into()), limit: 50, ..Default::default() };
    let failed = app.store.audit(&app.store.test_auditor(&admin).await).unwrap().list(&failed).await.unwrap();
    assert_eq!(failed.len(), 3);
    assert!(failed.iter().all(|e| e.ip.as_deref() == Some("203.0.113.7")), "{failed:?}");
    drop(app);
    db
});

store_test!(pages_carry_security_headers, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let me = app.login("cadre").await;
    for res in [app.anon().get("/login").await, me.get("/").await, me.get("/no/such/page").await] {
        let csp = res.header("content-security-policy").expect("CSP");
        let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src")).expect("script-src");
        assert!(!script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(res.header("x-frame-options"), Some("DENY"));
        assert_eq!(res.header("referrer-policy"), Some("same-origin"));
    }
    // Pages load our own script and never inline one.
    let home = me.get("/").await;
    assert_eq!(home.attrs("script", "src"), vec!["/static/app.js".to_string()]);
    assert!(home.texts("script").iter().all(String::is_empty));
    drop(app);
    db
});

store_test!(health_check_answers_json, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let res = app.anon().get("/healthz").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.header("content-type").unwrap().starts_with("application/json"));
    let body = res.json();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], app.store.backend().name());
    drop(app);
    db
});

store_test!(the_language_switch_sets_a_cookie_and_pages_follow_it, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let chinese = app.anon().get("/login").await;
    assert_eq!(chinese.text_of("button[type=submit]").as_deref(), Some("登录"));

    let switch = app.anon().get("/lang/en").await;
    assert_eq!(switch.status, StatusCode::SEE_OTHER);
    let lang = switch.set_cookie(LANG_COOKIE).expect("gc_lang set");
    assert_eq!(lang, "en");
    let mut visitor = app.anon();
    visitor.set_cookie(LANG_COOKIE, &lang);
    let login = visitor.get("/login").await;
    assert_eq!(login.attr("html", "lang").as_deref(), Some("en"));
    assert_eq!(login.text_of("button[type=submit]").as_deref(), Some("Sign in"));
    // Errors follow the language too.
    let wrong =
        visitor.post_form("/login", &[("tenant", TENANT), ("username", "cadre"), ("password", "Wrong-pass-1")]).await;
    assert_eq!(wrong.error_message().as_deref(), Some("Wrong username or password"));
    // A Referer on our site brings the user back where they were, and only there.
    let res = app.anon().get_from("/lang/zh", Source::Referer("http://localhost/account")).await;
    assert_eq!(res.location(), Some("/account"));
    assert_eq!(res.set_cookie(LANG_COOKIE).as_deref(), Some("zh"));
    let res = app.anon().get_from("/lang/en", Source::Referer("http://evil.example//evil.example/x")).await;
    assert_eq!(res.location(), Some("/"), "no protocol-relative redirect");
    drop(app);
    db
});

store_test!(behind_a_proxy_the_last_forwarded_address_counts, |db: TestDb| async move {
    let config = WebConfig { login_attempts_per_minute: 2, trust_proxy: true, ..Default::default() };
    let app = TestApp::with_config(&db, config).await.with_peer("10.0.0.1:1".parse().unwrap());
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    // The client forges the first entry each time; the proxy appends the real one.
    let mut statuses = Vec::new();
    for i in 0..3 {
        let form = "tenant=430621&username=admin&password=Wrong-pass-1";
        let req = axum::http::Request::post("/login")
            .header("host", "localhost")
            .header("origin", common::ORIGIN_SELF)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", format!("192.0.2.{i}, 203.0.113.50"))
            .body(axum::body::Body::from(form))
            .unwrap();
        statuses.push(app.send(req).await.status);
    }
    assert_eq!(statuses, [StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS]);
    db
});
