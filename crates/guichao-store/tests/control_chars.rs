//! Text the store takes as plain strings refuses control characters (a NUL
//! byte, an escape sequence, a line break in a one-line field) before anything
//! is written: chamber and office fields, companies, relation and role notes,
//! unit names, users' display names and token names.

use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{CompanyRole, HeldRole, RelationKind};
use guichao_store::audit::AuditQuery;
use guichao_store::chambers::ChamberDraft;
use guichao_store::fellows::CompanyDraft;
use guichao_store::org::NewUser;
use guichao_store::testing::{County, TEST_PASSWORD, TestDb, remote_chamber};
use guichao_store::{Actor, Store, StoreError, StoreResult, store_test};

fn refused<T: std::fmt::Debug>(result: StoreResult<T>, zh: &str) {
    match result {
        Err(StoreError::Invalid(m)) => assert!(m.zh.contains(zh), "{} should name {zh}", m.zh),
        other => panic!("expected a refusal naming {zh}, got {other:?}"),
    }
}

fn chamber(name: &str, city: &str, notes: &str) -> ChamberDraft {
    ChamberDraft { notes: notes.into(), ..remote_chamber(name, city) }
}

fn company(name: &str, industry: &str, city: &str) -> CompanyDraft {
    CompanyDraft { name: name.into(), credit_code: None, industry: industry.into(), city: city.into() }
}

/// The number of audit events: a refused write records none.
async fn events(store: &Store, actor: &Actor) -> usize {
    store
        .audit(&store.test_auditor(actor).await)
        .unwrap()
        .list(&AuditQuery { limit: 500, ..Default::default() })
        .await
        .unwrap()
        .len()
}

store_test!(chambers_and_offices_refuse_control_characters, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_chambers = store.chambers(&admin, Permission::ChamberRead).unwrap();
    let admin_chambers_w = store.chambers(&admin, Permission::ChamberWrite).unwrap();
    let before = events(store, &admin).await;
    refused(admin_chambers_w.create(chamber("深圳\0商会", "深圳", "")).await, "商会名称");
    refused(admin_chambers_w.create(chamber("深圳商会", "深\n圳", "")).await, "所在城市");
    refused(admin_chambers_w.create(chamber("深圳商会", "深圳", "\u{1b}[2J")).await, "备注");
    assert!(admin_chambers.list().await.unwrap().is_empty());
    assert_eq!(events(store, &admin).await, before);

    // Notes are typed into a textarea: line breaks are kept.
    let sz = admin_chambers_w.create(chamber("深圳商会", "深圳", "第一行\r\n第二行")).await.unwrap();
    assert_eq!(admin_chambers.get(sz).await.unwrap().notes, "第一行\r\n第二行");
    refused(admin_chambers_w.add_office(sz, "龙岗\0联络处", "深圳", "").await, "联络处名称");
    refused(admin_chambers_w.add_office(sz, "龙岗联络处", "深圳", "龙岗区\t1号").await, "地址");
    assert!(admin_chambers.get(sz).await.unwrap().offices.is_empty());
    db
});

store_test!(a_fellows_ties_refuse_control_characters, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_writes = store.fellows(&admin, Permission::FellowWrite).unwrap();
    let zhang = county.fellow(store, &admin, county.fellow_form("张三", "新墙镇", None)).await;
    let li = county.fellow(store, &admin, county.fellow_form("李四", "新墙镇", None)).await;
    let before = events(store, &admin).await;
    let owner = CompanyRole::Owner;
    refused(admin_writes.link_company(zhang, company("华为\0", "通信", "深圳"), owner).await, "企业名称");
    refused(admin_writes.link_company(zhang, company("华为", "通信\n设备", "深圳"), owner).await, "行业");
    refused(admin_writes.link_company(zhang, company("华为", "通信", "\u{85}深圳"), owner).await, "所在城市");
    refused(admin_writes.relate(zhang, li, RelationKind::Kin, "表\0兄弟").await, "备注");
    refused(admin_writes.add_held_role(zhang, HeldRole::Cppcc, None, None, "第\u{7}届").await, "备注");
    let view = store.fellows(&admin, Permission::FellowRead).unwrap().get(zhang).await.unwrap();
    assert!(view.companies.is_empty() && view.relations.is_empty() && view.roles.is_empty());
    assert_eq!(events(store, &admin).await, before);
    db
});

store_test!(org_names_refuse_control_characters, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let before = events(store, &admin).await;
    refused(store.create_unit(&admin, county.unit("新墙镇"), "荣家\0村").await, "单位名称");
    refused(store.rename_unit(&admin, county.unit("新墙村"), "新墙\n村").await, "单位名称");
    let staff = store.system().builtin_role_id(county.tenant_id, BuiltinRole::CountyStaff).await.unwrap();
    let user = |display_name: &str| NewUser {
        username: "wang".into(),
        display_name: display_name.into(),
        unit_id: county.unit("岳阳县"),
        role_ids: vec![staff],
        password: TEST_PASSWORD.into(),
    };
    refused(store.create_user(&admin, user("王\0五")).await, "姓名");
    refused(store.create_token(&admin, "同步\u{1b}脚本").await, "令牌名称");
    assert_eq!(events(store, &admin).await, before);
    assert!(store.create_user(&admin, user("王五")).await.is_ok());
    db
});
