//! The fellow registry in the store: writing with optimistic locking, scoped
//! reading and searching, protected personal data.

use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::fellows::FellowForm;
use guichao_store::fellows::{FellowQuery, PersonalField};
use guichao_store::testing::{County, TestDb};
use guichao_store::{StoreError, store_test};

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

store_test!(create_read_edit_with_conflicts_archive_restore, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let staff_writes = store.fellows(&staff, Permission::FellowWrite).unwrap();
    let staff_fellows = store.fellows(&staff, Permission::FellowRead).unwrap();
    let form = FellowForm {
        phone: "+86 138-0013-8000".into(),
        tags: "电子 深圳".into(),
        ..county.fellow_form("張三", "新墙镇", Some("新墙村"))
    };
    let id = county.fellow(store, &staff, form.clone()).await;
    let view = staff_fellows.get(id).await.unwrap();
    assert_eq!(view.name, "張三");
    assert_eq!(view.township, "新墙镇");
    assert_eq!(view.village, "新墙村");
    assert_eq!(view.phone.as_deref(), Some("138****8000"));
    assert_eq!(view.tags, vec!["电子", "深圳"]);
    assert!(view.can_write && view.can_reveal);

    let edit = |employer: &str| FellowForm { employer: employer.into(), ..form.clone() }.parse(today()).unwrap();
    staff_writes.update(id, edit("甲公司"), view.version).await.unwrap();
    let second = staff_writes.update(id, edit("乙公司"), view.version).await;
    assert!(matches!(second, Err(StoreError::Conflict(_))));
    assert_eq!(staff_fellows.get(id).await.unwrap().employer, "甲公司");

    staff_writes.archive(id).await.unwrap();
    let listed = staff_fellows.list(&FellowQuery { limit: 50, ..Default::default() }).await.unwrap();
    assert!(listed.is_empty(), "archived fellows leave the list");
    let archived = staff_fellows.list(&FellowQuery { archived: true, limit: 50, ..Default::default() }).await.unwrap();
    assert_eq!(archived.len(), 1);
    staff_writes.restore(id).await.unwrap();
    assert_eq!(staff_fellows.count(&FellowQuery::default()).await.unwrap(), 1);
    db
});

store_test!(search_finds_by_every_form_within_scope, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let staff_fellows = store.fellows(&staff, Permission::FellowRead).unwrap();
    let zhang = county.fellow(store, &admin, county.fellow_form("张三", "新墙镇", None)).await;
    let other = county.fellow(store, &admin, county.fellow_form("张三丰", "筻口镇", None)).await;
    let zeng = county
        .fellow(
            store,
            &admin,
            FellowForm {
                employer: "华为技术".into(), ..county.fellow_form("曾国藩", "新墙镇", Some("清水村"))
            },
        )
        .await;
    let names = |rows: Vec<guichao_store::fellows::FellowRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    for q in ["张", "张三", "張三", "zhangsan", "zhang", "zs"] {
        let found = names(store.fellows(&admin, Permission::FellowRead).unwrap().search(q, 20).await.unwrap());
        assert_eq!(found.first(), Some(&zhang), "{q}: exact or shortest first in {found:?}");
        assert!(found.contains(&other), "{q}: the county sees 筻口镇 too");
        let mine = names(staff_fellows.search(q, 20).await.unwrap());
        assert_eq!(mine, vec![zhang], "{q}: 新墙镇 sees only its own");
    }
    for q in ["zeng", "ceng", "zgf", "曾国", "华为", "深圳"] {
        assert!(names(staff_fellows.search(q, 20).await.unwrap()).contains(&zeng), "{q}");
    }
    assert!(staff_fellows.search("", 20).await.unwrap().is_empty());
    assert!(staff_fellows.search("\" OR 1=1 --", 20).await.unwrap().is_empty(), "query syntax is text");
    db
});

// The database ranks each index query's candidates and returns only the best
// `limit`; the order must be the one `search_fellows` documents, whatever the
// limit, and an exact name comes first even past the ranked candidates.
store_test!(search_ranks_best_first_at_any_limit, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_fellows = store.fellows(&admin, Permission::FellowRead).unwrap();
    let names = ["张三丰", "小张", "张", "張三", "张三", "张伟", "张三", "张", "欧阳张", "张张", "張"];
    let mut fellows = Vec::new();
    for name in names {
        fellows.push((county.fellow(store, &admin, county.fellow_form(name, "新墙镇", None)).await, name));
    }
    let typed = "张";
    // Exact, then starting with the text, then by name (bytes, so shorter
    // before longer with the same start), then id.
    fellows.sort_by_key(|&(id, name)| (name != typed, !name.starts_with(typed), name, id));
    let expected: Vec<_> = fellows.iter().map(|(id, _)| *id).collect();
    for limit in 1..=expected.len() as u64 + 1 {
        let found: Vec<_> = admin_fellows.search(typed, limit).await.unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(found, expected[..(limit as usize).min(expected.len())], "limit {limit}");
    }
    let rows = admin_fellows.search(typed, 3).await.unwrap();
    assert_eq!((rows[0].township.as_str(), rows[0].name.as_str()), ("新墙镇", "张"), "rows carry their unit names");

    // More matches than the index query ranks: the exact name written last still leads.
    let given: Vec<char> = "甲乙丙丁戊己庚辛壬癸子".chars().collect();
    for a in &given {
        for b in &given {
            county.fellow(store, &admin, county.fellow_form(&format!("李{a}{b}"), "筻口镇", None)).await;
        }
    }
    let last = county.fellow(store, &admin, county.fellow_form("李", "筻口镇", None)).await;
    let found = admin_fellows.search("李", 5).await.unwrap();
    assert_eq!(found.len(), 5);
    assert_eq!(found.first().map(|r| r.id), Some(last));
    db
});

