//! The account policy (等保 2.0 安全计算环境): a user's own sessions, listed
//! and ended; every session of a user ended when their password, roles or
//! unit change, whoever changes them.

use guichao_domain::access::BuiltinRole;
use guichao_store::audit::AuditQuery;
use guichao_store::org::{Client, SessionPolicy, UserEdit};
use guichao_store::testing::{County, TEST_PASSWORD, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

async fn sign_in(store: &Store, county: &County, username: &str, ip: &str, agent: &str) -> String {
    let client = Client { ip: Some(ip), user_agent: Some(agent) };
    store.sign_in(county.tenant_id, username, TEST_PASSWORD, client).await.unwrap().unwrap().0
}

async fn alive(store: &Store, cookie: &str) -> bool {
    store.session_actor(cookie, SessionPolicy::default()).await.unwrap().is_some()
}

const PHONE: &str = "Mozilla/5.0 (Linux; Android 13) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0";
const DESK: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36";

store_test!(a_user_lists_their_own_live_sessions_and_ends_one, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let other = county.user(store, "other", BuiltinRole::VillageCadre, "新墙村").await;
    let desk = sign_in(store, &county, "cadre", "10.0.0.1", DESK).await;
    let phone = sign_in(store, &county, "cadre", "10.0.0.2", PHONE).await;
    let theirs = sign_in(store, &county, "other", "10.0.0.3", DESK).await;
    let policy = SessionPolicy::default();

    let mine = store.my_sessions(&me, policy, Some(&desk)).await.unwrap();
    assert_eq!(mine.len(), 2, "only my own sessions: {mine:?}");
    let here = mine.iter().find(|s| s.current).expect("the asking session is marked");
    assert_eq!((here.ip.as_deref(), here.user_agent.as_deref()), (Some("10.0.0.1"), Some(DESK)));
    let there = mine.iter().find(|s| !s.current).unwrap();
    assert_eq!((there.ip.as_deref(), there.user_agent.as_deref()), (Some("10.0.0.2"), Some(PHONE)));
    assert!(there.signed_in_at <= there.last_seen_at);

    // Someone else's session is out of reach, as if it did not exist.
    let their_id = store.my_sessions(&other, policy, None).await.unwrap()[0].id;
    assert!(matches!(store.end_my_session(&me, their_id).await, Err(StoreError::NotFound)));
    assert!(matches!(store.end_my_session(&me, Uuid::nil()).await, Err(StoreError::NotFound)));
    assert!(alive(store, &theirs).await);

    store.end_my_session(&me, there.id).await.unwrap();
    assert!(!alive(store, &phone).await, "the phone is signed out");
    assert!(alive(store, &desk).await, "the desk stays");
    assert_eq!(store.my_sessions(&me, policy, Some(&desk)).await.unwrap().len(), 1);
    let q = AuditQuery { action: Some("session.end".into()), limit: 5, ..Default::default() };
    let events = store.audit(&store.test_auditor(&root).await).unwrap().list(&q).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].actor_id, Some(me.user_id()));
    assert_eq!(events[0].detail["session"], there.id.to_string());

    // An expired session is not listed, though its row waits for its next use.
    store.age_session(&desk, chrono::Duration::minutes(31)).await.unwrap();
    assert!(store.my_sessions(&me, policy, Some(&desk)).await.unwrap().is_empty());
    db
});

store_test!(a_user_agent_is_kept_short_and_without_control_characters, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let me = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let long = format!("Evil\r\nSet-Cookie: x=1 {}", "a".repeat(1000));
    sign_in(store, &county, "cadre", "10.0.0.1", &long).await;
    let kept = store.my_sessions(&me, SessionPolicy::default(), None).await.unwrap()[0].user_agent.clone().unwrap();
    assert_eq!(kept.chars().count(), 300);
    assert!(kept.starts_with("EvilSet-Cookie"), "{kept}");
    db
});

/// Edits `who` as `admin` with `change` applied to what the form showed.
async fn edit(store: &Store, admin: &Actor, who: Uuid, change: impl FnOnce(&mut UserEdit)) {
    let seen = store.user(admin, who).await.unwrap();
    let mut e = UserEdit {
        display_name: seen.summary.display_name,
        unit_id: seen.summary.unit_id,
        role_ids: seen.role_ids,
        active: seen.summary.active,
        version: seen.version,
    };
    change(&mut e);
    store.update_user(admin, who, e).await.unwrap();
}

