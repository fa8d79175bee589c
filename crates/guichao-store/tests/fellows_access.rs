//! The access matrix extended to fellows: each built-in role against a fellow of
//! its own unit, of a village below, of a sibling township, and of another
//! tenant — in the list, the count, the detail, search and reveal.

use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_store::fellows::{FellowQuery, PersonalField};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

async fn sees(store: &Store, actor: &Actor, id: Uuid) -> bool {
    match store.fellows(actor, Permission::FellowRead).unwrap().get(id).await {
        Ok(_) => true,
        Err(StoreError::NotFound | StoreError::Forbidden) => false,
        Err(e) => panic!("unexpected {e:?}"),
    }
}

store_test!(roles_see_fellows_by_scope, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let other_admin = county.user(store, "other_admin", BuiltinRole::CountyAdmin, "平江县").await;
    // Fellows named so one search finds them all: 新墙镇 (township level), 新墙村,
    // 清水村 (both in 新墙镇), 筻口镇 (sibling), and 安定镇 of the other tenant.
    let town = county.fellow(store, &admin, county.fellow_form("测试甲", "新墙镇", None)).await;
    let village = county.fellow(store, &admin, county.fellow_form("测试乙", "新墙镇", Some("新墙村"))).await;
    let other_village = county.fellow(store, &admin, county.fellow_form("测试丙", "新墙镇", Some("清水村"))).await;
    let sibling = county.fellow(store, &admin, county.fellow_form("测试丁", "筻口镇", None)).await;
    let form = guichao_domain::fellows::FellowForm {
        name: "测试戊".into(),
        category: "industry_commerce".into(),
        township_id: county.unit("安定镇").to_string(),
        ..Default::default()
    };
    let foreign = store
        .fellows(&other_admin, Permission::FellowWrite)
        .unwrap()
        .create(form.parse(chrono::Utc::now().date_naive()).unwrap())
        .await
        .unwrap();
    let ids = [town, village, other_village, sibling, foreign];
    // (role, unit, sees: town, village, other village, sibling, foreign)
    let cases = [
        (BuiltinRole::CountyAdmin, "岳阳县", [true, true, true, true, false]),
        (BuiltinRole::CountyStaff, "岳阳县", [true, true, true, true, false]),
        (BuiltinRole::Leader, "岳阳县", [true, true, true, true, false]),
        (BuiltinRole::TownshipStaff, "新墙镇", [true, true, true, false, false]),
        (BuiltinRole::VillageCadre, "新墙村", [false, true, false, false, false]),
        (BuiltinRole::ProjectOfficer, "岳阳县", [false; 5]),
        (BuiltinRole::ChamberLiaison, "岳阳县", [false; 5]),
    ];
    for (i, (role, unit, expected)) in cases.into_iter().enumerate() {
        let actor = county.user(store, &format!("u{i}"), role, unit).await;
        let actor_fellows = store.fellows(&actor, Permission::FellowRead).unwrap();
        let want: Vec<Uuid> = ids.iter().zip(expected).filter(|(_, w)| *w).map(|(id, _)| *id).collect();
        for (id, w) in ids.iter().zip(expected) {
            assert_eq!(sees(store, &actor, *id).await, w, "{role:?} detail of {id}");
        }
        let listed: Vec<Uuid> = actor_fellows
            .list(&FellowQuery { limit: 100, ..Default::default() })
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        let mut sorted = listed.clone();
        sorted.sort();
        let mut want_sorted = want.clone();
        want_sorted.sort();
        assert_eq!(sorted, want_sorted, "{role:?} list");
        assert_eq!(actor_fellows.count(&FellowQuery::default()).await.unwrap(), want.len() as u64, "{role:?} count");
        let mut found: Vec<Uuid> = actor_fellows.search("测试", 50).await.unwrap().into_iter().map(|r| r.id).collect();
        found.sort();
        assert_eq!(found, want_sorted, "{role:?} search");
        // Writing follows the same lines: a sibling township's fellow is not found.
        if !expected[3] {
            // (Without the permission at all, the handle itself is refused.)
            let archived = match store.fellows(&actor, Permission::FellowWrite) {
                Ok(fellows) => fellows.archive(sibling).await,
                Err(e) => Err(e),
            };
            assert!(matches!(archived, Err(StoreError::NotFound | StoreError::Forbidden)));
            let revealed = match store.fellows(&actor, Permission::FellowReveal) {
                Ok(fellows) => fellows.reveal(sibling, PersonalField::Phone).await,
                Err(e) => Err(e),
            };
            assert!(matches!(revealed, Err(StoreError::NotFound | StoreError::Forbidden)));
        }
    }
    db
});

