//! Contact records in the store: seen with the fellows they name, refused for
//! fellows outside the writer's scope, edited with a history, deleted softly
//! by their author or an admin; follow-ups; due and overdue assignments; the
//! bulk loader.

use chrono::{Days, NaiveDate};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::liaison::{ContactDraft, ContactKind, ContactState, FollowUpDraft, LiaisonLevel};
use guichao_store::audit::AuditQuery;
use guichao_store::contacts::{
    BulkContact, ContactQuery, ContactRow, FollowUpCounts, FollowUpFilter, FollowUpQuery, OverdueQuery,
};
use guichao_store::liaison::AssignmentDraft;
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

fn ahead(days: u64) -> NaiveDate {
    today().checked_add_days(Days::new(days)).unwrap()
}

/// A visit by `cadre` to `fellows` today.
fn visit(cadre: &Actor, fellows: &[Uuid]) -> ContactDraft {
    ContactDraft {
        kind: ContactKind::Visit,
        date: today(),
        place: "深圳".into(),
        cadre_ids: vec![cadre.user_id()],
        fellow_ids: fellows.to_vec(),
        chamber_id: None,
        notes: "春节前走访".into(),
        outcome: String::new(),
        follow_up: None,
    }
}

async fn create(store: &Store, who: &Actor, draft: ContactDraft) -> Uuid {
    store.contacts(who, Permission::LiaisonWrite).unwrap().create(draft).await.unwrap()
}

async fn all(store: &Store, who: &Actor) -> (Vec<ContactRow>, u64) {
    let q = ContactQuery { limit: 200, ..Default::default() };
    store.contacts(who, Permission::LiaisonRead).unwrap().list(&q).await.unwrap()
}

fn names(row: &ContactRow) -> Vec<Option<&str>> {
    row.fellows.iter().map(|f| f.name.as_deref()).collect()
}

async fn audited(store: &Store, admin: &Actor, action: &str) -> usize {
    let q = AuditQuery { action: Some(action.into()), limit: 100, ..Default::default() };
    store.audit(&store.test_auditor(admin).await).unwrap().list(&q).await.unwrap().len()
}

/// The test county with an admin, a township officer of 新墙镇, a village
/// cadre of 新墙村, a township officer of 筻口镇, a leader; a fellow of 新墙村
/// and one of 筻口村.
struct Cast {
    admin: Actor,
    xinqiang: Actor,
    village: Actor,
    gangkou: Actor,
    leader: Actor,
    xq: Uuid,
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
    let gk = county.fellow(store, &admin, county.fellow_form("筻口乡友", "筻口镇", Some("筻口村"))).await;
    (county, Cast { admin, xinqiang, village, gangkou, leader, xq, gk })
}

