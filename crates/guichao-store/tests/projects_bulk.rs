//! Projects written in bulk by the system handle (the demo county,
//! benchmarks): companies, projects with team, history, credits and funds in
//! one transaction and one audit event; every row kept to the rules a user's
//! project keeps, and a bad row writing nothing at all.

use chrono::NaiveDate;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::ids::new_id;
use guichao_domain::projects::{
    FEN_PER_WAN, FEN_PER_YI, FundEvidence, Period, ProjectDraft, ProjectKind, ProjectRole, ProjectSource, Stage,
    StageEvent,
};
use guichao_store::audit::AuditQuery;
use guichao_store::entities::{company, project, project_stage_event, project_standing};
use guichao_store::fellows::CompanyDraft;
use guichao_store::projects::{BulkFunds, BulkProject, BulkProjectCompany, BulkProjectCounts};
use guichao_store::testing::{County, TestDb};
use guichao_store::{Store, StoreError, store_test};
use sea_orm::{EntityTrait, PaginatorTrait};
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ev(stage: Stage, on: NaiveDate) -> StageEvent {
    StageEvent { id: new_id(), stage, on, note: String::new(), supersedes: None, reason: String::new() }
}

fn draft(name: &str, unit: Uuid) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        company_id: None,
        kind: ProjectKind::Manufacturing,
        investment_fen: 2 * FEN_PER_YI,
        fixed_asset_fen: FEN_PER_YI,
        foreign_fen: 0,
        jobs_planned: 120,
        land_need_hundredths_mu: 3_000,
        factory_need_m2: 8_000,
        unit_id: unit,
        officer_id: None,
        team: vec![],
        source: ProjectSource::TaskForce,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    }
}

fn plain(id: Uuid, draft: ProjectDraft, events: Vec<StageEvent>) -> BulkProject {
    BulkProject { id, draft, events, fellows: vec![], funds: vec![] }
}

async fn rows(store: &Store) -> (u64, u64, u64) {
    let db = store.system().connection();
    (
        company::Entity::find().count(db).await.unwrap(),
        project::Entity::find().count(db).await.unwrap(),
        project_stage_event::Entity::find().count(db).await.unwrap(),
    )
}

