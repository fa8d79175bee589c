//! The audit chain: every change is recorded, and any edit, deletion or
//! truncation of an event is found by `verify_all`. The links are keyed, so a
//! row re-hashed without the key is found; each day's head goes to a MAC'd,
//! append-only head file, so a chain cut back to an older head, a tail
//! rewritten after that, and a forged head line are found; a chain from before
//! the key is keyed once, and refused when it does not hold.

use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_domain::date::today;
use guichao_store::audit::{AuditQuery, verify_all};
use guichao_store::testing::{County, TEST_PASSWORD, TestDb, relink_without_key, with_grant};
use guichao_store::{Store, store_test};
use sea_orm::ConnectionTrait;
use std::path::Path;

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
    let checked = verify_all(store).await.unwrap().expect("chain holds").events;
    assert!(checked >= 6, "checked {checked}");
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let log = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 50, ..Default::default() })
        .await
        .unwrap();
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
    assert!(broken.reason.en.contains("altered"), "{broken}");
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
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
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
    let full = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 100, ..Default::default() })
        .await
        .unwrap();
    let created = full.iter().filter(|e| e.action == "fellow.create" && !e.detail.is_null()).count();
    assert_eq!(created, 4);
    db
});

/// The county's newest sequence number and hash, as its row holds them.
async fn head_of(store: &Store, code: &str) -> (i64, String) {
    use sea_orm::{FromQueryResult, JsonValue, Statement};
    let sql = format!("SELECT audit_seq, audit_head FROM tenants WHERE code = '{code}'");
    let row =
        JsonValue::find_by_statement(Statement::from_string(store.system().connection().get_database_backend(), sql))
            .one(store.system().connection())
            .await
            .unwrap()
            .expect("tenant");
    (row["audit_seq"].as_i64().unwrap(), row["audit_head"].as_str().unwrap().to_string())
}

/// Cuts the county's chain back to `seq`: deletes the newer rows and rolls the
/// head back to the genuine event `seq`, as a database writer could.
async fn cut_back(store: &Store, code: &str, seq: i64) {
    let tenant = format!("(SELECT tenant_id FROM tenants WHERE code = '{code}')");
    exec(store, &format!("DELETE FROM audit_events WHERE tenant_id = {tenant} AND seq > {seq}")).await;
    exec(
        store,
        &format!(
            "UPDATE tenants SET audit_seq = {seq}, audit_head = (SELECT hash FROM audit_events WHERE tenant_id = {tenant} AND seq = {seq}) WHERE code = '{code}'"
        ),
    )
    .await;
}

/// Three more events in the county (a failed and a good sign-in, and a failed one).
async fn more_events(store: &Store, county: &County) {
    store.login(county.tenant_id, "cadre", "wrong", None).await.unwrap().unwrap_err();
    store.login(county.tenant_id, "cadre", TEST_PASSWORD, None).await.unwrap().unwrap();
    store.login(county.tenant_id, "cadre", "wrong again", None).await.unwrap().unwrap_err();
}

fn with_heads(store: &Store, dir: &Path) -> Store {
    store.clone().with_audit_heads(dir.join("audit-heads.log"))
}

store_test!(deleting_the_newest_events_and_rolling_back_the_head_is_found, |db: TestDb| async move {
    let dir = tempfile::tempdir().unwrap();
    let store = &with_heads(&db.store, dir.path());
    let county = busy_county(store).await;
    let (before, _) = head_of(store, "430621").await;
    more_events(store, &county).await;
    assert_eq!(store.system().record_audit_heads(today()).await.unwrap(), 2, "one line per county");
    let recorded = verify_all(store).await.unwrap().expect("holds");
    assert_eq!(recorded.heads, 2);

    cut_back(store, "430621", before).await;
    // The chain alone still holds: every remaining link is genuine.
    assert!(verify_all(&db.store).await.unwrap().is_ok(), "without the head file the cut is invisible");
    let broken = verify_all(store).await.unwrap().expect_err("the head file shows the cut");
    assert_eq!((broken.tenant_code.as_str(), broken.seq), ("430621", before + 3));
    assert!(broken.reason.zh.contains("截断"), "{broken}");
    assert!(broken.reason.en.contains("truncated"), "{broken}");
    db
});

store_test!(a_tail_rewritten_after_a_cut_is_found, |db: TestDb| async move {
    let dir = tempfile::tempdir().unwrap();
    let store = &with_heads(&db.store, dir.path());
    let county = busy_county(store).await;
    let (before, _) = head_of(store, "430621").await;
    more_events(store, &county).await;
    store.system().record_audit_heads(today()).await.unwrap();
    assert_eq!(store.system().record_audit_heads(today()).await.unwrap(), 0, "nothing moved");
    // Cut back, then let the app append new, validly keyed events past the
    // recorded head: the chain holds, but the recorded event is not there.
    cut_back(store, "430621", before).await;
    more_events(store, &county).await;
    more_events(store, &county).await;
    let broken = verify_all(store).await.unwrap().expect_err("the recorded head no longer matches");
    assert_eq!(broken.seq, before + 3);
    assert!(broken.reason.en.contains("rewritten"), "{broken}");
    db
});

