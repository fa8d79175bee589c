//! Service requests in the store: deadlines from the county's time limits
//! and holiday calendar (Spring Festival and its make-up Sundays), the
//! status trail with the status, day closed and working days taken derived
//! from it, replies and satisfaction, the lists (mine, my unit's, overdue,
//! all), who sees what (the handling unit, units above it, the county
//! office; others 404), the report's figures, the public form and its
//! lookup (a wrong phone and a wrong number answer alike), registering a
//! returnee as a fellow, and the audit of every write. Both backends.

use chrono::NaiveDate;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::projects::Period;
use guichao_domain::services::{DayMark, PublicDraft, Requester, ServiceDraft, ServiceKind, ServiceStatus};
use guichao_store::audit::AuditQuery;
use guichao_store::services::{BulkRequest, ListFilter, ServiceQuery};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct Cast {
    county: County,
    /// Reads the audit log.
    sys: Actor,
    admin: Actor,
    staff: Actor,
    xinqiang: Actor,
    gangkou: Actor,
    village: Actor,
    leader: Actor,
    fellow: Uuid,
}

async fn cast(store: &Store) -> Cast {
    let county = County::seed(store).await;
    let sys = county.user(store, "sys", BuiltinRole::CountyAdmin, "岳阳县").await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let staff = county.user(store, "staff", BuiltinRole::CountyStaff, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let village = county.user(store, "village", BuiltinRole::VillageCadre, "新墙村").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let fellow = county.fellow(store, &admin, county.fellow_form("张建国", "新墙镇", Some("新墙村"))).await;
    // The 2024 Spring Festival as announced: off 10-17 February, worked
    // Sunday 4 and Sunday 18 February.
    let mut marks: Vec<(NaiveDate, Option<DayMark>, String)> =
        (10..=17).map(|day| (d(2024, 2, day), Some(DayMark::Holiday), "春节".to_string())).collect();
    marks.push((d(2024, 2, 4), Some(DayMark::Workday), "春节调休".into()));
    marks.push((d(2024, 2, 18), Some(DayMark::Workday), "春节调休".into()));
    store.services(&admin, Permission::ServiceWrite).unwrap().mark_days(&marks).await.unwrap();
    Cast { county, sys, admin, staff, xinqiang, gangkou, village, leader, fellow }
}

fn draft(kind: ServiceKind, requester: Requester, unit: Uuid, assignee: Option<Uuid>, on: NaiveDate) -> ServiceDraft {
    ServiceDraft {
        kind,
        requester,
        subject: "孩子转学到新墙镇中心小学".into(),
        details: "原在深圳就读四年级".into(),
        unit_id: unit,
        assignee_id: assignee,
        received_on: on,
    }
}

fn query(filter: ListFilter, today: NaiveDate) -> ServiceQuery {
    ServiceQuery { filter, kind: None, today, offset: 0, limit: 50 }
}

fn field<T: std::fmt::Debug>(r: Result<T, StoreError>) -> &'static str {
    match r {
        Err(StoreError::Fields(f)) => f[0].field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn count(s: &guichao_store::services::Services<'_>, f: ListFilter, today: NaiveDate) -> u64 {
    s.list(&query(f, today)).await.unwrap().1
}

async fn audited(store: &Store, admin: &Actor, action: &str) -> usize {
    let q = AuditQuery { action: Some(action.into()), limit: 200, ..Default::default() };
    store.audit(&store.test_auditor(admin).await).unwrap().list(&q).await.unwrap().len()
}

store_test!(deadlines_count_working_days_of_the_county_calendar, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let xq = c.county.unit("新墙镇");
    let write = store.services(&c.xinqiang, Permission::ServiceWrite).unwrap();
    // Healthcare: 5 working days by default. Received Thursday 8 February
    // 2024: Fri 9, Sun 18 (调休), Mon 19, Tue 20, Wed 21.
    let id = write
        .create(draft(ServiceKind::Healthcare, Requester::Fellow(c.fellow), xq, None, d(2024, 2, 8)))
        .await
        .unwrap();
    let got = write.get(id, d(2024, 2, 8)).await.unwrap();
    assert_eq!((got.row.deadline, got.limit_days), (d(2024, 2, 21), 5));
    assert_eq!(got.row.requester, "张建国");
    assert_eq!(got.steps.len(), 1);
    assert_eq!(got.row.status, ServiceStatus::Received);

    // The county changes a limit: new requests follow it, old ones keep theirs.
    let admin = store.services(&c.admin, Permission::ServiceWrite).unwrap();
    admin.set_limit(ServiceKind::Healthcare, 3).await.unwrap();
    assert_eq!(field(admin.set_limit(ServiceKind::Healthcare, 0).await), "days");
    assert!(
        matches!(write.set_limit(ServiceKind::Healthcare, 4).await, Err(StoreError::Forbidden)),
        "a township may not"
    );
    let limits = admin.limits().await.unwrap();
    assert!(limits.iter().any(|l| l.kind == ServiceKind::Healthcare && l.days == 3 && l.set));
    assert!(limits.iter().any(|l| l.kind == ServiceKind::Schooling && l.days == 20 && !l.set));
    let later = write
        .create(draft(ServiceKind::Healthcare, Requester::Fellow(c.fellow), xq, None, d(2024, 2, 8)))
        .await
        .unwrap();
    assert_eq!(write.get(later, d(2024, 2, 8)).await.unwrap().row.deadline, d(2024, 2, 19));
    assert_eq!(write.get(id, d(2024, 2, 8)).await.unwrap().row.deadline, d(2024, 2, 21));
    let days = admin.calendar(d(2024, 2, 1), d(2024, 2, 29)).await.unwrap();
    assert_eq!(days.len(), 10);
    assert_eq!(audited(store, &c.sys, "service.limits").await, 1);
    assert_eq!(audited(store, &c.sys, "service.calendar").await, 1);
    db
});

store_test!(the_trail_decides_the_status_and_the_days_taken, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let xq = c.county.unit("新墙镇");
    let write = store.services(&c.xinqiang, Permission::ServiceWrite).unwrap();
    let me = Some(c.xinqiang.user_id());
    let id =
        write.create(draft(ServiceKind::Government, Requester::Fellow(c.fellow), xq, me, d(2024, 2, 8))).await.unwrap();
    assert_eq!(field(write.move_to(id, ServiceStatus::Waiting, d(2024, 2, 9), "").await), "status");
    assert_eq!(field(write.move_to(id, ServiceStatus::Accepted, d(2024, 2, 7), "").await), "on");
    write.move_to(id, ServiceStatus::Accepted, d(2024, 2, 9), "").await.unwrap();
    write.move_to(id, ServiceStatus::Waiting, d(2024, 2, 9), "请补充户口本复印件").await.unwrap();
    assert_eq!(field(write.move_to(id, ServiceStatus::Declined, d(2024, 2, 19), " ").await), "reason");
    let done = write.move_to(id, ServiceStatus::Done, d(2024, 2, 19), "").await.unwrap();
    assert_eq!(done, ServiceStatus::Done);
    let got = write.get(id, d(2024, 3, 1)).await.unwrap();
    // Fri 9, Sun 18, Mon 19: three working days, within the limit of five.
    assert_eq!(
        (got.row.closed_on, got.days_taken, got.row.late, got.row.overdue),
        (Some(d(2024, 2, 19)), Some(3), false, false)
    );
    assert_eq!(
        got.steps.iter().map(|s| s.status).collect::<Vec<_>>(),
        [ServiceStatus::Received, ServiceStatus::Accepted, ServiceStatus::Waiting, ServiceStatus::Done]
    );

    // Satisfaction once done; replies public or internal.
    write.rate(id, 5, "办事很快", d(2024, 2, 20)).await.unwrap();
    assert_eq!(field(write.rate(id, 6, "", d(2024, 2, 20)).await), "score");
    write.reply(id, "已办结，请到镇便民服务中心领取", true).await.unwrap();
    write.reply(id, "内部：已电话联系", false).await.unwrap();
    assert_eq!(field(write.reply(id, "  ", true).await), "body");
    let got = write.get(id, d(2024, 3, 1)).await.unwrap();
    assert_eq!((got.row.score, got.replies.len()), (Some(5), 2));

    // Reopened, the request is open again and can no longer be rated.
    write.move_to(id, ServiceStatus::InProgress, d(2024, 2, 21), "材料有误，重新办理").await.unwrap();
    let got = write.get(id, d(2024, 3, 1)).await.unwrap();
    assert_eq!((got.row.status, got.row.closed_on, got.days_taken), (ServiceStatus::InProgress, None, None));
    assert!(got.row.overdue, "past 2024-02-15's deadline and open again");
    assert_eq!(field(write.rate(id, 4, "", d(2024, 3, 1)).await), "score");
    write.move_to(id, ServiceStatus::Done, d(2024, 2, 29), "").await.unwrap();
    let got = write.get(id, d(2024, 3, 1)).await.unwrap();
    // Fri 9, Sun 18, 19-23, 26-29: eleven working days, over the five.
    assert_eq!((got.days_taken, got.row.late), (Some(11), true));

    assert_eq!(audited(store, &c.sys, "service.create").await, 1);
    assert_eq!(audited(store, &c.sys, "service.move").await, 5);
    assert_eq!(audited(store, &c.sys, "service.reply").await, 2);
    assert_eq!(audited(store, &c.sys, "service.rate").await, 1);
    db
});

