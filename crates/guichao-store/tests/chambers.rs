//! Chambers of commerce in the store: chambers, liaison offices and members,
//! with member lists and counts that obey each viewer's fellow scope.

use chrono::{Duration, NaiveDate};
use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::chambers::{ChamberKind, MemberPosition};
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::audit::AuditQuery;
use guichao_store::chambers::ChamberDraft;
use guichao_store::liaison::AssignmentDraft;
use guichao_store::testing::{County, TestDb, remote_chamber};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The number of visible members of `chamber` on the list, as `actor` sees it.
async fn listed_members(store: &Store, actor: &Actor, chamber: Uuid) -> u64 {
    store
        .chambers(actor, Permission::ChamberRead)
        .unwrap()
        .list()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id == chamber)
        .expect("listed")
        .members
}

store_test!(chambers_offices_and_members_are_written_and_audited, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_chambers = store.chambers(&admin, Permission::ChamberRead).unwrap();
    let admin_chambers_w = store.chambers(&admin, Permission::ChamberWrite).unwrap();
    let sz = admin_chambers_w.create(remote_chamber(" 深圳岳阳县商会 ", "深圳")).await.unwrap();
    let township = ChamberDraft {
        kind: ChamberKind::Township,
        township_id: Some(county.unit("新墙镇")),
        founded: Some(NaiveDate::from_ymd_opt(2019, 5, 1).unwrap()),
        ..remote_chamber("新墙镇商会", "")
    };
    let xq = admin_chambers_w.create(township).await.unwrap();
    let dup = admin_chambers_w.create(remote_chamber("深圳岳阳县商会", "深圳")).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    let rename = admin_chambers_w.update(xq, remote_chamber("深圳岳阳县商会", "深圳")).await;
    assert!(matches!(rename, Err(StoreError::Conflict(_))), "a rename cannot take another chamber's name");

    let list = admin_chambers.list().await.unwrap();
    let names: Vec<&str> = list.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["深圳岳阳县商会", "新墙镇商会"], "remote chambers first, names trimmed");
    assert_eq!((list[0].kind, list[0].city.as_str()), (ChamberKind::Remote, "深圳"));
    assert_eq!(admin_chambers.count().await.unwrap(), 2, "the home card's figure counts the list");
    assert_eq!((list[1].kind, list[1].township.as_str()), (ChamberKind::Township, "新墙镇"));

    admin_chambers_w
        .update(sz, ChamberDraft { notes: "2012年成立".into(), ..remote_chamber("深圳商会", "深圳") })
        .await
        .unwrap();
    let office = admin_chambers_w.add_office(sz, "龙岗联络处", "深圳", "龙岗区").await.unwrap();
    let second = admin_chambers_w.add_office(sz, "宝安联络处", "深圳", "").await.unwrap();
    admin_chambers_w.remove_office(sz, second).await.unwrap();
    let view = admin_chambers.get(sz).await.unwrap();
    assert_eq!((view.name.as_str(), view.notes.as_str()), ("深圳商会", "2012年成立"));
    assert_eq!(view.offices.iter().map(|o| o.id).collect::<Vec<_>>(), vec![office]);
    assert!(view.can_write);

    let zhang = county.fellow(store, &admin, county.fellow_form("张会长", "新墙镇", Some("新墙村"))).await;
    let li = county.fellow(store, &admin, county.fellow_form("李会员", "筻口镇", None)).await;
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let m_li = admin_chambers_w.add_member(sz, li, MemberPosition::Member, None).await.unwrap();
    admin_chambers_w.add_member(sz, zhang, MemberPosition::President, Some(since)).await.unwrap();
    let again = admin_chambers_w.add_member(sz, zhang, MemberPosition::Member, None).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "one live membership per chamber");
    let view = admin_chambers.get(sz).await.unwrap();
    let members: Vec<(&str, MemberPosition)> = view.members.iter().map(|m| (m.name.as_str(), m.position)).collect();
    assert_eq!(members, [("张会长", MemberPosition::President), ("李会员", MemberPosition::Member)]);
    assert_eq!(view.members[0].township, "新墙镇");
    assert_eq!(view.members[0].since, Some(since));
    // The fellow's own page lists the chamber.
    assert_eq!(
        store.fellows(&admin, Permission::FellowRead).unwrap().get(zhang).await.unwrap().chambers[0].chamber,
        "深圳商会"
    );

    let m_zhang = view.members[0].id;
    let early = admin_chambers_w.end_membership(m_zhang, since - Duration::days(1)).await;
    assert!(matches!(early, Err(StoreError::Invalid(_))), "ends before it began");
    admin_chambers_w.end_membership(m_li, today()).await.unwrap();
    let twice = admin_chambers_w.end_membership(m_li, today()).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))));
    let view = admin_chambers.get(sz).await.unwrap();
    assert_eq!(view.members.len(), 1);
    assert_eq!(view.former_members.iter().map(|m| (m.id, m.until)).collect::<Vec<_>>(), vec![(m_li, Some(today()))]);
    assert_eq!(listed_members(store, &admin, sz).await, 1, "former members are not counted");

    let log = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 100, ..Default::default() })
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "chamber.create",
        "chamber.update",
        "chamber.office_add",
        "chamber.office_remove",
        "chamber.member_add",
        "chamber.member_end",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let update = log.iter().find(|e| e.action == "chamber.update").unwrap();
    assert_eq!(update.detail["before"]["name"], "深圳岳阳县商会");
    assert_eq!(update.detail["after"]["name"], "深圳商会");
    let history = store.fellows(&admin, Permission::FellowRead).unwrap().history(li).await.unwrap();
    assert!(history.iter().any(|e| e.action == "chamber.member_end"), "the fellow's history shows leaving");
    db
});

