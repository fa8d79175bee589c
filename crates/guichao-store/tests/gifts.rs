//! Gifts of a campaign (慰问物资) in the store: stock counted from receipts
//! and hand-outs, the refusal of a hand-out the stock cannot cover (also
//! when several come at once), the gift tick a hand-out writes (once per
//! fellow), cancelling, the township batch handed out whole or not at all,
//! and who may do what.

use chrono::{Days, NaiveDate};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::campaigns::{CampaignDraft, GiftKindDraft, Stock, TickSource, TouchKinds};
use guichao_domain::date::today;
use guichao_domain::liaison::ContactKind;
use guichao_store::audit::AuditQuery;
use guichao_store::campaigns::{BatchDraft, HandOutDraft, HandOutQuery, MatrixQuery, Missing, ReceiptDraft};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

struct Cast {
    county: County,
    admin: Actor,
    xinqiang: Actor,
    gangkou: Actor,
    leader: Actor,
    /// 张一, 李二 and 王三 of 新墙镇; 赵四 of 筻口镇.
    xq1: Uuid,
    xq2: Uuid,
    qs: Uuid,
    gk: Uuid,
    campaign: Uuid,
    /// 家乡特产礼盒 (份).
    box_id: Uuid,
}

/// A launched four-ones campaign over the four fellows with one gift kind
/// and nothing in stock.
async fn cast(store: &Store) -> Cast {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let xq1 = county.fellow(store, &admin, county.fellow_form("张一", "新墙镇", Some("新墙村"))).await;
    let xq2 = county.fellow(store, &admin, county.fellow_form("李二", "新墙镇", Some("新墙村"))).await;
    let qs = county.fellow(store, &admin, county.fellow_form("王三", "新墙镇", Some("清水村"))).await;
    let gk = county.fellow(store, &admin, county.fellow_form("赵四", "筻口镇", Some("筻口村"))).await;
    let manage = store.campaigns(&admin, Permission::LiaisonWrite).unwrap();
    let draft = CampaignDraft {
        name: "2025年春节“四个一”走访慰问".into(),
        start: ago(30),
        end: today(),
        kinds: TouchKinds::default(),
        township_ids: vec![],
        category: None,
        city: String::new(),
        tag: String::new(),
    };
    let campaign = manage.create(draft).await.unwrap();
    let box_id = manage.add_gift_kind(campaign, kind("家乡特产礼盒", "份")).await.unwrap();
    manage.launch(campaign).await.unwrap();
    Cast { county, admin, xinqiang, gangkou, leader, xq1, xq2, qs, gk, campaign, box_id }
}

fn kind(name: &str, unit: &str) -> GiftKindDraft {
    GiftKindDraft { name: name.into(), unit: unit.into(), note: String::new() }
}

fn receipt(quantity: i64) -> ReceiptDraft {
    ReceiptDraft { quantity, date: ago(20), note: "县统战部采购".into() }
}

fn hand(gift_id: Uuid, fellow_id: Uuid, quantity: i64) -> HandOutDraft {
    HandOutDraft { gift_id, fellow_id, quantity, date: ago(2), note: String::new() }
}

async fn stock(store: &Store, who: &Actor, campaign: Uuid, gift: Uuid) -> Stock {
    let kinds = store.campaigns(who, Permission::LiaisonRead).unwrap().gift_kinds(campaign).await.unwrap();
    kinds.into_iter().find(|k| k.id == gift).unwrap().stock
}

/// The sources of the fellow's gift ticks.
async fn gift_ticks(store: &Store, who: &Actor, campaign: Uuid, fellow: Uuid) -> Vec<TickSource> {
    let row = store.campaigns(who, Permission::LiaisonRead).unwrap().row(campaign, fellow).await.unwrap();
    row.ticks.iter().filter(|t| t.kind == ContactKind::Gift).map(|t| t.source).collect()
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

fn refusal<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Conflict(m) | StoreError::Invalid(m)) => m.zh,
        Err(StoreError::Fields(f)) => format!("{}: {}", f[0].field, f[0].message.zh),
        other => panic!("not a refusal: {other:?}"),
    }
}

