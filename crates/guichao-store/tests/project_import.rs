//! A project ledger written through the projects handle: what the rows are
//! matched against (units marked in or out of the writer's scope, the fellows
//! and projects the writer sees), every accepted project with its stage
//! events, team, fellow credits and investor company in one transaction audited as
//! one import, companies reused by credit code, and refusals that leave
//! nothing half-written (a unit outside the scope, a fellow the writer may
//! not see, stage dates out of order, a read handle).

use chrono::NaiveDate;
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_domain::fellows::CreditCode;
use guichao_domain::projects::{
    FEN_PER_WAN, FEN_PER_YI, NewStageEvent, ProjectDraft, ProjectKind, ProjectRole, ProjectSource, Stage,
};
use guichao_store::audit::AuditQuery;
use guichao_store::entities::company;
use guichao_store::projects::{ImportedProject, LedgerCompany, ProjectQuery};
use guichao_store::testing::{County, TestDb, remote_chamber, with_grant};
use guichao_store::{Actor, Store, StoreError, store_test};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn event(stage: Stage, on: NaiveDate) -> NewStageEvent {
    NewStageEvent { stage, on, note: String::new(), supersedes: None, reason: String::new() }
}

/// A synthetic credit code with a valid check character.
fn code(n: u32) -> CreditCode {
    let body = format!("91430621MA4L{n:05}");
    CreditCode::parse(&format!("{body}{}", CreditCode::check_char(&body).unwrap())).unwrap()
}

fn row(n: u64, name: &str, unit: Uuid) -> ImportedProject {
    ImportedProject {
        row: n,
        draft: ProjectDraft {
            name: name.into(),
            company_id: None,
            kind: ProjectKind::Manufacturing,
            investment_fen: 35 * FEN_PER_YI / 10,
            fixed_asset_fen: 3 * FEN_PER_YI,
            foreign_fen: 0,
            jobs_planned: 200,
            land_need_hundredths_mu: 12_050,
            factory_need_m2: 20_000,
            unit_id: unit,
            officer_id: None,
            team: vec![],
            source: ProjectSource::TaskForce,
            source_chamber_id: None,
            follows_lead_id: None,
            notes: String::new(),
        },
        company: None,
        events: vec![],
        fellows: vec![],
    }
}

async fn total(store: &Store, who: &Actor) -> u64 {
    let q = ProjectQuery { limit: 1, ..Default::default() };
    store.projects(who, Permission::ProjectRead).unwrap().list(&q).await.unwrap().1
}

async fn companies(store: &Store) -> u64 {
    company::Entity::find().count(store.system().connection()).await.unwrap()
}

async fn imports(store: &Store, admin: &Actor) -> Vec<serde_json::Value> {
    let q = AuditQuery { action: Some("project.import".into()), limit: 50, ..Default::default() };
    let events = store.audit(&store.test_auditor(admin).await).unwrap().list(&q).await.unwrap();
    events.into_iter().map(|e| e.detail).collect()
}

/// The county with its admin, 新墙镇's clerk allowed to write projects there,
/// an officer, 张三 of 新墙镇 and 王五 of 筻口镇.
struct Cast {
    county: County,
    admin: Actor,
    clerk: Actor,
    officer: Actor,
    zhang: Uuid,
    wang: Uuid,
}

async fn cast(store: &Store) -> Cast {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let clerk = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let clerk = with_grant(&clerk, Permission::ProjectWrite, DataScope::UnitAndBelow);
    let officer = county.user(store, "officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let zhang = county.fellow(store, &admin, county.fellow_form("张三", "新墙镇", None)).await;
    let wang = county.fellow(store, &admin, county.fellow_form("王五", "筻口镇", None)).await;
    Cast { county, admin, clerk, officer, zhang, wang }
}

store_test!(the_directory_marks_what_the_importer_may_name, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let admin = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    admin.create(row(0, "乡村旅游项目", c.county.unit("筻口镇")).draft).await.unwrap();
    admin.create(row(0, "汽车内饰件项目", c.county.unit("新墙村")).draft).await.unwrap();

    let dir = store.projects(&c.clerk, Permission::ProjectWrite).unwrap().import_directory().await.unwrap();
    let scope: Vec<(&str, bool)> = dir.units.iter().map(|u| (u.name.as_str(), u.in_scope)).collect();
    for (name, in_scope) in [("岳阳县", false), ("新墙镇", true), ("新墙村", true), ("筻口镇", false)] {
        assert!(scope.contains(&(name, in_scope)), "{name}: {scope:?}");
    }
    assert!(!scope.iter().any(|(n, _)| *n == "安定镇"), "another county's units are not listed");
    let fellows: Vec<&str> = dir.fellows.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(fellows, ["张三"], "only the fellows the clerk may see");
    assert_eq!(dir.projects, ["汽车内饰件项目"], "only the projects the clerk sees");
    assert!(dir.users.iter().any(|u| u.username == "officer"));

    let all = admin.import_directory().await.unwrap();
    assert_eq!(all.fellows.len(), 2);
    assert!(all.units.iter().all(|u| u.in_scope));
    assert!(matches!(
        store.projects(&c.admin, Permission::ProjectRead).unwrap().import_directory().await,
        Err(StoreError::Forbidden)
    ));
    db
});

