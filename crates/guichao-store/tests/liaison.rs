//! Liaison duty in the store: assigning cadres to fellows at three levels, and
//! the rule that a live assignment lets the cadre see (and find) the fellow.

use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::fellows::FellowForm;
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::audit::AuditQuery;
use guichao_store::fellows::FellowQuery;
use guichao_store::liaison::AssignmentDraft;
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn draft(cadre: &Actor, level: LiaisonLevel) -> AssignmentDraft {
    AssignmentDraft { cadre_id: cadre.user_id(), level, cycle_days: 90 }
}

/// Everything a user can learn about one fellow: (listed, found by name,
/// counted, opened). All four must agree.
async fn sight(store: &Store, who: &Actor, id: Uuid, name: &str) -> [bool; 4] {
    let all = FellowQuery { limit: 200, ..Default::default() };
    [
        store.fellows(who, Permission::FellowRead).unwrap().list(&all).await.unwrap().iter().any(|f| f.id == id),
        store.fellows(who, Permission::FellowRead).unwrap().search(name, 20).await.unwrap().iter().any(|f| f.id == id),
        store.fellows(who, Permission::FellowRead).unwrap().count(&all).await.unwrap() > 0,
        match store.fellows(who, Permission::FellowRead).unwrap().get(id).await {
            Ok(_) => true,
            Err(StoreError::NotFound) => false,
            Err(e) => panic!("{e:?}"),
        },
    ]
}

store_test!(a_live_assignment_shows_the_fellow_to_its_cadre, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_assigns = store.liaison(&admin, Permission::LiaisonWrite).unwrap();
    // A county user whose own fellow scope is "assigned only".
    let cadre = county.user(store, "cadre", BuiltinRole::ChamberLiaison, "岳阳县").await;
    let other = county.user(store, "other", BuiltinRole::CountyStaff, "岳阳县").await;
    let xq_village = county.user(store, "xq_village", BuiltinRole::VillageCadre, "新墙村").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gk = county.fellow(store, &admin, county.fellow_form("筻口乡友", "筻口镇", Some("筻口村"))).await;

    assert_eq!(sight(store, &cadre, gk, "筻口乡友").await, [false; 4], "not assigned yet");
    let first = admin_assigns.assign(gk, draft(&cadre, LiaisonLevel::County)).await.unwrap();
    assert_eq!(sight(store, &cadre, gk, "筻口乡友").await, [true; 4], "assigned: listed, found, counted, opened");
    let mine = store.liaison(&cadre, Permission::LiaisonRead).unwrap().mine(50, None).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].fellow_id, mine[0].level, mine[0].cycle_days), (gk, LiaisonLevel::County, 90));
    assert_eq!((mine[0].township.as_str(), mine[0].village.as_str()), ("筻口镇", "筻口村"));

    // 新墙镇's cadres cannot take a 筻口镇 fellow: not at village level (wrong
    // village), and a 新墙镇 officer does not see the fellow at all.
    let wrong = admin_assigns.assign(gk, draft(&xq_village, LiaisonLevel::Village)).await;
    assert!(matches!(&wrong, Err(StoreError::Invalid(m)) if m.zh.contains("筻口乡友")), "{wrong:?}");
    let unseen = store
        .liaison(&xinqiang, Permission::LiaisonWrite)
        .unwrap()
        .assign(gk, draft(&xinqiang, LiaisonLevel::Township))
        .await;
    assert!(matches!(unseen, Err(StoreError::NotFound)), "{unseen:?}");
    assert_eq!(sight(store, &xq_village, gk, "筻口乡友").await, [false; 4]);

    // Assigning the county level to someone else ends the first assignment.
    let second = admin_assigns.assign(gk, draft(&other, LiaisonLevel::County)).await.unwrap();
    assert_ne!(first, second);
    assert_eq!(sight(store, &cadre, gk, "筻口乡友").await, [false; 4], "the old cadre no longer sees them");
    assert!(store.liaison(&cadre, Permission::LiaisonRead).unwrap().mine(50, None).await.unwrap().is_empty());
    let live = store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(gk).await.unwrap();
    assert_eq!(live.iter().map(|a| (a.id, a.cadre_name.as_str())).collect::<Vec<_>>(), vec![(second, "other")]);

    // Ending it takes the fellow away from the new cadre's assigned view too.
    let back = admin_assigns.assign(gk, draft(&cadre, LiaisonLevel::County)).await.unwrap();
    assert_eq!(admin_assigns.end(back).await.unwrap(), gk);
    assert_eq!(sight(store, &cadre, gk, "筻口乡友").await, [false; 4], "ended: gone again");
    assert!(matches!(admin_assigns.end(back).await, Err(StoreError::Conflict(_))));
    assert!(store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(gk).await.unwrap().is_empty());

    let history = store.fellows(&admin, Permission::FellowRead).unwrap().history(gk).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "liaison.assign").count(), 3, "{actions:?}");
    assert!(actions.contains(&"liaison.end"));
    db
});

