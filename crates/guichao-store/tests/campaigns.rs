//! The four-ones campaigns in the store: drafts, a launch that freezes the
//! filtered fellows, hand changes to the list, ticks read from contact
//! records and stored by hand, the matrix with its filters, completion by
//! township and by cadre, and what each role may see and do.

use chrono::{Days, NaiveDate};
use guichao_domain::Lang;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::campaigns::{CampaignDraft, CampaignState, TickSource, TouchKinds};
use guichao_domain::date::today;
use guichao_domain::liaison::{ContactDraft, ContactKind, LiaisonLevel};
use guichao_store::audit::AuditQuery;
use guichao_store::campaigns::{CompletionBy, MatrixQuery, Missing};
use guichao_store::liaison::AssignmentDraft;
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

/// A campaign over the last 30 days, the four ones, the whole county.
fn draft(name: &str) -> CampaignDraft {
    CampaignDraft {
        name: name.into(),
        start: ago(30),
        end: today(),
        kinds: TouchKinds::default(),
        township_ids: vec![],
        category: None,
        city: String::new(),
        tag: String::new(),
    }
}

fn contact(kind: ContactKind, date: NaiveDate, cadre: &Actor, fellows: &[Uuid]) -> ContactDraft {
    ContactDraft {
        kind,
        date,
        place: "深圳".into(),
        cadre_ids: vec![cadre.user_id()],
        fellow_ids: fellows.to_vec(),
        chamber_id: None,
        notes: "春节慰问".into(),
        outcome: String::new(),
        follow_up: None,
    }
}

async fn audited(store: &Store, admin: &Actor, action: &str) -> Vec<serde_json::Value> {
    let q = AuditQuery { action: Some(action.into()), limit: 100, ..Default::default() };
    store
        .audit(&store.test_auditor(admin).await)
        .unwrap()
        .list(&q)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.detail)
        .collect()
}

struct Cast {
    county: County,
    admin: Actor,
    xinqiang: Actor,
    village: Actor,
    gangkou: Actor,
    leader: Actor,
    /// 新墙村 (two), 清水村 of 新墙镇, 筻口村.
    xq1: Uuid,
    xq2: Uuid,
    qs: Uuid,
    gk: Uuid,
}

async fn cast(store: &Store) -> Cast {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let village = county.user(store, "village", BuiltinRole::VillageCadre, "新墙村").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let xq1 = county.fellow(store, &admin, county.fellow_form("张一", "新墙镇", Some("新墙村"))).await;
    let xq2 = county.fellow(store, &admin, county.fellow_form("李二", "新墙镇", Some("新墙村"))).await;
    let qs = county.fellow(store, &admin, county.fellow_form("王三", "新墙镇", Some("清水村"))).await;
    let gk = county.fellow(store, &admin, county.fellow_form("赵四", "筻口镇", Some("筻口村"))).await;
    Cast { county, admin, xinqiang, village, gangkou, leader, xq1, xq2, qs, gk }
}

