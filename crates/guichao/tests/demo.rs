//! The demo county's records, seeded on a fresh SQLite store: the figures of
//! PROGRAM.md (3,000+ fellows, 3 remote and 9 township chambers, 5 liaison
//! offices, 19 advisors, 39 deputies), liaison duty with gaps, two years of
//! contact history with overdue fellows and follow-ups, the demo users'
//! assignments, duplicates to review, and a second seeding that adds people
//! only. SQLite only: the bulk writer itself is tested on both backends.

use guichao::demo;
use guichao_domain::access::Permission;
use guichao_domain::chambers::ChamberKind;
use guichao_domain::fellows::HeldRole;
use guichao_domain::liaison::ContactKind;
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::contacts::OverdueQuery;
use guichao_store::entities::{
    chamber, chamber_member, chamber_office, contact_record, fellow, fellow_role, liaison_assignment, org_unit, user,
};
use guichao_store::fellows::FellowQuery;
use guichao_store::testing::TestDb;
use guichao_store::{Backend, Store};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use std::time::Instant;
use uuid::Uuid;

const PASSWORD: &str = "Demo-pass-1";

async fn actor(store: &Store, tenant_id: Uuid, username: &str) -> guichao_store::Actor {
    let id = store.system().user_id_by_name(tenant_id, username).await.unwrap().unwrap();
    store.system().actor(tenant_id, id).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_county_has_the_programs_figures() {
    let db = TestDb::new(Backend::Sqlite).await.unwrap();
    let store = &db.store;
    let started = Instant::now();
    let seeded = demo::ensure(store, PASSWORD).await.unwrap().expect("a fresh database gets the demo");
    eprintln!("seeded in {:.2} s: {seeded}", started.elapsed().as_secs_f64());
    assert!(demo::ensure(store, PASSWORD).await.unwrap().is_none(), "only once");
    let tenant = store.tenant_by_code(demo::CODE).await.unwrap().unwrap();
    let conn = store.system().connection();
    let t = tenant.id;

    let fellows = fellow::Entity::find().filter(fellow::Column::TenantId.eq(t)).all(conn).await.unwrap();
    assert!(fellows.len() >= 3_000, "{}", fellows.len());
    assert_eq!(seeded.counts.fellows, fellows.len());

    let chambers = chamber::Entity::find().filter(chamber::Column::TenantId.eq(t)).all(conn).await.unwrap();
    let kind = |k: ChamberKind| chambers.iter().filter(|c| c.kind == k.code()).count();
    assert_eq!((kind(ChamberKind::Remote), kind(ChamberKind::Township)), (3, 9));
    for city in ["长沙", "深圳", "上海"] {
        assert!(chambers.iter().any(|c| c.kind == "remote" && c.city.starts_with(city)), "{city}");
    }
    assert_eq!(
        chamber_office::Entity::find().filter(chamber_office::Column::TenantId.eq(t)).count(conn).await.unwrap(),
        5
    );
    let members =
        chamber_member::Entity::find().filter(chamber_member::Column::TenantId.eq(t)).all(conn).await.unwrap();
    for c in &chambers {
        let of = |p: &str| members.iter().filter(|m| m.chamber_id == c.id && m.position == p).count();
        assert_eq!(of("president"), 1, "{}", c.name);
        assert!(of("vice_president") >= 2 && of("secretary_general") == 1 && of("member") >= 5, "{}", c.name);
    }

    let roles = fellow_role::Entity::find().filter(fellow_role::Column::TenantId.eq(t)).all(conn).await.unwrap();
    let live = |r: HeldRole| roles.iter().filter(|x| x.role == r.code() && x.end_date.is_none()).count();
    assert_eq!(live(HeldRole::IndustryAdvisor), 19);
    assert_eq!(live(HeldRole::PartyCongress) + live(HeldRole::PeoplesCongress) + live(HeldRole::Cppcc), 39);
    assert!(roles.iter().all(|r| r.start_date.is_some()));

    // Liaison duty at three levels, with gaps.
    let assignments =
        liaison_assignment::Entity::find().filter(liaison_assignment::Column::TenantId.eq(t)).all(conn).await.unwrap();
    let covered = |level: LiaisonLevel| {
        let with: HashSet<Uuid> = assignments.iter().filter(|a| a.level == level.code()).map(|a| a.fellow_id).collect();
        with.len() * 100 / fellows.len()
    };
    assert!((85..=94).contains(&covered(LiaisonLevel::Village)), "village {}", covered(LiaisonLevel::Village));
    assert!((75..=85).contains(&covered(LiaisonLevel::Township)), "township {}", covered(LiaisonLevel::Township));
    assert!((35..=45).contains(&covered(LiaisonLevel::County)), "county {}", covered(LiaisonLevel::County));
    let users: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::TenantId.eq(t))
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.username))
        .collect();
    // Generated cadres are named by the pinyin of their names (wangjianguo, wangjianguo2).
    let generated: Vec<&String> = users.values().filter(|u| !guichao::demo::USERS.iter().any(|r| r.0 == *u)).collect();
    assert!(generated.len() > 150, "a cadre per village and more");
    let pinyin = |u: &str| {
        let letters = u.trim_end_matches(|c: char| c.is_ascii_digit());
        letters.len() >= 2 && letters.chars().all(|c| c.is_ascii_lowercase()) && !u[letters.len()..].starts_with('1')
    };
    assert!(generated.iter().all(|u| pinyin(u)), "{:?}", generated.iter().filter(|u| !pinyin(u)).collect::<Vec<_>>());
    let of_user = |name: &str| assignments.iter().filter(|a| users[&a.cadre_id] == name).count();
    assert!((24..=120).contains(&of_user("xinqiang")), "xinqiang: {}", of_user("xinqiang"));
    assert!(of_user("village") >= 3, "village: {}", of_user("village"));

    // The demo users see what they should; a cadre finds their fellows by search.
    let xinqiang = actor(store, t, "xinqiang").await;
    let xinqiang_township = store.system().unit_ids_by_name(t, "新墙镇").await.unwrap()[0];
    let own = fellows.iter().filter(|f| f.township_id == Some(xinqiang_township)).count() as u64;
    assert_eq!(
        store.fellows(&xinqiang, Permission::FellowRead).unwrap().count(&FellowQuery::default()).await.unwrap(),
        own
    );
    let village = actor(store, t, "village").await;
    let mine = FellowQuery { cadre_id: Some(village.user_id()), ..FellowQuery::default() };
    assert!(store.fellows(&village, Permission::FellowRead).unwrap().count(&mine).await.unwrap() >= 3);
    let officer = actor(store, t, "county").await;
    assert_eq!(store.fellows(&officer, Permission::FellowRead).unwrap().search("zhang", 20).await.unwrap().len(), 20);

    contact_history(store, t, &assignments, &users).await;

    // Deliberate duplicates: shared phones, and name + birth year + township.
    let mut phones: HashMap<&str, usize> = HashMap::new();
    let mut people: HashMap<(String, Option<i32>, Option<Uuid>), usize> = HashMap::new();
    for f in &fellows {
        if let Some(p) = &f.phone_idx {
            *phones.entry(p).or_default() += 1;
        }
        let name = guichao_domain::search::normalize(&f.name);
        *people.entry((name, f.birth_year, f.township_id)).or_default() += 1;
    }
    assert!(phones.values().filter(|n| **n > 1).count() >= 5);
    assert!(people.values().filter(|n| **n > 1).count() >= 5);

    // `guichao demo` on the same county adds people, not a second set of chambers.
    let again = demo::seed(store, &tenant, 500).await.unwrap();
    assert_eq!(again.counts.fellows, 500);
    assert_eq!((again.chambers, again.cadres, again.counts.roles), (0, 0, 0));
    assert_eq!(chamber::Entity::find().filter(chamber::Column::TenantId.eq(t)).count(conn).await.unwrap(), 12);
    let total = fellow::Entity::find().filter(fellow::Column::TenantId.eq(t)).count(conn).await.unwrap();
    assert_eq!(total as usize, fellows.len() + 500);
    db.cleanup().await;
}

