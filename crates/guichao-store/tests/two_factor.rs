//! Two-factor sign-in in the store: enrolling, the second step of a sign-in,
//! a code used twice, recovery codes used once, an administrator's reset.

use guichao_domain::access::BuiltinRole;
use guichao_domain::auth::LoginResult;
use guichao_domain::auth::totp;
use guichao_store::audit::AuditQuery;
use guichao_store::org::{Client, LoginQuery, SecondFactorFailure, SessionPolicy};
use guichao_store::testing::{County, TEST_PASSWORD, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};

fn step_now() -> i64 {
    totp::step_at(chrono::Utc::now().timestamp())
}

/// Enrols `actor` and returns the secret and the recovery codes.
async fn enrol(store: &Store, actor: &Actor) -> (Vec<u8>, Vec<String>) {
    let enrolment = store.begin_enrolment(actor).await.unwrap();
    assert!(enrolment.uri.starts_with("otpauth://totp/Guichao:"), "{}", enrolment.uri);
    assert!(enrolment.uri.contains(&format!("secret={}&", enrolment.secret)));
    let secret = totp::base32_decode(&enrolment.secret).unwrap();
    assert_eq!(secret.len(), 20);
    let codes = store.confirm_enrolment(actor, &totp::code_at(&secret, step_now()), None).await.unwrap();
    (secret, codes)
}

/// Signs in with the password: the cookie and the actor.
async fn password(store: &Store, county: &County, name: &str) -> (String, Actor) {
    store.login(county.tenant_id, name, TEST_PASSWORD, Some("10.0.0.9")).await.unwrap().unwrap()
}

async fn second(store: &Store, cookie: &str, code: &str) -> Result<Actor, SecondFactorFailure> {
    store
        .second_factor(cookie, code, Client { ip: Some("10.0.0.9"), user_agent: None }, SessionPolicy::default())
        .await
        .unwrap()
}

/// The county's audit trail, read by its audit admin (三员分立).
async fn actions(store: &Store, anyone: &Actor) -> Vec<String> {
    let q = AuditQuery { limit: 500, ..Default::default() };
    let auditor = store.test_auditor(anyone).await;
    store.audit(&auditor).unwrap().list(&q).await.unwrap().into_iter().map(|e| e.action).collect()
}

store_test!(an_enrolled_user_signs_in_with_a_code_and_never_with_the_same_code_twice, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "root", BuiltinRole::SystemAdmin, "岳阳县").await;
    assert!(admin.two_factor_required() && !admin.two_factor_enrolled());
    assert_eq!(store.session_gate(&admin), Some(totp::Gate::Enrol));
    // The page shown twice gives the same secret until it is confirmed.
    let first = store.begin_enrolment(&admin).await.unwrap();
    assert_eq!(store.begin_enrolment(&admin).await.unwrap().secret, first.secret);
    let secret = totp::base32_decode(&first.secret).unwrap();
    let wrong = totp::code_at(&secret, step_now() + 5);
    assert!(matches!(store.confirm_enrolment(&admin, &wrong, None).await, Err(StoreError::Fields(_))));
    let codes = store.confirm_enrolment(&admin, &totp::code_at(&secret, step_now()), None).await.unwrap();
    assert_eq!(codes.len(), 10);

    let (cookie, pending) = password(store, &county, "root").await;
    assert!(pending.second_factor_pending() && pending.two_factor_enrolled());
    assert_eq!(store.session_gate(&pending), Some(totp::Gate::SecondFactor));
    let seen = store.session_actor(&cookie, SessionPolicy::default()).await.unwrap().unwrap();
    assert!(seen.second_factor_pending(), "the session waits for its code");
    // The code used to enrol is spent; the next step's passes once.
    assert_eq!(
        second(store, &cookie, &totp::code_at(&secret, step_now())).await.unwrap_err(),
        SecondFactorFailure::Wrong
    );
    let next = totp::code_at(&secret, step_now() + 1);
    let actor = second(store, &cookie, &next).await.unwrap();
    assert!(!actor.second_factor_pending());
    assert_eq!(store.session_gate(&actor), None);
    assert!(!store.session_actor(&cookie, SessionPolicy::default()).await.unwrap().unwrap().second_factor_pending());
    let (again, _) = password(store, &county, "root").await;
    assert_eq!(second(store, &again, &next).await.unwrap_err(), SecondFactorFailure::Wrong, "a replay");
    // A signed-in session is not asked again.
    assert_eq!(second(store, &cookie, &next).await.unwrap_err(), SecondFactorFailure::NoSession);

    let log = store
        .login_log(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&LoginQuery { limit: 50, ..Default::default() })
        .await
        .unwrap();
    let results: Vec<LoginResult> = log.iter().map(|e| e.result).collect();
    assert_eq!(
        results,
        [
            LoginResult::WrongSecondFactor,
            LoginResult::SecondFactorAsked,
            LoginResult::Success,
            LoginResult::WrongSecondFactor,
            LoginResult::SecondFactorAsked
        ]
    );
    let done = actions(store, &admin).await;
    assert!(done.contains(&"two_factor.enrol".to_string()), "{done:?}");
    db
});

