//! Backup and restore: a backup taken while fellows are being written restores
//! to one consistent moment (the chain verifies against the recorded heads,
//! and every fellow has its audit event); a backup of a quiet database restores
//! every table exactly; a tampered or truncated backup and a non-empty target
//! are refused, and nothing is written.

use guichao_domain::access::{BuiltinRole, Permission};
use guichao_store::audit::verify_all;
use guichao_store::backup::{Kind, restore};
use guichao_store::fellows::FellowQuery;
use guichao_store::testing::{County, TestDb, every_table, test_key};
use guichao_store::{Backend, Store, store_test};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A number in Chinese digits (names hold no Arabic digits).
fn cn(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|d| "零一二三四五六七八九".chars().nth(d.to_digit(10).unwrap() as usize).unwrap())
        .collect()
}

async fn open(url: &str, heads: &std::path::Path) -> Store {
    let store = Store::connect(url).await.unwrap().with_field_key(test_key()).with_audit_heads(heads);
    store.migrate().await.unwrap();
    store
}

async fn fellow_events(store: &Store, county: &County, admin: &guichao_store::Actor) -> (u64, usize) {
    let _ = county;
    let fellows = store.fellows(admin, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap();
    let q = guichao_store::audit::AuditQuery { action: Some("fellow.create".into()), limit: 500, ..Default::default() };
    let events = store.audit(&store.test_auditor(admin).await).unwrap().list(&q).await.unwrap().len();
    (fellows, events)
}

store_test!(
    a_backup_during_writes_restores_one_consistent_moment_and_a_quiet_one_every_table,
    |db: TestDb| async move {
        let dir = tempfile::tempdir().unwrap();
        let heads = dir.path().join("audit-heads.log");
        let store = db.store.clone().with_audit_heads(&heads);
        let county = County::seed(&store).await;
        let admin = county.user(&store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
        // The county's audit admin reads the log (三员分立), made before any
        // copy so that reading a copy writes nothing to it.
        store.test_auditor(&admin).await;
        for i in 0..5 {
            county.fellow(&store, &admin, county.fellow_form(&format!("先有{}", cn(i)), "新墙镇", None)).await;
        }

        // Fellows are written one after another while the backup runs.
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (store, stop, admin) = (store.clone(), stop.clone(), admin.clone());
            let form = county.fellow_form("写入中", "筻口镇", None);
            tokio::spawn(async move {
                let mut n = 0u32;
                while !stop.load(Ordering::Relaxed) || n < 3 {
                    let draft =
                        guichao_domain::fellows::FellowForm { name: format!("写入{}", cn(n)), ..form.clone() }
                            .parse(guichao_domain::date::today())
                            .unwrap();
                    store.fellows(&admin, Permission::FellowWrite).unwrap().create(draft).await.unwrap();
                    n += 1;
                }
                n
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let file = dir.path().join("during.gcbk");
        let made = store.system().backup(&file).await.expect("backup");
        stop.store(true, Ordering::Relaxed);
        let written = writer.await.unwrap();
        assert!(written >= 3);
        let expected_kind = if store.backend() == Backend::Sqlite { Kind::Sqlite } else { Kind::Postgres };
        assert_eq!(made.kind, expected_kind);
        let raw = std::fs::read(&file).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "the owner's only");
        }
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 2, "the backup and the head file, no temporary copy left: {left:?}");
        assert!(made.file_bytes as usize == raw.len() && !raw.windows(6).any(|w| w == "先有".as_bytes()), "sealed");

        let target = db.scratch().await;
        let restored = restore(&target.url, &file, &test_key()).await.expect("restore");
        assert_eq!(restored.bytes, made.bytes);
        let copy = open(&target.url, &heads).await;
        let verified = verify_all(&copy).await.unwrap().expect("the restored chain verifies against the heads");
        assert!(verified.heads >= 1, "{verified:?}");
        // One moment: every fellow in the copy has its audit event, and no more.
        let (fellows, events) = fellow_events(&copy, &county, &admin).await;
        assert_eq!(fellows as usize, events);
        assert!(fellows >= 5, "{fellows}");
        // Written only by insertion: the copy's fellows and events are the source's.
        let (source, copied) = (every_table(&store).await, every_table(&copy).await);
        for table in ["fellows", "audit_events"] {
            let missing: Vec<&String> = copied[table].iter().filter(|r| !source[table].contains(r)).collect();
            assert!(missing.is_empty(), "{table}: {missing:?}");
        }
        copy.system().connection().clone().close().await.ok();
        target.cleanup().await;

        // Quiet now: a second backup restores every table exactly.
        let file = dir.path().join("quiet.gcbk");
        store.system().backup(&file).await.expect("backup");
        assert!(store.system().backup(&file).await.unwrap_err().to_string().contains("已存在"), "never overwrites");
        let target = db.scratch().await;
        restore(&target.url, &file, &test_key()).await.expect("restore");
        let copy = open(&target.url, &heads).await;
        let (source, copied) = (every_table(&store).await, every_table(&copy).await);
        assert!(source.len() > 30, "{} tables", source.len());
        assert_eq!(source.keys().collect::<Vec<_>>(), copied.keys().collect::<Vec<_>>());
        for (table, rows) in &source {
            assert!(rows == &copied[table], "table {table} differs");
        }
        assert!(verify_all(&copy).await.unwrap().is_ok());
        copy.system().connection().clone().close().await.ok();
        target.cleanup().await;
        db
    }
);

store_test!(a_tampered_or_truncated_backup_and_a_full_target_are_refused_writing_nothing, |db: TestDb| async move {
    let dir = tempfile::tempdir().unwrap();
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    county.fellow(store, &admin, county.fellow_form("备份甲", "新墙镇", None)).await;
    let file = dir.path().join("b.gcbk");
    store.system().backup(&file).await.unwrap();
    let sealed = std::fs::read(&file).unwrap();

    let target = db.scratch().await;
    let empty = |url: String| async move {
        match url.strip_prefix("sqlite://") {
            Some(path) => !std::path::Path::new(path).exists(),
            None => {
                let s = Store::connect(&url).await.unwrap();
                let t = every_table(&s).await;
                s.system().connection().clone().close().await.ok();
                t.is_empty()
            }
        }
    };
    let mut tampered = sealed.clone();
    let middle = sealed.len() / 2;
    tampered[middle] ^= 0x20;
    let bad = dir.path().join("tampered.gcbk");
    std::fs::write(&bad, &tampered).unwrap();
    let refused = restore(&target.url, &bad, &test_key()).await.unwrap_err().to_string();
    assert!(refused.contains("被篡改"), "{refused}");
    assert!(empty(target.url.clone()).await, "nothing written after a tampered backup");

    let cut = dir.path().join("cut.gcbk");
    std::fs::write(&cut, &sealed[..sealed.len() - 10]).unwrap();
    let refused = restore(&target.url, &cut, &test_key()).await.unwrap_err().to_string();
    assert!(refused.contains("截断"), "{refused}");
    assert!(empty(target.url.clone()).await, "nothing written after a truncated backup");

    let other_key = guichao_store::crypto::FieldKey::from_master(&[9; 32]);
    let refused = restore(&target.url, &file, &other_key).await.unwrap_err().to_string();
    assert!(refused.contains("密钥"), "{refused}");
    assert!(empty(target.url.clone()).await);

    // The source itself is not empty: refused, untouched.
    let before = every_table(store).await;
    let refused = restore(&db.url, &file, &test_key()).await.unwrap_err().to_string();
    assert!(refused.contains("目标数据库不是空的"), "{refused}");
    assert_eq!(before, every_table(store).await);

    // And the genuine file restores.
    restore(&target.url, &file, &test_key()).await.expect("restore");
    assert!(!empty(target.url.clone()).await);
    target.cleanup().await;
    db
});