store_test!(a_township_cadre_sees_its_township_and_its_assignments_only, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let own = county.fellow(store, &admin, county.fellow_form("新墙甲", "新墙镇", None)).await;
    let form = county.fellow_form("搬家乙", "新墙镇", None);
    let mover = county.fellow(store, &admin, form.clone()).await;
    let sibling = county.fellow(store, &admin, county.fellow_form("筻口丙", "筻口镇", None)).await;
    store
        .liaison(&admin, Permission::LiaisonWrite)
        .unwrap()
        .assign(mover, draft(&xinqiang, LiaisonLevel::Township))
        .await
        .unwrap();
    // The fellow moves to 筻口镇: the move ends 新墙镇's assignment, and 新墙镇's
    // cadre no longer sees them.
    let moved = FellowForm { township_id: county.unit("筻口镇").to_string(), ..form };
    let version = store.fellows(&admin, Permission::FellowRead).unwrap().get(mover).await.unwrap().version;
    store
        .fellows(&admin, Permission::FellowWrite)
        .unwrap()
        .update(mover, moved.parse(chrono::Utc::now().date_naive()).unwrap(), version)
        .await
        .unwrap();
    assert_eq!(sight(store, &xinqiang, own, "新墙甲").await, [true; 4]);
    let seen = sight(store, &xinqiang, mover, "搬家乙").await;
    assert_eq!([seen[0], seen[1], seen[3]], [false; 3], "the old township's assignment ended");
    assert_eq!(sight(store, &xinqiang, sibling, "筻口丙").await[0..2], [false, false]);
    assert!(matches!(
        store.fellows(&xinqiang, Permission::FellowRead).unwrap().get(sibling).await,
        Err(StoreError::NotFound)
    ));
    let all = FellowQuery { limit: 200, ..Default::default() };
    let counted = store.fellows(&xinqiang, Permission::FellowRead).unwrap().count(&all).await.unwrap();
    assert_eq!(counted, 1, "only 新墙甲 is counted");
    assert!(store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(mover).await.unwrap().is_empty());
    db
});

store_test!(one_live_assignment_per_level, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_assigns = store.liaison(&admin, Permission::LiaisonWrite).unwrap();
    let a = county.user(store, "aa", BuiltinRole::TownshipStaff, "新墙镇").await;
    let b = county.user(store, "bb", BuiltinRole::TownshipStaff, "新墙镇").await;
    let v = county.user(store, "vv", BuiltinRole::VillageCadre, "新墙村").await;
    let c = county.user(store, "cc", BuiltinRole::CountyStaff, "岳阳县").await;
    let f = county.fellow(store, &admin, county.fellow_form("甲", "新墙镇", Some("新墙村"))).await;
    let first = admin_assigns.assign(f, draft(&a, LiaisonLevel::Township)).await.unwrap();
    // The same cadre again keeps the assignment (and when it began) and changes the cycle.
    let again = admin_assigns.assign(f, AssignmentDraft { cycle_days: 30, ..draft(&a, LiaisonLevel::Township) }).await;
    assert_eq!(again.unwrap(), first);
    admin_assigns.assign(f, draft(&v, LiaisonLevel::Village)).await.unwrap();
    admin_assigns.assign(f, draft(&c, LiaisonLevel::County)).await.unwrap();
    let live = store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(f).await.unwrap();
    let levels: Vec<(&str, &str, i32)> =
        live.iter().map(|x| (x.level.as_str(), x.cadre_name.as_str(), x.cycle_days)).collect();
    assert_eq!(levels, [("county", "cc", 90), ("township", "aa", 30), ("village", "vv", 90)]);
    // A village cadre may not replace the township's choice: only their own level or below.
    let by_v = store.liaison(&v, Permission::LiaisonWrite).unwrap().assign(f, draft(&b, LiaisonLevel::Township)).await;
    assert!(matches!(by_v, Err(StoreError::Forbidden)), "{by_v:?}");
    let live = store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(f).await.unwrap();
    let township: Vec<&str> = live.iter().filter(|x| x.level == "township").map(|x| x.cadre_name.as_str()).collect();
    assert_eq!(township, ["aa"]);
    let cycles = AuditQuery { action: Some("liaison.cycle".into()), limit: 10, ..Default::default() };
    let log = store.audit(&store.test_auditor(&admin).await).unwrap().list(&cycles).await.unwrap();
    assert_eq!(
        (log[0].detail["before"]["cycle_days"].as_i64(), log[0].detail["after"]["cycle_days"].as_i64()),
        (Some(90), Some(30))
    );
    db
});

