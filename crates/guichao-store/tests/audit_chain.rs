//! The audit chain: every change is recorded, and any edit, deletion or
//! truncation of an event is found by `verify_all`.

use guichao_domain::access::BuiltinRole;
use guichao_store::audit::{AuditQuery, verify_all};
use guichao_store::testing::{County, TEST_PASSWORD, TestDb};
use guichao_store::{Store, store_test};
use sea_orm::ConnectionTrait;

async fn busy_county(store: &Store) -> County {
    let county = County::seed(store).await;
    county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    store.login(county.tenant_id, "cadre", "wrong", None).await.unwrap().unwrap_err();
    store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().unwrap();
    county
}

async fn exec(store: &Store, sql: &str) {
    store.system().connection().execute_unprepared(sql).await.unwrap();
}

store_test!(an_untouched_chain_verifies, |db: TestDb| async move {
    let store = &db.store;
    let county = busy_county(store).await;
    let checked = verify_all(store).await.unwrap().expect("chain holds");
    assert!(checked >= 6, "checked {checked}");
    let admin = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let log = store.audit(&admin).unwrap().list(&AuditQuery { limit: 50, ..Default::default() }).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"login") && actions.contains(&"login.failed"), "{actions:?}");
    // Newest first.
    assert!(log.windows(2).all(|w| w[0].seq > w[1].seq));
    db
});

store_test!(an_edited_event_breaks_the_chain, |db: TestDb| async move {
    let store = &db.store;
    busy_county(store).await;
    exec(store, "UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 3").await;
    let broken = verify_all(store).await.unwrap().expect_err("must break");
    assert_eq!(broken.seq, 3);
    assert!(broken.reason.contains("altered"), "{broken}");
    db
});

store_test!(a_deleted_event_breaks_the_chain, |db: TestDb| async move {
    let store = &db.store;
    busy_county(store).await;
    exec(store, "DELETE FROM audit_events WHERE seq = 2").await;
    let broken = verify_all(store).await.unwrap().expect_err("must break");
    assert_eq!(broken.seq, 2);
    db
});

store_test!(a_truncated_chain_is_found, |db: TestDb| async move {
    let store = &db.store;
    let county = busy_county(store).await;
    let _ = county;
    exec(store, "DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events WHERE tenant_id = (SELECT tenant_id FROM tenants WHERE code = '430621')) AND tenant_id = (SELECT tenant_id FROM tenants WHERE code = '430621')").await;
    assert!(verify_all(store).await.unwrap().is_err());
    db
});