store_test!(new_roles_or_a_new_unit_end_every_session_of_the_user, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    let cadre = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let token = store.create_token(&cadre, "脚本").await.unwrap().token;

    // A new name alone keeps the sessions.
    let a = sign_in(store, &county, "cadre", "10.0.0.1", DESK).await;
    edit(store, &root, cadre.user_id(), |e| e.display_name = "新名字".into()).await;
    assert!(alive(store, &a).await, "a new name is no new grant");

    // A new unit ends them all.
    let b = sign_in(store, &county, "cadre", "10.0.0.2", PHONE).await;
    let township = county.unit("新墙镇");
    edit(store, &root, cadre.user_id(), |e| e.unit_id = township).await;
    assert!(!alive(store, &a).await && !alive(store, &b).await, "a new unit signs the user out");
    let q = AuditQuery { action: Some("user.update".into()), limit: 1, ..Default::default() };
    let detail = store.audit(&store.test_auditor(&root).await).unwrap().list(&q).await.unwrap().remove(0).detail;
    assert_eq!((detail["sessions_ended"].as_u64(), detail["tokens_revoked"].as_u64()), (Some(2), Some(0)));
    assert!(store.token_actor(&token).await.unwrap().is_some(), "a token carries no grants of its own and stays");

    // New roles end them too; the same roles in another order do not.
    let c = sign_in(store, &county, "cadre", "10.0.0.3", DESK).await;
    let staff = store.system().builtin_role_id(county.tenant_id, BuiltinRole::TownshipStaff).await.unwrap();
    edit(store, &root, cadre.user_id(), |e| e.role_ids.push(staff)).await;
    assert!(!alive(store, &c).await, "a new role signs the user out");
    let d = sign_in(store, &county, "cadre", "10.0.0.4", DESK).await;
    edit(store, &root, cadre.user_id(), |e| e.role_ids.reverse()).await;
    assert!(alive(store, &d).await, "the same roles are no change");

    // An admin changing their own roles signs themselves out as well.
    let mine = sign_in(store, &county, "root", "10.0.0.5", DESK).await;
    let leader = store.system().builtin_role_id(county.tenant_id, BuiltinRole::Leader).await.unwrap();
    edit(store, &root, root.user_id(), |e| e.role_ids.push(leader)).await;
    assert!(!alive(store, &mine).await);
    db
});

store_test!(any_password_change_ends_every_session_whoever_makes_it, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    let cadre = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    // The user: the session they changed it from ends too.
    let here = sign_in(store, &county, "cadre", "10.0.0.1", DESK).await;
    let there = sign_in(store, &county, "cadre", "10.0.0.2", PHONE).await;
    store.change_own_password(&cadre, TEST_PASSWORD, "Better-pass-3").await.unwrap();
    assert!(!alive(store, &here).await && !alive(store, &there).await);
    // An admin.
    let client = Client { ip: Some("10.0.0.3"), user_agent: Some(DESK) };
    let again = store.sign_in(county.tenant_id, "cadre", "Better-pass-3", client).await.unwrap().unwrap().0;
    store.reset_password(&root, cadre.user_id(), "Reset-pass-4").await.unwrap();
    assert!(!alive(store, &again).await);
    db
});

