//! Bad input on every form: a clear Chinese message on the same page, what the
//! user typed kept, and nothing written.

mod common;

use axum::http::StatusCode;
use common::{Session, TestApp};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_store::Actor;
use guichao_store::org::UserQuery;
use guichao_store::store_test;
use guichao_store::testing::{TEST_PASSWORD, TestDb};

async fn usernames(app: &TestApp, admin: &Actor) -> Vec<String> {
    let all = app.store.users(admin, &UserQuery { limit: 200, ..Default::default() }).await.unwrap();
    all.into_iter().map(|u| u.username).collect()
}

/// Posts a form that must be refused with `message` (a fragment): 422 for a
/// broken rule, 409 for a value someone else holds (a taken username).
async fn refused(me: &Session<'_>, path: &str, form: &[(&str, &str)], message: &str) -> common::TestResponse {
    let res = me.post_form(path, form).await;
    let expected = if message.contains("已被") { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    assert_eq!(res.status, expected, "{path} {form:?}: {}", res.text);
    let shown = res.error_message().unwrap_or_else(|| panic!("no error shown for {form:?}"));
    assert!(shown.contains(message), "{path} {form:?}: expected {message:?}, got {shown:?}");
    res
}

store_test!(new_user_form_rejects_bad_input_and_keeps_it, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("taken", BuiltinRole::VillageCadre, "新墙村").await;
    let me = app.login("admin").await;
    let township = app.county.unit("新墙镇").to_string();
    let village = app.county.unit("新墙村").to_string();
    let role = app.role_id(BuiltinRole::VillageCadre).await.to_string();
    app.audited(&admin).await; // the audit admin who counts the log, made first
    let before = (usernames(&app, &admin).await, app.audited(&admin).await);
    let form = |username: &'static str, password: &'static str| {
        vec![
            ("username", username),
            ("display_name", "张 三"),
            ("unit_id", township.as_str()),
            ("village_id", village.as_str()),
            ("role_ids", role.as_str()),
            ("active", "on"),
            ("password", password),
        ]
    };
    let cases = [
        (form("newbie", "short"), "密码至少8位"),
        (form("newbie", "alllowercase1"), "至少三类"),
        (form("9bad", TEST_PASSWORD), "用户名须为2到32位"),
        (form("bad name", TEST_PASSWORD), "用户名须为2到32位"),
        (form("taken", TEST_PASSWORD), "用户名 taken 已被使用"),
    ];
    for (fields, message) in &cases {
        let res = refused(&me, "/users", fields, message).await;
        // What the user typed comes back.
        assert_eq!(res.input_value("username"), Some(fields[0].1.to_string()));
        assert_eq!(res.input_value("display_name").as_deref(), Some("张 三"));
        assert_eq!(res.attr("select[name=unit_id] option[selected]", "value"), Some(township.clone()));
        assert_eq!(res.attr("select[name=village_id] option[selected]", "value"), Some(village.clone()));
        assert_eq!(res.attrs("input[name=role_ids][checked]", "value"), vec![role.clone()]);
        // The password is never echoed back.
        assert_eq!(res.input_value("password"), None);
    }
    // No unit at all; an empty name.
    let no_unit = [("username", "newbie"), ("display_name", "李四"), ("password", TEST_PASSWORD)];
    let res = refused(&me, "/users", &no_unit, "请选择所属单位").await;
    assert_eq!(res.input_value("username").as_deref(), Some("newbie"));
    let no_name = [("username", "newbie"), ("display_name", " "), ("unit_id", &township), ("password", TEST_PASSWORD)];
    refused(&me, "/users", &no_name, "姓名不能为空").await;
    assert_eq!((usernames(&app, &admin).await, app.audited(&admin).await), before, "nothing written");
    // The same form, corrected, goes through to the new user's page.
    let ok = me.post_form("/users", &form("newbie", TEST_PASSWORD)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    assert!(ok.location().unwrap().starts_with("/users/"));
    assert!(usernames(&app, &admin).await.contains(&"newbie".to_string()));
    drop(app);
    db
});

store_test!(a_conflicting_edit_keeps_what_was_typed, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let target = app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let me = app.login("admin").await;
    let path = format!("/users/{}", target.user_id());
    let page = me.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let version = page.input_value("version").expect("hidden version");
    let unit = page.attr("select[name=unit_id] option[selected]", "value").unwrap();
    let village = page.attr("select[name=village_id] option[selected]", "value").unwrap();
    assert_eq!(village, app.county.unit("新墙村").to_string(), "a village user's form opens on their village");
    let roles = page.attrs("input[name=role_ids][checked]", "value");
    let edit = |name: &'static str| {
        let mut f =
            vec![("version", version.as_str()), ("display_name", name), ("unit_id", unit.as_str()), ("active", "on")];
        f.push(("village_id", village.as_str()));
        f.extend(roles.iter().map(|r| ("role_ids", r.as_str())));
        f
    };
    let first = me.post_form(&path, &edit("第一次")).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.text);
    // A second tab still holds the old version.
    let second = me.post_form(&path, &edit("第二次")).await;
    // The form comes back with 409, keeping what was typed.
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.error_message().unwrap().contains("已被他人修改"), "{:?}", second.error_message());
    assert_eq!(second.input_value("display_name").as_deref(), Some("第二次"));
    assert_eq!(me.get(&path).await.input_value("display_name").as_deref(), Some("第一次"));
    // An empty name on the edit form, and a weak password on the reset form.
    let fresh = me.get(&path).await.input_value("version").unwrap();
    let blank = [("version", fresh.as_str()), ("display_name", ""), ("unit_id", unit.as_str()), ("active", "on")];
    refused(&me, &path, &blank, "姓名不能为空").await;
    refused(&me, &format!("{path}/password"), &[("password", "short")], "密码至少8位").await;
    assert!(app.try_login("cadre", TEST_PASSWORD).await.location() == Some("/"), "password unchanged");
    drop(app);
    db
});