/// Two years of contact history: about 12,000 records of every kind, busier
/// before the festivals, forums in the three chamber cities; overdue fellows
/// in every township; diligent and lax township cadres; open follow-ups for
/// the demo users, some overdue and some due soon.
async fn contact_history(
    store: &Store,
    t: Uuid,
    assignments: &[liaison_assignment::Model],
    users: &HashMap<Uuid, String>,
) {
    let conn = store.system().connection();
    let today = guichao_domain::date::today();
    let records =
        contact_record::Entity::find().filter(contact_record::Column::TenantId.eq(t)).all(conn).await.unwrap();
    assert!((10_000..=16_000).contains(&records.len()), "{} records", records.len());
    let first = today - chrono::Days::new(729);
    assert!(records.iter().all(|r| (first..=today).contains(&r.contact_date)), "two years up to today");
    let of_kind = |k: ContactKind| records.iter().filter(|r| r.kind == k.code()).count();
    assert!(of_kind(ContactKind::WeChat) > records.len() / 3, "WeChat most: {}", of_kind(ContactKind::WeChat));
    assert!(of_kind(ContactKind::Call) > records.len() / 10, "calls: {}", of_kind(ContactKind::Call));
    for kind in ContactKind::ALL {
        assert!(of_kind(kind) > 0 || kind == ContactKind::Other, "{kind:?}");
    }
    for city in ["长沙", "深圳", "上海"] {
        let forums: Vec<_> = records
            .iter()
            .filter(|r| r.kind == "forum" && r.place.starts_with(city) && r.chamber_id.is_some())
            .collect();
        assert!(forums.len() >= 4, "{city}: {} forums", forums.len());
    }
    // The three weeks before a Spring Festival in the window are busier than the average.
    let festivals = [(2025, 1, 29), (2026, 2, 17), (2027, 2, 6), (2028, 1, 26), (2029, 2, 13), (2030, 2, 3)];
    let spring = festivals
        .iter()
        .map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(*y, *m, *d).unwrap())
        .find(|d| (first + chrono::Days::new(21)..=today).contains(d))
        .expect("two years hold a Spring Festival");
    let before = records.iter().filter(|r| (spring - chrono::Days::new(21)..spring).contains(&r.contact_date)).count()
        as f64
        / 21.0;
    let average = records.len() as f64 / 730.0;
    assert!(before > average * 1.3, "{before:.1} a day before {spring}, {average:.1} on average");

    let county = actor(store, t, "county").await;
    let contacts = store.contacts(&county, Permission::LiaisonRead).unwrap();
    let overdue =
        |township_id, cadre_id| OverdueQuery { township_id, cadre_id, level: None, as_of: today, offset: 0, limit: 1 };
    let township_ids: Vec<Uuid> = org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(t))
        .filter(org_unit::Column::Level.eq("township"))
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(township_ids.len(), 14);
    for township in &township_ids {
        let (_, n) = contacts.overdue(&overdue(Some(*township), None)).await.unwrap();
        assert!(n > 0, "township {township} has no overdue fellows");
    }
    let mut shares = Vec::new();
    let township_cadres: HashSet<Uuid> =
        assignments.iter().filter(|a| a.level == LiaisonLevel::Township.code()).map(|a| a.cadre_id).collect();
    for cadre in township_cadres {
        let theirs = assignments.iter().filter(|a| a.cadre_id == cadre).count() as u64;
        let (_, n) = contacts.overdue(&overdue(None, Some(cadre))).await.unwrap();
        shares.push(n * 100 / theirs);
    }
    shares.sort();
    assert!(shares[0] <= 25 && shares[shares.len() - 1] >= 75, "overdue shares of township cadres: {shares:?}");

    for name in ["xinqiang", "village"] {
        let user = actor(store, t, name).await;
        let counts = store.contacts(&user, Permission::LiaisonRead).unwrap().followup_counts(today).await.unwrap();
        assert!(counts.overdue >= 2 && counts.open >= counts.overdue + 2, "{name}: {counts:?}");
        assert!(users.values().any(|u| u == name));
    }
}