store_test!(a_password_expires_after_ninety_days_and_the_period_is_configurable, |db: TestDb| async move {
    use guichao_domain::auth::AccountPolicy;
    use guichao_store::testing::age_account;
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let fresh = store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().unwrap().1;
    assert!(!store.must_change_password(&fresh), "a new password is good");

    age_account(store, county.tenant_id, "cadre", 89, 0).await;
    let (cookie, actor) = store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().unwrap();
    assert!(!store.must_change_password(&actor), "89 days is within the 90");
    age_account(store, county.tenant_id, "cadre", 1, 0).await;
    let (cookie2, actor) = store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().unwrap();
    assert!(store.must_change_password(&actor), "90 days: the password has expired");
    let session = store.session_actor(&cookie, SessionPolicy::default()).await.unwrap().unwrap();
    assert!(store.must_change_password(&session), "every session of the user sees it");
    let q = AuditQuery { action: Some("login".into()), limit: 1, ..Default::default() };
    let detail = store.audit(&store.test_auditor(&root).await).unwrap().list(&q).await.unwrap().remove(0).detail;
    assert_eq!(detail["password_expired"], true);

    // A shorter period, from the county's settings.
    let strict = store.clone().with_account_policy(AccountPolicy::from_days(30, 90).unwrap());
    county.user(store, "other", BuiltinRole::VillageCadre, "新墙村").await;
    age_account(store, county.tenant_id, "other", 31, 0).await;
    let other = strict.login(county.tenant_id, "other", TEST_PASSWORD, None).await.unwrap().unwrap().1;
    assert!(strict.must_change_password(&other) && !store.must_change_password(&other));

    // Changing it ends the expiry (and every session).
    store.change_own_password(&actor, TEST_PASSWORD, "Better-pass-3").await.unwrap();
    assert!(!alive(store, &cookie2).await);
    let renewed = store.login(county.tenant_id, "cadre", "Better-pass-3", None).await.unwrap().unwrap().1;
    assert!(!store.must_change_password(&renewed));
    db
});

/// The field error of a refused password, in Chinese.
fn field_error(result: Result<(), StoreError>) -> (String, String) {
    match result {
        Err(StoreError::Fields(f)) => (f[0].field.to_string(), f[0].message.zh.clone()),
        other => panic!("expected a field error, got {other:?}"),
    }
}

store_test!(a_new_password_may_not_be_any_of_the_last_five, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    // Five passwords in a row: the test password, then four more.
    let mut current = TEST_PASSWORD.to_string();
    for n in 1..=4 {
        let next = format!("Rotation-pass-{n}");
        store.change_own_password(&me, &current, &next).await.unwrap();
        current = next;
    }
    // Each of the five is refused, as the field the new password was typed in.
    for old in [TEST_PASSWORD, "Rotation-pass-1", "Rotation-pass-2", "Rotation-pass-3"] {
        let (field, message) = field_error(store.change_own_password(&me, &current, old).await);
        assert_eq!(field, "new");
        assert_eq!(message, "新密码不能与最近5次使用过的密码相同，请换一个");
    }
    // An admin's reset is held to the same rule.
    let (field, _) = field_error(store.reset_password(&root, me.user_id(), "Rotation-pass-2").await);
    assert_eq!(field, "password");
    let (field, _) = field_error(store.system().set_password_by_name(county.tenant_id, "cadre", TEST_PASSWORD).await);
    assert_eq!(field, "password");
    // A sixth password pushes the first one out of reach.
    store.change_own_password(&me, &current, "Rotation-pass-5").await.unwrap();
    store.change_own_password(&me, "Rotation-pass-5", TEST_PASSWORD).await.unwrap();
    assert!(store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().is_ok());
    db
});

store_test!(an_unused_account_is_disabled_at_sign_in_and_an_admin_enables_it, |db: TestDb| async move {
    use guichao_store::org::LoginFailure;
    use guichao_store::testing::age_account;
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    let cadre = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    age_account(store, county.tenant_id, "cadre", 0, 89).await;
    assert!(store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().is_ok(), "89 days is fine");
    age_account(store, county.tenant_id, "cadre", 0, 90).await;
    // A wrong password says nothing of it.
    let wrong = store.login(county.tenant_id, "cadre", "Wrong-pass-1", None).await.unwrap();
    assert_eq!(wrong.err(), Some(LoginFailure::BadCredentials));
    let right = store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap();
    assert_eq!(right.err(), Some(LoginFailure::Inactive { days: 90 }));
    assert!(!store.user(&root, cadre.user_id()).await.unwrap().summary.active, "disabled for good");
    let again = store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap();
    assert_eq!(again.err(), Some(LoginFailure::Disabled));
    let q = AuditQuery { action: Some("user.disable_inactive".into()), limit: 1, ..Default::default() };
    let event = store.audit(&store.test_auditor(&root).await).unwrap().list(&q).await.unwrap().remove(0);
    assert_eq!((event.actor_name.as_str(), event.detail["unused_days"].as_i64()), ("system", Some(90)));
    // Enabled again by an admin: audited as such, and the period starts afresh.
    edit(store, &root, cadre.user_id(), |e| e.active = true).await;
    let q = AuditQuery { action: Some("user.enable".into()), limit: 1, ..Default::default() };
    let event = store.audit(&store.test_auditor(&root).await).unwrap().list(&q).await.unwrap().remove(0);
    assert_eq!(event.actor_id, Some(root.user_id()));
    assert_eq!(
        (event.detail["before"]["active"].as_bool(), event.detail["after"]["active"].as_bool()),
        (Some(false), Some(true))
    );
    assert!(store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().is_ok());
    db
});