/// Every row of the matrix as `who` sees it: (name, kinds ticked).
async fn matrix(store: &Store, who: &Actor, id: Uuid, q: MatrixQuery) -> (Vec<(String, Vec<&'static str>)>, u64) {
    let q = MatrixQuery { limit: 100, ..q };
    let page = store.campaigns(who, Permission::LiaisonRead).unwrap().matrix(id, &q).await.unwrap();
    let rows = page.rows.into_iter().map(|r| (r.name, r.ticks.iter().map(|t| t.kind.code()).collect())).collect();
    (rows, page.total)
}

/// The townships `who` is offered to choose among.
async fn townships(store: &Store, who: &Actor) -> Vec<String> {
    let read = store.campaigns(who, Permission::LiaisonRead).unwrap();
    read.townships().await.unwrap().into_iter().map(|t| t.1).collect()
}

store_test!(a_launch_freezes_the_fellows_the_filter_selects, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    let only_xinqiang =
        CampaignDraft { township_ids: vec![c.county.unit("新墙镇")], ..draft(" 2025年春节“四个一” ") };
    let id = manage.create(only_xinqiang).await.unwrap();
    let read = store.campaigns(&c.admin, Permission::LiaisonRead).unwrap();
    let view = read.get(id).await.unwrap();
    assert_eq!((view.name.as_str(), view.state, view.fellows), ("2025年春节“四个一”", CampaignState::Draft, 0));
    assert_eq!(view.townships.iter().map(|t| t.1.as_str()).collect::<Vec<_>>(), ["新墙镇"]);
    assert!(view.can_manage && !view.can_tick);

    // A draft may be edited; its name stays unique.
    let other = manage.create(draft("中秋慰问")).await.unwrap();
    let taken = manage.update(other, draft("2025年春节“四个一”")).await;
    assert!(matches!(&taken, Err(StoreError::Fields(f)) if f[0].field == "name"), "{taken:?}");
    let bad = manage.update(other, CampaignDraft { end: ago(40), ..draft("中秋慰问") }).await;
    assert!(matches!(&bad, Err(StoreError::Fields(f)) if f[0].field == "end"), "{bad:?}");

    assert_eq!(manage.launch(id).await.unwrap(), 3, "the three fellows of 新墙镇");
    let again = manage.launch(id).await;
    assert!(matches!(again, Err(StoreError::Invalid(_))), "{again:?}");
    let edit = manage.update(id, draft("改名")).await;
    assert!(matches!(edit, Err(StoreError::Invalid(_))), "a launched campaign's scope is fixed");

    // Later registry changes do not move the list; a hand change does, audited.
    let late = c.county.fellow(store, &c.admin, c.county.fellow_form("晚到", "新墙镇", None)).await;
    assert_eq!(matrix(store, &c.admin, id, MatrixQuery::default()).await.1, 3);
    manage.add_fellow(id, late).await.unwrap();
    let twice = manage.add_fellow(id, late).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    manage.remove_fellow(id, c.xq2).await.unwrap();
    let (rows, total) = matrix(store, &c.admin, id, MatrixQuery::default()).await;
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!((names, total), (vec!["晚到", "王三", "张一"], 3), "by name in pinyin order");
    assert!(matches!(manage.remove_fellow(id, c.gk).await, Err(StoreError::NotFound)));

    let launches = audited(store, &c.admin, "campaign.launch").await;
    assert_eq!(launches[0]["fellows"], 3);
    assert_eq!(audited(store, &c.admin, "campaign.fellow_add").await.len(), 1);
    assert_eq!(audited(store, &c.admin, "campaign.fellow_remove").await.len(), 1);
    assert_eq!(audited(store, &c.admin, "campaign.create").await.len(), 2);

    manage.close(id).await.unwrap();
    let closed = read.get(id).await.unwrap();
    assert_eq!(closed.state, CampaignState::Closed);
    assert!(!closed.can_tick && !closed.can_manage);
    let closes = audited(store, &c.admin, "campaign.close").await;
    assert_eq!((closes[0]["fellows"].as_u64(), closes[0]["required"].as_u64()), (Some(3), Some(12)));
    let late_tick = manage.tick(id, c.xq1, ContactKind::Gift, today(), "").await;
    assert!(matches!(late_tick, Err(StoreError::Invalid(_))), "no ticks on a closed campaign");

    let list = read.page(0, 50, false).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(read.count().await.unwrap(), 2);
    db
});

store_test!(the_remembered_fellow_count_follows_every_change_of_the_membership, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    let id = manage.create(draft("2025年春节四个一")).await.unwrap();
    let xinqiang = MatrixQuery { township_id: Some(c.county.unit("新墙镇")), ..Default::default() };
    let totals = |store: Store| {
        let (admin, xinqiang) = (c.admin.clone(), xinqiang.clone());
        async move {
            let all = matrix(&store, &admin, id, MatrixQuery::default()).await.1;
            let fellows = store.campaigns(&admin, Permission::LiaisonRead).unwrap().get(id).await.unwrap().fellows;
            assert_eq!(all, fellows, "the campaign page and the matrix agree");
            (all, matrix(&store, &admin, id, xinqiang).await.1)
        }
    };
    assert_eq!(totals(store.clone()).await, (0, 0), "a draft has no fellows");
    manage.launch(id).await.unwrap();
    assert_eq!(totals(store.clone()).await, (4, 3));
    assert_eq!(totals(store.clone()).await, (4, 3), "asked again");
    manage.remove_fellow(id, c.xq2).await.unwrap();
    assert_eq!(totals(store.clone()).await, (3, 2));
    let late = c.county.fellow(store, &c.admin, c.county.fellow_form("晚到", "新墙镇", None)).await;
    manage.add_fellow(id, late).await.unwrap();
    assert_eq!(totals(store.clone()).await, (4, 3));

    // Another process (a second server on the same database) changes it: this one counts again.
    let other = Store::connect(&db.url).await.unwrap();
    other.campaigns(&c.admin, Permission::LiaisonWrite).unwrap().remove_fellow(id, late).await.unwrap();
    other.campaigns(&c.admin, Permission::LiaisonWrite).unwrap().remove_fellow(id, c.gk).await.unwrap();
    assert_eq!(totals(store.clone()).await, (2, 2));
    drop(other);

    // A narrower reader or filter is counted afresh: the township's staff see their own.
    let theirs = matrix(store, &c.xinqiang, id, MatrixQuery::default()).await.1;
    assert_eq!(theirs, 2);
    db
});

