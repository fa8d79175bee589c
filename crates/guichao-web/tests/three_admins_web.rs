//! 三员分立 over HTTP: the system, security and audit administrators each
//! sign in, use their own pages and API routes, and are refused the others'
//! (403, as for any missing permission) and the registry's.

mod common;

use axum::http::StatusCode;
use common::{Session, TestApp};
use guichao_domain::access::BuiltinRole;
use guichao_store::store_test;
use guichao_store::testing::{TEST_PASSWORD, TestDb};
use serde_json::json;

/// Pages and API reads only the audit admin opens.
const AUDIT_ROUTES: [&str; 6] =
    ["/audit", "/audit/logins", "/audit/verify", "/audit/export.xlsx", "/api/v1/audit", "/api/v1/audit/logins"];
/// The registry's pages and API: none of the three opens them.
const DATA_ROUTES: [&str; 6] = ["/fellows", "/api/v1/fellows", "/chambers", "/projects", "/api/v1/projects", "/funds"];

async fn status(me: &Session<'_>, path: &str) -> StatusCode {
    if path.starts_with("/api/") { me.api_get(path).await.status } else { me.get(path).await.status }
}

async fn refused_all(me: &Session<'_>, who: &str, paths: &[&str]) {
    for path in paths {
        assert_eq!(status(me, path).await, StatusCode::FORBIDDEN, "{who} {path}");
    }
}

store_test!(the_three_administrators_cannot_do_each_others_work, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    app.user("security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    app.user("auditor", BuiltinRole::AuditAdmin, "岳阳县").await;
    let cadre = app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    app.fellow().named("张三").in_village("新墙村").create().await;
    let cadre_path = format!("/api/v1/users/{}", cadre.user_id());
    let staff_role = app.role_id(BuiltinRole::CountyStaff).await;
    let county = app.county.unit("岳阳县").to_string();

    // The system admin: units and accounts, without roles or passwords.
    let sys = app.login("admin").await;
    for path in ["/org", "/users", "/users/new", "/api/v1/users", "/api/v1/org/units"] {
        assert_eq!(status(&sys, path).await, StatusCode::OK, "system admin {path}");
    }
    let made = sys
        .api_post_json(
            "/api/v1/users",
            &json!({"username": "zhang", "display_name": "张", "unit_id": county, "role_ids": [], "password": TEST_PASSWORD}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let with_role = json!({"username": "li", "display_name": "李", "unit_id": county, "role_ids": [staff_role],
        "password": TEST_PASSWORD});
    let refused = sys.api_post_json("/api/v1/users", &with_role).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.json()["error"]["message"].as_str().unwrap().contains("安全管理员"), "{}", refused.text);
    let reset = sys.api_put_json(&format!("{cadre_path}/password"), &json!({"password": "Reset-pass-5"})).await;
    assert_eq!(reset.status, StatusCode::FORBIDDEN);
    let form = sys.get(&format!("/users/{}", cadre.user_id())).await;
    assert!(form.attrs("input[type=checkbox][name=role_ids]:not([disabled])", "value").is_empty(), "no role to tick");
    assert!(form.attrs("form[action$='/password']", "action").is_empty(), "no password reset");
    assert!(form.text.contains("角色由安全管理员授予"));
    refused_all(&sys, "system admin", &AUDIT_ROUTES).await;
    refused_all(&sys, "system admin", &DATA_ROUTES).await;

    // The security admin: roles and passwords, not the accounts' existence.
    let sec = app.login("security").await;
    for path in ["/users", "/api/v1/users", &cadre_path] {
        assert_eq!(status(&sec, path).await, StatusCode::OK, "security admin {path}");
    }
    assert_eq!(status(&sec, "/users/new").await, StatusCode::FORBIDDEN);
    let other = json!({"username": "wang", "display_name": "王", "unit_id": county, "role_ids": [],
        "password": TEST_PASSWORD});
    assert_eq!(sec.api_post_json("/api/v1/users", &other).await.status, StatusCode::FORBIDDEN);
    let body = sec.api_get(&cadre_path).await.json();
    let edit = |name: &str, roles: serde_json::Value, version: &serde_json::Value| json!({"display_name": name, "unit_id": body["unit_id"], "role_ids": roles, "active": true, "version": version});
    let renamed = sec.api_put_json(&cadre_path, &edit("改名", body["role_ids"].clone(), &body["version"])).await;
    assert_eq!(renamed.status, StatusCode::FORBIDDEN);
    let regranted = sec.api_put_json(&cadre_path, &edit("cadre", json!([staff_role]), &body["version"])).await;
    assert_eq!(regranted.status, StatusCode::OK, "{}", regranted.text);
    assert_eq!(regranted.json()["roles"], json!(["county_staff"]));
    let reset = sec.api_put_json(&format!("{cadre_path}/password"), &json!({"password": "Reset-pass-5"})).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    let form = sec.get(&format!("/users/{}", cadre.user_id())).await;
    assert!(!form.attrs("input[name=display_name][disabled]", "name").is_empty(), "the name is read-only");
    assert!(!form.attrs("input[type=checkbox][name=role_ids]:not([disabled])", "value").is_empty(), "roles to tick");
    assert!(!form.attrs("form[action$='/password']", "action").is_empty(), "the password reset");
    // Saving the form changes the roles and keeps the name.
    let version = form.input_value("version").unwrap();
    let res = sec
        .post_form(
            &format!("/users/{}", cadre.user_id()),
            &[("version", version.as_str()), ("role_ids", app.role_id(BuiltinRole::Leader).await.to_string().as_str())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let now = sec.api_get(&cadre_path).await.json();
    assert_eq!((now["roles"].clone(), now["display_name"].clone()), (json!(["leader"]), json!("cadre")));
    refused_all(&sec, "security admin", &AUDIT_ROUTES).await;
    refused_all(&sec, "security admin", &DATA_ROUTES).await;

    // The audit admin: the logs and the chain, nothing else.
    let aud = app.login("auditor").await;
    for path in AUDIT_ROUTES {
        assert_eq!(status(&aud, path).await, StatusCode::OK, "audit admin {path}");
    }
    let log = aud.get("/audit?action=user.password_reset").await;
    assert!(!log.texts("table.audit tbody tr").is_empty(), "the security admin's reset is in the log");
    refused_all(&aud, "audit admin", &["/users", "/users/new", "/api/v1/users", &cadre_path, "/org"]).await;
    refused_all(&aud, "audit admin", &DATA_ROUTES).await;
    let reset = aud.api_put_json(&format!("{cadre_path}/password"), &json!({"password": "Reset-pass-6"})).await;
    assert_eq!(reset.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});
