//! Lists in pinyin order (sort keys kept on every write) and paged exactly:
//! fellows, chambers and users.

use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::search::sort_key;
use guichao_store::fellows::{FellowQuery, FellowSort};
use guichao_store::org::{UserEdit, UserQuery, UserSort};
use guichao_store::store_test;
use guichao_store::testing::{County, TestDb, remote_chamber};

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

store_test!(fellows_list_in_pinyin_order_with_ties_by_id_and_pages_exactly, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let staff = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    // By code point: 丁 万 严 单 张 曾; by pinyin: ding shan wan yan zeng zhang.
    let names = ["张三", "曾国藩", "单雄信", "严明", "万芳", "丁一", "张三", "李四", "Anna", "张三丰"];
    let mut ids = vec![];
    for name in names {
        ids.push(county.fellow(store, &staff, county.fellow_form(name, "新墙镇", None)).await);
    }
    let fellows = store.fellows(&staff, Permission::FellowRead).unwrap();
    let q = FellowQuery { limit: 4, ..Default::default() };
    assert_eq!(fellows.count(&q).await.unwrap(), 10);
    let mut listed = vec![];
    for page in 0..3 {
        listed.extend(fellows.list(&FellowQuery { offset: page * 4, ..q.clone() }).await.unwrap());
    }
    let shown: Vec<&str> = listed.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(shown, ["Anna", "丁一", "李四", "单雄信", "万芳", "严明", "曾国藩", "张三", "张三", "张三丰"]);
    // The two 张三 go by id.
    let twins: Vec<_> = listed.iter().filter(|r| r.name == "张三").map(|r| r.id).collect();
    let mut by_id = vec![ids[0], ids[6]];
    by_id.sort();
    assert_eq!(twins, by_id);
    // Past the end: nothing, not an error.
    assert!(fellows.list(&FellowQuery { offset: 10, ..q.clone() }).await.unwrap().is_empty());

    // Descending is the exact reverse, ties included.
    let mut desc = vec![];
    for page in 0..3 {
        let page = FellowQuery { offset: page * 4, descending: true, ..q.clone() };
        desc.extend(fellows.list(&page).await.unwrap().into_iter().map(|r| r.id));
    }
    let mut reversed: Vec<_> = listed.iter().map(|r| r.id).collect();
    reversed.reverse();
    assert_eq!(desc, reversed);

    // The keyset cursor walks the same order.
    let mut walked = vec![];
    let mut after = None;
    loop {
        let page = fellows.list(&FellowQuery { after: after.clone(), ..q.clone() }).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some((last.sort_key.clone(), last.id));
        walked.extend(page.into_iter().map(|r| r.id));
    }
    assert_eq!(walked, listed.iter().map(|r| r.id).collect::<Vec<_>>());

    // A rename moves the fellow: the key follows every write.
    let writes = store.fellows(&staff, Permission::FellowWrite).unwrap();
    let anna = fellows.get(ids[8]).await.unwrap();
    let renamed = county.fellow_form("周瑜", "新墙镇", None).parse(today()).unwrap();
    writes.update(ids[8], renamed, anna.version).await.unwrap();
    let all = fellows.list(&FellowQuery { limit: 50, ..Default::default() }).await.unwrap();
    assert_eq!(all.last().map(|r| r.name.as_str()), Some("周瑜"));
    assert!(all.iter().all(|r| r.sort_key == sort_key(&r.name)));
    // By last change, newest first: the one just edited.
    let recent = FellowQuery { sort: FellowSort::Updated, descending: true, limit: 1, ..Default::default() };
    assert_eq!(fellows.list(&recent).await.unwrap()[0].name, "周瑜");
    db
});

store_test!(chambers_and_users_sort_by_pinyin_and_page, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let writes = store.chambers(&admin, Permission::ChamberWrite).unwrap();
    for (name, city) in [("深圳岳阳商会", "深圳"), ("长沙岳阳商会", "长沙"), ("北京岳阳商会", "北京")]
    {
        writes.create(remote_chamber(name, city)).await.unwrap();
    }
    let chambers = store.chambers(&admin, Permission::ChamberRead).unwrap();
    assert_eq!(chambers.count().await.unwrap(), 3);
    let names =
        |rows: Vec<guichao_store::chambers::ChamberSummary>| rows.into_iter().map(|c| c.name).collect::<Vec<_>>();
    assert_eq!(names(chambers.page(0, 2, false).await.unwrap().rows), ["北京岳阳商会", "长沙岳阳商会"]);
    assert_eq!(names(chambers.page(2, 2, false).await.unwrap().rows), ["深圳岳阳商会"]);
    assert_eq!(names(chambers.page(0, 1, true).await.unwrap().rows), ["深圳岳阳商会"]);
    // Renaming re-sorts.
    let beijing = chambers.page(0, 1, false).await.unwrap().rows[0].id;
    writes.update(beijing, remote_chamber("重庆岳阳商会", "重庆")).await.unwrap();
    assert_eq!(names(chambers.page(0, 3, false).await.unwrap().rows), ["长沙岳阳商会", "重庆岳阳商会", "深圳岳阳商会"]);

    // Users: by display name in pinyin order, and a rename follows.
    let cadre_role = store.system().builtin_role_id(county.tenant_id, BuiltinRole::VillageCadre).await.unwrap();
    for (username, display_name) in [("a_zhang", "张伟"), ("b_ding", "丁磊"), ("c_wan", "万宁")] {
        let new = guichao_store::org::NewUser {
            username: username.into(),
            display_name: display_name.into(),
            unit_id: county.unit("新墙村"),
            role_ids: vec![cadre_role],
            password: guichao_store::testing::TEST_PASSWORD.into(),
        };
        store.create_user(&admin, new).await.unwrap();
    }
    let by_name = UserQuery { q: Some("a_".into()), sort: UserSort::Name, limit: 50, ..Default::default() };
    let q = UserQuery { q: None, ..by_name.clone() };
    let shown =
        |users: Vec<guichao_store::org::UserSummary>| users.into_iter().map(|u| u.display_name).collect::<Vec<_>>();
    assert_eq!(shown(store.users(&admin, &q).await.unwrap()), ["admin", "丁磊", "万宁", "张伟"]);
    assert_eq!(store.count_users(&admin, &q).await.unwrap(), 4);
    assert_eq!(store.count_users(&admin, &by_name).await.unwrap(), 1);
    let second = UserQuery { offset: 2, limit: 2, ..q.clone() };
    assert_eq!(shown(store.users(&admin, &second).await.unwrap()), ["万宁", "张伟"]);
    let ding = store.users(&admin, &UserQuery { offset: 1, limit: 1, ..q.clone() }).await.unwrap()[0].id;
    let detail = store.user(&admin, ding).await.unwrap();
    let edit = UserEdit {
        display_name: "朱磊".into(),
        unit_id: detail.summary.unit_id,
        role_ids: detail.role_ids.clone(),
        active: true,
        version: detail.version,
    };
    store.update_user(&admin, ding, edit).await.unwrap();
    assert_eq!(shown(store.users(&admin, &q).await.unwrap()), ["admin", "万宁", "张伟", "朱磊"]);
    let by_username = UserQuery { sort: UserSort::Username, descending: true, ..q };
    assert_eq!(shown(store.users(&admin, &by_username).await.unwrap())[0], "万宁");
    db
});