store_test!(a_recovery_code_works_once_and_wrong_codes_lock_the_account, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "root", BuiltinRole::SystemAdmin, "岳阳县").await;
    let (_, codes) = enrol(store, &admin).await;
    let (cookie, _) = password(store, &county, "root").await;
    let code = codes[3].to_uppercase().replace('-', " ");
    second(store, &cookie, &code).await.unwrap();
    let me = store.session_actor(&cookie, SessionPolicy::default()).await.unwrap().unwrap();
    assert_eq!(store.two_factor_status(&me).await.unwrap().recovery_left, 9);
    let (again, _) = password(store, &county, "root").await;
    assert_eq!(second(store, &again, &codes[3]).await.unwrap_err(), SecondFactorFailure::Wrong, "used once");
    assert!(actions(store, &admin).await.contains(&"two_factor.recovery_use".to_string()));

    // Five wrong codes in a row (one above) lock the account and end the session.
    for _ in 0..3 {
        assert_eq!(second(store, &again, "000000").await.unwrap_err(), SecondFactorFailure::Wrong);
    }
    assert_eq!(second(store, &again, "000000").await.unwrap_err(), SecondFactorFailure::Locked);
    assert!(store.session_actor(&again, SessionPolicy::default()).await.unwrap().is_none());
    let locked = store.login(county.tenant_id, "root", TEST_PASSWORD, None).await.unwrap();
    assert!(locked.is_err(), "locked for a while");
    db
});

store_test!(moving_to_a_new_app_needs_the_old_one_and_new_recovery_codes_replace_the_old, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "root", BuiltinRole::SystemAdmin, "岳阳县").await;
    let (old, codes) = enrol(store, &admin).await;
    let admin = store.system().actor(county.tenant_id, admin.user_id()).await.unwrap();
    let fresh = store.begin_enrolment(&admin).await.unwrap();
    let new = totp::base32_decode(&fresh.secret).unwrap();
    assert_ne!(new, old);
    let now = step_now();
    let refused = store.confirm_enrolment(&admin, &totp::code_at(&new, now), Some("123")).await;
    assert!(matches!(refused, Err(StoreError::Fields(ref f)) if f[0].field == "current"), "{refused:?}");
    store.confirm_enrolment(&admin, &totp::code_at(&new, now), Some(&totp::code_at(&old, now + 1))).await.unwrap();
    // Regenerating needs a code of the new app (a later step than any used).
    assert!(store.regenerate_recovery_codes(&admin, &totp::code_at(&old, now - 1)).await.is_err());
    let renewed = store.regenerate_recovery_codes(&admin, &totp::code_at(&new, now + 1)).await.unwrap();
    assert!(renewed.iter().all(|c| !codes.contains(c)));
    let done = actions(store, &admin).await;
    for action in ["two_factor.reenrol", "two_factor.recovery_regenerate"] {
        assert!(done.contains(&action.to_string()), "{action}: {done:?}");
    }
    // Required of an administrator: it cannot be switched off.
    assert!(matches!(store.disable_two_factor(&admin, "000000").await, Err(StoreError::Invalid(_))));
    db
});

