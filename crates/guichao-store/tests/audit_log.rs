//! Reading the audit log: the filters (date range, user, action, object)
//! after the scope rule, the names beside the ids, and the export for the
//! audit administrator, itself audited.

use chrono::{Duration, Utc};
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_store::audit::{AuditEntry, AuditQuery};
use guichao_store::testing::{County, TestDb, with_grant};
use guichao_store::{Actor, Store, StoreError, store_test};
use serde_json::json;

fn all() -> AuditQuery {
    AuditQuery { limit: 500, ..Default::default() }
}

/// The log as `reader` reads it; a reader without `audit.read` (the county
/// admin who made the records, 三员分立) stands for the county's audit admin.
async fn read(store: &Store, reader: &Actor, q: AuditQuery) -> (Vec<AuditEntry>, u64) {
    let auditor;
    let reader = if reader.can(Permission::AuditRead) {
        reader
    } else {
        auditor = store.test_auditor(reader).await;
        &auditor
    };
    let log = store.audit(reader).unwrap();
    (log.list(&q).await.unwrap(), log.count(&q).await.unwrap())
}

store_test!(filters_combine_and_the_count_agrees, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let started = Utc::now() - Duration::seconds(1);
    let zhang = county.fellow(store, &xinqiang, county.fellow_form("张三", "新墙镇", Some("新墙村"))).await;
    county.fellow(store, &xinqiang, county.fellow_form("李四", "新墙镇", None)).await;
    county.fellow(store, &admin, county.fellow_form("王五", "筻口镇", None)).await;

    let by = |actor: &Actor| AuditQuery { actor: Some(actor.user_id()), ..all() };
    let (mine, n) = read(store, &admin, by(&xinqiang)).await;
    assert_eq!((mine.len() as u64, n), (2, 2));
    assert!(mine.iter().all(|e| e.actor_name == "xinqiang"));
    // Who, by display name and unit.
    assert_eq!(mine[0].actor_display.as_deref(), Some("xinqiang（xinqiang）"));
    assert_eq!(mine[0].actor_unit.as_deref(), Some("新墙镇"));

    let creates = AuditQuery { action: Some("fellow.create".into()), ..all() };
    assert_eq!(read(store, &admin, creates.clone()).await.1, 3);
    let (about, n) = read(store, &admin, AuditQuery { target_name: Some("张三".into()), ..creates.clone() }).await;
    assert_eq!((about.len(), n), (1, 1));
    assert_eq!((about[0].target_id.clone(), about[0].target_name.as_deref()), (zhang.to_string(), Some("张三")));
    // The ids in its details carry their names: the township and the village.
    let names: Vec<&str> = about[0].names.values().map(String::as_str).collect();
    assert!(names.contains(&"新墙镇") && names.contains(&"新墙村"), "{names:?}");
    let by_link = AuditQuery { target: Some(("fellow".into(), zhang.to_string())), ..all() };
    assert_eq!(read(store, &admin, by_link).await.1, 1);
    assert_eq!(read(store, &admin, AuditQuery { target_name: Some("无此人".into()), ..all() }).await.1, 0);

    // Dates: the events fall after `started` and before now.
    let (from, until) = (Some(started), Some(Utc::now() + Duration::seconds(1)));
    assert_eq!(read(store, &admin, AuditQuery { from, until, ..creates.clone() }).await.1, 3);
    assert_eq!(read(store, &admin, AuditQuery { until: Some(started), ..creates.clone() }).await.1, 0);
    assert_eq!(read(store, &admin, AuditQuery { from: until, ..creates.clone() }).await.1, 0);
    // Paging: offset and limit over the same filters.
    let (second, _) = read(store, &admin, AuditQuery { offset: 1, limit: 1, ..creates.clone() }).await;
    let (every, _) = read(store, &admin, creates).await;
    assert_eq!(second[0].seq, every[1].seq);
    db
});

store_test!(the_scope_comes_first_and_unseen_fellows_are_never_named, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let writer = with_grant(
        &county.user(store, "writer", BuiltinRole::TownshipStaff, "新墙镇").await,
        Permission::FellowWrite,
        DataScope::Tenant,
    );
    county.fellow(store, &writer, county.fellow_form("筻口乙", "筻口镇", None)).await;
    county.fellow(store, &admin, county.fellow_form("县里丁", "新墙镇", None)).await;
    let reader = with_grant(&xinqiang, Permission::AuditRead, DataScope::UnitAndBelow);

    // The writer's event is in the reader's units, but its fellow is not in sight.
    let (log, n) = read(store, &reader, all()).await;
    assert_eq!(log.len() as u64, n);
    let away = log.iter().find(|e| e.action == "fellow.create").expect("the writer's event");
    assert_eq!((away.target_name.as_deref(), away.detail.is_null()), (None, true));
    assert!(!format!("{log:?}").contains("筻口乙"));
    // Filtering by the unseen fellow's name finds nothing; the admin's event
    // stays out of reach whatever the filter.
    assert_eq!(read(store, &reader, AuditQuery { target_name: Some("筻口乙".into()), ..all() }).await.1, 0);
    let admins = AuditQuery { actor: Some(admin.user_id()), ..all() };
    assert_eq!(read(store, &reader, admins.clone()).await.1, 0);
    assert!(read(store, &admin, admins).await.1 > 0);
    // The users offered in the filter are those of the reader's units.
    let actors: Vec<String> =
        store.audit(&reader).unwrap().actors().await.unwrap().into_iter().map(|a| a.username).collect();
    assert_eq!(actors, ["writer", "xinqiang"]);
    db
});

store_test!(only_the_audit_administrator_exports_and_the_export_is_audited, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::AuditAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    county.fellow(store, &xinqiang, county.fellow_form("张三", "新墙镇", None)).await;
    let reader = with_grant(&xinqiang, Permission::AuditRead, DataScope::UnitAndBelow);
    let creates = AuditQuery { action: Some("fellow.create".into()), ..all() };
    let filters = json!({"action": "fellow.create"});

    let narrow = store.audit(&reader).unwrap();
    assert!(!narrow.may_export());
    assert!(matches!(narrow.export(&creates, filters.clone()).await, Err(StoreError::Forbidden)));

    let log = store.audit(&admin).unwrap();
    assert!(log.may_export());
    let before = log.count(&all()).await.unwrap();
    let rows = log.export(&creates, filters.clone()).await.unwrap();
    assert_eq!(rows.len(), 1);
    let (after, _) = read(store, &admin, AuditQuery { action: Some("audit.export".into()), ..all() }).await;
    assert_eq!(log.count(&all()).await.unwrap(), before + 1);
    assert_eq!(after[0].detail, json!({"rows": 1, "filters": filters}));
    assert_eq!(after[0].actor_name, "admin");
    db
});
