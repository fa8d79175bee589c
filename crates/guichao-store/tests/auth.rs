//! Sign-in rules: lockout, session expiry, tokens, passwords.

use chrono::Duration;
use guichao_domain::access::BuiltinRole;
use guichao_store::audit::AuditQuery;
use guichao_store::org::{LoginFailure, SessionPolicy, UserEdit};
use guichao_store::testing::{County, TEST_PASSWORD, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use serde_json::json;

store_test!(five_failures_lock_the_account, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    for _ in 0..4 {
        let r = store.login(county.tenant_id, "cadre", "wrong", Some("10.0.0.1")).await.unwrap();
        assert_eq!(r.err(), Some(LoginFailure::BadCredentials));
    }
    let fifth = store.login(county.tenant_id, "cadre", "wrong", None).await.unwrap();
    assert!(matches!(fifth, Err(LoginFailure::Locked { .. })));
    // Locked: even the right password is refused.
    let right = store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap();
    assert!(matches!(right, Err(LoginFailure::Locked { .. })));
    // An admin reset unlocks.
    store.system().set_password_by_name(county.tenant_id, "cadre", "New-pass-22").await.unwrap();
    assert!(store.login(county.tenant_id, "cadre", "New-pass-22", None).await.unwrap().is_ok());
    // An unknown user fails the same way as a wrong password.
    let unknown = store.login(county.tenant_id, "nobody", "x", None).await.unwrap();
    assert_eq!(unknown.err(), Some(LoginFailure::BadCredentials));
    db
});

store_test!(sessions_expire_when_idle_and_absolutely, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let policy = SessionPolicy::default();
    let (cookie, _) = store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().unwrap();
    assert!(store.session_actor(&cookie, policy).await.unwrap().is_some());
    store.age_session(&cookie, Duration::minutes(31)).await.unwrap();
    assert!(store.session_actor(&cookie, policy).await.unwrap().is_none(), "idle expiry");

    let (cookie, _) = store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().unwrap();
    let short = SessionPolicy { idle: Duration::hours(100), absolute: Duration::hours(12) };
    store.age_session(&cookie, Duration::hours(13)).await.unwrap();
    assert!(store.session_actor(&cookie, short).await.unwrap().is_none(), "absolute expiry");

    let (cookie, actor) = store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().unwrap();
    store.logout(&cookie, &actor).await.unwrap();
    assert!(store.session_actor(&cookie, policy).await.unwrap().is_none(), "logout");
    assert!(store.session_actor("garbage", policy).await.unwrap().is_none());
    db
});

store_test!(tokens_carry_their_users_scope_until_revoked, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let created = store.create_token(&staff, "脚本").await.unwrap();
    let actor = store.token_actor(&created.token).await.unwrap().expect("token works");
    assert_eq!(actor.user_id(), staff.user_id());
    assert_eq!(actor.grants(), staff.grants());
    assert_eq!(store.tokens(&staff).await.unwrap().len(), 1);
    store.revoke_token(&staff, created.info.id).await.unwrap();
    assert!(store.token_actor(&created.token).await.unwrap().is_none());
    assert!(matches!(store.revoke_token(&staff, created.info.id).await, Err(StoreError::NotFound)));
    let cli = store.system().create_token_for(county.tenant_id, "xinqiang", "cli").await.unwrap();
    assert!(store.token_actor(&cli.token).await.unwrap().is_some());
    assert!(store.token_actor("gc_nonsense").await.unwrap().is_none());
    db
});

store_test!(password_changes_follow_the_policy, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let me = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    assert!(matches!(store.change_own_password(&me, "wrong", "Better-pass-3").await, Err(StoreError::Invalid(_))));
    assert!(matches!(store.change_own_password(&me, TEST_PASSWORD, "short").await, Err(StoreError::Invalid(_))));
    assert!(matches!(
        store.change_own_password(&me, TEST_PASSWORD, "alllowercase1").await,
        Err(StoreError::Invalid(_))
    ));
    store.change_own_password(&me, TEST_PASSWORD, "Better-pass-3").await.unwrap();
    assert!(store.login(county.tenant_id, "cadre", "Better-pass-3", None).await.unwrap().is_ok());
    db
});

/// Signs `username` in `n` times and returns the session cookies.
async fn sessions(store: &Store, county: &County, username: &str, password: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..n {
        let (cookie, _) = store.login(county.tenant_id, username, password, None).await.unwrap().unwrap();
        out.push(cookie);
    }
    out
}

async fn alive(store: &Store, cookie: &str) -> bool {
    store.session_actor(cookie, SessionPolicy::default()).await.unwrap().is_some()
}

/// The detail of the latest audit event of `action`.
async fn last_detail(store: &Store, reader: &Actor, action: &str) -> serde_json::Value {
    let q = AuditQuery { action: Some(action.into()), limit: 1, ..Default::default() };
    // The county's audit admin reads it (三员分立).
    let auditor = store.test_auditor(reader).await;
    store.audit(&auditor).unwrap().list(&q).await.unwrap().remove(0).detail
}

