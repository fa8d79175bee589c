//! Sign-in rules: lockout, session expiry, tokens, passwords.

use chrono::Duration;
use guichao_domain::access::BuiltinRole;
use guichao_store::org::{LoginFailure, SessionPolicy};
use guichao_store::testing::{County, TEST_PASSWORD, TestDb};
use guichao_store::{StoreError, store_test};

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
    store.set_password_by_name(county.tenant_id, "cadre", "New-pass-22").await.unwrap();
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
    let cli = store.create_token_for(county.tenant_id, "xinqiang", "cli").await.unwrap();
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