store_test!(a_ledger_is_written_in_one_audited_transaction, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let chambers = store.chambers(&c.admin, Permission::ChamberWrite).unwrap();
    let sz = chambers.create(remote_chamber("深圳岳阳商会", "深圳")).await.unwrap();
    let write = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    let (xinqiang, gangkou) = (c.county.unit("新墙镇"), c.county.unit("筻口镇"));

    let mut car = row(3, "汽车内饰件项目", xinqiang);
    car.draft.officer_id = Some(c.officer.user_id());
    car.draft.team = vec![c.clerk.user_id()];
    car.company = Some(LedgerCompany { name: "某某汽车部件有限公司".into(), credit_code: Some(code(1)) });
    car.events = vec![
        event(Stage::Inspected, day(2023, 4, 2)),
        event(Stage::Negotiating, day(2023, 4, 6)),
        event(Stage::Signed, day(2023, 4, 9)),
        event(Stage::Started, day(2023, 7, 1)),
    ];
    car.fellows = vec![(c.zhang, ProjectRole::Introducer), (c.wang, ProjectRole::Investor)];
    let mut food = row(4, "预制菜加工项目", gangkou);
    food.draft.source = ProjectSource::Chamber;
    food.draft.source_chamber_id = Some(sz);
    food.draft.investment_fen = 12_000 * FEN_PER_WAN;
    food.draft.fixed_asset_fen = 0;
    // The same company by its code under a shorter name, and one by name only.
    food.company = Some(LedgerCompany { name: "某某汽车部件".into(), credit_code: Some(code(1)) });
    food.events = vec![event(Stage::Inspected, day(2023, 5, 1))];
    let mut dropped = row(5, "电子元件项目", xinqiang);
    dropped.company = Some(LedgerCompany { name: "某某电子有限公司".into(), credit_code: None });
    dropped.events = vec![
        event(Stage::Inspected, day(2022, 3, 1)),
        NewStageEvent { reason: "投资方资金链断裂".into(), ..event(Stage::Dropped, day(2022, 9, 1)) },
    ];
    let source = json!({"file": "台账.xlsx", "sha256": "ab", "rows": 4, "rejected": 1, "existing": 0});

    let before = companies(store).await;
    let counts = write.import(vec![car, food, dropped], source).await.unwrap();
    assert_eq!((counts.projects, counts.events, counts.credits, counts.companies), (3, 7, 2, 2));
    assert_eq!(companies(store).await, before + 2, "the code's company is made once");

    let read = store.projects(&c.admin, Permission::ProjectRead).unwrap();
    let q = ProjectQuery { limit: 10, ..Default::default() };
    let (rows, _) = read.list(&q).await.unwrap();
    let stages: Vec<(&str, Stage)> = rows.iter().map(|r| (r.name.as_str(), r.stage)).collect();
    assert_eq!(
        stages,
        [("电子元件项目", Stage::Dropped), ("汽车内饰件项目", Stage::Started), ("预制菜加工项目", Stage::Inspected)]
    );
    let car = read.get(rows[1].id).await.unwrap();
    assert_eq!((car.company.as_str(), car.officer.as_str()), ("某某汽车部件有限公司", "officer"));
    assert_eq!((car.investment_fen, car.land_need_hundredths_mu), (35 * FEN_PER_YI / 10, 12_050));
    assert_eq!(car.team.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["xinqiang"]);
    assert_eq!(car.events.len(), 4);
    assert!(car.events.iter().all(|e| e.recorded_by == Some(c.admin.user_id())));
    let credits: Vec<(Uuid, ProjectRole)> = car.fellows.iter().map(|f| (f.fellow_id, f.role)).collect();
    assert!(
        credits.contains(&(c.zhang, ProjectRole::Introducer)) && credits.contains(&(c.wang, ProjectRole::Investor))
    );
    let food = read.get(rows[2].id).await.unwrap();
    assert_eq!(food.company_id, car.company_id, "reused by the credit code");
    assert_eq!(food.source_chamber.as_str(), "深圳岳阳商会");
    let dropped = read.get(rows[0].id).await.unwrap();
    assert_eq!(dropped.events.last().map(|e| e.reason.as_str()), Some("投资方资金链断裂"));
    assert_eq!(read.fellow_projects(c.zhang).await.unwrap().len(), 1, "the fellow's page lists it");

    let audit = imports(store, &c.admin).await;
    assert_eq!(audit.len(), 1, "one audit event for the whole import");
    assert_eq!((audit[0]["file"].as_str(), audit[0]["projects"].as_u64()), (Some("台账.xlsx"), Some(3)));
    assert_eq!(audit[0]["rejected"], 1);

    // Another import naming the company by name reuses it too.
    let mut again = row(2, "电子元件二期", xinqiang);
    again.company = Some(LedgerCompany { name: "某某电子有限公司".into(), credit_code: None });
    assert_eq!(write.import(vec![again], json!({})).await.unwrap().companies, 0);
    assert_eq!(write.import(vec![], json!({})).await.unwrap().projects, 0, "nothing to write is not an error");
    assert_eq!(
        store.system().project_standing_drift().await.unwrap(),
        Vec::<Uuid>::new(),
        "the kept standing is the events'"
    );
    db
});