store_test!(bulk_assignment_is_all_or_nothing, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_assigns = store.liaison(&admin, Permission::LiaisonWrite).unwrap();
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let xinqiang_liaison = store.liaison(&xinqiang, Permission::LiaisonRead).unwrap();
    let xq_village = county.user(store, "xq_village", BuiltinRole::VillageCadre, "新墙村").await;
    let mut ours = vec![];
    for name in ["甲", "乙", "丙"] {
        ours.push(county.fellow(store, &admin, county.fellow_form(name, "新墙镇", Some("新墙村"))).await);
    }
    let theirs = county.fellow(store, &admin, county.fellow_form("丁", "筻口镇", None)).await;
    let mixed = [ours.clone(), vec![theirs]].concat();
    let refused = admin_assigns.assign_bulk(&mixed, draft(&xinqiang, LiaisonLevel::Township)).await;
    assert!(matches!(&refused, Err(StoreError::Invalid(m)) if m.zh.contains('丁')), "{refused:?}");
    let unseen = store
        .liaison(&xinqiang, Permission::LiaisonWrite)
        .unwrap()
        .assign_bulk(&mixed, draft(&xinqiang, LiaisonLevel::Township))
        .await;
    assert!(matches!(unseen, Err(StoreError::NotFound)), "{unseen:?}");
    assert!(xinqiang_liaison.mine(50, None).await.unwrap().is_empty(), "nothing was written");

    let twice = [ours.clone(), ours.clone()].concat();
    let ids = store
        .liaison(&xinqiang, Permission::LiaisonWrite)
        .unwrap()
        .assign_bulk(&twice, draft(&xinqiang, LiaisonLevel::Township))
        .await
        .unwrap();
    assert_eq!(ids.len(), 3, "repeated ids count once");
    // Pages of the cadre's own fellows, by name (甲 乙 丙 sort by code point: 丙 乙 甲).
    let page = xinqiang_liaison.mine(2, None).await.unwrap();
    assert_eq!(page.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["丙", "乙"]);
    let last = page.last().map(|r| (r.name.clone(), r.fellow_id));
    let rest = xinqiang_liaison.mine(2, last).await.unwrap();
    assert_eq!(rest.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["甲"]);

    // The form's cadre choices: who may serve every chosen fellow at the level.
    let cadres = admin_assigns.cadres_for_fellows(&ours, LiaisonLevel::Village).await.unwrap();
    assert_eq!(
        cadres.iter().map(|c| (c.display_name.as_str(), c.unit_name.as_str())).collect::<Vec<_>>(),
        [("xq_village", "新墙村")]
    );
    assert!(admin_assigns.cadres_for_fellows(&mixed, LiaisonLevel::Township).await.unwrap().is_empty());
    let county_level = admin_assigns.cadres(theirs, LiaisonLevel::County).await.unwrap();
    assert_eq!(county_level.iter().map(|c| c.user_id).collect::<Vec<_>>(), vec![admin.user_id()]);
    let by_unit = admin_assigns.cadres(county.unit("新墙镇"), LiaisonLevel::Township).await.unwrap();
    assert_eq!(by_unit.iter().map(|c| c.user_id).collect::<Vec<_>>(), vec![xinqiang.user_id()]);
    let hidden =
        store.liaison(&xq_village, Permission::LiaisonWrite).unwrap().cadres(theirs, LiaisonLevel::Village).await;
    assert!(matches!(hidden, Err(StoreError::NotFound)));
    db
});