store_test!(contact_records_tick_while_they_live_and_hand_ticks_fill_the_rest, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    let id = manage.create(draft("春节")).await.unwrap();
    manage.launch(id).await.unwrap();
    let contacts = store.contacts(&c.admin, Permission::LiaisonWrite).unwrap();
    let visit = contacts.create(contact(ContactKind::Visit, ago(2), &c.xinqiang, &[c.xq1, c.xq2])).await.unwrap();
    contacts.create(contact(ContactKind::Call, ago(2), &c.xinqiang, &[c.xq1])).await.unwrap();
    contacts.create(contact(ContactKind::Gift, ago(45), &c.xinqiang, &[c.xq1])).await.unwrap();
    contacts.create(contact(ContactKind::Sms, ago(1), &c.admin, &[c.xq1, c.gk])).await.unwrap();

    let (rows, _) = matrix(store, &c.admin, id, MatrixQuery::default()).await;
    let of = |name: &str| rows.iter().find(|r| r.0 == name).unwrap().1.clone();
    assert_eq!(of("张一"), ["visit", "sms"], "a call is not required; a gift before the period does not count");
    assert_eq!(of("李二"), ["visit"]);
    let page = store
        .campaigns(&c.admin, Permission::LiaisonRead)
        .unwrap()
        .matrix(id, &MatrixQuery { limit: 10, ..Default::default() })
        .await
        .unwrap();
    let zhang = page.rows.iter().find(|r| r.name == "张一").unwrap();
    let tick = zhang.tick(ContactKind::Visit).unwrap();
    assert_eq!((tick.source, tick.source_id, tick.by.as_str()), (TickSource::Contact, Some(visit), "xinqiang"));

    // By hand: a letter for 张一 and a gift for 赵四.
    let hand = manage.tick(id, c.xq1, ContactKind::Letter, ago(3), "慰问信已寄").await.unwrap();
    manage.tick(id, c.gk, ContactKind::Gift, ago(3), "").await.unwrap();
    let twice = manage.tick(id, c.xq1, ContactKind::Letter, ago(2), "").await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");
    let outside = manage.tick(id, c.xq1, ContactKind::Gift, ago(31), "").await;
    assert!(matches!(&outside, Err(StoreError::Fields(f)) if f[0].field == "date"), "{outside:?}");
    let not_required = manage.tick(id, c.xq1, ContactKind::Call, ago(1), "").await;
    assert!(matches!(&not_required, Err(StoreError::Fields(f)) if f[0].field == "kind"), "{not_required:?}");
    let long = manage.tick(id, c.xq1, ContactKind::Gift, ago(1), &"长".repeat(201)).await;
    assert!(matches!(&long, Err(StoreError::Fields(f)) if f[0].field == "note"), "{long:?}");
    manage.tick(id, c.xq1, ContactKind::Gift, ago(1), "").await.unwrap();
    assert_eq!(audited(store, &c.admin, "campaign.tick").await.len(), 3);

    // Completion: 张一 4 of 4, 李二 1, 王三 0 (新墙镇: 5 of 12); 赵四 sms + gift (筻口镇: 2 of 4).
    let read = store.campaigns(&c.admin, Permission::LiaisonRead).unwrap();
    let (rows, total) = read.completion(id, CompletionBy::Township, Lang::Zh).await.unwrap();
    let shown: Vec<(&str, u64, u64, u64, u64)> =
        rows.iter().map(|r| (r.label.as_str(), r.fellows, r.ticks, r.required, r.fellows_done)).collect();
    assert_eq!(shown, [("新墙镇", 3, 5, 12, 1), ("筻口镇", 1, 2, 4, 0)]);
    assert_eq!((total.fellows, total.ticks, total.required, total.fellows_done), (4, 7, 16, 1));
    assert_eq!(total.completion, 0.4375);

    // Missing a kind, or anything.
    let missing_visit = MatrixQuery { missing: Some(Missing::Kind(ContactKind::Visit)), ..Default::default() };
    let (rows, n) = matrix(store, &c.admin, id, missing_visit).await;
    assert_eq!((n, rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>()), (2, vec!["王三", "赵四"]));
    let (_, n) = matrix(store, &c.admin, id, MatrixQuery { missing: Some(Missing::Any), ..Default::default() }).await;
    assert_eq!(n, 3, "all but 张一");
    let in_gangkou = MatrixQuery { township_id: Some(c.county.unit("筻口镇")), ..Default::default() };
    assert_eq!(matrix(store, &c.admin, id, in_gangkou).await.1, 1);

    // Deleting the record removes its ticks; removing the hand tick removes it.
    contacts.delete(visit).await.unwrap();
    manage.untick(id, hand).await.unwrap();
    let (rows, _) = matrix(store, &c.admin, id, MatrixQuery::default()).await;
    let of = |name: &str| rows.iter().find(|r| r.0 == name).unwrap().1.clone();
    assert_eq!((of("张一"), of("李二")), (vec!["sms", "gift"], vec![]));
    assert!(matches!(manage.untick(id, hand).await, Err(StoreError::NotFound)));
    assert_eq!(audited(store, &c.admin, "campaign.untick").await.len(), 1);
    assert_eq!(by_township(store, &c.admin, id).await[0], ("新墙镇".into(), 2, 0));
    assert_eq!(store.system().campaign_ticked_drift(c.county.tenant_id).await.unwrap(), 0);
    db
});

