//! Greeting SMS in the store: templates, queueing in one transaction with
//! opt-outs and consent, the outbox by scope, the sender with its limits and
//! quiet hours, and messages left `sending` that are reported, never resent.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::sms::{FailReason, Limits, OptOutSource, Reply, SmsStatus};
use guichao_store::audit::AuditQuery;
use guichao_store::campaigns::letters::AddressDraft;
use guichao_store::fellows::FellowQuery;
use guichao_store::sms::provider::{FileProvider, OutgoingSms, SendOutcome, SmsProvider};
use guichao_store::sms::{OptOutDraft, OutboxQuery, QueueRequest, Recipients, SendOptions, SmsSettings, TemplateDraft};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use std::sync::Mutex;
use uuid::Uuid;

/// 10:00 in China on a working day: outside the quiet hours.
fn morning() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2030-01-20T02:00:00Z").unwrap().with_timezone(&Utc)
}

fn opts(at: DateTime<Utc>) -> SendOptions {
    SendOptions {
        limits: Limits { per_minute: 100, per_number_per_day: 1 },
        force: false,
        now: at,
        stuck_after: Duration::minutes(10),
    }
}

/// A provider that records what it was asked to send and answers from a script.
struct Recorder {
    sent: Mutex<Vec<(Uuid, String)>>,
    answer: fn(usize) -> SendOutcome,
}

impl Recorder {
    fn new(answer: fn(usize) -> SendOutcome) -> Recorder {
        Recorder { sent: Mutex::new(Vec::new()), answer }
    }
    fn ids(&self) -> Vec<Uuid> {
        self.sent.lock().unwrap().iter().map(|(id, _)| *id).collect()
    }
}

impl SmsProvider for Recorder {
    async fn send(&self, msg: &OutgoingSms<'_>) -> SendOutcome {
        let mut sent = self.sent.lock().unwrap();
        sent.push((msg.id, msg.phone.to_string()));
        (self.answer)(sent.len())
    }
}

fn accepted(n: usize) -> SendOutcome {
    SendOutcome::Accepted { provider_id: format!("p{n}"), delivered: false }
}

async fn fellow(county: &County, store: &Store, admin: &Actor, name: &str, township: &str, phone: &str) -> Uuid {
    let mut form = county.fellow_form(name, township, None);
    form.phone = phone.into();
    form.gender = "男".into();
    county.fellow(store, admin, form).await
}

async fn template(store: &Store, admin: &Actor) -> Uuid {
    store
        .sms(admin, Permission::SmsWrite)
        .unwrap()
        .save_template(
            None,
            TemplateDraft {
                name: "春节慰问".into(),
                body: "{称呼}：{乡镇}父老乡亲祝您新春快乐！{落款}".into(),
                provider_template: "SMS_001".into(),
            },
        )
        .await
        .unwrap()
}

fn request(template_id: Uuid, recipients: Recipients) -> QueueRequest {
    QueueRequest {
        template_id,
        recipients,
        campaign_id: None,
        sign_off: String::new(),
        date: NaiveDate::from_ymd_opt(2030, 1, 20).unwrap(),
    }
}

async fn status_of(store: &Store, admin: &Actor, id: Uuid) -> (SmsStatus, Option<FailReason>) {
    let m = store.sms(admin, Permission::SmsRead).unwrap().message(id).await.unwrap().message;
    (m.status, m.reason)
}

async fn all_messages(store: &Store, admin: &Actor) -> Vec<guichao_store::sms::MessageRow> {
    store
        .sms(admin, Permission::SmsRead)
        .unwrap()
        .outbox(&OutboxQuery { limit: 200, ..Default::default() })
        .await
        .unwrap()
}