store_test!(every_sign_in_attempt_is_in_the_login_log, |db: TestDb| async move {
    use guichao_domain::auth::LoginResult;
    use guichao_store::org::LoginQuery;
    use guichao_store::testing::age_account;
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    county.user(store, "old", BuiltinRole::VillageCadre, "新墙村").await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let at = |ip: &'static str| Client { ip: Some(ip), user_agent: Some(DESK) };
    let t = county.tenant_id;
    store.sign_in(t, "cadre", TEST_PASSWORD, at("10.0.0.1")).await.unwrap().unwrap();
    store.sign_in(t, "cadre", "Wrong-pass-1", at("10.0.0.2")).await.unwrap().unwrap_err();
    store.sign_in(t, "Nobody\n", "x", at("192.168.1.9")).await.unwrap().unwrap_err();
    age_account(store, t, "old", 0, 100).await;
    store.sign_in(t, "old", TEST_PASSWORD, at("10.0.0.3")).await.unwrap().unwrap_err();
    store.sign_in(t, "old", TEST_PASSWORD, at("10.0.0.3")).await.unwrap().unwrap_err();
    store.log_throttled_login(t, "cadre", at("10.0.0.4")).await.unwrap();
    age_account(store, t, "cadre", 100, 0).await;
    store.sign_in(t, "cadre", TEST_PASSWORD, at("10.0.0.5")).await.unwrap().unwrap();

    let audit_reader = store.test_auditor(&root).await;
    let log = store.login_log(&audit_reader).unwrap();
    let all = log.list(&LoginQuery { limit: 50, ..Default::default() }).await.unwrap();
    let seen: Vec<(&str, &str, LoginResult)> =
        all.iter().map(|e| (e.username.as_str(), e.ip.as_deref().unwrap(), e.result)).collect();
    assert_eq!(
        seen,
        [
            ("cadre", "10.0.0.5", LoginResult::PasswordExpired),
            ("cadre", "10.0.0.4", LoginResult::Throttled),
            ("old", "10.0.0.3", LoginResult::Disabled),
            ("old", "10.0.0.3", LoginResult::Inactive),
            ("Nobody", "192.168.1.9", LoginResult::UnknownUser),
            ("cadre", "10.0.0.2", LoginResult::WrongPassword),
            ("cadre", "10.0.0.1", LoginResult::Success),
        ]
    );
    assert!(all.iter().all(|e| e.user_agent.as_deref() == Some(DESK)));
    assert_eq!(all[0].display_name.as_deref(), Some("cadre"), "{:?}", all[0]);
    assert_eq!(all[4].user_id, None);
    // Searched by user, address, result and date range.
    let log = &log;
    let count = |q: LoginQuery| async move { log.count(&q).await.unwrap() };
    assert_eq!(count(LoginQuery { user: Some("CAD".into()), ..Default::default() }).await, 4);
    assert_eq!(count(LoginQuery { ip: Some("10.0.0.3".into()), ..Default::default() }).await, 2);
    assert_eq!(count(LoginQuery { ip: Some("10.0.".into()), ..Default::default() }).await, 6);
    assert_eq!(count(LoginQuery { ip: Some("10.0.%".into()), ..Default::default() }).await, 0, "wildcards are text");
    let wrong = LoginQuery { result: Some(LoginResult::WrongPassword), ..Default::default() };
    assert_eq!(count(wrong).await, 1);
    let now = chrono::Utc::now();
    let today = LoginQuery {
        from: Some(now - chrono::Duration::hours(1)),
        until: Some(now + chrono::Duration::hours(1)),
        ..Default::default()
    };
    assert_eq!(count(today).await, 7);
    let past = LoginQuery { until: Some(now - chrono::Duration::hours(1)), ..Default::default() };
    assert_eq!(count(past).await, 0);
    // Only readers of the audit log read it.
    assert!(matches!(store.login_log(&staff), Err(StoreError::Forbidden)));
    db
});