store_test!(the_database_holds_no_plaintext_phone, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let form = FellowForm {
        phone: "13912345678".into(),
        wechat: "wx_secret_1".into(),
        email: "secret.person@example.com".into(),
        ..county.fellow_form("李四", "新墙镇", None)
    };
    let id = county.fellow(store, &admin, form).await;
    // Reveal is audited and gives the value back.
    assert_eq!(
        store
            .fellows(&admin, Permission::FellowReveal)
            .unwrap()
            .reveal(id, PersonalField::Phone)
            .await
            .unwrap()
            .as_deref(),
        Some("13912345678")
    );
    let log = store.fellows(&admin, Permission::FellowRead).unwrap().history(id).await.unwrap();
    assert!(log.iter().any(|e| e.action == "fellow.reveal"));
    // A leader may read but not reveal.
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    assert!(matches!(store.fellows(&leader, Permission::FellowReveal), Err(StoreError::Forbidden)));
    if store.backend() == guichao_store::Backend::Sqlite {
        store.system().connection().clone().close().await.ok();
        let path = db.url.trim_start_matches("sqlite://");
        let mut bytes = std::fs::read(path).unwrap();
        bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
        for secret in ["13912345678", "wx_secret_1", "secret.person"] {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} stored in plain text");
        }
    }
    db
});

store_test!(duplicates_are_found_merged_and_unmerged, |db: TestDb| async move {
    use guichao_domain::fellows::{CompanyRole, HeldRole, RelationKind};
    use guichao_store::fellows::{CompanyDraft, DuplicateReason};
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_writes = store.fellows(&admin, Permission::FellowWrite).unwrap();
    let admin_fellows = store.fellows(&admin, Permission::FellowRead).unwrap();
    let with_phone =
        |name: &str| FellowForm { phone: "13700001111".into(), ..county.fellow_form(name, "新墙镇", None) };
    let keep = county.fellow(store, &admin, with_phone("王五")).await;
    // The warning before saving a second record with the same phone.
    let draft = with_phone("王五").parse(today()).unwrap();
    let hits = admin_fellows.duplicates(&draft, None).await.unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].fellow_id, keep);
    assert!(hits[0].reasons.contains(&DuplicateReason::SamePhone));
    assert!(admin_fellows.duplicates(&draft, Some(keep)).await.unwrap().is_empty(), "not a duplicate of itself");
    // A township cadre elsewhere is not told the record exists.
    let other = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let elsewhere = with_phone("王五").parse(today()).unwrap();
    assert!(
        store.fellows(&other, Permission::FellowRead).unwrap().duplicates(&elsewhere, None).await.unwrap().is_empty()
    );

    let drop = county.fellow(store, &admin, FellowForm { employer: "某电子厂".into(), ..with_phone("王五") }).await;
    let friend = county.fellow(store, &admin, county.fellow_form("赵六", "新墙镇", None)).await;
    let company = CompanyDraft {
        name: "岳阳华湘电子有限公司".into(),
        credit_code: None,
        industry: "电子".into(),
        city: "深圳".into(),
    };
    admin_writes.link_company(drop, company, CompanyRole::Owner).await.unwrap();
    admin_writes.add_held_role(drop, HeldRole::IndustryAdvisor, None, None, "").await.unwrap();
    admin_writes.relate(drop, friend, RelationKind::Classmate, "高中").await.unwrap();
    admin_writes.relate(drop, keep, RelationKind::Kin, "").await.unwrap();
    let pairs = admin_fellows.duplicate_pairs(50).await.unwrap();
    assert_eq!(pairs.len(), 1, "{pairs:?}");

    admin_writes.merge(keep, drop).await.unwrap();
    let kept = admin_fellows.get(keep).await.unwrap();
    assert_eq!(kept.companies.len(), 1);
    assert_eq!(kept.roles.len(), 1);
    assert_eq!(kept.relations.len(), 1, "the relation to the friend moved; the one between the two is gone");
    assert_eq!(kept.employer, "某电子厂", "an empty field was filled");
    let dropped = admin_fellows.get(drop).await.unwrap();
    assert_eq!(dropped.merged_into, Some(keep));
    assert!(admin_fellows.search("华湘", 10).await.unwrap().iter().all(|r| r.id == keep));
    assert!(admin_fellows.duplicate_pairs(50).await.unwrap().is_empty());

    admin_writes.unmerge(drop).await.unwrap();
    let kept = admin_fellows.get(keep).await.unwrap();
    let back = admin_fellows.get(drop).await.unwrap();
    assert!(kept.companies.is_empty() && kept.roles.is_empty() && kept.employer.is_empty());
    assert_eq!(back.companies.len(), 1);
    assert_eq!(back.relations.len(), 2);
    assert_eq!(back.merged_into, None);
    assert!(back.archived_at.is_none());
    assert!(guichao_store::audit::verify_all(store).await.unwrap().is_ok());
    db
});