store_test!(templates_are_checked_and_count_their_length, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let township = county.user(store, "xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let sms = store.sms(&admin, Permission::SmsWrite).unwrap();
    sms.set_settings(SmsSettings { consent_required: false, sign_off: "岳阳县委统战部".into() }).await.unwrap();
    let id = template(store, &admin).await;
    let t = sms.template(id).await.unwrap();
    assert_eq!(t.fields, ["称呼", "乡镇", "落款"]);
    assert!(t.sample.starts_with("尊敬的欧阳先生：城关镇父老乡亲祝您新春快乐！岳阳县委统战部"), "{}", t.sample);
    assert!(t.sample.ends_with("拒收请回复R"));
    // 31 characters of text and 9 of 【岳阳县委统战部】: one segment.
    assert_eq!((t.length.chars, t.length.segments), (t.sample.chars().count() + 9, 1));

    let bad = sms
        .save_template(None, TemplateDraft { name: "坏".into(), body: "{职务}您好".into(), ..Default::default() })
        .await;
    let Err(StoreError::Fields(errors)) = bad else { panic!("{bad:?}") };
    assert_eq!(errors[0].field, "body");
    assert!(errors[0].message.zh.contains("{职务}"));
    let dup = sms
        .save_template(None, TemplateDraft { name: "春节慰问".into(), body: "您好".into(), ..Default::default() })
        .await;
    assert!(matches!(dup, Err(StoreError::Fields(ref e)) if e[0].field == "name"), "{dup:?}");

    // Township staff use the county's templates but do not keep them.
    let theirs = store.sms(&township, Permission::SmsWrite).unwrap();
    assert_eq!(theirs.templates().await.unwrap().len(), 1);
    let denied = theirs
        .save_template(Some(id), TemplateDraft { name: "x".into(), body: "y".into(), ..Default::default() })
        .await;
    assert!(matches!(denied, Err(StoreError::Forbidden)), "{denied:?}");
    // A village cadre has no SMS at all.
    let cadre = county.user(store, "cadre", BuiltinRole::VillageCadre, "新墙村").await;
    assert!(matches!(store.sms(&cadre, Permission::SmsRead), Err(StoreError::Forbidden)));
    let auditor = county.user(store, "auditor", BuiltinRole::AuditAdmin, "岳阳县").await;
    let log = store.audit(&auditor).unwrap().list(&AuditQuery { limit: 20, ..Default::default() }).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "sms.template").count(), 1);
    assert_eq!(log.iter().filter(|e| e.action == "sms.settings").count(), 1);
    db
});

store_test!(queueing_is_one_transaction_that_skips_opt_outs_and_counts, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let staff = county.user(store, "xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let a = fellow(&county, store, &admin, "张三", "新墙镇", "13800000001").await;
    let b = fellow(&county, store, &admin, "李四", "新墙镇", "13800000002").await;
    let c = fellow(&county, store, &admin, "王五", "新墙镇", "").await;
    let d = fellow(&county, store, &admin, "赵六", "新墙镇", "13800000004").await;
    let other = fellow(&county, store, &admin, "钱七", "筻口镇", "13800000005").await;
    let t = template(store, &admin).await;
    let sms = store.sms(&staff, Permission::SmsWrite).unwrap();
    // By number, as heard on the phone; and a fellow who replied R.
    sms.add_opt_out(OptOutDraft {
        phone: "138-0000-0002".into(),
        fellow_id: None,
        source: OptOutSource::Call,
        note: "电话告知".into(),
    })
    .await
    .unwrap();
    assert_eq!(sms.record_reply("+86 13800000004", " 退订 ").await.unwrap(), Reply::OptOut);
    assert_eq!(sms.record_reply("13800000004", "R").await.unwrap(), Reply::OptOut, "a second R is no error");
    assert_eq!(sms.record_reply("13800000001", "谢谢").await.unwrap(), Reply::Other);
    let again = sms
        .add_opt_out(OptOutDraft {
            phone: "13800000002".into(),
            fellow_id: None,
            source: OptOutSource::Call,
            note: String::new(),
        })
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let landline = sms
        .add_opt_out(OptOutDraft {
            phone: "0730-1234567".into(),
            fellow_id: None,
            source: OptOutSource::Call,
            note: String::new(),
        })
        .await;
    assert!(matches!(landline, Err(StoreError::Fields(ref e)) if e[0].field == "phone"), "{landline:?}");
    let opt_outs = sms.opt_outs(0, 50).await.unwrap();
    assert_eq!(opt_outs.len(), 2);
    assert!(opt_outs.iter().all(|o| o.phone.contains("****")), "numbers are shown masked");

    // Township staff queue their township's fellows only: a fellow of another
    // township is not found, and nothing is written.
    let outside = sms.queue(request(t, Recipients::Fellows(vec![a, other]))).await;
    assert!(matches!(outside, Err(StoreError::NotFound)), "{outside:?}");
    assert!(all_messages(store, &admin).await.is_empty(), "all or nothing");

    // A salutation typed for a fellow (on their letter details) is the one their SMS uses too.
    let typed = AddressDraft { salutation: "尊敬的张老".into(), address: String::new(), postcode: String::new() };
    store.campaigns(&admin, Permission::LiaisonWrite).unwrap().set_letter_address(a, typed).await.unwrap();
    let q = FellowQuery { township_id: Some(county.unit("新墙镇")), limit: 50, ..Default::default() };
    let report = sms.queue(request(t, Recipients::Filter(Box::new(q.clone())))).await.unwrap();
    assert_eq!((report.fellows, report.queued, report.opted_out, report.no_phone), (4, 1, 2, 1));
    assert!(report.batch_id.is_some());
    let again = sms.queue(request(t, Recipients::Filter(Box::new(q)))).await.unwrap();
    assert_eq!((again.queued, again.already_queued), (0, 1));
    let messages = all_messages(store, &admin).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].fellow_id, a);
    assert_eq!(messages[0].status, SmsStatus::Queued);
    assert!(messages[0].body.starts_with("尊敬的张老：新墙镇父老乡亲祝您新春快乐！"), "{}", messages[0].body);
    assert!(!messages[0].body.contains("13800000001"));
    let _ = (b, c, d);

    // Consent, where the county asks for it.
    let admin_sms = store.sms(&admin, Permission::SmsWrite).unwrap();
    admin_sms.set_settings(SmsSettings { consent_required: true, sign_off: String::new() }).await.unwrap();
    let report = admin_sms.queue(request(t, Recipients::Fellows(vec![other]))).await.unwrap();
    assert_eq!((report.queued, report.no_consent), (0, 1));

    let log = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 50, ..Default::default() })
        .await
        .unwrap();
    let queued: Vec<_> = log.iter().filter(|e| e.action == "sms.queue").collect();
    assert_eq!(queued.len(), 3, "one event per queue request");
    assert!(queued.iter().any(|e| e.detail["queued"] == 1 && e.detail["opted_out"] == 2 && e.detail["no_phone"] == 1));
    assert_eq!(log.iter().filter(|e| e.action == "sms.opt_out").count(), 2);
    db
});

