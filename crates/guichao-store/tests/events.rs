//! Events in the store: seen through their organising unit, their cadres and
//! their fellows; attendance makes one contact record per attended fellow,
//! which later changes of attendance or of the event rewrite or withdraw, so
//! overdue counts each once; refusals write nothing.

use chrono::{Days, NaiveDate};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::events::{Attendance, EventDraft, EventKind};
use guichao_domain::liaison::{ContactKind, ContactState, LiaisonLevel};
use guichao_store::audit::AuditQuery;
use guichao_store::contacts::{ContactQuery, ContactRow};
use guichao_store::events::{AttendanceDraft, ContactChanges, EventQuery};
use guichao_store::liaison::AssignmentDraft;
use guichao_store::testing::{County, TestDb, remote_chamber};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

fn forum(organiser: Uuid, start: NaiveDate) -> EventDraft {
    EventDraft {
        title: "深圳乡友座谈会".into(),
        kind: EventKind::Forum,
        start_date: start,
        end_date: start,
        place: "深圳".into(),
        organiser_unit_id: organiser,
        outcomes: "两项投资意向".into(),
        leads: "电子厂扩产".into(),
    }
}

async fn contacts(store: &Store, who: &Actor) -> Vec<ContactRow> {
    let q = ContactQuery { limit: 200, ..Default::default() };
    store.contacts(who, Permission::LiaisonRead).unwrap().list(&q).await.unwrap().0
}

async fn audited(store: &Store, admin: &Actor, action: &str) -> usize {
    let q = AuditQuery { action: Some(action.into()), limit: 200, ..Default::default() };
    store.audit(&store.test_auditor(admin).await).unwrap().list(&q).await.unwrap().len()
}

fn attended(ids: &[Uuid]) -> Vec<(Uuid, Attendance)> {
    ids.iter().map(|id| (*id, Attendance::Attended)).collect()
}

struct Cast {
    admin: Actor,
    xinqiang: Actor,
    village: Actor,
    gangkou: Actor,
    leader: Actor,
    xq: Uuid,
    xq2: Uuid,
    gk: Uuid,
}

async fn cast(store: &Store) -> (County, Cast) {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let village = county.user(store, "village", BuiltinRole::VillageCadre, "新墙村").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let xq = county.fellow(store, &admin, county.fellow_form("新墙乡友", "新墙镇", Some("新墙村"))).await;
    let xq2 = county.fellow(store, &admin, county.fellow_form("清水乡友", "新墙镇", Some("清水村"))).await;
    let gk = county.fellow(store, &admin, county.fellow_form("筻口乡友", "筻口镇", Some("筻口村"))).await;
    (county, Cast { admin, xinqiang, village, gangkou, leader, xq, xq2, gk })
}