store_test!(org_forms_reject_empty_and_duplicate_names, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = app.login("admin").await;
    let township = app.county.unit("新墙镇");
    let children = || async { app.store.unit_children(&admin, Some(township)).await.unwrap().len() };
    let before = (children().await, app.audited(&admin).await);
    let parent = township.to_string();
    refused(&me, "/org/units", &[("parent_id", &parent), ("name", "  ")], "单位名称不能为空").await;
    let res = refused(&me, "/org/units", &[("parent_id", &parent), ("name", "新墙村")], "同一上级下已有“新墙村”").await;
    // The page shown is the parent's, so the user can try again there.
    assert!(res.text_of("section.panel h2").unwrap().starts_with("新墙镇"));
    let long = "长".repeat(51);
    refused(&me, "/org/units", &[("parent_id", &parent), ("name", &long)], "不能超过50个字").await;
    let res = me.post_form("/org/units", &[("parent_id", "nonsense"), ("name", "甲村")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_message().as_deref(), Some("请选择有效的选项"));
    // Renaming: empty, or to a sibling's name.
    let village = app.county.unit("新墙村");
    let rename = format!("/org/units/{village}/rename");
    refused(&me, &rename, &[("name", "")], "单位名称不能为空").await;
    refused(&me, &rename, &[("name", "清水村")], "同一上级下已有“清水村”").await;
    // Removing a unit that still has users.
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    refused(&me, &format!("/org/units/{village}/delete"), &[], "该单位下还有用户").await;
    let after = app.audited(&admin).await - 1; // the user just added
    assert_eq!((children().await, after), before, "nothing written");
    let unit = app.store.unit(&admin, Permission::OrgRead, village).await.unwrap();
    assert_eq!(unit.name, "新墙村");
    drop(app);
    db
});

store_test!(account_forms_reject_bad_input, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = app.login("admin").await;
    let before = app.audited(&admin).await;
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        [("current", current), ("new", new), ("confirm", confirm)]
    };
    let cases = [
        (change("Wrong-pass-9", "Better-pass-3", "Better-pass-3"), "当前密码不正确"),
        (change(TEST_PASSWORD, "Better-pass-3", "Better-pass-4"), "两次输入的新密码不一致"),
        (change(TEST_PASSWORD, "short", "short"), "密码至少8位"),
        (change(TEST_PASSWORD, TEST_PASSWORD, TEST_PASSWORD), "新密码不能与当前密码相同"),
    ];
    for (form, message) in &cases {
        let res = refused(&me, "/account/password", form, message).await;
        assert!(res.text_of("p.ok").is_none());
    }
    // Tokens need a name.
    refused(&me, "/account/tokens", &[("name", "  ")], "令牌名称不能为空").await;
    let long = "名".repeat(61);
    let res = refused(&me, "/account/tokens", &[("name", &long)], "不超过60个字").await;
    assert!(res.text_of("code[data-token]").is_none(), "no secret shown");
    assert!(app.store.tokens(&admin).await.unwrap().is_empty());
    assert_eq!(app.audited(&admin).await, before, "nothing written");
    // The password still signs in (a county admin needs no second factor).
    assert_eq!(app.try_login("admin", TEST_PASSWORD).await.location(), Some("/"), "password unchanged");
    // The good cases for contrast: a token is shown once, the password changes.
    // Post/redirect/get: the token shows once on the page the form leads to,
    // and a refresh shows it no more.
    let res = me.post_and_follow("/account/tokens", &[("name", "同步脚本")]).await;
    assert!(res.text_of("code[data-token]").unwrap().len() > 20);
    assert_eq!(res.attr("button[data-copy]", "data-copy").as_deref(), Some("new-token"), "a copy button for it");
    assert_eq!(res.attr("code[data-token]", "id").as_deref(), Some("new-token"));
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert_eq!(res.texts("table.list td[data-label=名称]"), vec!["同步脚本"]);
    let again = me.get("/account/tokens").await;
    assert!(again.text_of("code[data-token]").is_none(), "shown only once");
    // A lifetime is chosen (90 days unless changed) and shown in the list;
    // one out of range is refused.
    assert_eq!(again.attr("select[name=expires_days] option", "value").as_deref(), Some("90"));
    assert_eq!(again.texts("td[data-label=到期]"), vec!["永不过期"]);
    let res = me.post_and_follow("/account/tokens", &[("name", "月度脚本"), ("expires_days", "30")]).await;
    let expires = res.texts("td[data-label=到期]");
    assert!(expires[0].starts_with("20") && expires[1] == "永不过期", "{expires:?}");
    refused(&me, "/account/tokens", &[("name", "坏"), ("expires_days", "0")], "有效期应为 1 到 3650 天").await;
    guichao_store::testing::expire_tokens(&app.store).await;
    let res = me.get("/account/tokens").await;
    assert_eq!(res.texts("td[data-label=到期] .tag.warn"), vec!["已过期"]);
    let res = me.post_and_follow("/account/password", &change(TEST_PASSWORD, "Better-pass-3", "Better-pass-3")).await;
    assert!(res.text_of("p.ok").unwrap().starts_with("密码已修改"));
    assert!(me.get("/account").await.text_of("p.ok").is_none(), "the notice shows once");
    drop(app);
    db
});