store_test!(the_outbox_is_seen_through_the_fellows_scope, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xq = county.user(store, "xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gk = county.user(store, "gk", BuiltinRole::TownshipStaff, "筻口镇").await;
    let a = fellow(&county, store, &admin, "张三", "新墙镇", "13800000001").await;
    let b = fellow(&county, store, &admin, "钱七", "筻口镇", "13800000005").await;
    let t = template(store, &admin).await;
    let admin_sms = store.sms(&admin, Permission::SmsWrite).unwrap();
    admin_sms.queue(request(t, Recipients::Fellows(vec![a, b]))).await.unwrap();
    let mine = store.sms(&xq, Permission::SmsRead).unwrap();
    let rows = mine.outbox(&OutboxQuery { limit: 50, ..Default::default() }).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.fellow_id).collect::<Vec<_>>(), [a]);
    assert_eq!(mine.outbox_count(&OutboxQuery::default()).await.unwrap(), 1);
    let counts = mine.status_counts(&OutboxQuery::default()).await.unwrap();
    assert_eq!(counts.iter().find(|c| c.status == SmsStatus::Queued).unwrap().count, 1);
    let theirs = all_messages(store, &admin).await.into_iter().find(|m| m.fellow_id == b).unwrap();
    assert!(matches!(mine.message(theirs.id).await, Err(StoreError::NotFound)));
    assert!(store.sms(&gk, Permission::SmsRead).unwrap().message(theirs.id).await.is_ok());
    // A read handle cannot write.
    let denied = mine
        .add_opt_out(OptOutDraft {
            phone: "13800000009".into(),
            fellow_id: None,
            source: OptOutSource::Call,
            note: String::new(),
        })
        .await;
    assert!(matches!(denied, Err(StoreError::Forbidden)));
    db
});

