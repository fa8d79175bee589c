//! The demo county's gifts on their own, on both backends: every campaign
//! gets gift kinds whose hand-outs take over most gift ticks made by hand,
//! completion stays where the campaigns left it, and each kind has a little
//! stock left, never below zero.

use guichao::demo::{campaigns, gifts};
use guichao_domain::Lang;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::campaigns::TickSource;
use guichao_domain::liaison::ContactKind;
use guichao_store::campaigns::{CompletionBy, HandOutQuery, MatrixQuery};
use guichao_store::store_test;
use guichao_store::testing::{County, TestDb};
use rand::SeedableRng;
use rand::rngs::StdRng;

store_test!(the_demo_gifts_replace_most_gift_ticks_by_hand, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let (surnames, given) =
        (["张", "李", "王", "赵", "刘", "陈"], ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]);
    for i in 0..60 {
        let township = if i % 3 == 0 { "筻口镇" } else { "新墙镇" };
        let name = format!("{}{}", surnames[i % 6], given[i / 6]);
        county.fellow(store, &admin, county.fellow_form(&name, township, None)).await;
    }
    let mut rng = StdRng::seed_from_u64(7);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    campaigns::add(store, county.tenant_id, admin.user_id(), today, &mut rng).await.unwrap();
    let read = store.campaigns(&admin, Permission::LiaisonRead).unwrap();
    let list = read.page(0, 10, false).await.unwrap();
    let mut before = Vec::new();
    for c in &list {
        before.push(read.completion(c.id, CompletionBy::Township, Lang::Zh).await.unwrap().1);
    }

    let written = gifts::add(store, county.tenant_id, admin.user_id(), today, &mut rng).await.unwrap();
    assert!(written > 20, "{written}");
    for (c, was) in list.iter().zip(before) {
        let (_, now) = read.completion(c.id, CompletionBy::Township, Lang::Zh).await.unwrap();
        assert_eq!((now.ticks, now.fellows_done), (was.ticks, was.fellows_done), "{}", c.name);
        let kinds = read.gift_kinds(c.id).await.unwrap();
        assert_eq!(kinds.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(), ["家乡特产礼盒", "慰问金卡"]);
        for k in &kinds {
            assert!((2..=9).contains(&k.left), "{}: {:?}", k.name, k.stock);
            assert!(k.stock.handed_out > 0, "{}: {:?}", k.name, k.stock);
        }
        let page = read.matrix(c.id, &MatrixQuery { limit: 200, ..Default::default() }).await.unwrap();
        let gift_ticks: Vec<TickSource> =
            page.rows.iter().filter_map(|r| r.tick(ContactKind::Gift)).map(|t| t.source).collect();
        let handed = gift_ticks.iter().filter(|s| **s == TickSource::Gift).count();
        let by_hand = gift_ticks.iter().filter(|s| **s == TickSource::Hand).count();
        assert!(handed > by_hand && by_hand > 0, "{}: {handed} hand-outs, {by_hand} by hand", c.name);
        let q = HandOutQuery { limit: 200, ..Default::default() };
        assert_eq!(read.hand_outs(c.id, &q).await.unwrap().len(), handed);
    }
    db
});