store_test!(a_request_is_seen_by_its_unit_the_units_above_and_the_county, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let (xq, village, gk) = (c.county.unit("新墙镇"), c.county.unit("新墙村"), c.county.unit("筻口镇"));
    let write = store.services(&c.xinqiang, Permission::ServiceWrite).unwrap();
    let on = d(2024, 3, 1);
    let at_village =
        write.create(draft(ServiceKind::Housing, Requester::Fellow(c.fellow), village, None, on)).await.unwrap();
    // Outside the writer's reach: refused by field, nothing written.
    assert_eq!(
        field(write.create(draft(ServiceKind::Housing, Requester::Fellow(c.fellow), gk, None, on)).await),
        "unit_id"
    );
    let gangkou_user = Some(c.gangkou.user_id());
    assert_eq!(
        field(write.create(draft(ServiceKind::Housing, Requester::Fellow(c.fellow), xq, gangkou_user, on)).await),
        "assignee_id"
    );
    let theirs = store.services(&c.gangkou, Permission::ServiceWrite).unwrap();
    assert_eq!(
        field(theirs.create(draft(ServiceKind::Housing, Requester::Fellow(c.fellow), gk, None, on)).await),
        "fellow_id",
        "a fellow 筻口镇 does not see"
    );
    let returnee = Requester::Returnee { name: "李秀英".into(), phone: "13800000001".into(), township_id: Some(gk) };
    let at_gangkou = theirs.create(draft(ServiceKind::Employment, returnee, gk, gangkou_user, on)).await.unwrap();

    let sees = |actor: &Actor, id: Uuid| {
        let store = store.clone();
        let actor = actor.clone();
        async move { store.services(&actor, Permission::ServiceRead).unwrap().get(id, on).await.is_ok() }
    };
    assert!(sees(&c.xinqiang, at_village).await, "the township above the village");
    assert!(!sees(&c.xinqiang, at_gangkou).await);
    assert!(sees(&c.gangkou, at_gangkou).await);
    assert!(!sees(&c.gangkou, at_village).await);
    assert!(sees(&c.staff, at_gangkou).await && sees(&c.leader, at_village).await, "the county office");
    assert!(matches!(store.services(&c.village, Permission::ServiceRead), Err(StoreError::Forbidden)));
    assert!(matches!(store.services(&c.leader, Permission::ServiceWrite), Err(StoreError::Forbidden)));
    let err = theirs.move_to(at_village, ServiceStatus::Accepted, on, "").await;
    assert!(matches!(err, Err(StoreError::NotFound)), "{err:?}");

    // The returnee's phone is kept sealed and shown masked.
    let got = theirs.get(at_gangkou, on).await.unwrap();
    assert_eq!((got.row.requester.as_str(), got.phone_masked.as_deref()), ("李秀英", Some("138****0001")));

    // Lists: mine, my unit's, overdue as of a day, all.
    let staff = store.services(&c.staff, Permission::ServiceRead).unwrap();
    let (write, theirs) = (
        store.services(&c.xinqiang, Permission::ServiceRead).unwrap(),
        store.services(&c.gangkou, Permission::ServiceRead).unwrap(),
    );
    assert_eq!(count(&theirs, ListFilter::Mine, on).await, 1);
    assert_eq!(count(&write, ListFilter::Mine, on).await, 0);
    assert_eq!(count(&write, ListFilter::Unit, on).await, 0, "the village's, not the township's own");
    assert_eq!(count(&write, ListFilter::All, on).await, 1);
    assert_eq!(count(&staff, ListFilter::All, on).await, 2);
    assert_eq!(count(&staff, ListFilter::Overdue, on).await, 0);
    assert_eq!(count(&staff, ListFilter::Overdue, d(2024, 12, 31)).await, 2);
    assert_eq!(count(&write, ListFilter::Overdue, d(2024, 12, 31)).await, 1);
    let (rows, _) =
        staff.list(&ServiceQuery { kind: Some(ServiceKind::Employment), ..query(ListFilter::All, on) }).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [at_gangkou]);

    // Reassigned to the county office, 筻口镇 no longer sees it.
    let county_write = store.services(&c.staff, Permission::ServiceWrite).unwrap();
    county_write.assign(at_gangkou, c.county.unit("岳阳县"), Some(c.staff.user_id())).await.unwrap();
    assert!(!sees(&c.gangkou, at_gangkou).await);
    assert_eq!(audited(store, &c.sys, "service.assign").await, 1);
    db
});