store_test!(bad_liaison_input_is_refused, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_assigns = store.liaison(&admin, Permission::LiaisonWrite).unwrap();
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let xq_village = county.user(store, "xq_village", BuiltinRole::VillageCadre, "新墙村").await;
    let other = county.user(store, "other", BuiltinRole::CountyAdmin, "平江县").await;
    let no_village = county.fellow(store, &admin, county.fellow_form("甲", "新墙镇", None)).await;
    for days in [0, -5, 366, 1000] {
        let d = AssignmentDraft { cycle_days: days, ..draft(&xinqiang, LiaisonLevel::Township) };
        let r = admin_assigns.assign(no_village, d).await;
        assert!(matches!(r, Err(StoreError::Invalid(_))), "{days}: {r:?}");
    }
    let r = admin_assigns.assign(no_village, draft(&xq_village, LiaisonLevel::Village)).await;
    assert!(matches!(&r, Err(StoreError::Invalid(m)) if m.zh.contains("未登记所属村")), "{r:?}");
    let r = admin_assigns.assign(no_village, draft(&xinqiang, LiaisonLevel::County)).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "a township officer is no county liaison");
    assert!(matches!(
        admin_assigns.assign_bulk(&[], draft(&xinqiang, LiaisonLevel::Township)).await,
        Err(StoreError::Invalid(_))
    ));
    let too_many: Vec<Uuid> = (0..501).map(|_| Uuid::now_v7()).collect();
    let r = admin_assigns.assign_bulk(&too_many, draft(&xinqiang, LiaisonLevel::Township)).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
    // Read-only roles may not assign.
    assert!(matches!(store.liaison(&leader, Permission::LiaisonWrite), Err(StoreError::Forbidden)));

    // Another county's fellow, cadre and assignment are not there.
    let their_fellow = county.fellow(store, &other, county.fellow_form("平江人", "安定镇", None)).await;
    let r = admin_assigns.assign(their_fellow, draft(&admin, LiaisonLevel::County)).await;
    assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
    let r = admin_assigns.assign(no_village, draft(&other, LiaisonLevel::County)).await;
    assert!(matches!(r, Err(StoreError::NotFound)), "another county's user: {r:?}");
    let theirs = store
        .liaison(&other, Permission::LiaisonWrite)
        .unwrap()
        .assign(their_fellow, draft(&other, LiaisonLevel::County))
        .await
        .unwrap();
    assert!(matches!(admin_assigns.end(theirs).await, Err(StoreError::NotFound)));
    assert!(matches!(admin_assigns.end(Uuid::now_v7()).await, Err(StoreError::NotFound)));
    assert!(matches!(
        store.liaison(&admin, Permission::LiaisonRead).unwrap().of_fellow(their_fellow).await,
        Err(StoreError::NotFound)
    ));

    // Another township's assignment answers 404 to a township officer.
    let gk = county.fellow(store, &admin, county.fellow_form("筻口人", "筻口镇", None)).await;
    let gk_assignment = admin_assigns.assign(gk, draft(&admin, LiaisonLevel::County)).await.unwrap();
    assert!(matches!(
        store.liaison(&xinqiang, Permission::LiaisonWrite).unwrap().end(gk_assignment).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.liaison(&xinqiang, Permission::LiaisonRead).unwrap().of_fellow(gk).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .liaison(&other, Permission::LiaisonRead)
            .unwrap()
            .mine(50, None)
            .await
            .unwrap()
            .iter()
            .all(|r| r.fellow_id == their_fellow)
    );
    db
});

/// The levels of a fellow's live assignments, county first.
async fn levels(store: &Store, who: &Actor, id: Uuid) -> Vec<String> {
    let rows = store.liaison(who, Permission::LiaisonRead).unwrap().of_fellow(id).await.unwrap();
    rows.into_iter().map(|a| a.level).collect()
}

