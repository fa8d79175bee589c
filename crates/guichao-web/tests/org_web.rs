//! The org tree page: each unit with its fellows (only those the viewer may
//! see) and its cadres.

mod common;

use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_store::store_test;
use guichao_store::testing::TestDb;

store_test!(the_tree_shows_fellows_and_cadres_per_unit, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("officer", BuiltinRole::ProjectOfficer, "筻口镇").await;
    app.fellow().named("测试甲").in_village("新墙村").by(&admin).create().await;
    app.fellow().named("测试乙").in_township("新墙镇").by(&admin).create().await;
    app.fellow().named("测试丙").in_village("筻口村").by(&admin).create().await;
    let county = app.county.unit("岳阳县");

    let me = app.login("admin").await;
    let page = me.get(&format!("/org?unit={county}")).await;
    assert_eq!(page.texts(".unit-figures span"), ["乡友 3", "干部 1"]);
    let rows = page.texts("ul.tree li small");
    assert!(rows.contains(&"乡镇 · 下级 2 · 乡友 2 · 干部 1".to_string()), "{rows:?}");
    assert!(rows.contains(&"乡镇 · 下级 1 · 乡友 1 · 干部 1".to_string()), "{rows:?}");

    // A township user counts only the fellows of their township.
    let staff = app.login("xinqiang").await;
    let page = staff.get("/org").await;
    assert_eq!(page.texts("ul.tree li small"), ["乡镇 · 下级 2 · 乡友 2 · 干部 1"]);

    // A user who reads only the fellows assigned to them counts those (none here).
    let officer = app.login("officer").await;
    assert_eq!(officer.get("/org").await.texts("ul.tree li small"), ["乡镇 · 乡友 0 · 干部 1"]);
    drop(app);
    db
});

store_test!(villages_sharing_a_name_show_their_township, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let (xinqiang, gangkou) = (app.county.unit("新墙镇"), app.county.unit("筻口镇"));
    app.store.create_unit(&admin, xinqiang, "枫树村").await.unwrap();
    app.store.create_unit(&admin, gangkou, "枫树村").await.unwrap();
    let me = app.login("admin").await;
    let villages = |township| {
        let me = &me;
        async move {
            let page = me.get(&format!("/fellows?township_id={township}")).await;
            page.texts("select[name=village_id] option")
        }
    };
    let here = villages(xinqiang).await;
    assert!(here.contains(&"枫树村（新墙镇）".to_string()), "{here:?}");
    assert!(here.contains(&"清水村".to_string()), "an unshared name stays plain: {here:?}");
    let there = villages(gangkou).await;
    assert!(there.contains(&"枫树村（筻口镇）".to_string()), "{there:?}");
    // The user form's village choice says the same (for a township user, the
    // villages of their township).
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let form = app.login("xinqiang").await.get("/users/new").await;
    let options = form.texts("select[name=village_id] option");
    assert!(options.contains(&"枫树村（新墙镇）".to_string()), "{options:?}");
    // So does the user list, for a cadre of one of them.
    let fengshu = app.store.unit_children(&admin, Some(gangkou)).await.unwrap();
    let fengshu = fengshu.iter().find(|u| u.name == "枫树村").unwrap().id;
    app.store
        .system()
        .bootstrap_user(
            app.county.tenant_id,
            "fengshu",
            "枫树",
            fengshu,
            &[BuiltinRole::VillageCadre],
            guichao_store::testing::TEST_PASSWORD,
        )
        .await
        .unwrap();
    let units = me.get("/users?q=fengshu").await.texts("td[data-label=单位]");
    assert_eq!(units, ["枫树村（筻口镇）"]);
    drop(app);
    db
});
