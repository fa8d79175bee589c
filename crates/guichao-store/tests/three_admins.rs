//! 三员分立 in the store: each of the three administrators does only their own
//! work on accounts, no account holds two of their roles, and the last
//! holder of each keeps it.

use guichao_domain::access::{AdminDuty, BuiltinRole};
use guichao_store::audit::AuditQuery;
use guichao_store::org::{NewUser, UserEdit};
use guichao_store::testing::{County, TEST_PASSWORD, TestDb};
use guichao_store::{Actor, Store, StoreError, StoreResult, store_test};
use uuid::Uuid;

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

fn new_user(name: &str, unit: Uuid, roles: Vec<Uuid>) -> NewUser {
    NewUser {
        username: name.into(),
        display_name: name.into(),
        unit_id: unit,
        role_ids: roles,
        password: TEST_PASSWORD.into(),
    }
}

fn invalid_with(res: &StoreResult<impl std::fmt::Debug>, zh: &str) -> bool {
    matches!(res, Err(StoreError::Invalid(m)) if m.zh.contains(zh))
}

store_test!(the_three_administrators_cannot_do_each_others_work, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let sys = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let sec = county.user(store, "security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let aud = county.user(store, "auditor", BuiltinRole::AuditAdmin, "岳阳县").await;
    let staff_role = store.system().builtin_role_id(county.tenant_id, BuiltinRole::CountyStaff).await.unwrap();
    let root = county.unit("岳阳县");

    // The system admin creates accounts, without roles.
    let id = store.create_user(&sys, new_user("zhang", root, vec![])).await.unwrap();
    let res = store.create_user(&sys, new_user("li", root, vec![staff_role])).await;
    assert!(invalid_with(&res, "安全管理员"), "{res:?}");
    // ... renames and disables them, but gives no roles and resets no password.
    edit(store, &sys, id, |e| e.display_name = "张三".into()).await.unwrap();
    let res = edit(store, &sys, id, |e| e.role_ids = vec![staff_role]).await;
    assert!(matches!(res, Err(StoreError::Forbidden)), "{res:?}");
    assert!(matches!(store.reset_password(&sys, id, "Reset-pass-2").await, Err(StoreError::Forbidden)));
    let seen = store.user(&sys, id).await.unwrap();
    assert!(seen.may_edit && !seen.may_grant && !seen.may_reset);

    // The security admin gives roles and resets passwords, but creates,
    // renames and disables nobody.
    edit(store, &sec, id, |e| e.role_ids = vec![staff_role]).await.unwrap();
    store.reset_password(&sec, id, "Reset-pass-2").await.unwrap();
    assert!(matches!(store.create_user(&sec, new_user("wang", root, vec![])).await, Err(StoreError::Forbidden)));
    assert!(matches!(edit(store, &sec, id, |e| e.display_name = "改名".into()).await, Err(StoreError::Forbidden)));
    assert!(matches!(edit(store, &sec, id, |e| e.active = false).await, Err(StoreError::Forbidden)));

    // Neither reads the audit log; the audit admin reads it and nothing else.
    assert!(matches!(store.audit(&sys), Err(StoreError::Forbidden)));
    assert!(matches!(store.audit(&sec), Err(StoreError::Forbidden)));
    assert!(matches!(store.login_log(&sys), Err(StoreError::Forbidden)));
    let log = store.audit(&aud).unwrap().list(&AuditQuery { limit: 50, ..Default::default() }).await.unwrap();
    assert!(log.iter().any(|e| e.action == "user.password_reset"), "the reset is in the log");
    assert!(store.login_log(&aud).is_ok());
    assert!(matches!(store.user(&aud, id).await, Err(StoreError::Forbidden | StoreError::NotFound)));
    assert!(matches!(store.create_user(&aud, new_user("zhao", root, vec![])).await, Err(StoreError::Forbidden)));
    assert!(matches!(
        store.reset_password(&aud, id, "Reset-pass-3").await,
        Err(StoreError::Forbidden | StoreError::NotFound)
    ));

    // None of the three reads the registry's data.
    for admin in [&sys, &sec, &aud] {
        let res = store.fellows(admin, guichao_domain::access::Permission::FellowRead);
        assert!(matches!(res, Err(StoreError::Forbidden)), "{:?}", admin.username());
    }
    db
});

store_test!(no_account_holds_two_of_the_three, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let sec = county.user(store, "security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let sys = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let system = store.system();
    let role = |r| system.builtin_role_id(county.tenant_id, r);
    let (sys_role, audit_role) =
        (role(BuiltinRole::SystemAdmin).await.unwrap(), role(BuiltinRole::AuditAdmin).await.unwrap());
    // The security admin cannot make the system admin an auditor too.
    let res = edit(store, &sec, sys.user_id(), |e| e.role_ids = vec![sys_role, audit_role]).await;
    assert!(invalid_with(&res, "三员分立"), "{res:?}");
    assert_eq!(store.user(&sec, sys.user_id()).await.unwrap().summary.roles, ["system_admin"]);
    // Nor can the command line.
    let res = store
        .system()
        .bootstrap_user(
            county.tenant_id,
            "both",
            "both",
            county.unit("岳阳县"),
            &[BuiltinRole::SecurityAdmin, BuiltinRole::AuditAdmin],
            TEST_PASSWORD,
        )
        .await;
    assert!(invalid_with(&res, "三员分立"), "{res:?}");
    // Nor may the security admin change their own roles (say, to read data).
    let county_admin = role(BuiltinRole::CountyAdmin).await.unwrap();
    let sec_role = role(BuiltinRole::SecurityAdmin).await.unwrap();
    let res = edit(store, &sec, sec.user_id(), |e| e.role_ids = vec![sec_role, county_admin]).await;
    assert!(invalid_with(&res, "自己的角色"), "{res:?}");
    db
});