store_test!(a_returnee_is_registered_and_tied_to_the_request, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let xq = c.county.unit("新墙镇");
    let write = store.services(&c.xinqiang, Permission::ServiceWrite).unwrap();
    let returnee =
        Requester::Returnee { name: "王小明".into(), phone: "139 0000 0002".into(), township_id: Some(xq) };
    let id = write.create(draft(ServiceKind::Other, returnee, xq, None, d(2024, 3, 1))).await.unwrap();
    let prefill = write.returnee_prefill(id).await.unwrap();
    assert_eq!(
        (prefill.name.as_str(), prefill.phone.as_str(), prefill.township_id),
        ("王小明", "13900000002", Some(xq))
    );
    let fellow = c.county.fellow(store, &c.xinqiang, c.county.fellow_form("王小明", "新墙镇", None)).await;
    write.link_fellow(id, fellow).await.unwrap();
    let got = write.get(id, d(2024, 3, 1)).await.unwrap();
    assert_eq!(got.row.fellow_id, Some(fellow));
    assert!(matches!(write.link_fellow(id, fellow).await, Err(StoreError::Conflict(_))));
    assert!(matches!(write.returnee_prefill(id).await, Err(StoreError::Conflict(_))));
    assert_eq!(audited(store, &c.sys, "service.link_fellow").await, 1);
    db
});