store_test!(the_sender_delivers_checks_and_keeps_its_limits, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let a = fellow(&county, store, &admin, "张三", "新墙镇", "13800000001").await;
    let b = fellow(&county, store, &admin, "李四", "新墙镇", "0730-1234567").await;
    let c = fellow(&county, store, &admin, "王五", "新墙镇", "13800000003").await;
    let d = fellow(&county, store, &admin, "赵六", "筻口镇", "13800000004").await;
    let t = template(store, &admin).await;
    let sms = store.sms(&admin, Permission::SmsWrite).unwrap();
    let campaign = Uuid::now_v7();
    let mut req = request(t, Recipients::Fellows(vec![a, b, c, d]));
    req.campaign_id = Some(campaign);
    assert_eq!(sms.queue(req).await.unwrap().queued, 4);
    // 王五 says on the phone he wants no more, after the queueing.
    sms.add_opt_out(OptOutDraft {
        phone: String::new(),
        fellow_id: Some(c),
        source: OptOutSource::Call,
        note: String::new(),
    })
    .await
    .unwrap();

    // Quiet hours: 22:00 in China. Nothing goes, unless forced.
    let night = DateTime::parse_from_rfc3339("2030-01-20T14:00:00Z").unwrap().with_timezone(&Utc);
    let provider = Recorder::new(accepted);
    let report = store.system().sms_send_queued(&provider, &opts(night)).await.unwrap();
    assert!(report.quiet);
    assert_eq!((report.handed_over, report.left_queued), (0, 4));
    assert!(provider.ids().is_empty());

    // The per-minute limit: two now, the rest later.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("sms.log");
    let file = FileProvider::new(&log);
    let mut two = opts(morning());
    two.limits.per_minute = 2;
    let report = store.system().sms_send_queued(&file, &two).await.unwrap();
    assert_eq!(report.left_queued, 2);
    let report2 = store.system().sms_send_queued(&file, &opts(morning() + Duration::minutes(1))).await.unwrap();
    assert_eq!(report.handed_over + report2.handed_over, 2, "张三 and 赵六; 李四 has a landline, 王五 opted out");
    assert_eq!(report.delivered + report2.delivered, 2);
    assert_eq!(report.failed + report2.failed, 2);
    assert_eq!(report2.left_queued, 0);
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.contains("138****0001") && !text.contains("13800000001"), "the log holds masked numbers: {text}");

    let by_fellow =
        |rows: &[guichao_store::sms::MessageRow], f: Uuid| rows.iter().find(|m| m.fellow_id == f).unwrap().clone();
    let rows = all_messages(store, &admin).await;
    assert_eq!(by_fellow(&rows, a).status, SmsStatus::Delivered);
    assert_eq!(by_fellow(&rows, b).reason, Some(FailReason::NoMobile));
    assert_eq!(by_fellow(&rows, c).reason, Some(FailReason::OptedOut));
    let view = sms.message(by_fellow(&rows, a).id).await.unwrap();
    assert_eq!(
        view.trail.iter().map(|e| e.status).collect::<Vec<_>>(),
        [SmsStatus::Queued, SmsStatus::Sending, SmsStatus::Sent, SmsStatus::Delivered]
    );

    // Delivered messages per campaign and fellow, for the matrix.
    let delivered = sms.delivered(campaign).await.unwrap();
    let mut fellows: Vec<Uuid> = delivered.iter().map(|d| d.fellow_id).collect();
    fellows.sort();
    let mut expected = vec![a, d];
    expected.sort();
    assert_eq!(fellows, expected);
    assert!(delivered.iter().all(|d| d.campaign_id == campaign));
    let xq = county.user(store, "xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let theirs = store.sms(&xq, Permission::SmsRead).unwrap().delivered(campaign).await.unwrap();
    assert_eq!(theirs.iter().map(|d| d.fellow_id).collect::<Vec<_>>(), [a]);

    // One a number a day: a second greeting to 张三 the same day fails.
    let second = store
        .sms(&admin, Permission::SmsWrite)
        .unwrap()
        .save_template(None, TemplateDraft { name: "元宵".into(), body: "{姓名}元宵快乐".into(), ..Default::default() })
        .await
        .unwrap();
    sms.queue(request(second, Recipients::Fellows(vec![a]))).await.unwrap();
    let r = store.system().sms_send_queued(&file, &opts(morning() + Duration::hours(1))).await.unwrap();
    assert_eq!((r.handed_over, r.failed), (0, 1));
    let rows = all_messages(store, &admin).await;
    assert!(rows.iter().any(|m| m.fellow_id == a && m.reason == Some(FailReason::DailyLimit)));

    let log = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 50, ..Default::default() })
        .await
        .unwrap();
    let runs: Vec<_> = log.iter().filter(|e| e.action == "sms.send").collect();
    assert!(runs.iter().any(|e| e.detail["delivered"] == 1), "each run with counts");
    db
});

