//! The access matrix over the user-admin area: each built-in role against its own
//! unit, a unit below, a sibling township and another tenant.

use guichao_domain::access::{BuiltinRole, Grants};
use guichao_store::org::{NewUser, UserEdit, UserQuery};
use guichao_store::testing::{County, TEST_PASSWORD, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

/// One account in each interesting place: the county, 新墙镇, a village of 新墙镇,
/// the sibling township 筻口镇, and the other tenant.
struct Targets {
    county: Uuid,
    township: Uuid,
    village: Uuid,
    sibling: Uuid,
    other_tenant: Uuid,
}

async fn targets(store: &Store, county: &County) -> Targets {
    let make = |name: &'static str, unit: &'static str, tenant: Uuid| {
        let unit = county.unit(unit);
        async move {
            store
                .system()
                .bootstrap_user(tenant, name, name, unit, &[BuiltinRole::VillageCadre], TEST_PASSWORD)
                .await
                .unwrap()
        }
    };
    Targets {
        county: make("t_county", "岳阳县", county.tenant_id).await,
        township: make("t_township", "新墙镇", county.tenant_id).await,
        village: make("t_village", "新墙村", county.tenant_id).await,
        sibling: make("t_sibling", "筻口镇", county.tenant_id).await,
        other_tenant: make("t_other", "安定镇", county.other_tenant_id).await,
    }
}

async fn sees(store: &Store, actor: &Actor, id: Uuid) -> bool {
    match store.user(actor, id).await {
        Ok(_) => true,
        Err(StoreError::NotFound) | Err(StoreError::Forbidden) => false,
        Err(e) => panic!("unexpected {e:?}"),
    }
}

async fn listed(store: &Store, actor: &Actor) -> Vec<String> {
    match store.users(actor, &UserQuery { limit: 200, ..Default::default() }).await {
        Ok(list) => list.into_iter().map(|u| u.username).collect(),
        Err(StoreError::Forbidden) => vec![],
        Err(e) => panic!("unexpected {e:?}"),
    }
}

store_test!(matrix_of_roles_over_user_admin, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let t = targets(store, &county).await;
    // (role, unit, sees: county, township, village, sibling, other tenant)
    let cases = [
        (BuiltinRole::SystemAdmin, "岳阳县", [true, true, true, true, false]),
        (BuiltinRole::SecurityAdmin, "岳阳县", [true, true, true, true, false]),
        (BuiltinRole::AuditAdmin, "岳阳县", [false; 5]),
        (BuiltinRole::CountyAdmin, "岳阳县", [true, true, true, true, false]),
        (BuiltinRole::TownshipStaff, "新墙镇", [false, true, true, false, false]),
        (BuiltinRole::CountyStaff, "岳阳县", [false; 5]),
        (BuiltinRole::VillageCadre, "新墙村", [false; 5]),
        (BuiltinRole::ProjectOfficer, "岳阳县", [false; 5]),
        (BuiltinRole::Leader, "岳阳县", [false; 5]),
        (BuiltinRole::ChamberLiaison, "岳阳县", [false; 5]),
    ];
    for (i, (role, unit, expected)) in cases.into_iter().enumerate() {
        let actor = county.user(store, &format!("actor{i}"), role, unit).await;
        let ids = [t.county, t.township, t.village, t.sibling, t.other_tenant];
        for (id, want) in ids.into_iter().zip(expected) {
            assert_eq!(sees(store, &actor, id).await, want, "{role:?} at {unit} seeing {id}");
        }
        let names = listed(store, &actor).await;
        for (name, want) in ["t_county", "t_township", "t_village", "t_sibling", "t_other"].into_iter().zip(expected) {
            assert_eq!(names.contains(&name.to_string()), want, "{role:?} listing {name}");
        }
    }
    db
});