store_test!(stock_is_counted_from_receipts_and_hand_outs, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    assert_eq!(stock(store, &c.admin, c.campaign, c.box_id).await, Stock::default());
    manage.receive_gifts(c.campaign, c.box_id, receipt(3)).await.unwrap();
    manage.receive_gifts(c.campaign, c.box_id, receipt(2)).await.unwrap();
    manage.hand_out(c.campaign, hand(c.box_id, c.xq1, 2)).await.unwrap();
    let s = stock(store, &c.admin, c.campaign, c.box_id).await;
    assert_eq!((s.received, s.handed_out, s.left()), (5, 2, 3));

    // Taking more than is left is refused with what is left, and writes nothing.
    let short = manage.hand_out(c.campaign, hand(c.box_id, c.xq2, 4)).await;
    assert_eq!(refusal(short), "库存不足：家乡特产礼盒 剩余 3 份");
    assert!(gift_ticks(store, &c.admin, c.campaign, c.xq2).await.is_empty());
    manage.hand_out(c.campaign, hand(c.box_id, c.xq2, 3)).await.unwrap();
    assert_eq!(stock(store, &c.admin, c.campaign, c.box_id).await.left(), 0);
    let none = manage.hand_out(c.campaign, hand(c.box_id, c.qs, 1)).await;
    assert_eq!(refusal(none), "库存不足：家乡特产礼盒 剩余 0 份");

    // Bad input, each under its field.
    assert!(refusal(manage.hand_out(c.campaign, hand(c.box_id, c.qs, 0)).await).starts_with("quantity"));
    let future = HandOutDraft { date: today() + Days::new(1), ..hand(c.box_id, c.qs, 1) };
    assert!(refusal(manage.hand_out(c.campaign, future).await).starts_with("date"));
    let unknown = manage.hand_out(c.campaign, hand(Uuid::now_v7(), c.qs, 1)).await;
    assert!(refusal(unknown).starts_with("gift_id"));
    let late = ReceiptDraft { date: today() + Days::new(1), ..receipt(1) };
    assert!(refusal(manage.receive_gifts(c.campaign, c.box_id, late).await).starts_with("date"));
    let named = manage.add_gift_kind(c.campaign, kind("家乡特产礼盒", "箱")).await;
    assert!(refusal(named).contains("已有名为“家乡特产礼盒”"));
    assert!(refusal(manage.add_gift_kind(c.campaign, kind("", "份")).await).starts_with("name"));

    let read = store.campaigns(&c.xinqiang, Permission::LiaisonRead).unwrap();
    let listed = read.gift_receipts(c.campaign, 10).await.unwrap();
    let shown: Vec<(i64, &str, &str)> = listed.iter().map(|r| (r.quantity, r.gift.as_str(), r.note.as_str())).collect();
    assert_eq!(shown, [(2, "家乡特产礼盒", "县统战部采购"), (3, "家乡特产礼盒", "县统战部采购")], "newest first");
    assert_eq!(read.gift_receipts(c.campaign, 1).await.unwrap().len(), 1);
    let receipts = audited(store, &c.admin, "gift.receive").await;
    assert_eq!(receipts.len(), 2);
    assert_eq!(receipts[0]["quantity"], 2);
    assert_eq!(audited(store, &c.admin, "gift.hand_out").await.len(), 2);
    assert_eq!(audited(store, &c.admin, "gift.kind").await.len(), 1);
    db
});

