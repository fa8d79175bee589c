//! Liaison duty in the store: assigning cadres to fellows at three levels, and
//! the rule that a live assignment lets the cadre see (and find) the fellow.

use guichao_domain::access::BuiltinRole;
use guichao_domain::fellows::FellowForm;
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::audit::AuditQuery;
use guichao_store::fellows::FellowQuery;
use guichao_store::liaison::AssignmentDraft;
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn draft(cadre: &Actor, level: LiaisonLevel) -> AssignmentDraft {
    AssignmentDraft { cadre_id: cadre.user_id, level, cycle_days: 90 }
}

/// Everything a user can learn about one fellow: (listed, found by name,
/// counted, opened). All four must agree.
async fn sight(store: &Store, who: &Actor, id: Uuid, name: &str) -> [bool; 4] {
    let all = FellowQuery { limit: 200, ..Default::default() };
    [
        store.fellows(who, &all).await.unwrap().iter().any(|f| f.id == id),
        store.search_fellows(who, name, 20).await.unwrap().iter().any(|f| f.id == id),
        store.count_fellows(who, &all).await.unwrap() > 0,
        match store.fellow(who, id).await {
            Ok(_) => true,
            Err(StoreError::NotFound) => false,
            Err(e) => panic!("{e:?}"),
        },
    ]
}

store_test!(a_live_assignment_shows_the_fellow_to_its_cadre, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    // A county user whose own fellow scope is "assigned only".
    let cadre = county.user(store, "cadre", BuiltinRole::ChamberLiaison, "岳阳县").await;
    let other = county.user(store, "other", BuiltinRole::CountyStaff, "岳阳县").await;
    let xq_village = county.user(store, "xq_village", BuiltinRole::VillageCadre, "新墙村").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gk = county.fellow(store, &admin, county.fellow_form("筻口乡友", "筻口镇", Some("筻口村"))).await;

    assert_eq!(sight(store, &cadre, gk, "筻口乡友").await, [false; 4], "not assigned yet");
    let first = store.assign(&admin, gk, draft(&cadre, LiaisonLevel::County)).await.unwrap();
    assert_eq!(sight(store, &cadre, gk, "筻口乡友").await, [true; 4], "assigned: listed, found, counted, opened");
    let mine = store.my_fellows(&cadre, 50, None).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].fellow_id, mine[0].level, mine[0].cycle_days), (gk, LiaisonLevel::County, 90));
    assert_eq!((mine[0].township.as_str(), mine[0].village.as_str()), ("筻口镇", "筻口村"));

    // 新墙镇's cadres cannot take a 筻口镇 fellow: not at village level (wrong
    // village), and a 新墙镇 officer does not see the fellow at all.
    let wrong = store.assign(&admin, gk, draft(&xq_village, LiaisonLevel::Village)).await;
    assert!(matches!(&wrong, Err(StoreError::Invalid(m)) if m.zh.contains("筻口乡友")), "{wrong:?}");
    let unseen = store.assign(&xinqiang, gk, draft(&xinqiang, LiaisonLevel::Township)).await;
    assert!(matches!(unseen, Err(StoreError::NotFound)), "{unseen:?}");
    assert_eq!(sight(store, &xq_village, gk, "筻口乡友").await, [false; 4]);

    // Assigning the county level to someone else ends the first assignment.
    let second = store.assign(&admin, gk, draft(&other, LiaisonLevel::County)).await.unwrap();
    assert_ne!(first, second);
    assert_eq!(sight(store, &cadre, gk, "筻口乡友").await, [false; 4], "the old cadre no longer sees them");
    assert!(store.my_fellows(&cadre, 50, None).await.unwrap().is_empty());
    let live = store.fellow_assignments(&admin, gk).await.unwrap();
    assert_eq!(live.iter().map(|a| (a.id, a.cadre_name.as_str())).collect::<Vec<_>>(), vec![(second, "other")]);

    // Ending it takes the fellow away from the new cadre's assigned view too.
    let back = store.assign(&admin, gk, draft(&cadre, LiaisonLevel::County)).await.unwrap();
    assert_eq!(store.end_assignment(&admin, back).await.unwrap(), gk);
    assert_eq!(sight(store, &cadre, gk, "筻口乡友").await, [false; 4], "ended: gone again");
    assert!(matches!(store.end_assignment(&admin, back).await, Err(StoreError::Conflict(_))));
    assert!(store.fellow_assignments(&admin, gk).await.unwrap().is_empty());

    let history = store.fellow_history(&admin, gk).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "liaison.assign").count(), 3, "{actions:?}");
    assert!(actions.contains(&"liaison.end"));
    db
});