store_test!(a_contact_is_seen_with_its_fellows_and_names_only_those_the_reader_sees, |db: TestDb| async move {
    let store = &db.store;
    let (_, c) = cast(store).await;
    let own = create(store, &c.village, visit(&c.village, &[c.xq])).await;

    // A village cadre naming a fellow of another township: a field error, nothing written.
    let refused =
        store.contacts(&c.village, Permission::LiaisonWrite).unwrap().create(visit(&c.village, &[c.xq, c.gk])).await;
    match refused {
        Err(StoreError::Fields(f)) => assert_eq!((f[0].field, f.len()), ("fellow_ids", 1), "{f:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(all(store, &c.admin).await.1, 1, "nothing written");
    assert_eq!(audited(store, &c.admin, "contact.create").await, 1);

    // A forum of both fellows, recorded by the county.
    let forum = ContactDraft {
        kind: ContactKind::Forum,
        date: ago(3),
        cadre_ids: vec![c.admin.user_id(), c.xinqiang.user_id()],
        ..visit(&c.admin, &[c.xq, c.gk])
    };
    let forum = create(store, &c.admin, forum).await;
    let (rows, total) = all(store, &c.xinqiang).await;
    assert_eq!((total, rows[0].id, rows[1].id), (2, own, forum), "newest first");
    assert_eq!(names(&rows[1]), [Some("新墙乡友"), None], "the other township's fellow is not named");
    assert_eq!(rows[1].cadres.len(), 2);
    let (rows, total) = all(store, &c.gangkou).await;
    assert_eq!((total, names(&rows[0])), (1, vec![Some("筻口乡友"), None]));
    assert_eq!(all(store, &c.leader).await.1, 2, "a leader reads everything");
    let gangkou = store.contacts(&c.gangkou, Permission::LiaisonRead).unwrap();
    assert!(matches!(gangkou.get(own).await, Err(StoreError::NotFound)));
    assert!(matches!(gangkou.timeline(c.xq, 20, 0).await, Err(StoreError::NotFound)));
    let (timeline, n) = gangkou.timeline(c.gk, 20, 0).await.unwrap();
    assert_eq!((n, timeline[0].id), (1, forum));

    let xq_reads = store.contacts(&c.xinqiang, Permission::LiaisonRead).unwrap();
    let (timeline, n) = xq_reads.timeline(c.xq, 1, 0).await.unwrap();
    assert_eq!((n, timeline.len(), timeline[0].id), (2, 1, own));
    let (timeline, n) = xq_reads.timeline(c.xq, 1, 1).await.unwrap();
    assert_eq!((n, timeline[0].id), (2, forum), "the second page");
    let (timeline, n) = xq_reads.timeline(c.xq, 20, 5).await.unwrap();
    assert_eq!((n, timeline.len()), (2, 0), "a page past the end still counts");
    let by_cadre = ContactQuery { cadre_id: Some(c.xinqiang.user_id()), limit: 50, ..Default::default() };
    assert_eq!(xq_reads.list(&by_cadre).await.unwrap().1, 1);
    let by_dates = ContactQuery { from: Some(ago(5)), to: Some(ago(1)), limit: 50, ..Default::default() };
    assert_eq!(xq_reads.list(&by_dates).await.unwrap().0[0].id, forum);
    // By fellow: every record naming a fellow the reader sees; none for one they do not.
    let by_fellow = |f| ContactQuery { fellow_id: Some(f), limit: 50, ..Default::default() };
    let ids = |rows: Vec<ContactRow>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(xq_reads.list(&by_fellow(c.xq)).await.unwrap().0), [own, forum]);
    let (rows, total) = gangkou.list(&by_fellow(c.xq)).await.unwrap();
    assert_eq!((rows.len(), total), (0, 0), "a fellow they do not see");
    let mine_there = ContactQuery { cadre_id: Some(c.village.user_id()), ..by_fellow(c.gk) };
    assert_eq!(gangkou.list(&mine_there).await.unwrap().1, 0, "filters still apply");

    // A read handle cannot write; bad input gives field errors in Chinese.
    assert!(matches!(xq_reads.create(visit(&c.xinqiang, &[c.xq])).await, Err(StoreError::Forbidden)));
    let writes = store.contacts(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    let bad = ContactDraft { date: ahead(1), cadre_ids: vec![], ..visit(&c.xinqiang, &[c.xq]) };
    match writes.create(bad).await {
        Err(StoreError::Fields(f)) => {
            assert_eq!(f.iter().map(|e| e.field).collect::<Vec<_>>(), ["date", "cadre_ids"]);
            assert_eq!(f[0].message.zh, "联系日期不能晚于今天");
        }
        other => panic!("{other:?}"),
    }
    let stranger = ContactDraft { cadre_ids: vec![Uuid::now_v7()], ..visit(&c.xinqiang, &[c.xq]) };
    assert!(matches!(writes.create(stranger).await, Err(StoreError::Fields(f)) if f[0].field == "cadre_ids"));
    assert_eq!(all(store, &c.admin).await.1, 2);
    db
});

store_test!(edits_keep_a_history_and_only_the_author_or_an_admin_deletes, |db: TestDb| async move {
    let store = &db.store;
    let (_, c) = cast(store).await;
    let id = create(store, &c.xinqiang, visit(&c.xinqiang, &[c.xq])).await;
    let call = ContactDraft { kind: ContactKind::Call, notes: "电话回访".into(), ..visit(&c.xinqiang, &[c.xq]) };

    let village = store.contacts(&c.village, Permission::LiaisonWrite).unwrap();
    assert!(matches!(village.update(id, call.clone()).await, Err(StoreError::Forbidden)), "not the author");
    assert!(matches!(village.delete(id).await, Err(StoreError::Forbidden)));
    let gangkou = store.contacts(&c.gangkou, Permission::LiaisonWrite).unwrap();
    assert!(matches!(gangkou.delete(id).await, Err(StoreError::NotFound)), "not even seen");

    store.contacts(&c.xinqiang, Permission::LiaisonWrite).unwrap().update(id, call).await.unwrap();
    let admin_call = ContactDraft { outcome: "有投资意向".into(), ..visit(&c.admin, &[c.xq]) };
    store.contacts(&c.admin, Permission::LiaisonWrite).unwrap().update(id, admin_call).await.unwrap();
    let detail = store.contacts(&c.xinqiang, Permission::LiaisonRead).unwrap().get(id).await.unwrap();
    assert_eq!((detail.contact.kind, detail.contact.outcome.as_str()), (ContactKind::Visit, "有投资意向"));
    assert_eq!(detail.contact.author_id, c.xinqiang.user_id(), "the author stays");
    assert_eq!(detail.contact.cadres[0].user_id, c.admin.user_id());
    assert_eq!(detail.history.len(), 2);
    assert_eq!(
        (detail.history[0].before["kind"].as_str(), detail.history[0].user_id),
        (Some("call"), c.admin.user_id())
    );
    assert_eq!(detail.history[1].before["notes"], "春节前走访");
    assert!(detail.can_edit);
    assert!(!store.contacts(&c.village, Permission::LiaisonRead).unwrap().get(id).await.unwrap().can_edit);
    assert_eq!(audited(store, &c.admin, "contact.update").await, 2);

    // The author deletes their own; an admin deletes anyone's.
    store.contacts(&c.xinqiang, Permission::LiaisonWrite).unwrap().delete(id).await.unwrap();
    let other = create(store, &c.village, visit(&c.village, &[c.xq])).await;
    store.contacts(&c.admin, Permission::LiaisonWrite).unwrap().delete(other).await.unwrap();
    for who in [&c.admin, &c.xinqiang, &c.leader] {
        assert_eq!(all(store, who).await.1, 0, "hidden from every read");
        let reads = store.contacts(who, Permission::LiaisonRead).unwrap();
        assert!(matches!(reads.get(id).await, Err(StoreError::NotFound)));
        assert_eq!(reads.timeline(c.xq, 20, 0).await.unwrap().1, 0);
        let by_fellow = ContactQuery { fellow_id: Some(c.xq), limit: 50, ..Default::default() };
        assert_eq!(reads.list(&by_fellow).await.unwrap().1, 0);
    }
    let again = store.contacts(&c.admin, Permission::LiaisonWrite).unwrap().delete(id).await;
    assert!(matches!(again, Err(StoreError::NotFound)));
    assert_eq!(audited(store, &c.admin, "contact.delete").await, 2);
    db
});

store_test!(follow_ups_make_a_to_do_list_and_are_finished_with_a_result, |db: TestDb| async move {
    let store = &db.store;
    let (_, c) = cast(store).await;
    let follow = |what: &str, due| Some(FollowUpDraft { what: what.into(), owner_id: c.village.user_id(), due });
    let later = ContactDraft { follow_up: follow("寄送招商资料", ahead(3)), ..visit(&c.xinqiang, &[c.xq]) };
    create(store, &c.xinqiang, later).await;
    let late =
        ContactDraft { date: ago(10), follow_up: follow("协调子女入学", ago(5)), ..visit(&c.xinqiang, &[c.xq]) };
    create(store, &c.xinqiang, late).await;
    let early = ContactDraft { date: ago(2), follow_up: follow("回访", ago(3)), ..visit(&c.xinqiang, &[c.xq]) };
    let refused = store.contacts(&c.xinqiang, Permission::LiaisonWrite).unwrap().create(early).await;
    assert!(matches!(refused, Err(StoreError::Fields(f)) if f[0].field == "follow_up_due"));

    let village = store.contacts(&c.village, Permission::LiaisonWrite).unwrap();
    let reads = store.contacts(&c.village, Permission::LiaisonRead).unwrap();
    let list = |filter| {
        let q = FollowUpQuery { filter, as_of: today(), offset: 0, limit: 50 };
        let reads = &reads;
        async move { reads.followups(&q).await }
    };
    assert_eq!(list(FollowUpFilter::Open).await.unwrap().1, 2);
    let (due, _) = list(FollowUpFilter::Due).await.unwrap();
    assert_eq!((due.len(), due[0].what.as_str()), (1, "寄送招商资料"));
    assert_eq!(due[0].fellows[0].name.as_deref(), Some("新墙乡友"));
    let (overdue, _) = list(FollowUpFilter::Overdue).await.unwrap();
    assert_eq!((overdue.len(), overdue[0].what.as_str()), (1, "协调子女入学"));
    assert_eq!(reads.followup_counts(today()).await.unwrap(), FollowUpCounts { open: 2, overdue: 1 });
    assert_eq!(reads.followup_counts(ago(6)).await.unwrap(), FollowUpCounts { open: 2, overdue: 0 });
    let none = store.contacts(&c.xinqiang, Permission::LiaisonRead).unwrap().followup_counts(today()).await.unwrap();
    assert_eq!(none, FollowUpCounts::default(), "the owner's list, not the author's");

    let blank = village.finish(overdue[0].id, "  ").await;
    assert!(
        matches!(blank, Err(StoreError::Fields(f)) if f[0].field == "result" && f[0].message.zh == "办理结果不能为空")
    );
    let gangkou = store.contacts(&c.gangkou, Permission::LiaisonWrite).unwrap();
    assert!(matches!(gangkou.finish(overdue[0].id, "已办").await, Err(StoreError::NotFound)));
    village.finish(overdue[0].id, "已联系学校落实").await.unwrap();
    assert!(matches!(village.finish(overdue[0].id, "再办").await, Err(StoreError::Conflict(_))));
    // The contact's author may close it too.
    store.contacts(&c.xinqiang, Permission::LiaisonWrite).unwrap().finish(due[0].id, "已寄出").await.unwrap();
    let (done, n) = list(FollowUpFilter::Done).await.unwrap();
    assert_eq!(n, 2);
    assert!(done.iter().any(|f| f.result == "已联系学校落实" && f.done_by == Some(c.village.user_id())));
    assert_eq!(reads.followup_counts(today()).await.unwrap(), FollowUpCounts::default());
    assert_eq!(audited(store, &c.admin, "followup.done").await, 2);
    db
});

store_test!(assignments_fall_due_and_overdue_by_their_last_contact, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let assign = store.liaison(&c.admin, Permission::LiaisonWrite).unwrap();
    let draft = |cadre: &Actor, level, cycle_days| AssignmentDraft { cadre_id: cadre.user_id(), level, cycle_days };
    assign.assign(c.xq, draft(&c.village, LiaisonLevel::Village, 30)).await.unwrap();
    assign.assign(c.xq, draft(&c.xinqiang, LiaisonLevel::Township, 90)).await.unwrap();
    assign.assign(c.gk, draft(&c.gangkou, LiaisonLevel::Township, 30)).await.unwrap();

    let village = store.contacts(&c.village, Permission::LiaisonRead).unwrap();
    let state = |as_of| {
        let village = &village;
        async move {
            let mine = village.my_assignments_state(as_of).await.unwrap();
            assert_eq!(mine.len(), 1);
            (mine[0].state, mine[0].days_overdue, mine[0].last_contact)
        }
    };
    // Never contacted: counted from the start (today).
    assert_eq!(state(ahead(23)).await, (ContactState::Ok, 0, None));
    assert_eq!(state(ahead(30)).await, (ContactState::Due, 0, None));
    assert_eq!(state(ahead(31)).await, (ContactState::Overdue, 1, None));

    // A visit five days ago by the village cadre moves their assignment only.
    let id = create(store, &c.village, ContactDraft { date: ago(5), ..visit(&c.village, &[c.xq]) }).await;
    assert_eq!(state(ahead(18)).await, (ContactState::Ok, 0, Some(ago(5))));
    assert_eq!(state(ahead(19)).await, (ContactState::Due, 0, Some(ago(5))));
    assert_eq!(state(ahead(26)).await, (ContactState::Overdue, 1, Some(ago(5))));
    assert_eq!(state(ago(6)).await.2, None, "a contact after the day asked about does not count");

    let admin = store.contacts(&c.admin, Permission::LiaisonRead).unwrap();
    let q = |as_of| OverdueQuery { township_id: None, cadre_id: None, level: None, as_of, offset: 0, limit: 50 };
    let (rows, n) = admin.overdue(&q(ahead(26))).await.unwrap();
    assert_eq!(n, 1, "筻口's 30-day assignment is not overdue until day 31");
    assert_eq!(
        (rows[0].fellow_name.as_str(), rows[0].township.as_str(), rows[0].cadre_name.as_str()),
        ("新墙乡友", "新墙镇", "village")
    );
    assert_eq!((rows[0].level, rows[0].last_contact, rows[0].days_overdue), (LiaisonLevel::Village, Some(ago(5)), 1));
    let (rows, n) = admin.overdue(&q(ahead(91))).await.unwrap();
    assert_eq!(n, 3);
    assert_eq!(rows[0].cadre_name, "village", "the longest overdue first");
    assert_eq!(rows.iter().find(|r| r.cadre_name == "xinqiang").unwrap().days_overdue, 1, "never contacted by them");
    let filtered = |township: Option<&str>, cadre: Option<&Actor>, level| OverdueQuery {
        township_id: township.map(|t| county.unit(t)),
        cadre_id: cadre.map(|a| a.user_id()),
        level,
        ..q(ahead(91))
    };
    assert_eq!(admin.overdue(&filtered(Some("筻口镇"), None, None)).await.unwrap().1, 1);
    assert_eq!(admin.overdue(&filtered(None, Some(&c.xinqiang), None)).await.unwrap().1, 1);
    assert_eq!(admin.overdue(&filtered(None, None, Some(LiaisonLevel::Township))).await.unwrap().1, 2);
    let page = OverdueQuery { offset: 2, limit: 1, ..q(ahead(91)) };
    let (rows, n) = admin.overdue(&page).await.unwrap();
    assert_eq!((rows.len(), n), (1, 3));

    // Each sees the overdue assignments of the fellows they may see.
    let gangkou = store.contacts(&c.gangkou, Permission::LiaisonRead).unwrap();
    let (rows, n) = gangkou.overdue(&q(ahead(91))).await.unwrap();
    assert_eq!((n, rows[0].fellow_name.as_str()), (1, "筻口乡友"));
    assert_eq!(village.overdue(&q(ahead(91))).await.unwrap().1, 2);
    // A cadre's own list asks nothing more; another cadre's keeps the scope.
    let of = |who: &Actor| OverdueQuery { cadre_id: Some(who.user_id()), ..q(ahead(91)) };
    assert_eq!(gangkou.overdue(&of(&c.gangkou)).await.unwrap().1, 1);
    assert_eq!(gangkou.overdue(&of(&c.xinqiang)).await.unwrap().1, 0, "新墙's fellow is not gangkou's to see");
    assert_eq!(village.overdue(&of(&c.xinqiang)).await.unwrap().1, 1, "the village's fellow is");

    // A deleted visit no longer counts: back to the start.
    store.contacts(&c.village, Permission::LiaisonWrite).unwrap().delete(id).await.unwrap();
    assert_eq!(state(ahead(26)).await, (ContactState::Due, 0, None));
    db
});

store_test!(overdue_rows_rank_by_days_overdue_and_cadres_come_from_visible_assignments, |db: TestDb| async move {
    let store = &db.store;
    let (_, c) = cast(store).await;
    let assign = store.liaison(&c.admin, Permission::LiaisonWrite).unwrap();
    let draft = |cadre: &Actor, level, cycle_days| AssignmentDraft { cadre_id: cadre.user_id(), level, cycle_days };
    assign.assign(c.xq, draft(&c.village, LiaisonLevel::Village, 30)).await.unwrap();
    assign.assign(c.xq, draft(&c.xinqiang, LiaisonLevel::Township, 90)).await.unwrap();
    assign.assign(c.gk, draft(&c.gangkou, LiaisonLevel::Township, 60)).await.unwrap();
    // The 90-day assignment was contacted longest ago but is the least overdue.
    create(store, &c.xinqiang, ContactDraft { date: ago(100), ..visit(&c.xinqiang, &[c.xq]) }).await;
    create(store, &c.village, ContactDraft { date: ago(50), ..visit(&c.village, &[c.xq]) }).await;

    let admin = store.contacts(&c.admin, Permission::LiaisonRead).unwrap();
    let q = OverdueQuery { township_id: None, cadre_id: None, level: None, as_of: ahead(30), offset: 0, limit: 50 };
    let ranked = |most_first| {
        let (admin, q) = (&admin, &q);
        async move {
            let (rows, _) = admin.overdue_sorted(q, most_first).await.unwrap();
            rows.into_iter().map(|r| (r.cadre_name, r.days_overdue)).collect::<Vec<_>>()
        }
    };
    // gangkou's assignment (60 days, never contacted) is not overdue on day 30.
    let most = [("village".to_string(), 50), ("xinqiang".to_string(), 40)];
    assert_eq!(ranked(true).await, most.to_vec());
    assert_eq!(ranked(false).await, [most[1].clone(), most[0].clone()]);

    let names =
        |cadres: Vec<guichao_store::contacts::ContactCadre>| cadres.into_iter().map(|c| c.name).collect::<Vec<_>>();
    assert_eq!(names(admin.assigned_cadres().await.unwrap()), ["gangkou", "village", "xinqiang"]);
    let gangkou = store.contacts(&c.gangkou, Permission::LiaisonRead).unwrap();
    assert_eq!(names(gangkou.assigned_cadres().await.unwrap()), ["gangkou"], "only assignments of fellows in sight");
    db
});

store_test!(the_bulk_loader_writes_records_with_their_pairs_all_or_nothing, |db: TestDb| async move {
    let store = &db.store;
    let (_, c) = cast(store).await;
    let t = c.admin.tenant_id();
    let forum = ContactDraft {
        kind: ContactKind::Forum,
        cadre_ids: vec![c.admin.user_id(), c.xinqiang.user_id()],
        ..visit(&c.admin, &[c.xq, c.gk])
    };
    let call = ContactDraft {
        kind: ContactKind::Call,
        date: ago(400),
        follow_up: Some(FollowUpDraft { what: "回访".into(), owner_id: c.village.user_id(), due: ago(390) }),
        ..visit(&c.village, &[c.xq])
    };
    let rows = vec![
        BulkContact { draft: forum, author_id: c.admin.user_id() },
        BulkContact { draft: call.clone(), author_id: c.village.user_id() },
    ];
    let counts = store.system().insert_contacts(t, &rows).await.unwrap();
    assert_eq!((counts.contacts, counts.pairs, counts.followups), (2, 5, 1));
    let (listed, n) = all(store, &c.xinqiang).await;
    assert_eq!((n, listed[0].kind, listed[1].kind), (2, ContactKind::Forum, ContactKind::Call));
    let reads = store.contacts(&c.village, Permission::LiaisonRead).unwrap();
    assert_eq!(reads.followup_counts(today()).await.unwrap(), FollowUpCounts { open: 1, overdue: 1 });
    assert_eq!(audited(store, &c.admin, "contact.bulk_insert").await, 1);

    // A bad row, or a fellow the county does not have, writes nothing.
    let future = BulkContact { draft: ContactDraft { date: ahead(1), ..call.clone() }, author_id: c.village.user_id() };
    let bad = store.system().insert_contacts(t, &[rows[1].clone(), future]).await;
    assert!(matches!(&bad, Err(StoreError::Invalid(m)) if m.zh.starts_with("第2条：联系日期不能晚于今天")), "{bad:?}");
    let ghost = BulkContact { draft: visit(&c.village, &[Uuid::now_v7()]), author_id: c.village.user_id() };
    assert!(store.system().insert_contacts(t, &[rows[1].clone(), ghost]).await.is_err());
    assert_eq!(all(store, &c.admin).await.1, 2);
    db
});

store_test!(an_import_matches_within_the_writers_scope_and_writes_all_or_nothing, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let form = guichao_domain::fellows::FellowForm {
        phone: "138 0000 1001".into(),
        ..county.fellow_form("有电话的乡友", "新墙镇", None)
    };
    let with_phone = county.fellow(store, &c.admin, form).await;
    let contacts = store.contacts(&c.xinqiang, Permission::LiaisonWrite).unwrap();

    // The directory holds only the fellows the writer sees, with their phone's blind index.
    let dir = contacts.directory().await.unwrap();
    let mut fellows: Vec<Uuid> = dir.fellows.iter().map(|f| f.id).collect();
    fellows.sort();
    assert_eq!(fellows, [c.xq, with_phone], "not the fellow of 筻口镇");
    assert!(dir.cadres.iter().any(|u| u.username == "village"));
    assert!(dir.townships.iter().any(|(_, name)| name == "筻口镇"));
    let phone = guichao_domain::fellows::Phone::parse("13800001001").unwrap();
    let index = contacts.phone_index(&phone).unwrap();
    let found: Vec<Uuid> =
        dir.fellows.iter().filter(|f| f.phone_index.as_deref() == Some(index.as_str())).map(|f| f.id).collect();
    assert_eq!(found, [with_phone]);
    assert!(store.contacts(&c.leader, Permission::LiaisonRead).unwrap().directory().await.is_err(), "a reader");

    // A fellow outside the scope in any row: a field error and nothing written.
    let call = ContactDraft { kind: ContactKind::Call, date: ago(30), ..visit(&c.xinqiang, &[c.xq]) };
    let outside = ContactDraft { date: ago(20), ..visit(&c.xinqiang, &[c.gk]) };
    let source = serde_json::json!({"file": "台账.xlsx"});
    match contacts.import(vec![call.clone(), outside], source.clone()).await {
        Err(StoreError::Fields(f)) => assert_eq!(f[0].field, "fellow_ids"),
        other => panic!("{other:?}"),
    }
    let future = ContactDraft { date: ahead(1), ..call.clone() };
    assert!(matches!(contacts.import(vec![call.clone(), future], source.clone()).await, Err(StoreError::Invalid(_))));
    assert_eq!(all(store, &c.admin).await.1, 0);

    // Good rows: written by the importer, audited once with the file.
    let counts = contacts.import(vec![call.clone(), visit(&c.xinqiang, &[c.xq])], source).await.unwrap();
    assert_eq!((counts.contacts, counts.pairs), (2, 2));
    let (rows, n) = all(store, &c.xinqiang).await;
    assert_eq!((n, rows[1].kind, rows[1].author_id), (2, ContactKind::Call, c.xinqiang.user_id()));
    assert_eq!(audited(store, &c.admin, "contact.bulk_insert").await, 1);

    // What is recorded already, for a second import of the same log.
    let recorded = contacts.recorded(&[c.xq, c.gk]).await.unwrap();
    let want = [(c.xq, ago(30), ContactKind::Call), (c.xq, today(), ContactKind::Visit)];
    assert_eq!(recorded, want.into_iter().collect());
    store.contacts(&c.admin, Permission::LiaisonWrite).unwrap().delete(rows[0].id).await.unwrap();
    assert_eq!(contacts.recorded(&[c.xq]).await.unwrap().len(), 1, "a deleted record is not recorded");
    db
});