store_test!(a_message_left_sending_is_reported_and_never_resent, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let a = fellow(&county, store, &admin, "张三", "新墙镇", "13800000001").await;
    let b = fellow(&county, store, &admin, "李四", "新墙镇", "13800000002").await;
    let c = fellow(&county, store, &admin, "王五", "新墙镇", "13800000003").await;
    let t = template(store, &admin).await;
    let sms = store.sms(&admin, Permission::SmsWrite).unwrap();
    sms.queue(request(t, Recipients::Fellows(vec![a, b, c]))).await.unwrap();

    // The provider takes the first, never answers the second (a timeout
    // after the request went out), refuses the third.
    let provider = Recorder::new(|n| match n {
        1 => accepted(n),
        2 => SendOutcome::Unknown { detail: "timeout".into() },
        _ => SendOutcome::Rejected { detail: "isv.MOBILE_NUMBER_ILLEGAL".into() },
    });
    let report = store.system().sms_send_queued(&provider, &opts(morning())).await.unwrap();
    assert_eq!((report.handed_over, report.sent, report.unknown, report.failed), (3, 1, 1, 1));
    assert_eq!(report.stuck.len(), 1, "the unanswered one is reported at once");
    let stuck = report.stuck[0].id;
    assert_eq!(status_of(store, &admin, stuck).await, (SmsStatus::Sending, None));

    // A crash: a message claimed as `sending` and committed, the process gone
    // before the provider's answer was written. Simulated by claiming the
    // next message with a provider that dies (panics) inside the call.
    let d = fellow(&county, store, &admin, "赵六", "新墙镇", "13800000004").await;
    sms.queue(request(t, Recipients::Fellows(vec![d]))).await.unwrap();
    let dying = Recorder::new(|_| panic!("the process dies during the call"));
    let store2 = store.clone();
    let crashed =
        tokio::spawn(async move { store2.system().sms_send_queued(&dying, &opts(morning())).await.map(|_| ()) }).await;
    assert!(crashed.is_err(), "the run died");
    let crashed_id = all_messages(store, &admin).await.into_iter().find(|m| m.fellow_id == d).unwrap().id;
    assert_eq!(status_of(store, &admin, crashed_id).await.0, SmsStatus::Sending, "claimed before the call");

    // The next run (ten minutes on) sends nothing twice and reports both.
    let later = Recorder::new(accepted);
    let report = store.system().sms_send_queued(&later, &opts(morning() + Duration::minutes(11))).await.unwrap();
    assert!(!later.ids().contains(&stuck) && !later.ids().contains(&crashed_id), "{:?}", later.ids());
    let mut reported: Vec<Uuid> = report.stuck.iter().map(|s| s.id).collect();
    reported.sort();
    let mut expected = vec![stuck, crashed_id];
    expected.sort();
    assert_eq!(reported, expected);

    // A person closes them: one was sent after all, one was not.
    sms.resolve(stuck, true).await.unwrap();
    sms.resolve(crashed_id, false).await.unwrap();
    assert_eq!(status_of(store, &admin, stuck).await.0, SmsStatus::Sent);
    assert_eq!(status_of(store, &admin, crashed_id).await, (SmsStatus::Failed, Some(FailReason::Abandoned)));
    assert!(matches!(sms.resolve(stuck, false).await, Err(StoreError::Conflict(_))));
    let report = store.system().sms_send_queued(&later, &opts(morning() + Duration::minutes(20))).await.unwrap();
    assert!(report.stuck.is_empty());
    let log = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 50, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "sms.resolve").count(), 2);
    db
});

