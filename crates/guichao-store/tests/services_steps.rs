//! Service request steps that race or come from the requester: two steps
//! of the status trail sent at the same instant (one lands, the other is
//! refused, the trail and the status agree), and the requester's own rating
//! from the lookup page (only once done, once, a wrong phone answered as a
//! wrong number, each rating audited). Both backends.

use chrono::NaiveDate;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::services::{PublicDraft, ServiceKind, ServiceStatus};
use guichao_store::audit::AuditQuery;
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

const PHONE: &str = "13700000003";

/// Who works a request and who reads the audit log.
struct Cast {
    staff: Actor,
    sys: Actor,
}

/// A county, its people and a public request received a week ago: its id and number.
async fn sent(store: &Store) -> (Cast, Uuid, String) {
    let county = County::seed(store).await;
    let staff = county.user(store, "staff", BuiltinRole::CountyStaff, "岳阳县").await;
    let sys = county.user(store, "sys", BuiltinRole::CountyAdmin, "岳阳县").await;
    let typed = PublicDraft {
        name: "刘芳".into(),
        phone: PHONE.into(),
        kind: ServiceKind::Schooling,
        subject: "孩子回乡上学".into(),
        details: String::new(),
    };
    let public = store.public_services("430621").await.unwrap();
    let sent = public.submit(&typed, week_ago(), Some("10.0.0.1")).await.unwrap();
    let reader = store.services(&staff, Permission::ServiceRead).unwrap();
    let q = guichao_store::services::ServiceQuery {
        filter: guichao_store::services::ListFilter::All,
        kind: None,
        today: today(),
        offset: 0,
        limit: 5,
    };
    let id = reader.list(&q).await.unwrap().0[0].id;
    (Cast { staff, sys }, id, sent.number)
}

fn week_ago() -> NaiveDate {
    today() - chrono::Days::new(7)
}