store_test!(member_lists_and_counts_obey_fellow_scope, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let liaison = county.user(store, "liaison", BuiltinRole::ChamberLiaison, "岳阳县").await;
    let village = county.user(store, "village", BuiltinRole::VillageCadre, "新墙村").await;
    let sz = store
        .chambers(&admin, Permission::ChamberWrite)
        .unwrap()
        .create(remote_chamber("深圳岳阳县商会", "深圳"))
        .await
        .unwrap();
    let mut fellows = vec![];
    for (name, township) in [("甲", "新墙镇"), ("乙", "新墙镇"), ("丙", "筻口镇")] {
        let id = county.fellow(store, &admin, county.fellow_form(name, township, None)).await;
        store
            .chambers(&admin, Permission::ChamberWrite)
            .unwrap()
            .add_member(sz, id, MemberPosition::Member, None)
            .await
            .unwrap();
        fellows.push(id);
    }
    for (who, count) in [(&admin, 3), (&leader, 3), (&xinqiang, 2), (&gangkou, 1), (&liaison, 0)] {
        assert_eq!(listed_members(store, who, sz).await, count, "{} on the list", who.username());
        let view = store.chambers(who, Permission::ChamberRead).unwrap().get(sz).await.unwrap();
        assert_eq!(view.members.len() as u64, count, "{} on the page", who.username());
    }
    let seen: Vec<Uuid> = store
        .chambers(&gangkou, Permission::ChamberRead)
        .unwrap()
        .get(sz)
        .await
        .unwrap()
        .members
        .iter()
        .map(|m| m.fellow_id)
        .collect();
    assert_eq!(seen, vec![fellows[2]], "筻口镇 sees its own fellow only");
    // Chambers themselves are county-wide records; the area needs chamber.read.
    assert_eq!(store.chambers(&liaison, Permission::ChamberRead).unwrap().list().await.unwrap().len(), 1);
    assert!(matches!(store.chambers(&village, Permission::ChamberRead), Err(StoreError::Forbidden)));

    // A liaison assignment lets the chamber liaison see (and count) that member.
    let draft = AssignmentDraft { cadre_id: liaison.user_id(), level: LiaisonLevel::County, cycle_days: 90 };
    let assignment = store.liaison(&admin, Permission::LiaisonWrite).unwrap().assign(fellows[2], draft).await.unwrap();
    assert_eq!(listed_members(store, &liaison, sz).await, 1);
    store.liaison(&admin, Permission::LiaisonWrite).unwrap().end(assignment).await.unwrap();
    assert_eq!(listed_members(store, &liaison, sz).await, 0);

    // Archived fellows leave the list and the count.
    store.fellows(&admin, Permission::FellowWrite).unwrap().archive(fellows[0]).await.unwrap();
    assert_eq!(listed_members(store, &xinqiang, sz).await, 1);
    db
});