store_test!(delivery_reports_settle_sent_and_stuck_messages, |db: TestDb| async move {
    use guichao_store::sms::Receipt;
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let gk = county.user(store, "gk", BuiltinRole::TownshipStaff, "筻口镇").await;
    let a = fellow(&county, store, &admin, "张三", "新墙镇", "13800000001").await;
    let b = fellow(&county, store, &admin, "李四", "新墙镇", "13800000002").await;
    let c = fellow(&county, store, &admin, "王五", "新墙镇", "13800000003").await;
    let t = template(store, &admin).await;
    let sms = store.sms(&admin, Permission::SmsWrite).unwrap();
    let campaign = Uuid::now_v7();
    let mut req = request(t, Recipients::Fellows(vec![a, b, c]));
    req.campaign_id = Some(campaign);
    sms.queue(req).await.unwrap();
    let provider = Recorder::new(|n| match n {
        2 => SendOutcome::Unknown { detail: "timeout".into() },
        _ => accepted(n),
    });
    store.system().sms_send_queued(&provider, &opts(morning())).await.unwrap();
    let rows = all_messages(store, &admin).await;
    let id_of = |f: Uuid| rows.iter().find(|m| m.fellow_id == f).unwrap().id;
    let (ma, mb, mc) = (id_of(a), id_of(b), id_of(c));
    assert_eq!(status_of(store, &admin, mb).await.0, SmsStatus::Sending);
    assert!(sms.delivered(campaign).await.unwrap().is_empty(), "sent is not delivered");

    // Another township's staff: their reports of these messages are ignored.
    let theirs = store.sms(&gk, Permission::SmsWrite).unwrap();
    let r =
        theirs.record_receipts(&[Receipt { message_id: ma, delivered: true, detail: String::new() }]).await.unwrap();
    assert_eq!((r.delivered, r.ignored), (0, 1));

    let receipts = [
        Receipt { message_id: ma, delivered: true, detail: "DELIVRD".into() },
        Receipt { message_id: mb, delivered: true, detail: "DELIVRD".into() },
        Receipt { message_id: mc, delivered: false, detail: "MK:0001 空号".into() },
        Receipt { message_id: Uuid::now_v7(), delivered: true, detail: String::new() },
        Receipt { message_id: ma, delivered: false, detail: "late".into() },
    ];
    let r = sms.record_receipts(&receipts).await.unwrap();
    assert_eq!((r.delivered, r.undelivered, r.ignored), (2, 1, 2));
    assert_eq!(status_of(store, &admin, ma).await.0, SmsStatus::Delivered);
    assert_eq!(status_of(store, &admin, mb).await.0, SmsStatus::Delivered, "a report settles a message left sending");
    assert_eq!(status_of(store, &admin, mc).await, (SmsStatus::Failed, Some(FailReason::Undelivered)));
    let mut ticked: Vec<Uuid> = sms.delivered(campaign).await.unwrap().into_iter().map(|d| d.fellow_id).collect();
    ticked.sort();
    let mut expected = vec![a, b];
    expected.sort();
    assert_eq!(ticked, expected);
    let report = store.system().sms_send_queued(&provider, &opts(morning() + Duration::minutes(30))).await.unwrap();
    assert!(report.stuck.is_empty());
    let log = store
        .audit(&store.test_auditor(&admin).await)
        .unwrap()
        .list(&AuditQuery { limit: 50, ..Default::default() })
        .await
        .unwrap();
    assert!(log.iter().any(|e| e.action == "sms.receipt" && e.detail["delivered"] == 2 && e.detail["ignored"] == 2));
    db
});

store_test!(a_delivered_greeting_ticks_its_campaigns_sms_column, |db: TestDb| async move {
    use guichao_domain::campaigns::{CampaignDraft, TickSource};
    use guichao_domain::liaison::ContactKind;
    use guichao_store::campaigns::MatrixQuery;
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let a = fellow(&county, store, &admin, "张三", "新墙镇", "13800000001").await;
    let b = fellow(&county, store, &admin, "李四", "新墙镇", "13800000002").await;
    let today = guichao_domain::date::today();
    let campaigns = store.campaigns(&admin, Permission::LiaisonWrite).unwrap();
    let draft = CampaignDraft {
        name: "春节“四个一”走访慰问".into(),
        start: today - chrono::Days::new(20),
        end: today,
        kinds: Default::default(),
        township_ids: vec![],
        category: None,
        city: String::new(),
        tag: String::new(),
    };
    let campaign = campaigns.create(draft).await.unwrap();
    campaigns.launch(campaign).await.unwrap();
    let t = template(store, &admin).await;
    let sms = store.sms(&admin, Permission::SmsWrite).unwrap();
    // 张三's message is of the campaign; 李四's of none.
    let mut req = request(t, Recipients::Fellows(vec![a]));
    req.campaign_id = Some(campaign);
    sms.queue(req).await.unwrap();
    sms.queue(request(t, Recipients::Fellows(vec![b]))).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = FileProvider::new(dir.path().join("sms.log"));
    let ten_in_china = today.and_hms_opt(2, 0, 0).unwrap().and_utc();
    let report = store.system().sms_send_queued(&file, &opts(ten_in_china)).await.unwrap();
    assert_eq!(report.delivered, 2);

    let read = store.campaigns(&admin, Permission::LiaisonRead).unwrap();
    let zhang = read.row(campaign, a).await.unwrap();
    let tick = zhang.tick(ContactKind::Sms).expect("the delivered greeting ticks");
    assert_eq!((tick.source, tick.date), (TickSource::Sms, today));
    let li = read.row(campaign, b).await.unwrap();
    assert!(li.tick(ContactKind::Sms).is_none(), "a message of no campaign ticks none");
    let page = read.matrix(campaign, &MatrixQuery { limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(page.total, 2);
    db
});