store_test!(a_hand_out_ticks_the_gift_column_once_and_a_cancel_takes_it_back, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    let card = manage.add_gift_kind(c.campaign, kind("慰问金卡", "张")).await.unwrap();
    manage.receive_gifts(c.campaign, c.box_id, receipt(10)).await.unwrap();
    manage.receive_gifts(c.campaign, card, receipt(10)).await.unwrap();

    let first = manage.hand_out(c.campaign, hand(c.box_id, c.xq1, 1)).await.unwrap();
    assert_eq!(gift_ticks(store, &c.admin, c.campaign, c.xq1).await, [TickSource::Gift]);
    // A second gift is recorded, and ticks nothing more.
    let second = manage.hand_out(c.campaign, hand(card, c.xq1, 1)).await.unwrap();
    assert_eq!(gift_ticks(store, &c.admin, c.campaign, c.xq1).await, [TickSource::Gift]);
    let q = HandOutQuery { fellow_id: Some(c.xq1), limit: 10, ..Default::default() };
    let read = store.campaigns(&c.admin, Permission::LiaisonRead).unwrap();
    assert_eq!(read.hand_outs(c.campaign, &q).await.unwrap().len(), 2);
    let ticked = audited(store, &c.admin, "gift.hand_out").await;
    assert_eq!((ticked[0]["ticked"].as_bool(), ticked[1]["ticked"].as_bool()), (Some(false), Some(true)));

    // Cancelling the first: its stock comes back, the second takes the tick over.
    manage.cancel_hand_out(c.campaign, first).await.unwrap();
    assert_eq!(stock(store, &c.admin, c.campaign, c.box_id).await.left(), 10);
    assert_eq!(gift_ticks(store, &c.admin, c.campaign, c.xq1).await, [TickSource::Gift]);
    let again = manage.cancel_hand_out(c.campaign, first).await;
    assert!(refusal(again).contains("已撤销"));
    // Cancelling the last one removes the tick.
    manage.cancel_hand_out(c.campaign, second).await.unwrap();
    assert!(gift_ticks(store, &c.admin, c.campaign, c.xq1).await.is_empty());
    let drift = store.system().campaign_ticked_drift(c.county.tenant_id).await.unwrap();
    assert_eq!(drift, 0, "the kept ticked kinds follow each cancel");
    let missing_gift = MatrixQuery { missing: Some(Missing::Kind(ContactKind::Gift)), limit: 10, ..Default::default() };
    let page = read.matrix(c.campaign, &missing_gift).await.unwrap();
    assert!(page.rows.iter().any(|r| r.fellow_id == c.xq1), "张一 misses the gift again");
    assert_eq!(stock(store, &c.admin, c.campaign, card).await.left(), 10);
    let rows = read.hand_outs(c.campaign, &q).await.unwrap();
    assert!(rows.iter().all(|h| h.cancelled_at.is_some()), "cancelled hand-outs stay listed");
    assert_eq!(audited(store, &c.admin, "gift.cancel").await.len(), 2);

    // A fellow ticked by hand gets a hand-out recorded but no second tick.
    let by_hand = manage.tick(c.campaign, c.xq2, ContactKind::Gift, ago(3), "送了年货").await.unwrap();
    manage.hand_out(c.campaign, hand(c.box_id, c.xq2, 1)).await.unwrap();
    assert_eq!(gift_ticks(store, &c.admin, c.campaign, c.xq2).await, [TickSource::Hand]);
    // Taking the hand tick back leaves the gift handed out: the hand-out ticks the column now.
    manage.untick(c.campaign, by_hand).await.unwrap();
    assert_eq!(gift_ticks(store, &c.admin, c.campaign, c.xq2).await, [TickSource::Gift]);
    assert!(audited(store, &c.admin, "campaign.untick").await[0]["tick_moved_to"].is_string());
    assert_eq!(store.system().campaign_ticked_drift(c.county.tenant_id).await.unwrap(), 0);
    db
});

store_test!(a_township_batch_is_handed_out_whole_or_not_at_all, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    let xinqiang = c.county.unit("新墙镇");
    manage.receive_gifts(c.campaign, c.box_id, receipt(5)).await.unwrap();
    // 张一 already has a gift: the batch is for 李二 and 王三.
    manage.hand_out(c.campaign, hand(c.box_id, c.xq1, 1)).await.unwrap();
    let batch = |quantity| BatchDraft {
        gift_id: c.box_id,
        township_id: xinqiang,
        quantity,
        date: ago(1),
        note: "乡镇统一发放".into(),
    };
    let short = manage.hand_out_township(c.campaign, batch(3)).await;
    assert!(refusal(short).starts_with("库存不足：家乡特产礼盒 剩余 4 份"));
    assert!(gift_ticks(store, &c.admin, c.campaign, c.xq2).await.is_empty(), "nothing half-written");
    assert_eq!(stock(store, &c.admin, c.campaign, c.box_id).await.left(), 4);

    let report = manage.hand_out_township(c.campaign, batch(2)).await.unwrap();
    assert_eq!((report.fellows, report.quantity), (2, 4));
    assert_eq!(stock(store, &c.admin, c.campaign, c.box_id).await.left(), 0);
    for f in [c.xq2, c.qs] {
        assert_eq!(gift_ticks(store, &c.admin, c.campaign, f).await, [TickSource::Gift]);
    }
    assert!(gift_ticks(store, &c.admin, c.campaign, c.gk).await.is_empty(), "筻口镇 is not in it");
    let done = manage.hand_out_township(c.campaign, batch(1)).await;
    assert!(refusal(done).contains("新墙镇没有尚缺慰问物资的乡友"));
    let batches = audited(store, &c.admin, "gift.batch").await;
    assert_eq!((batches[0]["fellows"].as_u64(), batches[0]["quantity"].as_u64()), (Some(2), Some(4)));
    assert_eq!(batches[0]["township"], "新墙镇");
    db
});