store_test!(a_township_cadre_sees_its_township_and_its_assignments_only, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let own = county.fellow(store, &admin, county.fellow_form("新墙甲", "新墙镇", None)).await;
    let form = county.fellow_form("搬家乙", "新墙镇", None);
    let mover = county.fellow(store, &admin, form.clone()).await;
    let sibling = county.fellow(store, &admin, county.fellow_form("筻口丙", "筻口镇", None)).await;
    store.assign(&admin, mover, draft(&xinqiang, LiaisonLevel::Township)).await.unwrap();
    // The fellow moves to 筻口镇: the live assignment still shows them to 新墙镇's cadre.
    let moved = FellowForm { township_id: county.unit("筻口镇").to_string(), ..form };
    let version = store.fellow(&admin, mover).await.unwrap().version;
    store.update_fellow(&admin, mover, moved.parse(chrono::Utc::now().date_naive()).unwrap(), version).await.unwrap();
    assert_eq!(sight(store, &xinqiang, own, "新墙甲").await, [true; 4]);
    assert_eq!(sight(store, &xinqiang, mover, "搬家乙").await, [true; 4], "seen through the assignment");
    assert_eq!(sight(store, &xinqiang, sibling, "筻口丙").await[0..2], [false, false]);
    assert!(matches!(store.fellow(&xinqiang, sibling).await, Err(StoreError::NotFound)));
    let all = FellowQuery { limit: 200, ..Default::default() };
    assert_eq!(store.count_fellows(&xinqiang, &all).await.unwrap(), 2);
    let assignment = store.fellow_assignments(&admin, mover).await.unwrap()[0].id;
    store.end_assignment(&admin, assignment).await.unwrap();
    assert_eq!(sight(store, &xinqiang, mover, "搬家乙").await, [false, false, true, false], "only 新墙甲 is counted");
    assert_eq!(store.count_fellows(&xinqiang, &all).await.unwrap(), 1);
    db
});

store_test!(one_live_assignment_per_level, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let a = county.user(store, "aa", BuiltinRole::TownshipStaff, "新墙镇").await;
    let b = county.user(store, "bb", BuiltinRole::TownshipStaff, "新墙镇").await;
    let v = county.user(store, "vv", BuiltinRole::VillageCadre, "新墙村").await;
    let c = county.user(store, "cc", BuiltinRole::CountyStaff, "岳阳县").await;
    let f = county.fellow(store, &admin, county.fellow_form("甲", "新墙镇", Some("新墙村"))).await;
    let first = store.assign(&admin, f, draft(&a, LiaisonLevel::Township)).await.unwrap();
    // The same cadre again keeps the assignment (and when it began) and changes the cycle.
    let again = store.assign(&admin, f, AssignmentDraft { cycle_days: 30, ..draft(&a, LiaisonLevel::Township) }).await;
    assert_eq!(again.unwrap(), first);
    store.assign(&admin, f, draft(&v, LiaisonLevel::Village)).await.unwrap();
    store.assign(&admin, f, draft(&c, LiaisonLevel::County)).await.unwrap();
    let live = store.fellow_assignments(&admin, f).await.unwrap();
    let levels: Vec<(&str, &str, i32)> =
        live.iter().map(|x| (x.level.as_str(), x.cadre_name.as_str(), x.cycle_days)).collect();
    assert_eq!(levels, [("county", "cc", 90), ("township", "aa", 30), ("village", "vv", 90)]);
    // A village cadre with liaison.write over their village replaces the township's choice.
    let by_v = store.assign(&v, f, draft(&b, LiaisonLevel::Township)).await.unwrap();
    let live = store.fellow_assignments(&admin, f).await.unwrap();
    assert_eq!(live.iter().filter(|x| x.level == "township").map(|x| x.id).collect::<Vec<_>>(), vec![by_v]);
    assert!(store.my_fellows(&a, 50, None).await.unwrap().is_empty());
    let cycles = AuditQuery { action: Some("liaison.cycle".into()), limit: 10, ..Default::default() };
    let log = store.audit_log(&admin, &cycles).await.unwrap();
    assert_eq!(
        (log[0].detail["before"]["cycle_days"].as_i64(), log[0].detail["after"]["cycle_days"].as_i64()),
        (Some(90), Some(30))
    );
    db
});