store_test!(home_units_are_checked_on_write, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let staff_writes = store.fellows(&staff, Permission::FellowWrite).unwrap();
    let today = chrono::Utc::now().date_naive();
    // Another township: outside what 新墙镇 manages.
    let elsewhere = county.fellow_form("甲", "筻口镇", None).parse(today).unwrap();
    assert!(matches!(staff_writes.create(elsewhere).await, Err(StoreError::Invalid(_))));
    // A village that is not in the township.
    let mut mismatched = county.fellow_form("乙", "新墙镇", None).parse(today).unwrap();
    mismatched.village_id = Some(county.unit("筻口村"));
    assert!(matches!(staff_writes.create(mismatched).await, Err(StoreError::Invalid(_))));
    // A "township" of the other tenant.
    let mut foreign = county.fellow_form("丙", "新墙镇", None).parse(today).unwrap();
    foreign.township_id = county.unit("安定镇");
    assert!(matches!(staff_writes.create(foreign).await, Err(StoreError::Invalid(_))));
    // A village given as the township.
    let mut village = county.fellow_form("丁", "新墙镇", None).parse(today).unwrap();
    village.township_id = county.unit("新墙村");
    assert!(matches!(staff_writes.create(village).await, Err(StoreError::Invalid(_))));
    assert_eq!(
        store.fellows(&staff, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        0,
        "nothing written"
    );
    db
});

// A tenant-wide user of the only tenant searches without a scope term (see
// `search_fellows`); the result must not change once a second tenant exists.
store_test!(tenant_wide_search_with_one_and_two_tenants, |db: TestDb| async move {
    use guichao_domain::org::UnitLevel;
    use guichao_store::org::UnitRow;
    let store = &db.store;
    let t = store.system().create_tenant("430621", "岳阳县").await.unwrap();
    let town = UnitRow { name: "新墙镇".into(), level: UnitLevel::Township, parent: None };
    store.system().import_units(t.id, &[town]).await.unwrap();
    let units = units_of(store, t.id).await;
    let unit = |name: &str| units.iter().find(|u| u.name == name).unwrap().id;
    let user = store
        .system()
        .bootstrap_user(t.id, "staff", "staff", unit("岳阳县"), &[BuiltinRole::CountyStaff], "Test-pass-1")
        .await
        .unwrap();
    let staff = store.system().actor(t.id, user).await.unwrap();
    let admin_id = store
        .system()
        .bootstrap_user(t.id, "admin", "admin", unit("岳阳县"), &[BuiltinRole::CountyAdmin], "Test-pass-1")
        .await
        .unwrap();
    let admin = store.system().actor(t.id, admin_id).await.unwrap();
    let admin_writes = store.fellows(&admin, Permission::FellowWrite).unwrap();
    let form = |name: &str| guichao_domain::fellows::FellowForm {
        name: name.into(),
        category: "industry_commerce".into(),
        township_id: unit("新墙镇").to_string(),
        ..Default::default()
    };
    let today = chrono::Utc::now().date_naive();
    let kept = admin_writes.create(form("欧阳明").parse(today).unwrap()).await.unwrap();
    let archived = admin_writes.create(form("欧阳亮").parse(today).unwrap()).await.unwrap();
    admin_writes.archive(archived).await.unwrap();
    let staff = &staff;
    let found = |text: &'static str| async move {
        store
            .fellows(staff, Permission::FellowRead)
            .unwrap()
            .search(text, 20)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(found("欧阳").await, vec![kept]);
    assert_eq!(found("oy").await, vec![kept]);
    // A second county with a fellow of the same name.
    let other = store.system().create_tenant("430626", "平江县").await.unwrap();
    let other_town = UnitRow { name: "安定镇".into(), level: UnitLevel::Township, parent: None };
    store.system().import_units(other.id, &[other_town]).await.unwrap();
    let other_units = units_of(store, other.id).await;
    let other_admin_id = store
        .system()
        .bootstrap_user(other.id, "oadmin", "oadmin", other.root_unit_id, &[BuiltinRole::CountyAdmin], "Test-pass-1")
        .await
        .unwrap();
    let other_admin = store.system().actor(other.id, other_admin_id).await.unwrap();
    let township = other_units.iter().find(|u| u.name == "安定镇").unwrap().id;
    let foreign = guichao_domain::fellows::FellowForm { township_id: township.to_string(), ..form("欧阳明") };
    store.fellows(&other_admin, Permission::FellowWrite).unwrap().create(foreign.parse(today).unwrap()).await.unwrap();
    assert_eq!(found("欧阳").await, vec![kept]);
    assert_eq!(found("欧阳明").await, vec![kept]);
    db
});

async fn units_of(store: &Store, tenant_id: Uuid) -> Vec<guichao_store::entities::org_unit::Model> {
    use guichao_store::entities::org_unit;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .all(store.system().connection())
        .await
        .unwrap()
}
