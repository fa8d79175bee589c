//! Importing checked rows: the dry run's counts, duplicates within the file and
//! against the registry with skip / update / merge (for the import and per
//! row), the township user's limits, re-importing adding nothing, one audit
//! event per commit, and each fellow an import wrote linked to it (the batch
//! filter and the fellow's history).

use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{DuplicateAction, FellowDraft, FellowForm};
use guichao_store::audit::AuditQuery;
use guichao_store::fellows::{FellowQuery, ImportCounts, ImportPlan, ImportSource, PersonalField};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, store_test};

/// A checked row of a file, as `guichao-sheets` gives it.
#[derive(Clone)]
struct ImportRow {
    row: u64,
    draft: FellowDraft,
    action: Option<DuplicateAction>,
}

async fn plan(store: &Store, actor: &Actor, rows: &[ImportRow], default: DuplicateAction) -> ImportPlan {
    let mut planner = store.fellows(actor, Permission::FellowWrite).unwrap().import_planner(default).await.unwrap();
    for r in rows {
        planner.add(r.row, &r.draft, r.action);
    }
    planner.finish(store).await.unwrap()
}

async fn commit(
    store: &Store,
    actor: &Actor,
    rows: Vec<ImportRow>,
    default: DuplicateAction,
) -> (ImportPlan, ImportCounts) {
    let mut planner = store.fellows(actor, Permission::FellowWrite).unwrap().import_planner(default).await.unwrap();
    for r in &rows {
        planner.add(r.row, &r.draft, r.action);
    }
    planner.finish(store).await.unwrap();
    let mut session = store.begin_import(planner, &|_| {}).await.unwrap();
    for r in rows {
        session.add(r.row, r.draft).await.unwrap();
    }
    session.finish(&source()).await.unwrap()
}

fn row(county: &County, n: u64, edit: impl FnOnce(&mut FellowForm)) -> ImportRow {
    let mut form = county.fellow_form("", "新墙镇", None);
    edit(&mut form);
    let draft: FellowDraft = form.parse(chrono::Utc::now().date_naive()).expect("valid row");
    ImportRow { row: n, draft, action: None }
}

fn source() -> ImportSource {
    ImportSource { file_name: "名录.xlsx".into(), sha256: "ab".repeat(32), rows_in_file: 5, rejected_in_file: 1 }
}

async fn count(store: &Store, actor: &Actor) -> u64 {
    store.fellows(actor, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap()
}

store_test!(plan_and_commit_with_duplicates, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let known = county
        .fellow(store, &admin, FellowForm { phone: "13800000001".into(), ..county.fellow_form("李明", "新墙镇", None) })
        .await;
    let rows = vec![
        row(&county, 3, |f| f.name = "王芳".into()),
        // Same phone as the registered 李明.
        row(&county, 4, |f| {
            f.name = "李明".into();
            f.phone = "138 0000 0001".into();
            f.title = "董事长".into();
        }),
        // Same name, no year, same township as row 3: the same person.
        row(&county, 5, |f| {
            f.name = "王芳".into();
            f.employer = "岳阳某公司".into();
        }),
        row(&county, 6, |f| {
            f.name = "赵强".into();
            f.township_id = county.unit("筻口镇").to_string();
        }),
    ];
    let plan = plan(store, &admin, &rows, DuplicateAction::Skip).await;
    assert_eq!((plan.rows, plan.new, plan.refused.len()), (4, 2, 0));
    assert_eq!(plan.in_file.len(), 1);
    assert_eq!((plan.in_file[0].row, plan.in_file[0].first_row), (5, 3));
    assert_eq!(plan.in_registry.len(), 1);
    assert_eq!((plan.in_registry[0].row, plan.in_registry[0].fellow_id), (4, known));
    assert_eq!(count(store, &admin).await, 1, "a dry run writes nothing");

    // Row 4 updates the registered fellow; row 5 merges into row 3.
    let mut rows = rows;
    rows[1].action = Some(DuplicateAction::Update);
    rows[2].action = Some(DuplicateAction::Merge);
    let (_, counts) = commit(store, &admin, rows.clone(), DuplicateAction::Skip).await;
    assert_eq!((counts.created, counts.updated, counts.merged, counts.skipped), (2, 1, 1, 0));
    assert_eq!(count(store, &admin).await, 3);
    let li = store.fellows(&admin, Permission::FellowRead).unwrap().get(known).await.unwrap();
    assert_eq!(li.title, "董事长");
    let wang = store.fellows(&admin, Permission::FellowRead).unwrap().search("王芳", 10).await.unwrap();
    assert_eq!(wang.len(), 1);
    assert_eq!(wang[0].employer, "岳阳某公司", "the later row's value filled the blank");

    // The same file again, skipping duplicates, adds nothing.
    let (plan, counts) = commit(store, &admin, rows, DuplicateAction::Skip).await;
    assert_eq!(plan.new, 0);
    assert_eq!(counts.created, 0);
    assert_eq!(count(store, &admin).await, 3);

    let events = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 100, ..Default::default() })
        .await
        .unwrap();
    let imports: Vec<_> = events.iter().filter(|e| e.action == "fellow.import").collect();
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[1].detail["created"], 2);
    assert_eq!(imports[1].detail["rejected"], 1);
    assert_eq!(imports[1].detail["file"], "名录.xlsx");
    assert_eq!(imports[1].actor_name, "admin");
    db
});