store_test!(township_staff_manage_only_their_township, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let cadre_role = store.system().builtin_role_id(county.tenant_id, BuiltinRole::VillageCadre).await.unwrap();
    let county_role = store.system().builtin_role_id(county.tenant_id, BuiltinRole::CountyStaff).await.unwrap();
    let new = |unit: &str, role: Uuid| NewUser {
        username: "cadre1".into(),
        display_name: "村干部甲".into(),
        unit_id: county.unit(unit),
        role_ids: vec![role],
        password: TEST_PASSWORD.into(),
    };
    // A village cadre in their own village: allowed.
    let id = store.create_user(&staff, new("新墙村", cadre_role)).await.unwrap();
    // The sibling township, or a role wider than their own: refused.
    assert!(matches!(store.create_user(&staff, new("筻口村", cadre_role)).await, Err(StoreError::Invalid(_))));
    assert!(matches!(store.create_user(&staff, new("清水村", county_role)).await, Err(StoreError::Invalid(_))));
    // Nor may they raise their own account.
    let me = store.user(&staff, staff.user_id()).await.unwrap();
    let raise = UserEdit {
        display_name: "x".into(),
        unit_id: me.summary.unit_id,
        role_ids: vec![county_role],
        active: true,
        version: me.version,
    };
    assert!(matches!(store.update_user(&staff, staff.user_id(), raise).await, Err(StoreError::Invalid(_))));
    // A user of another township answers "not found".
    let sibling = store
        .system()
        .bootstrap_user(
            county.tenant_id,
            "gangkou",
            "筻口",
            county.unit("筻口镇"),
            &[BuiltinRole::TownshipStaff],
            TEST_PASSWORD,
        )
        .await
        .unwrap();
    assert!(matches!(store.user(&staff, sibling).await, Err(StoreError::NotFound)));
    assert!(matches!(store.reset_password(&staff, sibling, "Other-pass-2").await, Err(StoreError::NotFound)));
    // Usernames are unique in a tenant.
    let again = store.create_user(&staff, new("新墙村", cadre_role)).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))));
    assert_eq!(store.user(&staff, id).await.unwrap().summary.unit_name, "新墙村");
    db
});

store_test!(concurrent_edits_conflict, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let target = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let seen = store.user(&admin, target.user_id()).await.unwrap();
    let edit = |name: &str| UserEdit {
        display_name: name.into(),
        unit_id: seen.summary.unit_id,
        role_ids: seen.role_ids.clone(),
        active: true,
        version: seen.version,
    };
    store.update_user(&admin, target.user_id(), edit("第一次")).await.unwrap();
    let second = store.update_user(&admin, target.user_id(), edit("第二次")).await;
    assert!(matches!(second, Err(StoreError::Conflict(_))));
    assert_eq!(store.user(&admin, target.user_id()).await.unwrap().summary.display_name, "第一次");
    // Nobody disables themselves.
    let me = store.user(&admin, admin.user_id()).await.unwrap();
    let off = UserEdit {
        display_name: "a".into(),
        unit_id: me.summary.unit_id,
        role_ids: me.role_ids,
        active: false,
        version: me.version,
    };
    assert!(matches!(store.update_user(&admin, admin.user_id(), off).await, Err(StoreError::Invalid(_))));
    db
});

// An actor loaded from the store holds every one of the user's roles, the
// union of their grants, and the user's unit and county.
store_test!(an_actor_holds_all_its_roles_and_their_grants, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let roles = [BuiltinRole::VillageCadre, BuiltinRole::ChamberLiaison];
    let system = store.system();
    let id = system
        .bootstrap_user(county.tenant_id, "two_hats", "两顶帽子", county.unit("新墙村"), &roles, TEST_PASSWORD)
        .await
        .unwrap();
    let actor = system.actor(county.tenant_id, id).await.unwrap();
    let mut codes: Vec<&str> = actor.roles().iter().map(|(code, _)| code.as_str()).collect();
    codes.sort_unstable();
    let mut expected: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    expected.sort_unstable();
    assert_eq!(codes, expected, "each role once");
    let union = Grants::from_pairs(roles.iter().flat_map(|r| r.grants().iter().collect::<Vec<_>>()));
    assert_eq!(actor.grants(), &union, "the union of the roles' grants, nothing more");
    assert_eq!((actor.unit_id(), actor.unit_name()), (county.unit("新墙村"), "新墙村"));
    assert_eq!(actor.tenant_id(), county.tenant_id);
    db
});