store_test!(writing_members_needs_the_fellow_in_scope, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_chambers_w = store.chambers(&admin, Permission::ChamberWrite).unwrap();
    let staff = county.user(store, "staff", BuiltinRole::CountyStaff, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let sz = admin_chambers_w.create(remote_chamber("深圳岳阳县商会", "深圳")).await.unwrap();
    let own = county.fellow(store, &admin, county.fellow_form("甲", "新墙镇", None)).await;
    let sibling = county.fellow(store, &admin, county.fellow_form("丙", "筻口镇", None)).await;
    // County staff hold chamber.write and tenant-wide fellow scope.
    let member = store
        .chambers(&staff, Permission::ChamberWrite)
        .unwrap()
        .add_member(sz, sibling, MemberPosition::VicePresident, None)
        .await
        .unwrap();
    // A township officer may read chambers but not write them: the writing
    // handle is refused whatever fellow it would be for, so the answer tells
    // nothing about another township's fellows.
    assert!(matches!(store.chambers(&xinqiang, Permission::ChamberWrite), Err(StoreError::Forbidden)));
    // A chamber liaison keeps the memberships of the chambers they staff, for
    // the fellows they see (here through a liaison assignment), and of no
    // other chamber; the chamber itself and its staff stay with the county.
    let liaison = county.user(store, "liaison", BuiltinRole::ChamberLiaison, "岳阳县").await;
    let cs = admin_chambers_w.create(remote_chamber("长沙岳阳县商会", "长沙")).await.unwrap();
    let draft = AssignmentDraft { cadre_id: liaison.user_id(), level: LiaisonLevel::County, cycle_days: 90 };
    store.liaison(&admin, Permission::LiaisonWrite).unwrap().assign(own, draft).await.unwrap();
    let by_liaison = store.chambers(&liaison, Permission::ChamberWrite).unwrap();
    let not_yet = by_liaison.add_member(sz, own, MemberPosition::Member, None).await;
    assert!(matches!(not_yet, Err(StoreError::Forbidden)), "not staff yet: {not_yet:?}");
    let by_admin = admin_chambers_w;
    by_admin.add_staff(sz, liaison.user_id()).await.unwrap();
    let m = by_liaison.add_member(sz, own, MemberPosition::Member, None).await.unwrap();
    let hidden = by_liaison.add_member(sz, sibling, MemberPosition::Member, None).await;
    assert!(matches!(hidden, Err(StoreError::NotFound)), "{hidden:?}");
    let hidden = by_liaison.end_membership(member, today()).await;
    assert!(matches!(hidden, Err(StoreError::NotFound)), "{hidden:?}");
    let other = by_liaison.add_member(cs, own, MemberPosition::Member, None).await;
    assert!(matches!(other, Err(StoreError::Forbidden)), "another chamber: {other:?}");
    by_liaison.end_membership(m, today()).await.unwrap();
    assert!(matches!(by_liaison.update(sz, remote_chamber("改名商会", "深圳")).await, Err(StoreError::Forbidden)));
    assert!(matches!(by_liaison.add_staff(cs, liaison.user_id()).await, Err(StoreError::Forbidden)));
    let view = store.chambers(&liaison, Permission::ChamberRead).unwrap().get(sz).await.unwrap();
    assert!(view.can_keep_members && !view.can_write);
    assert_eq!(view.staff.iter().map(|s| s.username.as_str()).collect::<Vec<_>>(), ["liaison"]);
    // Only an active chamber liaison can be named, and once.
    let refused = by_admin.add_staff(sz, xinqiang.user_id()).await;
    assert!(matches!(refused, Err(StoreError::Invalid(_))), "{refused:?}");
    assert!(matches!(by_admin.add_staff(sz, liaison.user_id()).await, Err(StoreError::Conflict(_))));
    by_admin.remove_staff(sz, liaison.user_id()).await.unwrap();
    let gone = by_liaison.add_member(sz, own, MemberPosition::Member, None).await;
    assert!(matches!(gone, Err(StoreError::Forbidden)), "{gone:?}");
    db
});

