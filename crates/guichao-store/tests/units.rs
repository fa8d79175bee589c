//! The org tree: reading a level at a time within scope, editing, bulk loading.

use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::org::UnitLevel;
use guichao_store::org::UnitRow;
use guichao_store::testing::{County, TestDb};
use guichao_store::{StoreError, store_test};

store_test!(the_tree_is_read_a_level_at_a_time_within_scope, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let top = store.unit_children(&admin, None).await.unwrap();
    assert_eq!(top.len(), 1);
    assert_eq!(top[0].name, "岳阳县");
    assert_eq!(top[0].child_count, 2);
    let townships = store.unit_children(&admin, Some(top[0].id)).await.unwrap();
    let names: Vec<_> = townships.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"新墙镇") && names.contains(&"筻口镇"));

    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let top = store.unit_children(&staff, None).await.unwrap();
    assert_eq!(top.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), vec!["新墙镇"]);
    assert_eq!(store.unit_children(&staff, Some(county.unit("新墙镇"))).await.unwrap().len(), 2);
    assert!(store.unit_children(&staff, Some(county.unit("筻口镇"))).await.unwrap().is_empty());
    assert!(matches!(store.unit(&staff, Permission::OrgRead, county.unit("筻口镇")).await, Err(StoreError::NotFound)));
    assert!(matches!(store.unit(&staff, Permission::OrgRead, county.unit("安定镇")).await, Err(StoreError::NotFound)));
    db
});

store_test!(admins_edit_the_tree, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let village = store.create_unit(&admin, county.unit("筻口镇"), "新建村").await.unwrap();
    assert_eq!(village.level, UnitLevel::Village);
    assert!(matches!(store.create_unit(&admin, village.id, "组").await, Err(StoreError::Invalid(_))));
    assert!(matches!(store.create_unit(&admin, county.unit("筻口镇"), "筻口村").await, Err(StoreError::Conflict(_))));
    store.rename_unit(&admin, village.id, "更名村").await.unwrap();
    assert_eq!(store.unit(&admin, Permission::OrgRead, village.id).await.unwrap().name, "更名村");
    assert!(matches!(store.delete_unit(&admin, county.unit("新墙镇")).await, Err(StoreError::Invalid(_))));
    store.delete_unit(&admin, village.id).await.unwrap();
    // Township staff cannot edit the tree; county staff neither.
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    assert!(matches!(store.create_unit(&staff, county.unit("新墙镇"), "x").await, Err(StoreError::Forbidden)));
    db
});

store_test!(bulk_load_is_all_or_nothing, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let row =
        |name: &str, level, parent: Option<&str>| UnitRow { name: name.into(), level, parent: parent.map(Into::into) };
    let bad = [row("甲村", UnitLevel::Village, Some("新墙镇")), row("乙村", UnitLevel::Village, Some("不存在镇"))];
    let err = store.system().import_units(county.tenant_id, &bad).await.unwrap_err();
    assert!(err.to_string().contains("第3行"), "{err}");
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    assert_eq!(store.unit_children(&admin, Some(county.unit("新墙镇"))).await.unwrap().len(), 2, "nothing written");
    let good = [row("公田镇", UnitLevel::Township, None), row("甲村", UnitLevel::Village, Some("公田镇"))];
    assert_eq!(store.system().import_units(county.tenant_id, &good).await.unwrap(), 2);
    assert_eq!(store.system().import_units(county.tenant_id, &good).await.unwrap(), 0, "re-import adds nothing");
    db
});

store_test!(units_count_the_fellows_the_viewer_may_see_and_their_cadres, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    for (name, township, village) in [
        ("测试甲", "新墙镇", None),
        ("测试乙", "新墙镇", Some("新墙村")),
        ("测试丙", "新墙镇", Some("清水村")),
        ("测试丁", "筻口镇", None),
        ("测试戊", "筻口镇", Some("筻口村")),
    ] {
        county.fellow(store, &admin, county.fellow_form(name, township, village)).await;
    }
    let gone = county.fellow(store, &admin, county.fellow_form("测试己", "新墙镇", Some("新墙村"))).await;
    store.fellows(&admin, Permission::FellowWrite).unwrap().archive(gone).await.unwrap();
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let cadre = county.user(store, "cunganbu", BuiltinRole::VillageCadre, "新墙村").await;
    let units = ["岳阳县", "新墙镇", "筻口镇", "新墙村"].map(|u| county.unit(u));
    let counts = |actor| async move {
        let by_unit = store.fellows(actor, Permission::FellowRead).unwrap().count_by_unit(&units).await.unwrap();
        units.map(|u| by_unit.get(&u).copied().unwrap_or(0))
    };
    // A township counts its villages; archived fellows are not counted.
    assert_eq!(counts(&admin).await, [5, 3, 2, 1]);
    // A township user counts only the fellows of their township.
    assert_eq!(counts(&staff).await, [3, 3, 0, 1]);
    assert_eq!(counts(&cadre).await, [1, 1, 0, 1]);

    let cadres = store.active_users_by_unit(&admin, &units).await.unwrap();
    assert_eq!(units.map(|u| cadres.get(&u).copied().unwrap_or(0)), [1, 1, 0, 1]);
    db
});

store_test!(villages_sharing_a_name_are_labelled_with_their_township, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    store.create_unit(&admin, county.unit("新墙镇"), "枫树村").await.unwrap();
    store.create_unit(&admin, county.unit("筻口镇"), "枫树村").await.unwrap();
    let villages = store.units_at_levels(&admin, Permission::FellowRead, &[UnitLevel::Village], 100).await.unwrap();
    let mut labels: Vec<_> = villages.iter().map(|u| u.label.as_str()).collect();
    labels.sort();
    assert_eq!(labels, ["新墙村", "枫树村（新墙镇）", "枫树村（筻口镇）", "清水村", "筻口村"]);
    let children = store.unit_children(&admin, Some(county.unit("筻口镇"))).await.unwrap();
    assert!(children.iter().any(|u| u.label == "枫树村（筻口镇）"));
    db
});
