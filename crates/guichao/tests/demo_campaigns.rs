//! The demo county's four-ones campaigns on their own, on both backends: the
//! Spring Festival before last closed at about 95% done, the latest one
//! launched at about 60%, each with the contact records of its period
//! ticking by themselves.

use chrono::NaiveDate;
use guichao::demo::campaigns;
use guichao_domain::Lang;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::campaigns::{CampaignState, TickSource};
use guichao_domain::liaison::{ContactDraft, ContactKind};
use guichao_store::campaigns::{CompletionBy, MatrixQuery};
use guichao_store::store_test;
use guichao_store::testing::{County, TestDb};
use rand::SeedableRng;
use rand::rngs::StdRng;

store_test!(the_demo_campaigns_stand_at_their_rates, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let mut fellows = Vec::new();
    let (surnames, given) =
        (["张", "李", "王", "赵", "刘", "陈"], ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]);
    for i in 0..60 {
        let township = if i % 3 == 0 { "筻口镇" } else { "新墙镇" };
        let name = format!("{}{}", surnames[i % 6], given[i / 6]);
        fellows.push(county.fellow(store, &admin, county.fellow_form(&name, township, None)).await);
    }
    // A visit in the 2026 campaign's period (2026-01-13 to 2026-03-04).
    let visit = ContactDraft {
        kind: ContactKind::Visit,
        date: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        place: "深圳".into(),
        cadre_ids: vec![admin.user_id()],
        fellow_ids: fellows[..5].to_vec(),
        chamber_id: None,
        notes: "春节走访".into(),
        outcome: String::new(),
        follow_up: None,
    };
    store.contacts(&admin, Permission::LiaisonWrite).unwrap().create(visit).await.unwrap();

    let mut rng = StdRng::seed_from_u64(7);
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let written = campaigns::add(store, county.tenant_id, admin.user_id(), today, &mut rng).await.unwrap();
    assert!(written > 300, "{written}");
    let read = store.campaigns(&admin, Permission::LiaisonRead).unwrap();
    let list = read.page(0, 10, false).await.unwrap();
    let shown: Vec<(&str, CampaignState, u64)> = list.iter().map(|c| (c.name.as_str(), c.state, c.fellows)).collect();
    assert_eq!(
        shown,
        [
            ("2026年春节“四个一”走访慰问", CampaignState::Launched, 60),
            ("2025年春节“四个一”走访慰问", CampaignState::Closed, 60)
        ]
    );
    let (_, closed) = read.completion(list[1].id, CompletionBy::Township, Lang::Zh).await.unwrap();
    assert!((0.88..=0.99).contains(&closed.completion), "{closed:?}");
    let (rows, launched) = read.completion(list[0].id, CompletionBy::Township, Lang::Zh).await.unwrap();
    assert!((0.45..=0.75).contains(&launched.completion), "{launched:?}");
    assert_eq!(rows.len(), 2);
    let page = read.matrix(list[0].id, &MatrixQuery { limit: 200, ..Default::default() }).await.unwrap();
    let from_contacts = page.rows.iter().flat_map(|r| &r.ticks).filter(|t| t.source == TickSource::Contact).count();
    assert_eq!(from_contacts, 5, "the visit ticks its five fellows");
    let printed = page.rows.iter().flat_map(|r| &r.ticks).filter(|t| t.source == TickSource::Letter).count();
    assert!(printed > 0, "a printed batch ticks letters");
    let write = store.campaigns(&admin, Permission::LiaisonWrite).unwrap();
    let batches = write.letter_batches(list[0].id).await.unwrap();
    assert_eq!(batches.len(), 1, "one of the two townships printed its letters");
    assert_eq!(batches[0].fellows as usize, printed);
    let templates = write.letter_templates().await.unwrap();
    let labels = guichao_store::campaigns::letters::MergeQuery {
        template_id: Some(templates[0].id),
        township_id: None,
        only_unticked: false,
        sign_off: "岳阳县人民政府".into(),
        date: today,
        limit: 100,
    };
    let merged = write.merge_letters(list[0].id, &labels).await.unwrap();
    let with_address = merged.letters.iter().filter(|l| l.has_address()).count();
    assert!((40..60).contains(&with_address), "most fellows have an address: {with_address} of 60");
    db
});