store_test!(moving_a_fellow_ends_the_old_homes_assignments, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_fellows = store.fellows(&admin, Permission::FellowRead).unwrap();
    let county_cadre = county.user(store, "county_cadre", BuiltinRole::CountyStaff, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let village = county.user(store, "village", BuiltinRole::VillageCadre, "新墙村").await;
    let form = county.fellow_form("迁居乡友", "新墙镇", Some("新墙村"));
    let id = county.fellow(store, &admin, form.clone()).await;
    let liaison = store.liaison(&admin, Permission::LiaisonWrite).unwrap();
    for (cadre, level) in
        [(&county_cadre, LiaisonLevel::County), (&xinqiang, LiaisonLevel::Township), (&village, LiaisonLevel::Village)]
    {
        liaison.assign(id, draft(cadre, level)).await.unwrap();
    }

    // Moving within the township ends the village level only.
    let fellows = store.fellows(&admin, Permission::FellowWrite).unwrap();
    let view = admin_fellows.get(id).await.unwrap();
    let within = FellowForm { village_id: county.unit("清水村").to_string(), ..form.clone() };
    fellows.update(id, within.parse(chrono::Utc::now().date_naive()).unwrap(), view.version).await.unwrap();
    assert_eq!(levels(store, &admin, id).await, ["county", "township"]);
    assert!(store.liaison(&village, Permission::LiaisonRead).unwrap().mine(50, None).await.unwrap().is_empty());

    // Moving to another township ends the township level too; the county stays.
    let view = admin_fellows.get(id).await.unwrap();
    let away = FellowForm {
        village_id: county.unit("筻口村").to_string(),
        ..county.fellow_form("迁居乡友", "筻口镇", None)
    };
    fellows.update(id, away.parse(chrono::Utc::now().date_naive()).unwrap(), view.version).await.unwrap();
    assert_eq!(levels(store, &admin, id).await, ["county"]);
    assert_eq!(sight(store, &xinqiang, id, "迁居乡友").await, [false; 4], "the old township no longer sees them");
    assert_eq!(sight(store, &county_cadre, id, "迁居乡友").await, [true; 4]);

    // Each ending is in the fellow's history with the cadre and the level.
    let history = admin_fellows.history(id).await.unwrap();
    let ended: Vec<_> = history.iter().filter(|e| e.action == "liaison.end").collect();
    assert_eq!(ended.len(), 2, "{history:?}");
    let named: Vec<(&str, &str)> = ended
        .iter()
        .map(|e| (e.detail["before"]["cadre"].as_str().unwrap(), e.detail["before"]["level"].as_str().unwrap()))
        .collect();
    assert_eq!(named, [("xinqiang", "township"), ("village", "village")]);
    db
});

store_test!(cadres_end_and_replace_only_their_own_level_or_below, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let county_cadre = county.user(store, "county_cadre", BuiltinRole::CountyStaff, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let village = county.user(store, "village", BuiltinRole::VillageCadre, "新墙村").await;
    let id = county.fellow(store, &admin, county.fellow_form("三级乡友", "新墙镇", Some("新墙村"))).await;
    let by_admin = store.liaison(&admin, Permission::LiaisonWrite).unwrap();
    let at_county = by_admin.assign(id, draft(&county_cadre, LiaisonLevel::County)).await.unwrap();
    let at_township = by_admin.assign(id, draft(&xinqiang, LiaisonLevel::Township)).await.unwrap();
    let at_village = by_admin.assign(id, draft(&village, LiaisonLevel::Village)).await.unwrap();

    // A village cadre assigned to the fellow may not end or replace the
    // county's or the township's assignment.
    let by_village = store.liaison(&village, Permission::LiaisonWrite).unwrap();
    for above in [at_county, at_township] {
        assert!(matches!(by_village.end(above).await, Err(StoreError::Forbidden)), "ending {above}");
    }
    let replace = by_village.assign(id, draft(&county_cadre, LiaisonLevel::County)).await;
    assert!(matches!(replace, Err(StoreError::Forbidden)), "{replace:?}");
    // A township officer may not end the county's either, but may end their own level and below.
    let by_township = store.liaison(&xinqiang, Permission::LiaisonWrite).unwrap();
    assert!(matches!(by_township.end(at_county).await, Err(StoreError::Forbidden)));
    by_township.end(at_village).await.unwrap();
    by_township.end(at_township).await.unwrap();
    store.liaison(&county_cadre, Permission::LiaisonWrite).unwrap().end(at_county).await.unwrap();
    db
});
