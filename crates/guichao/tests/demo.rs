//! The demo county's records, seeded on a fresh SQLite store: the figures of
//! PROGRAM.md (3,000+ fellows, 3 remote and 9 township chambers, 5 liaison
//! offices, 19 advisors, 39 deputies), liaison duty with gaps, two years of
//! contact history with overdue fellows and follow-ups, the demo users'
//! assignments, duplicates to review, the investment projects whose records
//! give the reported project figures, and a second seeding that adds people
//! only. SQLite only: the bulk writers themselves are tested on both backends.

use guichao::demo;
use guichao_domain::access::Permission;
use guichao_domain::chambers::ChamberKind;
use guichao_domain::fellows::HeldRole;
use guichao_domain::liaison::ContactKind;
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::contacts::OverdueQuery;
use guichao_store::entities::{
    chamber, chamber_member, chamber_office, contact_record, fellow, fellow_role, liaison_assignment, org_unit,
    project, user,
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
    investment_projects(store, t, seeded.projects).await;

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

    // Greeting SMS: most of two townships' fellows delivered, a few failed,
    // one without an answer, and opt-outs by phone and by reply.
    let admin = actor(store, t, "county").await;
    let sms = store.sms(&admin, Permission::SmsRead).unwrap();
    assert_eq!(sms.templates().await.unwrap().len(), 3);
    let counts: HashMap<&str, u64> =
        sms.status_counts(&Default::default()).await.unwrap().into_iter().map(|c| (c.status.code(), c.count)).collect();
    let all: u64 = counts.values().sum();
    assert!(all >= 300, "{counts:?}");
    assert!(counts["delivered"] * 100 / all >= 85, "most delivered: {counts:?}");
    assert!(counts["failed"] >= 3, "{counts:?}");
    assert_eq!((counts["sending"], counts["queued"]), (1, 0), "{counts:?}");
    assert_eq!(sms.opt_out_count().await.unwrap(), 8);

    // Ten policy documents in the county's numbering, each with beneficiaries
    // among the demo's projects and fellows, shown on those fellows' pages.
    let policies = store.policies(&admin, Permission::PolicyRead).unwrap();
    let (rows, n) = policies.list(&Default::default(), 0, 50).await.unwrap();
    assert_eq!(n as usize, demo::policies::POLICIES.len());
    assert!(rows.iter().all(|p| p.number.starts_with("岳县") && p.number.contains('〔')), "{rows:?}");
    let mut fellow_rows = 0;
    let mut money = 0;
    for p in &rows {
        let (benefited, totals) = policies.beneficiaries(p.id).await.unwrap();
        assert!(!benefited.is_empty(), "{}", p.number);
        money += totals.amount_fen;
        for b in benefited.iter().filter(|b| b.kind == guichao_domain::policies::BeneficiaryKind::Fellow) {
            fellow_rows += 1;
            assert!(policies.of_fellow(b.target_id).await.unwrap().iter().any(|f| f.policy_id == p.id));
        }
    }
    assert!(fellow_rows >= 20, "{fellow_rows} fellows benefited");
    assert!(money > 0);

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

fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The id of the demo project named `name`.
async fn project_named(store: &Store, t: Uuid, name: &str) -> project::Model {
    let find = project::Entity::find().filter(project::Column::TenantId.eq(t)).filter(project::Column::Name.eq(name));
    find.one(store.system().connection()).await.unwrap().unwrap_or_else(|| panic!("no project {name}"))
}

/// The investment projects of 2021-2024: the program's reported figures,
/// computed by the store from the records alone as the county's task force
/// reads them; a project added changes them, an event dated after the as-of
/// day does not; a project officer sees their own projects only.
async fn investment_projects(store: &Store, t: Uuid, seeded: usize) {
    use guichao::demo::projects::{
        AUTO_INTERIOR, EQUIPMENT_PLANT, FASTEST_INSPECTION_TO_SIGNING_DAYS, FELLOW_PROJECTS_2022_23,
        FELLOW_STARTED_BY_END_2023, PARK_2023_FEN, PARK_2023_PROJECTS, ledger,
    };
    use guichao_domain::projects::{
        FEN_PER_YI, NewStageEvent, Period, ProjectDraft, ProjectKind, ProjectRole, ProjectSource, Stage, format_amount,
    };
    let conn = store.system().connection();
    let all = project::Entity::find().filter(project::Column::TenantId.eq(t)).all(conn).await.unwrap();
    assert_eq!(all.len(), seeded);
    let county = actor(store, t, "county").await;
    let read = store.projects(&county, Permission::ProjectRead).unwrap();
    let end_2023 = day(2023, 12, 31);
    let years = Period { from: day(2022, 1, 1), to: end_2023 };
    let m = read.metrics(years, end_2023, true).await.unwrap();
    eprintln!(
        "2022-2023 by or via fellows, as of {end_2023}: {} projects, {}, started {} ({:.1}%), registered {}, \
         in production {}, funds in place {:.1}%, fastest inspection to signing {:?} days",
        m.projects_signed,
        format_amount(m.investment_fen),
        m.started,
        m.start_rate.unwrap() * 100.0,
        m.registered,
        m.in_production,
        m.funds_in_place_rate.unwrap() * 100.0,
        m.inspection_to_signing_days.fastest,
    );
    assert_eq!(m.projects_signed as usize, FELLOW_PROJECTS_2022_23);
    assert!((m.investment_fen - 110 * FEN_PER_YI).abs() <= FEN_PER_YI / 2, "{}", format_amount(m.investment_fen));
    assert_eq!(m.started as usize, FELLOW_STARTED_BY_END_2023);
    assert_eq!(format!("{:.0}%", m.start_rate.unwrap() * 100.0), "87%");
    assert!(m.registered >= m.started && m.in_production < m.started, "{m:?}");
    assert!((0.4..=0.7).contains(&m.funds_in_place_rate.unwrap()));
    let auto = project_named(store, t, AUTO_INTERIOR).await;
    let fastest = m.inspection_to_signing_days;
    assert_eq!(
        (fastest.fastest, fastest.fastest_project_id),
        (Some(FASTEST_INSPECTION_TO_SIGNING_DAYS), Some(auto.id))
    );
    let ever = read.metrics(Period { from: day(2000, 1, 1), to: day(2024, 12, 31) }, day(2024, 12, 31), false);
    assert_eq!(ever.await.unwrap().inspection_to_signing_days.fastest_project_id, Some(auto.id), "the fastest of all");

    let of_2023 = read.metrics(Period { from: day(2023, 1, 1), to: end_2023 }, end_2023, false).await.unwrap();
    eprintln!("2023: {} of {} signed projects by or via fellows", of_2023.via_fellows, of_2023.projects_signed);
    assert!(of_2023.fellow_share.unwrap() > 0.8);

    let plant = project_named(store, t, EQUIPMENT_PLANT).await;
    assert_eq!(format_amount(plant.investment_fen), "10.6亿元");
    let events = read.get(plant.id).await.unwrap().events;
    let on = |stage: Stage| events.iter().find(|e| e.stage == stage && !e.superseded).unwrap().on;
    let year = (on(Stage::InProduction) - on(Stage::Signed)).num_days();
    eprintln!(
        "the equipment plant: signed {}, in production {} ({year} days)",
        on(Stage::Signed),
        on(Stage::InProduction)
    );
    assert!((350..=380).contains(&year));

    let ledger = ledger();
    let park: Vec<&str> = ledger.plans.iter().filter(|p| p.park_2023).map(|p| p.name.as_str()).collect();
    assert_eq!(park.len(), PARK_2023_PROJECTS);
    let mut park_fen = 0;
    for name in park {
        park_fen += project_named(store, t, name).await.investment_fen;
    }
    assert_eq!((park_fen, format_amount(park_fen)), (PARK_2023_FEN, "18.9亿元".to_string()));
    // The park's own records give the same: five fellow projects in 2023,
    // 18.9亿元; 1,000+ 亩 kept in reserve and 49,000 m² of standard units.
    let park = store.park(&county, Permission::ProjectRead).unwrap();
    let taken = park.allocations_in(Period { from: day(2023, 1, 1), to: end_2023 }, end_2023, true).await.unwrap();
    assert_eq!((taken.projects, taken.investment_fen), (5, PARK_2023_FEN));
    let figures = park.figures(end_2023).await.unwrap();
    assert!(figures.reserve_hundredths_mu >= 100_000, "reserve {}", figures.reserve_hundredths_mu);
    assert_eq!(figures.space_m2, 49_000);

    // An officer sees the projects they carry, and no other.
    let officer = actor(store, t, "officer").await;
    let mine: HashSet<Uuid> = all.iter().filter(|p| p.officer_id == Some(officer.user_id())).map(|p| p.id).collect();
    assert!(mine.len() >= 20, "the demo officer carries many: {}", mine.len());
    let theirs = store.projects(&officer, Permission::ProjectRead).unwrap();
    let q = guichao_store::projects::ProjectQuery { limit: 200, ..Default::default() };
    let (rows, total) = theirs.list(&q).await.unwrap();
    assert_eq!((rows.iter().map(|r| r.id).collect::<HashSet<_>>(), total as usize), (mine.clone(), mine.len()));
    let other = all.iter().find(|p| p.officer_id.is_some() && !mine.contains(&p.id)).unwrap();
    assert!(matches!(theirs.get(other.id).await, Err(guichao_store::StoreError::NotFound)));
    let officers: HashSet<Uuid> = all.iter().filter_map(|p| p.officer_id).collect();
    assert!((4..=6).contains(&officers.len()), "{} officers", officers.len());

    // One more fellow project signed in 2023 is counted; what happens after
    // the as-of day is not.
    let end_2024 = day(2024, 12, 31);
    let later = read.metrics(years, end_2024, true).await.unwrap();
    let write = store.projects(&county, Permission::ProjectWrite).unwrap();
    let draft = ProjectDraft {
        name: "乡友回乡创业示范项目".into(),
        company_id: None,
        kind: ProjectKind::Manufacturing,
        investment_fen: FEN_PER_YI,
        fixed_asset_fen: 0,
        foreign_fen: 0,
        jobs_planned: 80,
        land_need_hundredths_mu: 0,
        factory_need_m2: 3_000,
        unit_id: auto.unit_id,
        officer_id: None,
        team: vec![],
        source: ProjectSource::Event,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    };
    let added = write.create(draft).await.unwrap();
    let fellow = any_fellow(store, t).await;
    write.link_fellow(added, fellow, ProjectRole::Introducer).await.unwrap();
    let event = |stage, on| NewStageEvent { stage, on, note: String::new(), supersedes: None, reason: String::new() };
    write.add_event(added, event(Stage::Inspected, day(2023, 5, 10))).await.unwrap();
    write.add_event(added, event(Stage::Signed, day(2023, 6, 1))).await.unwrap();
    let more = read.metrics(years, end_2023, true).await.unwrap();
    assert_eq!((more.projects_signed, more.investment_fen), (m.projects_signed + 1, m.investment_fen + FEN_PER_YI));
    write.add_event(added, event(Stage::Started, day(2024, 3, 1))).await.unwrap();
    write
        .add_funds(added, FEN_PER_YI / 4, day(2024, 4, 1), guichao_domain::projects::FundEvidence::BankReceipt, "")
        .await
        .unwrap();
    assert_eq!(read.metrics(years, end_2023, true).await.unwrap(), more, "nothing dated after the as-of day counts");
    let after = read.metrics(years, end_2024, true).await.unwrap();
    assert_eq!(
        (after.started, after.funds_in_place_fen),
        (later.started + 1, later.funds_in_place_fen + FEN_PER_YI / 4)
    );
}

/// A fellow of the county on file, to credit.
async fn any_fellow(store: &Store, t: Uuid) -> Uuid {
    let find = fellow::Entity::find()
        .filter(fellow::Column::TenantId.eq(t))
        .filter(fellow::Column::MergedInto.is_null())
        .filter(fellow::Column::ArchivedAt.is_null());
    find.one(store.system().connection()).await.unwrap().unwrap().id
}