store_test!(update_and_merge_meet_the_registered_record, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_fellows = store.fellows(&admin, Permission::FellowRead).unwrap();
    let base = FellowForm {
        phone: "13800000002".into(),
        title: "总经理".into(),
        notes: "老会员".into(),
        ..county.fellow_form("陈静", "新墙镇", None)
    };
    let id = county.fellow(store, &admin, base).await;
    let incoming = row(&county, 2, |f| {
        f.name = "陈静".into();
        f.phone = "13800000002".into();
        f.title = "董事长".into();
        f.id_number = "43062119750101001X".into();
        f.notes = "2026年返乡考察".into();
        f.township_id = county.unit("筻口镇").to_string();
    });
    commit(store, &admin, vec![incoming.clone()], DuplicateAction::Merge).await;
    let merged = admin_fellows.get(id).await.unwrap();
    assert_eq!(merged.title, "总经理", "merge keeps what the record has");
    assert_eq!(merged.notes, "老会员\n2026年返乡考察");
    assert_eq!(merged.township, "新墙镇", "an import never moves a fellow");
    let revealed =
        store.fellows(&admin, Permission::FellowReveal).unwrap().reveal(id, PersonalField::IdNumber).await.unwrap();
    assert_eq!(revealed.as_deref(), Some("43062119750101001X"), "merge fills what it lacks");

    commit(store, &admin, vec![incoming], DuplicateAction::Update).await;
    let updated = admin_fellows.get(id).await.unwrap();
    assert_eq!(updated.title, "董事长");
    assert_eq!(updated.version, merged.version + 1);
    assert_eq!(admin_fellows.search("董事长", 10).await.unwrap().len(), 1, "tokens rebuilt");
    db
});

store_test!(each_fellow_an_import_writes_is_in_its_batch_and_has_it_in_their_history, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let fellows = store.fellows(&admin, Permission::FellowRead).unwrap();
    let known = FellowForm { phone: "13800000002".into(), ..county.fellow_form("陈静", "新墙镇", None) };
    let known = county.fellow(store, &admin, known).await;
    let untouched = county.fellow(store, &admin, county.fellow_form("旁人", "新墙镇", None)).await;
    let rows = vec![
        row(&county, 2, |f| f.name = "李明".into()),
        row(&county, 3, |f| {
            f.name = "陈静".into();
            f.phone = "13800000002".into();
            f.title = "董事长".into();
        }),
        row(&county, 4, |f| f.name = "王芳".into()),
    ];
    let mut planner =
        store.fellows(&admin, Permission::FellowWrite).unwrap().import_planner(DuplicateAction::Update).await.unwrap();
    for r in &rows {
        planner.add(r.row, &r.draft, r.action);
    }
    planner.finish(store).await.unwrap();
    let mut session = store.begin_import(planner, &|_| {}).await.unwrap();
    let batch = session.import_id();
    for r in rows {
        session.add(r.row, r.draft).await.unwrap();
    }
    session.finish(&source()).await.unwrap();

    let listed = fellows.list(&FellowQuery { import: Some(batch), limit: 10, ..Default::default() }).await.unwrap();
    let mut names: Vec<&str> = listed.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["李明", "王芳", "陈静"], "created and updated, not the fellow it left alone");
    assert_eq!(fellows.count(&FellowQuery { import: Some(batch), ..Default::default() }).await.unwrap(), 3);
    for f in &listed {
        let history = fellows.history(f.id).await.unwrap();
        let imports: Vec<_> = history.iter().filter(|e| e.action == "fellow.import").collect();
        assert_eq!(imports.len(), 1, "{}", f.name);
        assert_eq!(imports[0].detail["file"], "名录.xlsx");
    }
    assert!(fellows.history(known).await.unwrap().iter().any(|e| e.action == "fellow.import"));
    assert!(fellows.history(untouched).await.unwrap().iter().all(|e| e.action != "fellow.import"));
    let other = guichao_domain::ids::new_id();
    assert_eq!(fellows.count(&FellowQuery { import: Some(other), ..Default::default() }).await.unwrap(), 0);
    db
});