store_test!(attendance_makes_one_contact_per_attended_fellow_and_changes_follow, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let chamber = store.chambers(&c.admin, Permission::ChamberWrite).unwrap();
    let sz = chamber.create(remote_chamber("深圳岳阳商会", "深圳")).await.unwrap();
    let events = store.events(&c.admin, Permission::LiaisonWrite).unwrap();
    let id = events.create(forum(county.unit("岳阳县"), ago(10))).await.unwrap();
    let draft = AttendanceDraft {
        fellows: vec![(c.xq, Attendance::Attended), (c.gk, Attendance::Attended), (c.xq2, Attendance::Invited)],
        cadres: attended(&[c.admin.user_id(), c.xinqiang.user_id()]),
        chambers: attended(&[sz]),
    };
    let changes = events.set_attendance(id, draft.clone()).await.unwrap();
    assert_eq!(changes, ContactChanges { created: 2, updated: 0, removed: 0 });
    let rows = contacts(store, &c.admin).await;
    assert_eq!(rows.len(), 2, "one record per attended fellow, none for the invited");
    for r in &rows {
        assert_eq!(
            (r.kind, r.date, r.place.as_str(), r.notes.as_str()),
            (ContactKind::Forum, ago(10), "深圳", "活动：深圳乡友座谈会")
        );
        assert_eq!((r.fellows.len(), r.cadres.len(), r.chamber_id), (1, 2, Some(sz)));
    }
    // The same list again changes nothing.
    assert_eq!(events.set_attendance(id, draft.clone()).await.unwrap(), ContactChanges::default());
    assert_eq!(audited(store, &c.admin, "contact.create").await, 2);

    // 清水乡友 came after all, 筻口乡友 is dropped, 新墙镇干部 only invited.
    let changed = AttendanceDraft {
        fellows: attended(&[c.xq, c.xq2]),
        cadres: vec![(c.admin.user_id(), Attendance::Attended), (c.xinqiang.user_id(), Attendance::Invited)],
        chambers: vec![],
    };
    let changes = events.set_attendance(id, changed).await.unwrap();
    assert_eq!(changes, ContactChanges { created: 1, updated: 1, removed: 1 });
    let rows = contacts(store, &c.admin).await;
    let named: Vec<Uuid> = rows.iter().map(|r| r.fellows[0].fellow_id).collect();
    assert_eq!(rows.len(), 2);
    assert!(named.contains(&c.xq) && named.contains(&c.xq2) && !named.contains(&c.gk));
    assert!(rows.iter().all(|r| r.cadres.len() == 1 && r.chamber_id.is_none()));

    // Editing the event rewrites its records; the contacts handle refuses to.
    let inspection =
        EventDraft { kind: EventKind::InspectionTour, start_date: ago(12), ..forum(county.unit("岳阳县"), ago(12)) };
    events.update(id, inspection).await.unwrap();
    let rows = contacts(store, &c.admin).await;
    assert!(rows.iter().all(|r| r.kind == ContactKind::Inspection && r.date == ago(12)), "{rows:?}");
    let writer = store.contacts(&c.admin, Permission::LiaisonWrite).unwrap();
    assert!(matches!(writer.delete(rows[0].id).await, Err(StoreError::Conflict(_))));

    // Deleting the event withdraws them.
    events.delete(id).await.unwrap();
    assert!(contacts(store, &c.admin).await.is_empty());
    let read = store.events(&c.admin, Permission::LiaisonRead).unwrap();
    assert!(matches!(read.get(id).await, Err(StoreError::NotFound)));
    assert_eq!(audited(store, &c.admin, "event.delete").await, 1);
    assert_eq!(audited(store, &c.admin, "event.attendance").await, 3);
    db
});

store_test!(an_attended_event_counts_once_toward_overdue, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let assign = store.liaison(&c.admin, Permission::LiaisonWrite).unwrap();
    let a = AssignmentDraft { cadre_id: c.village.user_id(), level: LiaisonLevel::Village, cycle_days: 30 };
    assign.assign(c.xq, a).await.unwrap();
    let events = store.events(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    let id = events.create(forum(county.unit("新墙镇"), ago(5))).await.unwrap();
    let draft =
        AttendanceDraft { fellows: attended(&[c.xq]), cadres: attended(&[c.village.user_id()]), chambers: vec![] };
    events.set_attendance(id, draft.clone()).await.unwrap();
    events.set_attendance(id, draft).await.unwrap();
    let village = store.contacts(&c.village, Permission::LiaisonRead).unwrap();
    let state = village.my_assignments_state(today()).await.unwrap();
    assert_eq!((state[0].last_contact, state[0].state), (Some(ago(5)), ContactState::Ok));
    let (timeline, n) = village.timeline(c.xq, 20, 0).await.unwrap();
    assert_eq!((n, timeline[0].date), (1, ago(5)), "counted exactly once");
    db
});

