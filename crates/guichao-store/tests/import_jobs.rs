//! Import jobs kept between the check and the commit: found again by a
//! fresh store on the same database (a restart), their uploader's alone,
//! gone after a day, and committed once at most.

use chrono::Duration;
use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::fellows::DuplicateAction;
use guichao_store::fellows::{ImportCounts, ImportJobState, ImportSource, NewImportJob};
use guichao_store::testing::{County, TestDb, test_key};
use guichao_store::{Actor, Store, StoreError, store_test};
use std::collections::BTreeMap;
use uuid::Uuid;

const FILE: &[u8] = "姓名,乡镇,类别\n李明,新墙镇,工商企\n".as_bytes();

async fn save(store: &Store, actor: &Actor) -> Uuid {
    let id = Uuid::now_v7();
    let job = NewImportJob {
        id,
        file_name: "名录.csv",
        file: FILE,
        default_action: DuplicateAction::Update,
        unknown_to_notes: true,
        mapping: Some(vec![Some("name".into()), None, Some("category".into())]),
    };
    store.fellows(actor, Permission::FellowWrite).unwrap().save_import_job(job).await.unwrap();
    id
}

/// The store a restarted server opens: a new pool on the same database.
async fn reopen(db: &TestDb) -> Store {
    Store::connect(&db.url).await.unwrap().with_field_key(test_key())
}

/// Commits one row as the commit of job `id`.
async fn commit(store: &Store, actor: &Actor, county: &County, id: Uuid) -> Result<ImportCounts, StoreError> {
    let draft = county.fellow_form("李明", "新墙镇", None).parse(chrono::Utc::now().date_naive()).unwrap();
    let mut planner =
        store.fellows(actor, Permission::FellowWrite).unwrap().import_planner(DuplicateAction::Skip).await?;
    planner.add(2, &draft, None);
    planner.finish(store).await?;
    let mut session = store.begin_import(planner, &|_| {}).await?;
    session.complete_job(id).await?;
    session.add(2, draft).await?;
    let source = ImportSource { file_name: "名录.csv".into(), rows_in_file: 1, ..Default::default() };
    Ok(session.finish(&source).await?.1)
}

store_test!(a_job_outlives_the_store_that_saved_it_and_only_its_user_sees_it, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "importer", BuiltinRole::CountyAdmin, "岳阳县").await;
    let colleague = county.user(store, "colleague", BuiltinRole::CountyAdmin, "岳阳县").await;
    let stranger = county.user(store, "stranger", BuiltinRole::CountyAdmin, "平江县").await;
    let id = save(store, &admin).await;
    let chosen = BTreeMap::from([(3, DuplicateAction::Merge), (7, DuplicateAction::Skip)]);
    store.fellows(&admin, Permission::FellowWrite).unwrap().set_import_job_actions(id, &chosen).await.unwrap();

    let restarted = reopen(&db).await;
    let job = restarted.fellows(&admin, Permission::FellowWrite).unwrap().import_job(id).await.unwrap();
    assert_eq!((job.file_name.as_str(), job.file.as_slice()), ("名录.csv", FILE));
    assert_eq!((job.default_action, job.unknown_to_notes), (DuplicateAction::Update, true));
    assert_eq!(job.actions, chosen);
    assert_eq!(job.mapping, Some(vec![Some("name".into()), None, Some("category".into())]), "the clerk's mapping");
    assert!(job.kept.is_empty());
    let kept = std::collections::BTreeSet::from([4, 9]);
    restarted.fellows(&admin, Permission::FellowWrite).unwrap().set_import_job_kept(id, &kept).await.unwrap();
    assert_eq!(restarted.fellows(&admin, Permission::FellowWrite).unwrap().import_job(id).await.unwrap().kept, kept);
    assert_eq!(job.state, ImportJobState::Checked);
    assert_eq!(job.expires_at - job.created_at, Duration::days(1));

    for other in [&colleague, &stranger] {
        assert!(
            matches!(
                restarted.fellows(other, Permission::FellowWrite).unwrap().import_job(id).await,
                Err(StoreError::NotFound)
            ),
            "{}",
            other.username()
        );
        let changed = restarted
            .fellows(other, Permission::FellowWrite)
            .unwrap()
            .set_import_job_actions(id, &BTreeMap::new())
            .await;
        assert!(matches!(changed, Err(StoreError::NotFound)), "{}", other.username());
    }
    assert_eq!(
        restarted.fellows(&admin, Permission::FellowWrite).unwrap().import_job(id).await.unwrap().actions,
        chosen,
        "others changed nothing"
    );
    let reader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    assert!(matches!(restarted.fellows(&reader, Permission::FellowWrite), Err(StoreError::Forbidden)));
    db
});