store_test!(the_last_security_and_audit_admins_stay, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let sys = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let sec = county.user(store, "security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let aud = county.user(store, "auditor", BuiltinRole::AuditAdmin, "岳阳县").await;
    assert!(store.system().missing_admin_duties(county.tenant_id).await.unwrap().is_empty());
    // The last auditor can neither lose the role nor be disabled.
    let res = edit(store, &sec, aud.user_id(), |e| e.role_ids.clear()).await;
    assert!(invalid_with(&res, "审计管理员"), "{res:?}");
    let res = edit(store, &sys, aud.user_id(), |e| e.active = false).await;
    assert!(invalid_with(&res, "审计管理员"), "{res:?}");
    // The last security admin cannot be disabled either.
    let res = edit(store, &sys, sec.user_id(), |e| e.active = false).await;
    assert!(invalid_with(&res, "安全管理员"), "{res:?}");
    // With a second auditor the first may go.
    let aud_role = store.system().builtin_role_id(county.tenant_id, BuiltinRole::AuditAdmin).await.unwrap();
    let second = store.create_user(&sys, new_user("auditor2", county.unit("岳阳县"), vec![])).await.unwrap();
    edit(store, &sec, second, |e| e.role_ids = vec![aud_role]).await.unwrap();
    edit(store, &sys, aud.user_id(), |e| e.active = false).await.unwrap();
    assert!(store.system().missing_admin_duties(county.tenant_id).await.unwrap().is_empty());
    db
});

store_test!(a_county_without_the_new_administrators_is_told_which_are_missing, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    assert_eq!(store.system().missing_admin_duties(county.tenant_id).await.unwrap(), AdminDuty::ALL);
    county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    assert_eq!(
        store.system().missing_admin_duties(county.tenant_id).await.unwrap(),
        [AdminDuty::Security, AdminDuty::Audit]
    );
    // A disabled holder does not count.
    let sec = county.user(store, "security", BuiltinRole::SecurityAdmin, "岳阳县").await;
    let cadmin = county.user(store, "cadmin", BuiltinRole::CountyAdmin, "岳阳县").await;
    assert_eq!(store.system().missing_admin_duties(county.tenant_id).await.unwrap(), [AdminDuty::Audit]);
    let _ = (sec, cadmin);
    db
});

store_test!(an_upgraded_county_keeps_its_system_admins_and_gains_the_two_roles, |db: TestDb| async move {
    use guichao_domain::access::{Grants, Permission};
    use guichao_store::testing::{execute, rerun_m0043};
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    // The counties as they stood before m0043: no security or audit admin
    // role, and a system admin granted the audit log too.
    let old = "('security_admin', 'audit_admin')";
    execute(store, &format!("DELETE FROM role_grants WHERE role_id IN (SELECT id FROM roles WHERE code IN {old})"))
        .await;
    execute(store, &format!("DELETE FROM roles WHERE code IN {old}")).await;
    execute(
        store,
        "INSERT INTO role_grants (tenant_id, role_id, permission, scope) \
         SELECT tenant_id, id, 'audit.read', 'tenant' FROM roles WHERE code = 'system_admin'",
    )
    .await;
    assert!(store.system().actor(county.tenant_id, admin.user_id()).await.unwrap().can(Permission::AuditRead));
    rerun_m0043(store).await;
    // The system admin keeps the role, narrowed; the two new roles are there
    // in both counties, granted as the code defines them.
    let actor = store.system().actor(county.tenant_id, admin.user_id()).await.unwrap();
    let codes: Vec<&str> = actor.roles().iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["system_admin"]);
    assert!(actor.can(Permission::UsersWrite) && !actor.can(Permission::AuditRead));
    for tenant in [county.tenant_id, county.other_tenant_id] {
        let roles = store.roles(tenant).await.unwrap();
        for role in [BuiltinRole::SystemAdmin, BuiltinRole::SecurityAdmin, BuiltinRole::AuditAdmin] {
            let stored = roles.iter().find(|r| r.code == role.code()).unwrap_or_else(|| panic!("{role:?}"));
            assert_eq!(Grants::from_pairs(stored.grants.iter().copied()), role.grants(), "{role:?}");
        }
    }
    // The county is told the two are missing until they are made.
    assert_eq!(
        store.system().missing_admin_duties(county.tenant_id).await.unwrap(),
        [AdminDuty::Security, AdminDuty::Audit]
    );
    db
});