store_test!(projects_are_written_whole_with_their_history, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let officer = county.user(store, "officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let fellow = county.fellow(store, &admin, county.fellow_form("李建国", "新墙镇", None)).await;
    let firm = BulkProjectCompany {
        id: new_id(),
        company: CompanyDraft {
            name: " 深圳市华湘汽车内饰有限公司 ".into(),
            credit_code: None,
            industry: "汽车零部件".into(),
            city: "深圳市".into(),
        },
    };
    let (lead, plant) = (new_id(), new_id());
    let wrong = ev(Stage::Registered, day(2022, 7, 1));
    let corrected = StageEvent {
        supersedes: Some(wrong.id),
        reason: "营业执照日期录错".into(),
        ..ev(Stage::Registered, day(2022, 7, 5))
    };
    let plant_row = BulkProject {
        id: plant,
        draft: ProjectDraft {
            company_id: Some(firm.id),
            officer_id: Some(officer.user_id()),
            team: vec![admin.user_id()],
            follows_lead_id: Some(lead),
            ..draft("汽车内饰件生产项目", county.unit("新墙镇"))
        },
        events: vec![
            ev(Stage::Inspected, day(2022, 6, 1)),
            ev(Stage::Signed, day(2022, 6, 10)),
            wrong,
            corrected,
            ev(Stage::Started, day(2022, 8, 1)),
        ],
        fellows: vec![(fellow, ProjectRole::Investor), (fellow, ProjectRole::Advisor)],
        funds: vec![
            BulkFunds {
                amount_fen: 5_000 * FEN_PER_WAN,
                on: day(2022, 7, 20),
                evidence: FundEvidence::CapitalVerification,
                note: String::new(),
            },
            BulkFunds {
                amount_fen: 3_000 * FEN_PER_WAN,
                on: day(2022, 9, 1),
                evidence: FundEvidence::BankReceipt,
                note: String::new(),
            },
        ],
    };
    let dropped = StageEvent { reason: "投资方转投他地".into(), ..ev(Stage::Dropped, day(2022, 5, 1)) };
    let lead_row = plain(
        lead,
        draft("汽车内饰件项目（首谈）", county.unit("岳阳县")),
        vec![ev(Stage::Lead, day(2022, 1, 5)), ev(Stage::Inspected, day(2022, 2, 1)), dropped],
    );
    // The project comes before the lead it follows: the writer orders them.
    let counts = store.system().insert_projects(county.tenant_id, &[firm], &[plant_row, lead_row]).await.unwrap();
    assert_eq!(counts, BulkProjectCounts { companies: 1, projects: 2, events: 8, credits: 2, funds: 2 });

    let read = store.projects(&admin, Permission::ProjectRead).unwrap();
    let p = read.get(plant).await.unwrap();
    assert_eq!(
        (p.company.as_str(), p.stage, p.follows_lead.as_deref()),
        ("深圳市华湘汽车内饰有限公司", Stage::Started, Some("汽车内饰件项目（首谈）"))
    );
    assert_eq!(p.events.iter().filter(|e| e.superseded).count(), 1, "the wrong date is kept, superseded");
    assert_eq!(p.funds_in_place_fen, 8_000 * FEN_PER_WAN);
    assert_eq!(read.get(lead).await.unwrap().stage, Stage::Dropped);
    let year = Period { from: day(2022, 1, 1), to: day(2022, 12, 31) };
    let m = read.metrics(year, day(2022, 12, 31), true).await.unwrap();
    assert_eq!((m.projects_signed, m.registered, m.started), (1, 1, 1));
    assert_eq!((m.inspection_to_signing_days.fastest, m.funds_in_place_rate), (Some(9), Some(0.4)));
    let mine = store.projects(&officer, Permission::ProjectRead).unwrap();
    assert_eq!(mine.metrics(year, day(2022, 12, 31), false).await.unwrap().projects_signed, 1, "the officer's own");

    let q = AuditQuery { action: Some("project.bulk_insert".into()), limit: 10, ..Default::default() };
    let audit = store.audit(&store.test_auditor(&admin).await).unwrap().list(&q).await.unwrap();
    assert_eq!(audit.len(), 1);

    // The kept standing is what the events say; written around the store,
    // it drifts, and a rebuild from the events mends it.
    let system = store.system();
    assert_eq!(system.project_standing_drift().await.unwrap(), Vec::<Uuid>::new());
    project_standing::Entity::delete_many().exec(system.connection()).await.unwrap();
    let mut drift = system.project_standing_drift().await.unwrap();
    drift.sort();
    let mut both = [lead, plant];
    both.sort();
    assert_eq!(drift, both);
    system.rebuild_project_standing().await.unwrap();
    assert_eq!(system.project_standing_drift().await.unwrap(), Vec::<Uuid>::new());
    assert_eq!(read.get(plant).await.unwrap().stage, Stage::Started);
    assert_eq!(read.metrics(year, day(2022, 12, 31), true).await.unwrap(), m, "the same figures");
    db
});

store_test!(a_bad_row_writes_nothing, |db: TestDb| async move {
    let store = &db.store;
    let county = County::seed(store).await;
    let stranger = county.user(store, "stranger", BuiltinRole::CountyStaff, "平江县").await;
    let unit = county.unit("新墙镇");
    let good = || plain(new_id(), draft("鞋材生产项目", unit), vec![ev(Stage::Inspected, day(2023, 3, 1))]);
    let backwards = plain(
        new_id(),
        draft("电子元件项目", unit),
        vec![ev(Stage::Inspected, day(2023, 5, 1)), ev(Stage::Signed, day(2023, 4, 1))],
    );
    let err = store.system().insert_projects(county.tenant_id, &[], &[good(), backwards]).await.unwrap_err();
    let StoreError::Invalid(m) = err else { panic!("{err:?}") };
    assert!(m.zh.starts_with("项目第2条：签约日期（2023-04-01）不能早于首次考察日期"), "{}", m.zh);

    let over = BulkProject {
        funds: vec![BulkFunds {
            amount_fen: 3 * FEN_PER_YI,
            on: day(2023, 6, 1),
            evidence: FundEvidence::Other,
            note: String::new(),
        }],
        ..good()
    };
    let err = store.system().insert_projects(county.tenant_id, &[], &[over]).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref m) if m.zh.contains("将超过协议投资额")), "{err:?}");

    let later = plain(new_id(), draft("预制菜项目", unit), vec![ev(Stage::Inspected, day(2999, 1, 1))]);
    assert!(store.system().insert_projects(county.tenant_id, &[], &[later]).await.is_err(), "not in the future");

    // Another county's officer is refused by the keys, after the first rows went in.
    let foreign =
        plain(new_id(), ProjectDraft { officer_id: Some(stranger.user_id()), ..draft("仓储项目", unit) }, vec![]);
    assert!(store.system().insert_projects(county.tenant_id, &[], &[good(), foreign]).await.is_err());
    assert_eq!(rows(store).await, (0, 0, 0), "nothing written");
    db
});