store_test!(an_admin_resets_a_second_factor_and_an_optional_user_switches_it_off, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "root", BuiltinRole::SystemAdmin, "岳阳县").await;
    let cadre = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let other = county.user(store, "other", BuiltinRole::VillageCadre, "新墙村").await;
    assert!(!cadre.two_factor_required());
    assert_eq!(store.session_gate(&cadre), None, "optional: no gate without enrolment");
    let (secret, _) = enrol(store, &cadre).await;
    let (cookie, pending) = password(store, &county, "cadre").await;
    assert!(pending.second_factor_pending());
    store.logout(&cookie, &pending).await.unwrap();

    // A village cadre may not reset anyone's second factor, nor may the
    // system admin (it goes with password resets: the security admin's work).
    assert!(matches!(store.reset_two_factor(&other, cadre.user_id()).await, Err(StoreError::Forbidden)));
    assert!(matches!(store.reset_two_factor(&admin, cadre.user_id()).await, Err(StoreError::Forbidden)));
    let security = county.user(store, "security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    store.reset_two_factor(&security, cadre.user_id()).await.unwrap();
    let (_, after) = password(store, &county, "cadre").await;
    assert!(!after.second_factor_pending() && !after.two_factor_enrolled());
    assert!(actions(store, &admin).await.contains(&"two_factor.reset".to_string()));

    // Enrolled again, and switched off with a code.
    let cadre = store.system().actor(county.tenant_id, cadre.user_id()).await.unwrap();
    let (secret2, _) = enrol(store, &cadre).await;
    assert_ne!(secret, secret2);
    store.disable_two_factor(&cadre, &totp::code_at(&secret2, step_now() + 1)).await.unwrap();
    let (_, off) = password(store, &county, "cadre").await;
    assert!(!off.second_factor_pending());
    assert!(actions(store, &admin).await.contains(&"two_factor.disable".to_string()));

    // The command line's way back in for an administrator who lost everything.
    let admin_secret = enrol(store, &admin).await.0;
    assert!(!admin_secret.is_empty());
    assert!(store.system().reset_two_factor_by_name(county.tenant_id, "ROOT").await.unwrap());
    let (_, root) = password(store, &county, "root").await;
    assert!(!root.second_factor_pending() && !root.two_factor_enrolled());
    assert_eq!(store.session_gate(&root), Some(totp::Gate::Enrol));
    assert!(!store.system().reset_two_factor_by_name(county.tenant_id, "root").await.unwrap());
    assert!(matches!(
        store.system().reset_two_factor_by_name(county.tenant_id, "nobody").await,
        Err(StoreError::NotFound)
    ));
    db
});

store_test!(a_role_the_county_marks_requires_a_second_factor, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "root", BuiltinRole::SystemAdmin, "岳阳县").await;
    let cadre = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let role = store.system().builtin_role_id(county.tenant_id, BuiltinRole::VillageCadre).await.unwrap();
    assert!(matches!(store.set_role_requires_two_factor(&cadre, role, true).await, Err(StoreError::Forbidden)));
    assert!(matches!(store.set_role_requires_two_factor(&admin, role, true).await, Err(StoreError::Forbidden)));
    let security = county.user(store, "security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    store.set_role_requires_two_factor(&security, role, true).await.unwrap();
    let cadre = store.system().actor(county.tenant_id, cadre.user_id()).await.unwrap();
    assert!(cadre.two_factor_required());
    assert_eq!(store.session_gate(&cadre), Some(totp::Gate::Enrol));
    let roles = store.roles(county.tenant_id).await.unwrap();
    assert!(roles.iter().find(|r| r.id == role).unwrap().requires_two_factor);
    assert!(roles.iter().find(|r| r.code == "system_admin").unwrap().requires_two_factor);
    assert!(!roles.iter().find(|r| r.code == "leader").unwrap().requires_two_factor);
    assert!(actions(store, &admin).await.contains(&"role.two_factor".to_string()));
    store.set_role_requires_two_factor(&security, role, false).await.unwrap();
    let cadre = store.system().actor(county.tenant_id, cadre.user_id()).await.unwrap();
    assert!(!cadre.two_factor_required());
    db
});
