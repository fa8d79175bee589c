//! Acting on other accounts: nobody acts on an account that holds more than
//! they could grant, and the county keeps its last administrator.

use guichao_domain::access::BuiltinRole;
use guichao_store::org::UserEdit;
use guichao_store::testing::{County, TEST_PASSWORD, TestDb};
use guichao_store::{Actor, Store, StoreError, StoreResult, store_test};
use uuid::Uuid;

/// An edit of `id` as `actor` sees it, changed by `change`.
async fn edit(store: &Store, actor: &Actor, id: Uuid, change: impl FnOnce(&mut UserEdit)) -> StoreResult<()> {
    let seen = store.user(actor, id).await?;
    let mut edit = UserEdit {
        display_name: seen.summary.display_name.clone(),
        unit_id: seen.summary.unit_id,
        role_ids: seen.role_ids.clone(),
        active: seen.summary.active,
        version: seen.version,
    };
    change(&mut edit);
    store.update_user(actor, id, edit).await
}

store_test!(township_staff_cannot_take_over_a_county_admin_placed_in_their_township, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let boss = county.user(store, "boss", BuiltinRole::CountyAdmin, "新墙镇").await;
    let cadre = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    // The account is in their township, so they see it, but may not act on it.
    let seen = store.user(&staff, boss.user_id()).await.unwrap();
    assert!(!seen.manageable);
    let reset = store.reset_password(&staff, boss.user_id(), "Taken-over-1").await;
    assert!(matches!(reset, Err(StoreError::Forbidden)), "{reset:?}");
    for change in [
        (|e: &mut UserEdit| e.active = false) as fn(&mut UserEdit),
        |e| e.display_name = "改名".into(),
        |e| e.role_ids.clear(),
        |e| e.unit_id = Uuid::nil(),
    ] {
        let res = edit(store, &staff, boss.user_id(), change).await;
        assert!(matches!(res, Err(StoreError::Forbidden)), "{res:?}");
    }
    let after = store.user(&staff, boss.user_id()).await.unwrap();
    assert!(after.summary.active && after.summary.display_name == "boss" && after.version == seen.version);
    assert!(store.login(county.tenant_id, "boss", TEST_PASSWORD, None).await.unwrap().is_ok(), "password kept");
    assert!(store.login(county.tenant_id, "boss", "Taken-over-1", None).await.unwrap().is_err());
    // Their own cadres remain theirs to manage.
    assert!(store.user(&staff, cadre.user_id()).await.unwrap().manageable);
    store.reset_password(&staff, cadre.user_id(), "Cadre-pass-2").await.unwrap();
    edit(store, &staff, cadre.user_id(), |e| e.display_name = "村干部乙".into()).await.unwrap();
    // Out of their township is still "not found".
    let away = county.user(store, "gangkou", BuiltinRole::VillageCadre, "筻口村").await;
    assert!(matches!(store.reset_password(&staff, away.user_id(), "Other-pass-2").await, Err(StoreError::NotFound)));
    db
});

store_test!(a_county_admin_cannot_act_on_a_security_admin, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let sec = county.user(store, "sec", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let admin = county.user(store, "cadmin", BuiltinRole::CountyAdmin, "岳阳县").await;
    assert!(!store.user(&admin, sec.user_id()).await.unwrap().manageable);
    assert!(matches!(store.reset_password(&admin, sec.user_id(), "Taken-over-1").await, Err(StoreError::Forbidden)));
    assert!(matches!(edit(store, &admin, sec.user_id(), |e| e.active = false).await, Err(StoreError::Forbidden)));
    // The other way round the security admin may give roles and reset the
    // password, and everyone may edit their own name.
    let seen = store.user(&sec, admin.user_id()).await.unwrap();
    assert!(seen.manageable && seen.may_grant && seen.may_reset && !seen.may_edit);
    assert!(store.user(&admin, admin.user_id()).await.unwrap().manageable);
    edit(store, &admin, admin.user_id(), |e| e.display_name = "县管理员".into()).await.unwrap();
    db
});

fn refused_for_last_admin(res: &StoreResult<()>) -> bool {
    matches!(res, Err(StoreError::Invalid(m)) if m.zh.contains("系统管理员") && m.en.contains("System admin"))
}

store_test!(the_last_system_admin_keeps_the_role, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let root = county.user(store, "root", BuiltinRole::SystemAdmin, "岳阳县").await;
    let sec = county.user(store, "sec", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let county_admin = store.system().builtin_role_id(county.tenant_id, BuiltinRole::CountyAdmin).await.unwrap();
    // Alone: the security admin can neither take every role away nor turn
    // them into a county admin.
    let res = edit(store, &sec, root.user_id(), |e| e.role_ids.clear()).await;
    assert!(refused_for_last_admin(&res), "{res:?}");
    let res = edit(store, &sec, root.user_id(), |e| e.role_ids = vec![county_admin]).await;
    assert!(refused_for_last_admin(&res), "{res:?}");
    let me = store.user(&root, root.user_id()).await.unwrap();
    assert_eq!(me.summary.roles, ["system_admin"], "nothing half-written");
    // A disabled second system admin does not count.
    let second = county.user(store, "root2", BuiltinRole::SystemAdmin, "岳阳县").await;
    edit(store, &root, second.user_id(), |e| e.active = false).await.unwrap();
    let res = edit(store, &sec, root.user_id(), |e| e.role_ids.clear()).await;
    assert!(refused_for_last_admin(&res), "{res:?}");
    // Nor may the last active one be disabled (here by a county admin, who
    // holds all a system admin does).
    let cadmin = county.user(store, "cadmin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let res = edit(store, &cadmin, root.user_id(), |e| e.active = false).await;
    assert!(refused_for_last_admin(&res), "{res:?}");
    // Once the second is active again, the first may step down.
    edit(store, &root, second.user_id(), |e| e.active = true).await.unwrap();
    edit(store, &sec, root.user_id(), |e| e.role_ids = vec![county_admin]).await.unwrap();
    // Now the second is the last one.
    let res = edit(store, &sec, second.user_id(), |e| e.role_ids.clear()).await;
    assert!(refused_for_last_admin(&res), "{res:?}");
    db
});

store_test!(the_last_county_admin_may_go_while_a_security_admin_remains, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let sec = county.user(store, "sec", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let admin = county.user(store, "cadmin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let staff = store.system().builtin_role_id(county.tenant_id, BuiltinRole::CountyStaff).await.unwrap();
    edit(store, &sec, admin.user_id(), |e| e.role_ids = vec![staff]).await.unwrap();
    assert_eq!(store.user(&sec, admin.user_id()).await.unwrap().summary.roles, ["county_staff"]);
    db
});

store_test!(two_admins_stepping_down_at_once_leave_one, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let a = county.user(store, "root_a", BuiltinRole::SystemAdmin, "岳阳县").await;
    let b = county.user(store, "root_b", BuiltinRole::SystemAdmin, "岳阳县").await;
    let sec = county.user(store, "sec", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let (ra, rb) = tokio::join!(
        edit(store, &sec, a.user_id(), |e| e.role_ids.clear()),
        edit(store, &sec, b.user_id(), |e| e.role_ids.clear()),
    );
    assert_eq!([ra.is_ok(), rb.is_ok()].iter().filter(|ok| **ok).count(), 1, "{ra:?} {rb:?}");
    let still = store.system().first_system_admin(county.tenant_id).await.unwrap();
    assert!(still.is_some(), "a system admin is left");
    db
});