store_test!(a_bad_row_leaves_nothing_written, |db: TestDb| async move {
    let store = &db.store;
    let c = cast(store).await;
    let (xinqiang, gangkou) = (c.county.unit("新墙镇"), c.county.unit("筻口镇"));
    let clerk = store.projects(&c.clerk, Permission::ProjectWrite).unwrap();
    let good = || {
        let mut r = row(3, "汽车内饰件项目", xinqiang);
        r.company = Some(LedgerCompany { name: "某某新公司".into(), credit_code: None });
        r.fellows = vec![(c.zhang, ProjectRole::Introducer)];
        r
    };
    let before = (total(store, &c.admin).await, companies(store).await, imports(store, &c.admin).await.len());
    let refused = |result: Result<_, StoreError>| match result {
        Err(StoreError::Fields(errors)) => errors[0].field,
        Err(StoreError::Invalid(m)) => panic!("invalid: {}", m.zh),
        other => panic!("expected a refusal, got {other:?}"),
    };

    // A unit outside the clerk's township.
    let outside = row(4, "旅游项目", gangkou);
    assert_eq!(refused(clerk.import(vec![good(), outside], json!({})).await), "unit_id");
    // A fellow of 筻口镇, whom the clerk may not see.
    let mut unseen = good();
    unseen.fellows.push((c.wang, ProjectRole::Investor));
    assert_eq!(refused(clerk.import(vec![unseen], json!({})).await), "fellows");
    // An officer who is not a user of the county.
    let mut stranger = good();
    stranger.draft.officer_id = Some(Uuid::now_v7());
    assert_eq!(refused(clerk.import(vec![stranger], json!({})).await), "officer_id");
    let mut outsider = good();
    outsider.draft.team = vec![Uuid::now_v7()];
    assert_eq!(refused(clerk.import(vec![outsider], json!({})).await), "officer_id", "a team member too");
    // A signing before the first inspection, named by row and date.
    let mut backwards = row(7, "倒序项目", xinqiang);
    backwards.events = vec![event(Stage::Inspected, day(2023, 4, 2)), event(Stage::Signed, day(2023, 3, 1))];
    match clerk.import(vec![good(), backwards], json!({})).await {
        Err(StoreError::Invalid(m)) => {
            assert!(m.zh.starts_with("第7行签约日期：签约日期（2023-03-01）不能早于"), "{}", m.zh)
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A negative amount, by the project form's rule.
    let mut negative = good();
    negative.draft.investment_fen = -1;
    match clerk.import(vec![negative], json!({})).await {
        Err(StoreError::Invalid(m)) => assert!(m.zh.starts_with("第3行："), "{}", m.zh),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let after = (total(store, &c.admin).await, companies(store).await, imports(store, &c.admin).await.len());
    assert_eq!(after, before, "no project, company or audit event from a refused import");

    // A read handle cannot import; the good row alone goes in.
    let read = store.projects(&c.clerk, Permission::ProjectRead).unwrap();
    assert!(matches!(read.import(vec![good()], json!({})).await, Err(StoreError::Forbidden)));
    assert_eq!(clerk.import(vec![good()], json!({})).await.unwrap().projects, 1);
    assert_eq!(total(store, &c.clerk).await, 1);
    db
});
