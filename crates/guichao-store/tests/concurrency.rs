//! Concurrent writers never fail with "database is locked": requests in one
//! process queue on the store's write lock, and a second process (the CLI while
//! the server runs) waits on SQLite's busy timeout.

use guichao_domain::access::BuiltinRole;
use guichao_store::testing::{County, TestDb};
use guichao_store::{Store, store_test};

store_test!(many_concurrent_writes_all_succeed, |db: TestDb| async move {
    let store = db.store.clone();
    let county = County::seed(&store).await;
    let admin = county.user(&store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    // A second handle on the same database stands in for a second process.
    let other = Store::connect(&db.url).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (store, other, admin) = (store.clone(), other.clone(), admin.clone());
        let parent = county.unit(if i % 2 == 0 { "新墙镇" } else { "筻口镇" });
        tasks.push(tokio::spawn(async move {
            let handle = if i % 4 == 0 { &other } else { &store };
            handle.create_unit(&admin, parent, &format!("并发村{i}")).await.map(|_| ())?;
            handle.create_token(&admin, &format!("t{i}")).await.map(|_| ())
        }));
    }
    for t in tasks {
        t.await.unwrap().expect("no write fails");
    }
    assert_eq!(store.tokens(&admin).await.unwrap().len(), 40);
    assert!(guichao_store::audit::verify_all(&store).await.unwrap().is_ok(), "the chain never forks");
    other.system().connection().clone().close().await.ok();
    db
});