store_test!(a_job_expires_after_a_day, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "importer", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_writes = store.fellows(&admin, Permission::FellowWrite).unwrap();
    let colleague = county.user(store, "colleague", BuiltinRole::CountyAdmin, "岳阳县").await;
    let looked_up = save(store, &admin).await;
    let forgotten = save(store, &admin).await;
    admin_writes.age_import_job(looked_up, Duration::hours(23)).await.unwrap();
    assert!(admin_writes.import_job(looked_up).await.is_ok(), "23 hours old: still waiting");

    admin_writes.age_import_job(looked_up, Duration::hours(1)).await.unwrap();
    admin_writes.age_import_job(forgotten, Duration::days(1)).await.unwrap();
    let restarted = reopen(&db).await;
    assert!(matches!(
        restarted.fellows(&admin, Permission::FellowWrite).unwrap().import_job(looked_up).await,
        Err(StoreError::NotFound)
    ));
    let gone =
        restarted.fellows(&admin, Permission::FellowWrite).unwrap().age_import_job(looked_up, Duration::zero()).await;
    assert!(matches!(gone, Err(StoreError::NotFound)), "deleted when looked up");
    let late = restarted
        .fellows(&admin, Permission::FellowWrite)
        .unwrap()
        .set_import_job_actions(forgotten, &BTreeMap::new())
        .await;
    assert!(matches!(late, Err(StoreError::NotFound)));

    // A new job of the tenant sweeps the expired ones, whoever started them.
    let fresh = save(&restarted, &colleague).await;
    let swept =
        restarted.fellows(&admin, Permission::FellowWrite).unwrap().age_import_job(forgotten, Duration::zero()).await;
    assert!(matches!(swept, Err(StoreError::NotFound)), "deleted when a new job starts");
    assert!(restarted.fellows(&colleague, Permission::FellowWrite).unwrap().import_job(fresh).await.is_ok());
    db
});

store_test!(a_job_is_committed_once_and_keeps_what_it_wrote, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "importer", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_writes = store.fellows(&admin, Permission::FellowWrite).unwrap();
    let id = save(store, &admin).await;

    // A commit cut short (its session dropped) leaves the job waiting.
    let draft = county.fellow_form("王芳", "新墙镇", None).parse(chrono::Utc::now().date_naive()).unwrap();
    let mut planner = admin_writes.import_planner(DuplicateAction::Skip).await.unwrap();
    planner.add(2, &draft, None);
    let mut session = store.begin_import(planner, &|_| {}).await.unwrap();
    session.complete_job(id).await.unwrap();
    drop(session);
    assert_eq!(admin_writes.import_job(id).await.unwrap().state, ImportJobState::Checked);

    let counts = commit(store, &admin, &county, id).await.unwrap();
    assert_eq!(counts.created, 1);
    let reopened = reopen(&db).await;
    let job = reopened.fellows(&admin, Permission::FellowWrite).unwrap().import_job(id).await.unwrap();
    assert_eq!(job.state, ImportJobState::Done(counts));
    assert!(job.file.is_empty(), "the file is not kept once written");

    let twice = commit(store, &admin, &county, id).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    assert_eq!(
        store.fellows(&admin, Permission::FellowRead).unwrap().count(&Default::default()).await.unwrap(),
        1,
        "the second commit wrote nothing"
    );
    assert!(matches!(admin_writes.set_import_job_actions(id, &BTreeMap::new()).await, Err(StoreError::Conflict(_))));
    db
});