store_test!(a_later_row_of_a_registered_fellow_updates_them_too, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let form = FellowForm { phone: "13800000003".into(), ..county.fellow_form("周红", "新墙镇", None) };
    let id = county.fellow(store, &admin, form).await;
    let rows = vec![
        row(&county, 2, |f| {
            f.name = "周红".into();
            f.phone = "13800000003".into();
            f.title = "会长".into();
        }),
        row(&county, 3, |f| {
            f.name = "周红".into();
            f.phone = "13800000003".into();
            f.employer = "长沙某公司".into();
        }),
    ];
    let (plan, counts) = commit(store, &admin, rows, DuplicateAction::Merge).await;
    assert_eq!((plan.in_registry.len(), plan.in_file.len()), (1, 1));
    assert_eq!((counts.created, counts.merged), (0, 2));
    let merged = store.fellows(&admin, Permission::FellowRead).unwrap().get(id).await.unwrap();
    assert_eq!((merged.title.as_str(), merged.employer.as_str()), ("会长", "长沙某公司"));
    db
});

store_test!(a_township_user_imports_only_their_township, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let clerk = county.user(store, "clerk", BuiltinRole::TownshipStaff, "新墙镇").await;
    let rows = vec![
        row(&county, 2, |f| f.name = "本镇人".into()),
        row(&county, 3, |f| {
            f.name = "别镇人".into();
            f.township_id = county.unit("筻口镇").to_string();
        }),
        row(&county, 4, |f| {
            f.name = "错村人".into();
            f.village_id = county.unit("筻口村").to_string();
        }),
    ];
    let (plan, counts) = commit(store, &clerk, rows, DuplicateAction::Skip).await;
    assert_eq!(counts.created, 1);
    let refused: Vec<u64> = plan.refused.iter().map(|r| r.row).collect();
    assert_eq!(refused, [3, 4]);
    assert!(plan.refused[0].reason.get(guichao_domain::Lang::Zh).contains("筻口镇不在您的管理范围内"));
    assert!(plan.refused[1].reason.get(guichao_domain::Lang::Zh).contains("不属于所填乡镇"));
    assert_eq!(count(store, &clerk).await, 1);
    db
});

store_test!(an_unfinished_or_changed_commit_writes_nothing, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let name = |n: u64| {
        let c = |i: u64| char::from_u32(0x4E00 + i as u32).unwrap();
        format!("乡{}{}", c(n / 200), c(n % 200))
    };
    let rows: Vec<ImportRow> = (0..30_050).map(|n| row(&county, n + 2, |f| f.name = name(n))).collect();
    let mut planner =
        store.fellows(&admin, Permission::FellowWrite).unwrap().import_planner(DuplicateAction::Skip).await.unwrap();
    for r in &rows {
        planner.add(r.row, &r.draft, r.action);
    }
    assert_eq!(planner.finish(store).await.unwrap().new, 30_050);
    let mut session = store.begin_import(planner, &|_| {}).await.unwrap();
    // More than one bulk batch goes out before the session is dropped.
    for r in rows.iter().take(25_000).cloned() {
        session.add(r.row, r.draft).await.unwrap();
    }
    drop(session);
    assert_eq!(count(store, &admin).await, 0);

    // Rows that are not the planned ones are refused, and nothing is written.
    let mut planner =
        store.fellows(&admin, Permission::FellowWrite).unwrap().import_planner(DuplicateAction::Skip).await.unwrap();
    planner.add(rows[0].row, &rows[0].draft, None);
    let mut session = store.begin_import(planner, &|_| {}).await.unwrap();
    assert!(session.add(rows[1].row, rows[1].draft.clone()).await.is_err());
    drop(session);
    assert_eq!(count(store, &admin).await, 0);
    db
});