store_test!(each_role_sees_and_ticks_its_own_fellows, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    let id = manage.create(draft("春节")).await.unwrap();
    manage.launch(id).await.unwrap();
    // The village cadre of 新墙村 keeps in touch with 张一.
    let liaison = store.liaison(&c.admin, Permission::LiaisonWrite).unwrap();
    let duty = AssignmentDraft { cadre_id: c.village.user_id(), level: LiaisonLevel::Village, cycle_days: 90 };
    liaison.assign(c.xq1, duty).await.unwrap();

    assert_eq!(matrix(store, &c.xinqiang, id, MatrixQuery::default()).await.1, 3, "新墙镇's three");
    assert_eq!(matrix(store, &c.gangkou, id, MatrixQuery::default()).await.1, 1);
    assert_eq!(matrix(store, &c.leader, id, MatrixQuery::default()).await.1, 4);
    let (rows, n) = matrix(store, &c.village, id, MatrixQuery::default()).await;
    assert_eq!((n, rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>()), (2, vec!["李二", "张一"]), "新墙村's");
    let mine = MatrixQuery { cadre_id: Some(c.village.user_id()), ..Default::default() };
    assert_eq!(matrix(store, &c.admin, id, mine).await.1, 1);
    // Township choices: those whose fellows the reader sees.
    assert_eq!(townships(store, &c.xinqiang).await, ["新墙镇"]);
    assert_eq!(townships(store, &c.gangkou).await, ["筻口镇"]);
    let mut all = townships(store, &c.leader).await;
    all.sort();
    assert_eq!(all, ["新墙镇", "筻口镇"], "every township of the county");

    let gangkou = store.campaigns(&c.gangkou, Permission::LiaisonRead).unwrap();
    let (rows, total) = gangkou.completion(id, CompletionBy::Township, Lang::Zh).await.unwrap();
    assert_eq!((rows.len(), rows[0].label.as_str(), total.fellows), (1, "筻口镇", 1));
    let (rows, _) = store
        .campaigns(&c.admin, Permission::LiaisonRead)
        .unwrap()
        .completion(id, CompletionBy::Cadre, Lang::Zh)
        .await
        .unwrap();
    let shown: Vec<(&str, u64)> = rows.iter().map(|r| (r.label.as_str(), r.fellows)).collect();
    assert_eq!(shown, [("village", 1), ("（未分配联系干部）", 3)]);

    // The village cadre ticks their own fellows, not another village's.
    let cadre = store.campaigns(&c.village, Permission::LiaisonWrite).unwrap();
    cadre.tick(id, c.xq1, ContactKind::Visit, today(), "春节前上门").await.unwrap();
    let next_village = cadre.tick(id, c.qs, ContactKind::Visit, today(), "").await;
    assert!(matches!(next_village, Err(StoreError::NotFound)), "清水村 is not the cadre's: {next_village:?}");
    let theirs = store
        .campaigns(&c.gangkou, Permission::LiaisonWrite)
        .unwrap()
        .tick(id, c.xq2, ContactKind::Visit, today(), "")
        .await;
    assert!(matches!(theirs, Err(StoreError::NotFound)), "{theirs:?}");
    assert!(!cadre.manages());
    assert!(matches!(cadre.create(draft("村里的活动")).await, Err(StoreError::Forbidden)));
    let township = store.campaigns(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    assert!(matches!(township.close(id).await, Err(StoreError::Forbidden)));
    assert!(matches!(township.add_fellow(id, c.gk).await, Err(StoreError::Forbidden)));
    assert!(store.campaigns(&c.leader, Permission::LiaisonWrite).is_err(), "a leader only reads");
    let read = store.campaigns(&c.leader, Permission::LiaisonRead).unwrap();
    assert!(matches!(read.tick(id, c.gk, ContactKind::Gift, today(), "").await, Err(StoreError::Forbidden)));

    // Another county's campaign is not there.
    let other = c.county.user(store, "pingjiang", BuiltinRole::CountyAdmin, "平江县").await;
    let theirs = store.campaigns(&other, Permission::LiaisonRead).unwrap();
    assert!(matches!(theirs.get(id).await, Err(StoreError::NotFound)));
    assert!(matches!(
        theirs.matrix(id, &MatrixQuery { limit: 10, ..Default::default() }).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(theirs.count().await.unwrap(), 0);
    db
});

/// The completion rows of campaign `id` by township, as the county sees them:
/// (township, ticks, fellows done).
async fn by_township(store: &Store, who: &Actor, id: Uuid) -> Vec<(String, u64, u64)> {
    let read = store.campaigns(who, Permission::LiaisonRead).unwrap();
    let (rows, _) = read.completion(id, CompletionBy::Township, Lang::Zh).await.unwrap();
    rows.into_iter().map(|r| (r.label, r.ticks, r.fellows_done)).collect()
}

store_test!(the_kept_ticked_kinds_follow_every_writer, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let t = c.county.tenant_id;
    let contacts = store.contacts(&c.admin, Permission::LiaisonWrite).unwrap();
    // A visit before the launch ticks at the launch.
    let visit = contacts.create(contact(ContactKind::Visit, ago(5), &c.xinqiang, &[c.xq1])).await.unwrap();
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    let id = manage.create(draft("春节")).await.unwrap();
    manage.launch(id).await.unwrap();
    let drift = || async { store.system().campaign_ticked_drift(t).await.unwrap() };
    assert_eq!(by_township(store, &c.admin, id).await, [("新墙镇".into(), 1, 0), ("筻口镇".into(), 0, 0)]);

    // Moving the visit out of the period takes its tick away; back in, it returns.
    let moved = ContactDraft { date: ago(40), ..contact(ContactKind::Visit, ago(5), &c.xinqiang, &[c.xq1]) };
    contacts.update(visit, moved).await.unwrap();
    assert_eq!(by_township(store, &c.admin, id).await[0], ("新墙镇".into(), 0, 0));
    contacts.update(visit, contact(ContactKind::Visit, ago(4), &c.xinqiang, &[c.xq1, c.qs])).await.unwrap();
    assert_eq!(by_township(store, &c.admin, id).await[0], ("新墙镇".into(), 2, 0), "a second fellow named");

    // Bulk contacts tick too; with the hand ticks 张一 is done.
    let bulk = |kind| guichao_store::contacts::BulkContact {
        draft: contact(kind, ago(3), &c.admin, &[c.xq1]),
        author_id: c.admin.user_id(),
    };
    store.system().insert_contacts(t, &[bulk(ContactKind::Letter), bulk(ContactKind::Sms)]).await.unwrap();
    manage.tick(id, c.xq1, ContactKind::Gift, ago(1), "").await.unwrap();
    assert_eq!(by_township(store, &c.admin, id).await[0], ("新墙镇".into(), 5, 1));
    let missing_any = MatrixQuery { missing: Some(Missing::Any), ..Default::default() };
    assert_eq!(matrix(store, &c.admin, id, missing_any).await.1, 3);

    // A fellow added by hand brings their records of the period with them.
    manage.remove_fellow(id, c.gk).await.unwrap();
    contacts.create(contact(ContactKind::Gift, ago(2), &c.admin, &[c.gk])).await.unwrap();
    manage.add_fellow(id, c.gk).await.unwrap();
    assert_eq!(by_township(store, &c.admin, id).await[1], ("筻口镇".into(), 1, 0));
    assert_eq!(drift().await, 0, "kept at every write");

    // Written around the store, the kept sets drift; a rebuild mends them.
    let sql = "UPDATE campaign_fellows SET ticked = 0";
    store.system().connection().execute_unprepared(sql).await.unwrap();
    assert_eq!(drift().await, 3);
    store.system().rebuild_campaign_ticked().await.unwrap();
    assert_eq!(drift().await, 0);
    assert_eq!(by_township(store, &c.admin, id).await[0], ("新墙镇".into(), 5, 1));
    db
});