store_test!(a_row_rehashed_without_the_key_is_found, |db: TestDb| async move {
    let store = &db.store;
    let county = busy_county(store).await;
    // The writer edits an event and re-links the whole chain with the unkeyed
    // algorithm, tenant head included: everything but the key.
    exec(store, "UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 3").await;
    relink_without_key(store, county.tenant_id).await;
    let broken = verify_all(store).await.unwrap().expect_err("must break");
    assert_eq!((broken.tenant_code.as_str(), broken.seq), ("430621", 1));
    assert!(broken.reason.en.contains("this system's key"), "{broken}");
    db
});

store_test!(a_forged_head_line_is_found_and_nothing_is_appended_after_it, |db: TestDb| async move {
    let dir = tempfile::tempdir().unwrap();
    let store = &with_heads(&db.store, dir.path());
    let county = busy_county(store).await;
    store.system().record_audit_heads(today()).await.unwrap();
    let path = dir.path().join("audit-heads.log");
    let genuine = std::fs::read_to_string(&path).unwrap();
    let first = genuine.lines().next().unwrap();
    // A line claiming a lower head, with the genuine line's MAC.
    let fields: Vec<&str> = first.split('\t').collect();
    let forged = [&fields[..4], &["1"], &fields[5..]].concat().join("\t");
    assert_ne!(forged, first);
    std::fs::write(&path, format!("{genuine}{forged}\n")).unwrap();
    let broken = verify_all(store).await.unwrap().expect_err("a forged line");
    assert!(broken.reason.zh.contains("第 3 行") && broken.reason.en.contains("line 3"), "{broken}");
    more_events(store, &county).await;
    assert!(store.system().record_audit_heads(today()).await.is_err(), "no line after a forged one");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("{genuine}{forged}\n"));
    // A line MAC'd with another key is forged too.
    std::fs::write(&path, genuine.replace(&fields[6][..8], "00000000")).unwrap();
    assert!(verify_all(store).await.unwrap().is_err());
    db
});

store_test!(a_chain_from_before_the_key_is_keyed_once_and_recorded, |db: TestDb| async move {
    let store = &db.store;
    let county = busy_county(store).await;
    let (seq, _) = head_of(store, "430621").await;
    for tenant in [county.tenant_id, county.other_tenant_id] {
        relink_without_key(store, tenant).await;
    }
    exec(store, "UPDATE tenants SET audit_keyed = false").await;
    let broken = verify_all(store).await.unwrap().expect_err("an unkeyed chain does not pass");
    assert!(broken.reason.en.contains("not keyed"), "{broken}");
    // Appending to an unkeyed chain is refused rather than mixing the two.
    assert!(store.login(county.tenant_id, "cadre", "wrong", None).await.is_err());

    assert_eq!(store.system().key_audit_chains().await.unwrap(), ["430621", "430626"]);
    let verified = verify_all(store).await.unwrap().expect("keyed chains hold");
    assert!(verified.events as i64 > seq);
    assert_eq!(store.system().key_audit_chains().await.unwrap(), Vec::<String>::new(), "once");
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let log = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 5, ..Default::default() })
        .await
        .unwrap();
    let keyed = log.iter().find(|e| e.action == "audit.chain_keyed").expect("recorded");
    assert_eq!((keyed.seq, keyed.detail["events"].as_i64()), (seq + 1, Some(seq)));
    more_events(store, &county).await;
    assert!(verify_all(store).await.unwrap().is_ok());
    db
});

store_test!(a_broken_chain_from_before_the_key_is_not_keyed, |db: TestDb| async move {
    let store = &db.store;
    let county = busy_county(store).await;
    relink_without_key(store, county.tenant_id).await;
    exec(store, "UPDATE tenants SET audit_keyed = false WHERE code = '430621'").await;
    exec(store, "UPDATE audit_events SET detail = '{}' WHERE seq = 2").await;
    let refused = store.system().key_audit_chains().await.expect_err("refused").to_string();
    assert!(refused.contains("第 2 条") && refused.contains("拒绝升级"), "{refused}");
    // Nothing was re-linked: the chain is still unkeyed, and no event was added.
    let broken = verify_all(store).await.unwrap().expect_err("still unkeyed");
    assert!(broken.reason.en.contains("not keyed"), "{broken}");
    assert!(broken.tenant_code == "430621" && broken.seq == 0, "{broken}");
    db
});

store_test!(a_keyed_chain_set_back_to_unkeyed_is_not_keyed_again, |db: TestDb| async move {
    let dir = tempfile::tempdir().unwrap();
    let store = &with_heads(&db.store, dir.path());
    let county = busy_county(store).await;
    store.system().record_audit_heads(today()).await.unwrap();
    // A writer rewrites the chain unkeyed and flags it as from before the key,
    // hoping the next start launders it into a keyed chain.
    exec(store, "UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 3").await;
    relink_without_key(store, county.tenant_id).await;
    exec(store, "UPDATE tenants SET audit_keyed = false WHERE code = '430621'").await;
    let refused = store.system().key_audit_chains().await.expect_err("refused").to_string();
    assert!(refused.contains("链头文件") && refused.contains("430621"), "{refused}");
    assert!(verify_all(store).await.unwrap().is_err());
    db
});