store_test!(hand_outs_follow_the_tick_rules_and_the_fellows_scope, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    manage.receive_gifts(c.campaign, c.box_id, receipt(10)).await.unwrap();

    // Township staff hand out to their own township's fellows only.
    let xinqiang = store.campaigns(&c.xinqiang, Permission::LiaisonWrite).unwrap();
    let mine = xinqiang.hand_out(c.campaign, hand(c.box_id, c.xq1, 1)).await.unwrap();
    let theirs = xinqiang.hand_out(c.campaign, hand(c.box_id, c.gk, 1)).await;
    assert!(matches!(theirs, Err(StoreError::NotFound)), "{theirs:?}");
    let gangkou = store.campaigns(&c.gangkou, Permission::LiaisonWrite).unwrap();
    assert!(matches!(gangkou.cancel_hand_out(c.campaign, mine).await, Err(StoreError::NotFound)));
    // A batch over another township finds none of its fellows.
    let other = BatchDraft {
        gift_id: c.box_id,
        township_id: c.county.unit("筻口镇"),
        quantity: 1,
        date: ago(1),
        note: String::new(),
    };
    assert!(refusal(xinqiang.hand_out_township(c.campaign, other).await).contains("筻口镇没有尚缺"));

    // Kinds and stock are the campaign manager's.
    let kind_by_staff = xinqiang.add_gift_kind(c.campaign, kind("春联", "副")).await;
    assert!(matches!(kind_by_staff, Err(StoreError::Forbidden)), "{kind_by_staff:?}");
    let receipt_by_staff = xinqiang.receive_gifts(c.campaign, c.box_id, receipt(1)).await;
    assert!(matches!(receipt_by_staff, Err(StoreError::Forbidden)));
    assert!(store.campaigns(&c.leader, Permission::LiaisonWrite).is_err(), "a leader only reads");

    // Each sees the hand-outs of the fellows they may see; stock is the campaign's.
    let mut seen = Vec::new();
    for who in [&c.xinqiang, &c.gangkou, &c.leader] {
        let read = store.campaigns(who, Permission::LiaisonRead).unwrap();
        let q = HandOutQuery { limit: 50, ..Default::default() };
        seen.push(read.hand_outs(c.campaign, &q).await.unwrap().len());
    }
    assert_eq!(seen, [1, 0, 1]);
    assert_eq!(stock(store, &c.gangkou, c.campaign, c.box_id).await.left(), 9);
    let outside = store.campaigns(&c.gangkou, Permission::LiaisonRead).unwrap().gift_kinds(Uuid::now_v7()).await;
    assert!(matches!(outside, Err(StoreError::NotFound)));

    // A closed campaign takes no more hand-outs nor stock.
    manage.close(c.campaign).await.unwrap();
    assert!(refusal(manage.hand_out(c.campaign, hand(c.box_id, c.xq2, 1)).await).contains("活动已结束"));
    assert!(refusal(manage.receive_gifts(c.campaign, c.box_id, receipt(1)).await).contains("活动已结束"));
    db
});

store_test!(concurrent_hand_outs_of_the_last_gifts_never_go_below_zero, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let manage = store.campaigns(&c.admin, Permission::LiaisonWrite).unwrap();
    manage.receive_gifts(c.campaign, c.box_id, receipt(2)).await.unwrap();
    let fellows = [c.xq1, c.xq2, c.qs, c.gk];
    let tries: Vec<_> = fellows
        .into_iter()
        .map(|fellow| {
            let (store, admin, id, gift) = (store.clone(), c.admin.clone(), c.campaign, c.box_id);
            tokio::spawn(async move {
                let manage = store.campaigns(&admin, Permission::LiaisonWrite).unwrap();
                manage.hand_out(id, hand(gift, fellow, 1)).await
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tries {
        outcomes.push(match t.await.unwrap() {
            Ok(_) => "handed out",
            Err(StoreError::Conflict(m)) if m.zh.starts_with("库存不足") => "refused",
            Err(other) => panic!("{other:?}"),
        });
    }
    outcomes.sort_unstable();
    assert_eq!(outcomes, ["handed out", "handed out", "refused", "refused"]);
    let s = stock(store, &c.admin, c.campaign, c.box_id).await;
    assert_eq!((s.handed_out, s.left()), (2, 0));
    db
});