store_test!(bad_chamber_input_is_refused, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin_chambers_w = store.chambers(&admin, Permission::ChamberWrite).unwrap();
    let other = county.user(store, "other", BuiltinRole::CountyAdmin, "平江县").await;
    let other_chambers_w = store.chambers(&other, Permission::ChamberWrite).unwrap();
    let township = |id: Option<Uuid>| ChamberDraft {
        kind: ChamberKind::Township,
        township_id: id,
        ..remote_chamber("乡镇商会", "")
    };
    let invalid = [
        remote_chamber("", "深圳"),
        remote_chamber("   ", "深圳"),
        remote_chamber(&"商".repeat(101), "深圳"),
        remote_chamber("深圳商会", ""),
        remote_chamber("深圳商会", &"深".repeat(51)),
        ChamberDraft { notes: "注".repeat(2001), ..remote_chamber("深圳商会", "深圳") },
        ChamberDraft { founded: Some(today() + Duration::days(2)), ..remote_chamber("深圳商会", "深圳") },
        township(None),
        township(Some(county.unit("新墙村"))),
        township(Some(county.unit("安定镇"))),
        township(Some(Uuid::now_v7())),
    ];
    for draft in invalid {
        let result = admin_chambers_w.create(draft.clone()).await;
        assert!(matches!(result, Err(StoreError::Invalid(_))), "{draft:?}: {result:?}");
    }
    assert!(
        store.chambers(&admin, Permission::ChamberRead).unwrap().list().await.unwrap().is_empty(),
        "nothing half-written"
    );

    let sz = admin_chambers_w.create(remote_chamber("深圳岳阳县商会", "深圳")).await.unwrap();
    let bad_office = admin_chambers_w.add_office(sz, " ", "深圳", "").await;
    assert!(matches!(bad_office, Err(StoreError::Invalid(_))));
    let future = admin_chambers_w.add_member(sz, Uuid::now_v7(), MemberPosition::Member, None).await;
    assert!(matches!(future, Err(StoreError::NotFound)), "an unknown fellow");
    let f = county.fellow(store, &admin, county.fellow_form("甲", "新墙镇", None)).await;
    let future = admin_chambers_w.add_member(sz, f, MemberPosition::Member, Some(today() + Duration::days(3))).await;
    assert!(matches!(future, Err(StoreError::Invalid(_))), "joining in the future");

    // Another county's ids are not there.
    let theirs = other_chambers_w.create(remote_chamber("平江商会", "长沙")).await.unwrap();
    let their_fellow = county.fellow(store, &other, county.fellow_form("平江人", "安定镇", None)).await;
    assert!(matches!(
        store.chambers(&admin, Permission::ChamberRead).unwrap().get(theirs).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(admin_chambers_w.update(theirs, remote_chamber("x", "y")).await, Err(StoreError::NotFound)));
    assert!(matches!(admin_chambers_w.add_office(theirs, "联络处", "", "").await, Err(StoreError::NotFound)));
    let cross = admin_chambers_w.add_member(sz, their_fellow, MemberPosition::Member, None).await;
    assert!(matches!(cross, Err(StoreError::NotFound)), "{cross:?}");
    let their_member = other_chambers_w.add_member(theirs, their_fellow, MemberPosition::Member, None).await.unwrap();
    assert!(matches!(admin_chambers_w.end_membership(their_member, today()).await, Err(StoreError::NotFound)));
    let office = admin_chambers_w.add_office(sz, "联络处", "", "").await.unwrap();
    let theirs_office = other_chambers_w.remove_office(theirs, office).await;
    assert!(matches!(theirs_office, Err(StoreError::NotFound)));
    assert!(matches!(admin_chambers_w.remove_office(Uuid::now_v7(), office).await, Err(StoreError::NotFound)));
    assert_eq!(
        store.chambers(&other, Permission::ChamberRead).unwrap().list().await.unwrap().len(),
        1,
        "each county sees its own"
    );
    assert_eq!(store.chambers(&other, Permission::ChamberRead).unwrap().count().await.unwrap(), 1);
    db
});