store_test!(bulk_assignment_is_all_or_nothing, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let xq_village = county.user(store, "xq_village", BuiltinRole::VillageCadre, "新墙村").await;
    let mut ours = vec![];
    for name in ["甲", "乙", "丙"] {
        ours.push(county.fellow(store, &admin, county.fellow_form(name, "新墙镇", Some("新墙村"))).await);
    }
    let theirs = county.fellow(store, &admin, county.fellow_form("丁", "筻口镇", None)).await;
    let mixed = [ours.clone(), vec![theirs]].concat();
    let refused = store.assign_bulk(&admin, &mixed, draft(&xinqiang, LiaisonLevel::Township)).await;
    assert!(matches!(&refused, Err(StoreError::Invalid(m)) if m.zh.contains('丁')), "{refused:?}");
    let unseen = store.assign_bulk(&xinqiang, &mixed, draft(&xinqiang, LiaisonLevel::Township)).await;
    assert!(matches!(unseen, Err(StoreError::NotFound)), "{unseen:?}");
    assert!(store.my_fellows(&xinqiang, 50, None).await.unwrap().is_empty(), "nothing was written");

    let twice = [ours.clone(), ours.clone()].concat();
    let ids = store.assign_bulk(&xinqiang, &twice, draft(&xinqiang, LiaisonLevel::Township)).await.unwrap();
    assert_eq!(ids.len(), 3, "repeated ids count once");
    // Pages of the cadre's own fellows, by name (甲 乙 丙 sort by code point: 丙 乙 甲).
    let page = store.my_fellows(&xinqiang, 2, None).await.unwrap();
    assert_eq!(page.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["丙", "乙"]);
    let last = page.last().map(|r| (r.name.clone(), r.fellow_id));
    let rest = store.my_fellows(&xinqiang, 2, last).await.unwrap();
    assert_eq!(rest.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["甲"]);

    // The form's cadre choices: who may serve every chosen fellow at the level.
    let cadres = store.cadres_for_fellows(&admin, &ours, LiaisonLevel::Village).await.unwrap();
    assert_eq!(
        cadres.iter().map(|c| (c.display_name.as_str(), c.unit_name.as_str())).collect::<Vec<_>>(),
        [("xq_village", "新墙村")]
    );
    assert!(store.cadres_for_fellows(&admin, &mixed, LiaisonLevel::Township).await.unwrap().is_empty());
    let county_level = store.assignable_cadres(&admin, theirs, LiaisonLevel::County).await.unwrap();
    assert_eq!(county_level.iter().map(|c| c.user_id).collect::<Vec<_>>(), vec![admin.user_id]);
    let by_unit = store.assignable_cadres(&admin, county.unit("新墙镇"), LiaisonLevel::Township).await.unwrap();
    assert_eq!(by_unit.iter().map(|c| c.user_id).collect::<Vec<_>>(), vec![xinqiang.user_id]);
    let hidden = store.assignable_cadres(&xq_village, theirs, LiaisonLevel::Village).await;
    assert!(matches!(hidden, Err(StoreError::NotFound)));
    db
});

store_test!(bad_liaison_input_is_refused, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::SystemAdmin, "岳阳县").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let xq_village = county.user(store, "xq_village", BuiltinRole::VillageCadre, "新墙村").await;
    let other = county.user(store, "other", BuiltinRole::SystemAdmin, "平江县").await;
    let no_village = county.fellow(store, &admin, county.fellow_form("甲", "新墙镇", None)).await;
    for days in [0, -5, 366, 1000] {
        let d = AssignmentDraft { cycle_days: days, ..draft(&xinqiang, LiaisonLevel::Township) };
        let r = store.assign(&admin, no_village, d).await;
        assert!(matches!(r, Err(StoreError::Invalid(_))), "{days}: {r:?}");
    }
    let r = store.assign(&admin, no_village, draft(&xq_village, LiaisonLevel::Village)).await;
    assert!(matches!(&r, Err(StoreError::Invalid(m)) if m.zh.contains("未登记所属村")), "{r:?}");
    let r = store.assign(&admin, no_village, draft(&xinqiang, LiaisonLevel::County)).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "a township officer is no county liaison");
    assert!(matches!(
        store.assign_bulk(&admin, &[], draft(&xinqiang, LiaisonLevel::Township)).await,
        Err(StoreError::Invalid(_))
    ));
    let too_many: Vec<Uuid> = (0..501).map(|_| Uuid::now_v7()).collect();
    let r = store.assign_bulk(&admin, &too_many, draft(&xinqiang, LiaisonLevel::Township)).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
    // Read-only roles may not assign.
    let r = store.assign(&leader, no_village, draft(&xinqiang, LiaisonLevel::Township)).await;
    assert!(matches!(r, Err(StoreError::Forbidden)), "{r:?}");

    // Another county's fellow, cadre and assignment are not there.
    let their_fellow = county.fellow(store, &other, county.fellow_form("平江人", "安定镇", None)).await;
    let r = store.assign(&admin, their_fellow, draft(&admin, LiaisonLevel::County)).await;
    assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
    let r = store.assign(&admin, no_village, draft(&other, LiaisonLevel::County)).await;
    assert!(matches!(r, Err(StoreError::NotFound)), "another county's user: {r:?}");
    let theirs = store.assign(&other, their_fellow, draft(&other, LiaisonLevel::County)).await.unwrap();
    assert!(matches!(store.end_assignment(&admin, theirs).await, Err(StoreError::NotFound)));
    assert!(matches!(store.end_assignment(&admin, Uuid::now_v7()).await, Err(StoreError::NotFound)));
    assert!(matches!(store.fellow_assignments(&admin, their_fellow).await, Err(StoreError::NotFound)));

    // Another township's assignment answers 404 to a township officer.
    let gk = county.fellow(store, &admin, county.fellow_form("筻口人", "筻口镇", None)).await;
    let gk_assignment = store.assign(&admin, gk, draft(&admin, LiaisonLevel::County)).await.unwrap();
    assert!(matches!(store.end_assignment(&xinqiang, gk_assignment).await, Err(StoreError::NotFound)));
    assert!(matches!(store.fellow_assignments(&xinqiang, gk).await, Err(StoreError::NotFound)));
    assert!(store.my_fellows(&other, 50, None).await.unwrap().iter().all(|r| r.fellow_id == their_fellow));
    db
});
