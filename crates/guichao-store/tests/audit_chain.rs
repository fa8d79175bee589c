//! The audit chain: every change is recorded, and any edit, deletion or
//! truncation of an event is found by `verify_all`.

use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_store::audit::{AuditQuery, verify_all};
use guichao_store::testing::{County, TEST_PASSWORD, TestDb, with_grant};
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

store_test!(a_narrower_audit_reader_sees_their_units_and_no_unseen_fellows_details, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    // A 新墙镇 user whose custom role writes fellows county-wide.
    let writer = county.user(store, "writer", BuiltinRole::TownshipStaff, "新墙镇").await;
    let writer = with_grant(&writer, Permission::FellowWrite, DataScope::Tenant);
    let own = county.fellow(store, &xinqiang, county.fellow_form("镇上甲", "新墙镇", None)).await;
    let away = county.fellow(store, &writer, county.fellow_form("筻口乙", "筻口镇", None)).await;
    let elsewhere = county.fellow(store, &gangkou, county.fellow_form("筻口丙", "筻口镇", None)).await;
    county.fellow(store, &admin, county.fellow_form("县里丁", "新墙镇", None)).await;

    // A custom role: the audit of 新墙镇 and below, with 新墙镇's fellow scope.
    let reader = with_grant(&xinqiang, Permission::AuditRead, DataScope::UnitAndBelow);
    let log = store.audit(&reader).unwrap().list(&AuditQuery { limit: 100, ..Default::default() }).await.unwrap();
    let created: Vec<(&str, bool)> = log
        .iter()
        .filter(|e| e.action == "fellow.create")
        .map(|e| (e.actor_name.as_str(), e.detail.is_null()))
        .collect();
    // Only the events done by 新墙镇's users; the 筻口镇 fellow's details hidden.
    assert_eq!(created, [("writer", true), ("xinqiang", false)], "{log:?}");
    let about = |id: uuid::Uuid| log.iter().any(|e| e.target_id == id.to_string());
    assert!(about(own) && about(away) && !about(elsewhere));
    assert!(!log.iter().any(|e| e.actor_name == "admin" || e.actor_name == "gangkou"));

    // A county-wide reader sees everything, with details.
    let full = store.audit(&admin).unwrap().list(&AuditQuery { limit: 100, ..Default::default() }).await.unwrap();
    let created = full.iter().filter(|e| e.action == "fellow.create" && !e.detail.is_null()).count();
    assert_eq!(created, 4);
    db
});