store_test!(events_are_seen_by_unit_cadre_or_fellow_and_names_are_hidden, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let county_events = store.events(&c.admin, Permission::LiaisonWrite).unwrap();
    let county_forum = county_events.create(forum(county.unit("岳阳县"), ago(3))).await.unwrap();
    let gangkou_forum = store
        .events(&c.gangkou, Permission::LiaisonWrite)
        .unwrap()
        .create(forum(county.unit("筻口镇"), ago(2)))
        .await
        .unwrap();
    let seen = |who: &Actor| {
        let who = who.clone();
        async move {
            let q = EventQuery { limit: 50, ..Default::default() };
            let (rows, _) = store.events(&who, Permission::LiaisonRead).unwrap().list(&q).await.unwrap();
            rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(seen(&c.leader).await, [gangkou_forum, county_forum], "newest first, all for the county");
    assert!(seen(&c.xinqiang).await.is_empty(), "neither its unit, its cadre nor its fellows");
    // A fellow of 新墙镇 at the county's forum makes it seen by 新墙镇, with only that name.
    let draft =
        AttendanceDraft { fellows: attended(&[c.xq, c.gk]), cadres: attended(&[c.admin.user_id()]), chambers: vec![] };
    county_events.set_attendance(county_forum, draft).await.unwrap();
    assert_eq!(seen(&c.xinqiang).await, [county_forum]);
    let view = store.events(&c.xinqiang, Permission::LiaisonRead).unwrap().get(county_forum).await.unwrap();
    let names: Vec<Option<&str>> = view.fellows.iter().map(|f| f.name.as_deref()).collect();
    assert_eq!(names, [Some("新墙乡友"), None]);
    assert!(!view.can_edit, "another unit's event");
    // A cadre listed on an event sees it.
    let draft = AttendanceDraft {
        fellows: vec![],
        cadres: vec![(c.xinqiang.user_id(), Attendance::Invited)],
        chambers: vec![],
    };
    store.events(&c.gangkou, Permission::LiaisonWrite).unwrap().set_attendance(gangkou_forum, draft).await.unwrap();
    assert_eq!(seen(&c.xinqiang).await, [gangkou_forum, county_forum]);

    // 新墙镇 may not change the county's forum, and may not name 筻口's fellow.
    let xinqiang = store.events(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    assert!(matches!(xinqiang.delete(county_forum).await, Err(StoreError::Forbidden)));
    let own = xinqiang.create(forum(county.unit("新墙镇"), ago(1))).await.unwrap();
    let outside = AttendanceDraft { fellows: attended(&[c.xq, c.gk]), cadres: vec![], chambers: vec![] };
    match xinqiang.set_attendance(own, outside).await {
        Err(StoreError::Fields(f)) => assert_eq!(f[0].field, "fellows"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.events(&c.admin, Permission::LiaisonRead).unwrap().get(own).await.unwrap().fellows.len(), 0);
    // Nor organise for 筻口镇; a leader cannot write at all.
    match xinqiang.create(forum(county.unit("筻口镇"), ago(1))).await {
        Err(StoreError::Fields(f)) => assert_eq!(f[0].field, "organiser_unit_id"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(store.events(&c.leader, Permission::LiaisonWrite), Err(StoreError::Forbidden)));
    // The village cadre edits its fellow's attendance on 新墙镇's event? Not its unit: forbidden.
    let village = store.events(&c.village, Permission::LiaisonWrite).unwrap();
    assert!(matches!(village.delete(own).await, Err(StoreError::NotFound | StoreError::Forbidden)));
    db
});

store_test!(bad_events_and_early_attendance_are_refused_in_chinese, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let events = store.events(&c.admin, Permission::LiaisonWrite).unwrap();
    let backwards = EventDraft { end_date: ago(4), ..forum(county.unit("岳阳县"), ago(3)) };
    match events.create(backwards).await {
        Err(StoreError::Fields(f)) => {
            assert_eq!((f[0].field, f[0].message.zh.as_str()), ("end_date", "结束日期不能早于开始日期"))
        }
        other => panic!("{other:?}"),
    }
    let ahead = today().checked_add_days(Days::new(7)).unwrap();
    let planned = events.create(forum(county.unit("岳阳县"), ahead)).await.unwrap();
    let invited = AttendanceDraft { fellows: vec![(c.xq, Attendance::Invited)], ..Default::default() };
    assert_eq!(events.set_attendance(planned, invited).await.unwrap(), ContactChanges::default());
    match events.set_attendance(planned, AttendanceDraft { fellows: attended(&[c.xq]), ..Default::default() }).await {
        Err(StoreError::Fields(f)) => assert_eq!(f[0].field, "attendees"),
        other => panic!("{other:?}"),
    }
    assert!(contacts(store, &c.admin).await.is_empty(), "nothing written");
    let q = EventQuery { kind: Some(EventKind::Forum), year: Some(2001), limit: 10, ..Default::default() };
    assert_eq!(events_of(store, &c.admin, &q).await, 0);
    let q = EventQuery { place: Some("深".into()), limit: 10, ..Default::default() };
    assert_eq!(events_of(store, &c.admin, &q).await, 1);
    db
});

async fn events_of(store: &Store, who: &Actor, q: &EventQuery) -> u64 {
    store.events(who, Permission::LiaisonRead).unwrap().list(q).await.unwrap().1
}