store_test!(the_public_form_lands_at_the_county_office_and_the_lookup_tells_nothing_more, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    assert!(matches!(store.public_services("000000").await, Err(StoreError::NotFound)));
    let public = store.public_services("430621").await.unwrap();
    assert_eq!(public.county_name(), "岳阳县");
    let typed = PublicDraft {
        name: "刘芳".into(),
        phone: "+86 137-0000-0003".into(),
        kind: ServiceKind::Schooling,
        subject: "孩子回乡上学".into(),
        details: String::new(),
    };
    let bad = PublicDraft { phone: "12345".into(), ..typed.clone() };
    assert!(matches!(public.submit(&bad, d(2024, 3, 4), Some("10.0.0.1")).await, Err(StoreError::Fields(_))));
    let sent = public.submit(&typed, d(2024, 3, 4), Some("10.0.0.1")).await.unwrap();
    assert_eq!(sent.deadline, d(2024, 4, 1), "20 working days");

    let staff = store.services(&c.staff, Permission::ServiceWrite).unwrap();
    let reader = store.services(&c.staff, Permission::ServiceRead).unwrap();
    let (rows, total) = reader.list(&query(ListFilter::Unit, d(2024, 3, 4))).await.unwrap();
    assert_eq!((total, rows[0].number.as_str(), rows[0].status), (1, sent.number.as_str(), ServiceStatus::Received));
    let id = rows[0].id;
    let township = store.services(&c.xinqiang, Permission::ServiceRead).unwrap();
    assert!(matches!(township.get(id, d(2024, 3, 4)).await, Err(StoreError::NotFound)));
    staff.reply(id, "已受理，请保持电话畅通", true).await.unwrap();
    staff.reply(id, "内部：转教育局", false).await.unwrap();
    staff.move_to(id, ServiceStatus::Accepted, d(2024, 3, 5), "").await.unwrap();

    let found = public.lookup(&sent.number.to_lowercase(), "13700000003").await.unwrap().unwrap();
    assert_eq!(found.status, ServiceStatus::Accepted);
    assert_eq!(found.replies.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["已受理，请保持电话畅通"]);
    assert!(public.lookup(&sent.number, "13700000004").await.unwrap().is_none(), "wrong phone");
    assert!(public.lookup("FW2222222222", "13700000003").await.unwrap().is_none(), "wrong number");
    assert!(public.lookup("<script>", "x").await.unwrap().is_none());
    // Another county's form knows nothing of it.
    let other = store.public_services("430626").await.unwrap();
    assert!(other.lookup(&sent.number, "13700000003").await.unwrap().is_none());
    assert_eq!(audited(store, &c.sys, "service.submit").await, 1);
    db
});