fn field<T: std::fmt::Debug>(r: Result<T, StoreError>) -> &'static str {
    match r {
        Err(StoreError::Fields(f)) => f[0].field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn audited(store: &Store, c: &Cast, action: &str) -> usize {
    let q = AuditQuery { action: Some(action.into()), limit: 200, ..Default::default() };
    store.audit(&store.test_auditor(&c.sys).await).unwrap().list(&q).await.unwrap().len()
}

store_test!(two_steps_at_once_leave_one_step_and_a_status_that_agrees, |db: TestDb| async move {
    let store = db.store.clone();
    let (c, _, _) = sent(&store).await;
    let staff = c.staff.clone();
    let pairs = [
        (ServiceStatus::Accepted, ServiceStatus::Accepted),
        (ServiceStatus::Accepted, ServiceStatus::Declined),
        (ServiceStatus::Done, ServiceStatus::Declined),
    ];
    let public = store.public_services("430621").await.unwrap();
    for round in 0..6 {
        let (a, b) = pairs[round % pairs.len()];
        let sent = public
            .submit(
                &PublicDraft {
                    name: "刘芳".into(),
                    phone: PHONE.into(),
                    kind: ServiceKind::Schooling,
                    subject: format!("第{round}件"),
                    details: String::new(),
                },
                week_ago(),
                None,
            )
            .await
            .unwrap();
        let write = store.services(&staff, Permission::ServiceWrite).unwrap();
        let q = guichao_store::services::ServiceQuery {
            filter: guichao_store::services::ListFilter::All,
            kind: None,
            today: today(),
            offset: 0,
            limit: 50,
        };
        let read = store.services(&staff, Permission::ServiceRead).unwrap();
        let id = read.list(&q).await.unwrap().0.into_iter().find(|r| r.number == sent.number).unwrap().id;
        let step = |to: ServiceStatus| {
            let (store, staff) = (store.clone(), staff.clone());
            tokio::spawn(async move {
                let write = store.services(&staff, Permission::ServiceWrite).unwrap();
                write.move_from(id, Some(ServiceStatus::Received), to, today(), "不属于本县事权").await
            })
        };
        let (first, second) = (step(a), step(b));
        let results = [first.await.unwrap(), second.await.unwrap()];
        let landed: Vec<ServiceStatus> = results.iter().filter_map(|r| r.as_ref().ok().copied()).collect();
        assert_eq!(landed.len(), 1, "round {round}: {a:?} and {b:?} gave {results:?}");
        let refused = results.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert!(
            matches!(refused, StoreError::Conflict(_) | StoreError::Fields(_)),
            "round {round}: refused with {refused:?}"
        );
        let got = write.get(id, today()).await.unwrap();
        let moved: Vec<ServiceStatus> =
            got.steps.iter().map(|s| s.status).filter(|s| *s != ServiceStatus::Received).collect();
        assert_eq!(moved, [landed[0]], "round {round}: one step, never two");
        assert_eq!(got.row.status, landed[0], "round {round}: the status is the step that landed");
    }
    assert_eq!(audited(&store, &c, "service.move").await, 6, "one audited step a round");
    db
});

store_test!(the_requester_rates_a_done_request_once_from_the_lookup, |db: TestDb| async move {
    let store = &db.store;
    let (c, id, number) = sent(store).await;
    let public = store.public_services("430621").await.unwrap();
    let write = store.services(&c.staff, Permission::ServiceWrite).unwrap();
    let rate = |phone: &'static str, score: i64, comment: &'static str| {
        let (public, number) = (&public, number.clone());
        async move { public.rate(&number, phone, score, comment, today(), Some("10.0.0.2")).await }
    };
    assert_eq!(field(rate(PHONE, 5, "").await), "score", "not done yet");
    write.move_to(id, ServiceStatus::Declined, week_ago(), "不属于本县事权").await.unwrap();
    assert_eq!(field(rate(PHONE, 5, "").await), "score", "declined is not done");
    write.move_to(id, ServiceStatus::InProgress, week_ago(), "").await.unwrap();
    write.move_to(id, ServiceStatus::Done, week_ago(), "").await.unwrap();
    // A wrong phone or a wrong number: the same `None`, nothing written,
    // whatever else is wrong with the post.
    for (phone, score) in [("13700000004", 5), ("13700000004", 9), ("x", 0)] {
        assert!(rate(phone, score, "好").await.unwrap().is_none(), "{phone} {score}");
    }
    assert!(public.rate("FW2222222222", PHONE, 5, "好", today(), None).await.unwrap().is_none());
    for score in [0, 6, -1, i64::MAX] {
        assert_eq!(field(rate(PHONE, score, "").await), "score", "{score}");
    }
    assert_eq!(field(rate(PHONE, 4, "太长".repeat(300).leak()).await), "comment");
    assert_eq!(public.lookup(&number, PHONE).await.unwrap().unwrap().score, None, "nothing written");
    assert_eq!(rate(PHONE, 4, "办事效率高").await.unwrap(), Some(()));
    assert_eq!(field(rate(PHONE, 1, "再评一次").await), "score", "once");
    let found = public.lookup(&number, PHONE).await.unwrap().unwrap();
    assert_eq!((found.score, found.score_comment.as_str()), (Some(4), "办事效率高"));
    let got = write.get(id, today()).await.unwrap();
    assert_eq!((got.row.score, got.rated_on), (Some(4), Some(today())));
    assert_eq!(audited(store, &c, "service.rate").await, 1);
    db
});

store_test!(two_ratings_at_once_land_once, |db: TestDb| async move {
    let store = db.store.clone();
    let (c, id, number) = sent(&store).await;
    let write = store.services(&c.staff, Permission::ServiceWrite).unwrap();
    write.move_to(id, ServiceStatus::Done, week_ago(), "").await.unwrap();
    let tasks: Vec<_> = (1..=4)
        .map(|score| {
            let (store, number) = (store.clone(), number.clone());
            tokio::spawn(async move {
                let public = store.public_services("430621").await.unwrap();
                public.rate(&number, PHONE, score, "", today(), None).await
            })
        })
        .collect();
    let mut landed = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(Some(())) => landed += 1,
            Err(StoreError::Fields(f)) => assert_eq!(f[0].field, "score"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(landed, 1);
    assert_eq!(audited(&store, &c, "service.rate").await, 1);
    db
});