store_test!(changing_ones_password_ends_every_session_and_the_tokens, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let cookies = sessions(store, &county, "cadre", TEST_PASSWORD, 3).await;
    let token = store.create_token(&me, "脚本").await.unwrap().token;
    store.change_own_password(&me, TEST_PASSWORD, "Better-pass-3").await.unwrap();
    for cookie in &cookies {
        assert!(!alive(store, cookie).await, "every session ends, the one that changed it too");
    }
    assert!(store.token_actor(&token).await.unwrap().is_none(), "the token is revoked");
    assert!(store.tokens(&me).await.unwrap()[0].revoked_at.is_some());
    let detail = last_detail(store, &root, "user.password_change").await;
    assert_eq!(detail, json!({"sessions_ended": 3, "tokens_revoked": 1}));
    db
});

store_test!(a_reset_ends_every_session_and_token, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    // By an admin.
    let cookies = sessions(store, &county, "cadre", TEST_PASSWORD, 2).await;
    let token = store.create_token(&me, "脚本").await.unwrap().token;
    store.reset_password(&root, me.user_id(), "Reset-pass-4").await.unwrap();
    for cookie in &cookies {
        assert!(!alive(store, cookie).await);
    }
    assert!(store.token_actor(&token).await.unwrap().is_none());
    assert_eq!(
        last_detail(store, &root, "user.password_reset").await,
        json!({"sessions_ended": 2, "tokens_revoked": 1})
    );
    // From the command line.
    let cookies = sessions(store, &county, "cadre", "Reset-pass-4", 1).await;
    let token = store.system().create_token_for(county.tenant_id, "cadre", "cli").await.unwrap().token;
    store.system().set_password_by_name(county.tenant_id, "cadre", "Reset-pass-5").await.unwrap();
    assert!(!alive(store, &cookies[0]).await);
    assert!(store.token_actor(&token).await.unwrap().is_none());
    assert_eq!(
        last_detail(store, &root, "user.password_reset").await,
        json!({"sessions_ended": 1, "tokens_revoked": 1})
    );
    db
});

store_test!(a_disabled_users_tokens_stay_dead_after_reactivation, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let token = store.create_token(&me, "脚本").await.unwrap().token;
    let cookie = sessions(store, &county, "cadre", TEST_PASSWORD, 1).await.remove(0);
    let (root, me) = (&root, &me);
    let set_active = |active: bool| async move {
        let seen = store.user(root, me.user_id()).await.unwrap();
        let edit = UserEdit {
            display_name: seen.summary.display_name,
            unit_id: seen.summary.unit_id,
            role_ids: seen.role_ids,
            active,
            version: seen.version,
        };
        store.update_user(root, me.user_id(), edit).await.unwrap();
    };
    set_active(false).await;
    assert!(store.token_actor(&token).await.unwrap().is_none());
    assert!(!alive(store, &cookie).await);
    let detail = last_detail(store, root, "user.update").await;
    assert_eq!((detail["sessions_ended"].as_u64(), detail["tokens_revoked"].as_u64()), (Some(1), Some(1)));
    set_active(true).await;
    assert!(store.token_actor(&token).await.unwrap().is_none(), "the token stays revoked");
    assert!(!alive(store, &cookie).await);
    // A new token works.
    let fresh = store.create_token(me, "新脚本").await.unwrap().token;
    assert!(store.token_actor(&fresh).await.unwrap().is_some());
    db
});

store_test!(a_token_works_for_its_lifetime_and_is_refused_after, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let me = county.user(store, "staff", BuiltinRole::CountyStaff, "岳阳县").await;
    use guichao_store::org::TokenLifetime;
    let lasting = store.create_token_for_days(&me, "一个月", TokenLifetime::Days(30)).await.unwrap();
    let forever = store.create_token(&me, "长期").await.unwrap();
    let made = lasting.info.created_at;
    assert_eq!(lasting.info.expires_at, Some(made + Duration::days(30)));
    assert_eq!(forever.info.expires_at, None);
    assert!(store.token_actor(&lasting.token).await.unwrap().is_some());
    assert_eq!(store.token_expired_at(&lasting.token).await.unwrap(), None, "not expired yet");

    guichao_store::testing::expire_tokens(store).await;
    assert!(store.token_actor(&lasting.token).await.unwrap().is_none(), "an expired token lets no one in");
    assert_eq!(store.token_expired_at(&lasting.token).await.unwrap(), Some(made));
    assert!(store.token_actor(&forever.token).await.unwrap().is_some(), "a token without expiry lives on");
    assert_eq!(store.token_expired_at("gc_nonsense").await.unwrap(), None);
    let listed = store.tokens(&me).await.unwrap();
    assert!(listed.iter().any(|t| t.name == "一个月" && t.expired(guichao_store::now())));

    for bad in ["0", "3651", "-1", "九十"] {
        assert!(matches!(TokenLifetime::parse(bad), Err(StoreError::Invalid(_))), "{bad}");
    }
    assert_eq!(TokenLifetime::parse("").unwrap(), TokenLifetime::Forever);
    assert_eq!(TokenLifetime::parse("90").unwrap(), TokenLifetime::Days(90));
    db
});