store_test!(the_report_counts_received_done_on_time_median_and_satisfaction, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let (xq, gk) = (c.county.unit("新墙镇"), c.county.unit("筻口镇"));
    let step = |s: ServiceStatus, on: NaiveDate| (s, on, String::new());
    let req = |kind, unit, on, steps: Vec<(ServiceStatus, NaiveDate, String)>, rating| BulkRequest {
        kind,
        fellow_id: None,
        returnee: Some(("赵六".into(), "13600000006".into())),
        subject: "诉求".into(),
        details: String::new(),
        unit_id: unit,
        assignee_id: None,
        received_on: on,
        public: false,
        steps,
        replies: vec![],
        rating,
    };
    let requests = vec![
        // Government (5 days) at 新墙镇: done in 1 and in 3 working days, one late (8).
        req(
            ServiceKind::Government,
            xq,
            d(2024, 3, 4),
            vec![step(ServiceStatus::Done, d(2024, 3, 5))],
            Some((5, String::new(), d(2024, 3, 6))),
        ),
        req(
            ServiceKind::Government,
            xq,
            d(2024, 3, 4),
            vec![step(ServiceStatus::Done, d(2024, 3, 7))],
            Some((4, String::new(), d(2024, 3, 8))),
        ),
        req(
            ServiceKind::Government,
            xq,
            d(2024, 3, 4),
            vec![step(ServiceStatus::Done, d(2024, 3, 14))],
            Some((2, String::new(), d(2024, 3, 15))),
        ),
        // Declined at 筻口镇, one still open, one received before the period and done in it.
        req(
            ServiceKind::Housing,
            gk,
            d(2024, 3, 4),
            vec![(ServiceStatus::Declined, d(2024, 3, 5), "不属于本县事权".into())],
            None,
        ),
        req(ServiceKind::Housing, gk, d(2024, 3, 11), vec![step(ServiceStatus::Accepted, d(2024, 3, 11))], None),
        req(ServiceKind::Housing, gk, d(2024, 2, 26), vec![step(ServiceStatus::Done, d(2024, 3, 1))], None),
    ];
    let written =
        store.system().insert_service_requests(c.county.tenant_id, c.admin.user_id(), &requests).await.unwrap();
    assert_eq!(written, 6);
    let bad = vec![req(ServiceKind::Other, xq, d(2024, 3, 4), vec![step(ServiceStatus::Waiting, d(2024, 3, 5))], None)];
    assert!(store.system().insert_service_requests(c.county.tenant_id, c.admin.user_id(), &bad).await.is_err());

    let march = Period { from: d(2024, 3, 1), to: d(2024, 3, 31) };
    let page = store.services(&c.staff, Permission::ServiceRead).unwrap().report(march).await.unwrap();
    let t = &page.report.total;
    assert_eq!((t.received, t.done, t.done_on_time), (5, 4, 3));
    // Days taken: 1, 3, 8 and 4 (26 Feb to 1 Mar): the middle two are 3 and 4.
    assert_eq!(t.median_days, Some(3.5));
    assert_eq!(t.satisfaction, Some(3.67));
    let gov = &page.report.by_kind.iter().find(|(k, _)| *k == ServiceKind::Government).unwrap().1;
    assert_eq!((gov.received, gov.done, gov.done_on_time, gov.median_days), (3, 3, 2, Some(3.0)));
    assert_eq!(page.unit_names.get(&gk).map(String::as_str), Some("筻口镇"));

    // 新墙镇 sees only its own lines.
    let own = store.services(&c.xinqiang, Permission::ServiceRead).unwrap().report(march).await.unwrap();
    assert_eq!((own.report.total.received, own.report.by_unit.len()), (3, 1));
    let backwards = Period { from: d(2024, 3, 31), to: d(2024, 3, 1) };
    assert!(store.services(&c.xinqiang, Permission::ServiceRead).unwrap().report(backwards).await.is_err());

    // Overdue as of a day: the open 筻口镇 request, due 1 April (15 working days).
    let overdue = store.services(&c.staff, Permission::ServiceRead).unwrap();
    let (rows, total) = overdue.list(&query(ListFilter::Overdue, d(2024, 4, 2))).await.unwrap();
    assert_eq!((total, rows[0].deadline), (1, d(2024, 4, 1)));
    assert_eq!(overdue.list(&query(ListFilter::Overdue, d(2024, 4, 1))).await.unwrap().1, 0);
    db
});

store_test!(documents_are_kept_on_disk_by_their_sha256_and_served_in_scope, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let xq = c.county.unit("新墙镇");
    let write = store.services(&c.xinqiang, Permission::ServiceWrite).unwrap();
    let id =
        write.create(draft(ServiceKind::Housing, Requester::Fellow(c.fellow), xq, None, d(2024, 3, 1))).await.unwrap();
    let bytes = b"%PDF-1.4 synthetic".to_vec();
    let doc = write.add_document(id, "C:\\fakepath\\户口本.pdf", "application/pdf", bytes.clone()).await.unwrap();
    write.add_document(id, "again.pdf", "text/html\r\nX: y", bytes.clone()).await.unwrap();
    assert_eq!(field(write.add_document(id, "empty.pdf", "application/pdf", vec![]).await), "file");
    let read = store.services(&c.staff, Permission::ServiceRead).unwrap();
    let listed = read.documents(id).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!((listed[0].name.as_str(), listed[1].content_type.as_str()), ("户口本.pdf", "application/octet-stream"));
    assert_eq!(listed[0].sha256, listed[1].sha256, "one file kept once");
    let file = read.document(id, doc).await.unwrap();
    assert_eq!(file.bytes, bytes);
    let theirs = store.services(&c.gangkou, Permission::ServiceRead).unwrap();
    assert!(matches!(theirs.document(id, doc).await, Err(StoreError::NotFound)));
    assert!(matches!(theirs.documents(id).await, Err(StoreError::NotFound)));
    assert!(matches!(read.document(Uuid::now_v7(), doc).await, Err(StoreError::NotFound)));
    assert_eq!(audited(store, &c.sys, "service.document").await, 2);
    db
});
