//! Projects in the store: created with a team and an officer, their stage
//! derived from dated events (out-of-order dates refused unless explained,
//! corrections superseding), fellows credited by role, funds in place
//! within the agreed investment, figures computed from the records; all of
//! it seen through the project scope and audited.

use chrono::NaiveDate;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::projects::{
    CompanyRef, FEN_PER_YI, FundEvidence, NewStageEvent, Period, ProjectDraft, ProjectKind, ProjectRole, ProjectSource,
    Stage,
};
use guichao_store::audit::AuditQuery;
use guichao_store::projects::{ProjectQuery, ProjectSort};
use guichao_store::testing::{County, TestDb, remote_chamber};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn draft(name: &str, unit: Uuid) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        company_id: None,
        kind: ProjectKind::Manufacturing,
        investment_fen: 10 * FEN_PER_YI,
        fixed_asset_fen: 8 * FEN_PER_YI,
        foreign_fen: 0,
        jobs_planned: 300,
        land_need_hundredths_mu: 5_000,
        factory_need_m2: 20_000,
        unit_id: unit,
        officer_id: None,
        team: vec![],
        source: ProjectSource::TaskForce,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    }
}

fn event(stage: Stage, on: NaiveDate) -> NewStageEvent {
    NewStageEvent { stage, on, note: String::new(), supersedes: None, reason: String::new() }
}

/// The field a refusal names, or a panic when it is not a field error.
fn field_of<T: std::fmt::Debug>(result: Result<T, StoreError>) -> &'static str {
    match result {
        Err(StoreError::Fields(errors)) => errors[0].field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn audited(store: &Store, admin: &Actor, action: &str) -> usize {
    let q = AuditQuery { action: Some(action.into()), limit: 200, ..Default::default() };
    store.audit(&store.test_auditor(admin).await).unwrap().list(&q).await.unwrap().len()
}

async fn names(store: &Store, who: &Actor) -> (Vec<String>, u64) {
    let q = ProjectQuery { limit: 50, ..Default::default() };
    let (rows, total) = store.projects(who, Permission::ProjectRead).unwrap().list(&q).await.unwrap();
    (rows.into_iter().map(|r| r.name).collect(), total)
}

struct Cast {
    admin: Actor,
    xinqiang: Actor,
    gangkou: Actor,
    officer: Actor,
    leader: Actor,
    /// 新墙镇's project, carried by the officer.
    car: Uuid,
    /// 筻口镇's project, with the officer on its team.
    food: Uuid,
    /// 筻口镇's project the officer has nothing to do with.
    resort: Uuid,
}

async fn cast(store: &Store) -> (County, Cast) {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gangkou = county.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let officer = county.user(store, "officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let write = store.projects(&admin, Permission::ProjectWrite).unwrap();
    let car = ProjectDraft {
        officer_id: Some(officer.user_id()), ..draft("汽车内饰件项目", county.unit("新墙镇"))
    };
    let car = write.create(car).await.unwrap();
    let food = ProjectDraft {
        team: vec![officer.user_id(), gangkou.user_id()],
        kind: ProjectKind::Agriculture,
        ..draft("预制菜加工项目", county.unit("筻口镇"))
    };
    let food = write.create(food).await.unwrap();
    let resort = write
        .create(ProjectDraft { kind: ProjectKind::Tourism, ..draft("乡村旅游项目", county.unit("筻口村")) });
    let resort = resort.await.unwrap();
    (county, Cast { admin, xinqiang, gangkou, officer, leader, car, food, resort })
}

store_test!(projects_are_created_read_and_listed, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let chamber = store.chambers(&c.admin, Permission::ChamberWrite).unwrap();
    let sz = chamber.create(remote_chamber("深圳岳阳商会", "深圳")).await.unwrap();
    let write = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    let lead = ProjectDraft {
        name: " 电子元件扩产 ".into(),
        source: ProjectSource::Chamber,
        source_chamber_id: Some(sz),
        follows_lead_id: Some(c.car),
        team: vec![c.xinqiang.user_id()],
        ..draft("", county.unit("岳阳县"))
    };
    let id = write.create(lead).await.unwrap();

    let read = store.projects(&c.admin, Permission::ProjectRead).unwrap();
    let p = read.get(id).await.unwrap();
    assert_eq!((p.name.as_str(), p.unit.as_str(), p.source), ("电子元件扩产", "岳阳县", ProjectSource::Chamber));
    assert_eq!((p.source_chamber.as_str(), p.follows_lead.as_deref()), ("深圳岳阳商会", Some("汽车内饰件项目")));
    assert_eq!(p.team.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["xinqiang"]);
    assert_eq!((p.stage, p.events.len(), p.funds_in_place_fen, p.version), (Stage::Lead, 0, 0, 1));
    assert!(p.can_write);
    let car = read.get(c.car).await.unwrap();
    assert_eq!((car.officer.as_str(), car.investment_fen), ("officer", 10 * FEN_PER_YI));

    let (listed, total) = names(store, &c.admin).await;
    assert_eq!(total, 4);
    assert_eq!(listed, ["电子元件扩产", "汽车内饰件项目", "乡村旅游项目", "预制菜加工项目"], "pinyin order");
    let q = ProjectQuery { offset: 1, limit: 2, descending: true, ..Default::default() };
    let (page, total) = read.list(&q).await.unwrap();
    assert_eq!(total, 4, "the total of all pages");
    assert_eq!(page.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["乡村旅游项目", "汽车内饰件项目"]);
    assert_eq!(read.chamber_projects(sz).await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    assert!(matches!(read.chamber_projects(Uuid::now_v7()).await, Err(StoreError::NotFound)));

    // The draft's rules and the references are refused by field.
    let bad = ProjectDraft { fixed_asset_fen: 11 * FEN_PER_YI, ..draft("超额项目", county.unit("岳阳县")) };
    assert_eq!(field_of(write.create(bad).await), "fixed_asset_fen");
    let nameless = write.create(draft("  ", county.unit("岳阳县"))).await;
    assert_eq!(field_of(nameless), "name");
    let stranger = ProjectDraft { officer_id: Some(Uuid::now_v7()), ..draft("无名警官", county.unit("岳阳县")) };
    assert_eq!(field_of(write.create(stranger).await), "officer_id");
    let elsewhere = write.create(draft("外县项目", county.unit("安定镇"))).await;
    assert_eq!(field_of(elsewhere), "unit_id", "another county's unit is outside every scope");
    assert_eq!(names(store, &c.admin).await.1, 4, "refusals write nothing");
    assert_eq!(audited(store, &c.admin, "project.create").await, 4);
    db
});

store_test!(the_stage_comes_from_dated_events_and_corrections_supersede, |db: TestDb| async move {
    let store = &db.store;
    let (_county, c) = cast(store).await;
    let write = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    let read = store.projects(&c.admin, Permission::ProjectRead).unwrap();
    write.add_event(c.car, event(Stage::Inspected, day(2023, 4, 2))).await.unwrap();
    let signed = write.add_event(c.car, event(Stage::Signed, day(2023, 6, 1))).await.unwrap();
    assert_eq!(read.get(c.car).await.unwrap().stage, Stage::Signed);

    // Signing before the first inspection is refused, unless a reason says why.
    let early = write.add_event(c.food, event(Stage::Inspected, day(2023, 5, 1))).await;
    early.unwrap();
    let backwards = write.add_event(c.food, event(Stage::Signed, day(2023, 3, 1))).await;
    match backwards {
        Err(StoreError::Fields(errors)) => {
            assert_eq!(errors[0].field, "on");
            assert!(errors[0].message.zh.starts_with("签约日期（2023-03-01）不能早于首次考察日期"), "{:?}", errors);
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    let explained = NewStageEvent { reason: "先签框架协议".into(), ..event(Stage::Signed, day(2023, 3, 1)) };
    write.add_event(c.food, explained).await.unwrap();
    assert_eq!(read.get(c.food).await.unwrap().stage, Stage::Signed);
    let future = write.add_event(c.car, event(Stage::Started, day(9999, 1, 1))).await;
    assert_eq!(field_of(future), "on");

    // A correction supersedes the signing; history keeps both.
    let without_reason = NewStageEvent { supersedes: Some(signed), ..event(Stage::Signed, day(2023, 7, 15)) };
    assert_eq!(field_of(write.add_event(c.car, without_reason.clone()).await), "reason");
    let fix = NewStageEvent { reason: "合同日期录错".into(), ..without_reason };
    let fixed = write.add_event(c.car, fix.clone()).await.unwrap();
    let again = write.add_event(c.car, fix).await;
    assert_eq!(field_of(again), "supersedes", "a superseded event cannot be corrected twice");
    let p = read.get(c.car).await.unwrap();
    let history: Vec<(Uuid, bool)> = p.events.iter().map(|e| (e.id, e.superseded)).collect();
    assert_eq!(history.len(), 3);
    assert!(history.contains(&(signed, true)) && history.contains(&(fixed, false)));
    assert_eq!(p.events.iter().find(|e| e.id == fixed).unwrap().recorded_by_name, "admin");
    assert_eq!(p.stage, Stage::Signed);

    // The list filters and sorts by what the events say today.
    let signed_only =
        ProjectQuery { stage: Some(Stage::Signed), sort: ProjectSort::Signed, limit: 10, ..Default::default() };
    let (rows, total) = read.list(&signed_only).await.unwrap();
    assert_eq!(total, 2);
    let order: Vec<(Uuid, Option<NaiveDate>)> = rows.iter().map(|r| (r.id, r.signed_on)).collect();
    assert_eq!(order, [(c.food, Some(day(2023, 3, 1))), (c.car, Some(day(2023, 7, 15)))]);
    let by_signing = ProjectQuery { sort: ProjectSort::Signed, descending: true, limit: 10, ..Default::default() };
    let (rows, total) = read.list(&by_signing).await.unwrap();
    assert_eq!(total, 3);
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), [c.car, c.food, c.resort], "unsigned last");
    assert_eq!(rows[2].stage, Stage::Lead);
    let leads = ProjectQuery { stage: Some(Stage::Lead), limit: 10, ..Default::default() };
    assert_eq!(read.list(&leads).await.unwrap().1, 1);
    assert_eq!(audited(store, &c.admin, "project.event").await, 5);
    assert_eq!(store.system().project_standing_drift().await.unwrap(), Vec::<Uuid>::new(), "kept at every event");
    db
});

store_test!(each_user_sees_the_projects_of_their_scope, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let write = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    write.add_event(c.car, event(Stage::Signed, day(2023, 6, 1))).await.unwrap();
    write.add_event(c.food, event(Stage::Signed, day(2023, 7, 1))).await.unwrap();
    write.add_event(c.resort, event(Stage::Signed, day(2023, 8, 1))).await.unwrap();
    let year = Period { from: day(2023, 1, 1), to: day(2023, 12, 31) };
    let signed = |who: &Actor| {
        let who = who.clone();
        async move {
            let read = store.projects(&who, Permission::ProjectRead).unwrap();
            read.metrics(year, day(2023, 12, 31), false).await.unwrap().projects_signed
        }
    };

    // 筻口镇's staff: their township and its villages, not 新墙镇.
    let gk = store.projects(&c.gangkou, Permission::ProjectRead).unwrap();
    assert!(matches!(gk.get(c.car).await, Err(StoreError::NotFound)));
    assert_eq!(names(store, &c.gangkou).await, (vec!["乡村旅游项目".to_string(), "预制菜加工项目".to_string()], 2));
    assert_eq!(signed(&c.gangkou).await, 2);
    assert_eq!(names(store, &c.xinqiang).await.1, 1);
    assert_eq!(signed(&c.xinqiang).await, 1);
    assert_eq!((names(store, &c.leader).await.1, signed(&c.leader).await), (3, 3));
    assert_eq!(signed(&c.admin).await, 3);

    // The officer: the project they carry and the one they are on the team of.
    let officer = store.projects(&c.officer, Permission::ProjectRead).unwrap();
    assert_eq!(names(store, &c.officer).await.1, 2);
    assert!(officer.get(c.car).await.is_ok() && officer.get(c.food).await.is_ok());
    assert!(matches!(officer.get(c.resort).await, Err(StoreError::NotFound)));
    assert_eq!(signed(&c.officer).await, 2);
    let officer_w = store.projects(&c.officer, Permission::ProjectWrite).unwrap();
    officer_w.add_event(c.car, event(Stage::Registered, day(2023, 8, 1))).await.unwrap();
    let elsewhere = officer_w.add_event(c.resort, event(Stage::Started, day(2023, 9, 1))).await;
    assert!(matches!(elsewhere, Err(StoreError::NotFound)), "{elsewhere:?}");
    let own = officer_w.create(draft("警官自建项目", county.unit("岳阳县"))).await;
    assert_eq!(field_of(own), "unit_id", "an officer's grant covers no unit to make a project in");

    // A read handle cannot write; readers without project.write get no write handle.
    let read = store.projects(&c.admin, Permission::ProjectRead).unwrap();
    assert!(matches!(read.add_event(c.car, event(Stage::Started, day(2023, 9, 1))).await, Err(StoreError::Forbidden)));
    assert!(matches!(read.create(draft("只读", county.unit("岳阳县"))).await, Err(StoreError::Forbidden)));
    assert!(matches!(store.projects(&c.leader, Permission::ProjectWrite), Err(StoreError::Forbidden)));
    assert!(matches!(store.projects(&c.gangkou, Permission::ProjectWrite), Err(StoreError::Forbidden)));
    assert!(matches!(store.projects(&c.admin, Permission::FellowRead), Err(StoreError::Forbidden)));
    assert!(read.get(c.car).await.unwrap().can_write);
    assert!(!gk.get(c.food).await.unwrap().can_write);
    db
});

store_test!(fellows_are_credited_only_when_seen, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let xq = county.fellow(store, &c.admin, county.fellow_form("新墙乡友", "新墙镇", Some("新墙村"))).await;
    let gk = county.fellow(store, &c.admin, county.fellow_form("筻口乡友", "筻口镇", None)).await;
    let write = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    write.link_fellow(c.car, gk, ProjectRole::Investor).await.unwrap();
    write.link_fellow(c.car, xq, ProjectRole::Introducer).await.unwrap();
    write.link_fellow(c.car, xq, ProjectRole::Advisor).await.unwrap();
    let twice = write.link_fellow(c.car, xq, ProjectRole::Introducer).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "{twice:?}");

    // The officer carries the project but may not see these fellows.
    let officer = store.projects(&c.officer, Permission::ProjectWrite).unwrap();
    assert!(matches!(officer.link_fellow(c.car, gk, ProjectRole::Advisor).await, Err(StoreError::NotFound)));
    assert!(matches!(officer.unlink_fellow(c.car, gk, ProjectRole::Investor).await, Err(StoreError::NotFound)));

    // 新墙镇's staff see the project and their own fellow, not 筻口镇's.
    let xinqiang = store.projects(&c.xinqiang, Permission::ProjectRead).unwrap();
    let credited: Vec<(String, ProjectRole)> =
        xinqiang.get(c.car).await.unwrap().fellows.into_iter().map(|f| (f.name, f.role)).collect();
    let xq_name = "新墙乡友".to_string();
    assert_eq!(
        credited,
        [(xq_name.clone(), ProjectRole::Introducer), (xq_name, ProjectRole::Advisor)],
        "筻口镇's investor is not listed, named or not"
    );
    let mine = xinqiang.fellow_projects(xq).await.unwrap();
    let roles: Vec<(Uuid, ProjectRole)> = mine.iter().map(|p| (p.project.id, p.role)).collect();
    assert_eq!(roles, [(c.car, ProjectRole::Introducer), (c.car, ProjectRole::Advisor)]);
    assert!(matches!(xinqiang.fellow_projects(gk).await, Err(StoreError::NotFound)));
    let gangkou = store.projects(&c.gangkou, Permission::ProjectRead).unwrap();
    assert!(gangkou.fellow_projects(gk).await.unwrap().is_empty(), "the project is out of 筻口镇's sight");

    write.unlink_fellow(c.car, xq, ProjectRole::Advisor).await.unwrap();
    let gone = write.unlink_fellow(c.car, xq, ProjectRole::Advisor).await;
    assert!(matches!(gone, Err(StoreError::NotFound)));
    assert_eq!(write.fellow_projects(xq).await.map(|v| v.len()).ok(), None, "a write handle does not read");
    let read = store.projects(&c.admin, Permission::ProjectRead).unwrap();
    assert_eq!(read.fellow_projects(xq).await.unwrap().len(), 1);
    assert_eq!(audited(store, &c.admin, "project.fellow_link").await, 3);
    assert_eq!(audited(store, &c.admin, "project.fellow_unlink").await, 1);
    let history = store.fellows(&c.admin, Permission::FellowRead).unwrap().history(xq).await.unwrap();
    assert!(history.iter().any(|e| e.action == "project.fellow_link"), "the fellow's history shows the credit");
    db
});

store_test!(funds_in_place_stay_within_the_investment_unless_explained, |db: TestDb| async move {
    let store = &db.store;
    let (_county, c) = cast(store).await;
    let write = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    let verified = FundEvidence::CapitalVerification;
    write.add_funds(c.car, 6 * FEN_PER_YI, day(2023, 9, 1), verified, "").await.unwrap();
    let over = write.add_funds(c.car, 5 * FEN_PER_YI, day(2023, 10, 1), FundEvidence::BankReceipt, "").await;
    match over {
        Err(StoreError::Fields(errors)) => {
            assert_eq!(errors[0].field, "amount_fen");
            assert!(errors[0].message.zh.contains("将超过协议投资额（10亿元）"), "{errors:?}");
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    write.add_funds(c.car, 5 * FEN_PER_YI, day(2023, 10, 1), FundEvidence::BankReceipt, "增资扩股").await.unwrap();
    assert_eq!(field_of(write.add_funds(c.car, 0, day(2023, 10, 1), verified, "").await), "amount_fen");
    assert_eq!(field_of(write.add_funds(c.car, 1, day(9999, 1, 1), verified, "").await), "on");
    let read = store.projects(&c.admin, Permission::ProjectRead).unwrap();
    let p = read.get(c.car).await.unwrap();
    assert_eq!(p.funds_in_place_fen, 11 * FEN_PER_YI);
    assert_eq!(p.funds.iter().map(|f| f.evidence).collect::<Vec<_>>(), [verified, FundEvidence::BankReceipt]);
    assert_eq!(p.funds[1].note, "增资扩股");
    assert!(matches!(read.add_funds(c.car, 1, day(2023, 10, 1), verified, "").await, Err(StoreError::Forbidden)));
    assert_eq!(audited(store, &c.admin, "project.funds").await, 2);
    db
});

store_test!(figures_are_computed_from_the_records, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let write = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    let read = store.projects(&c.admin, Permission::ProjectRead).unwrap();
    let year = Period { from: day(2023, 1, 1), to: day(2023, 12, 31) };
    let end = day(2023, 12, 31);
    let empty = read.metrics(year, end, false).await.unwrap();
    assert_eq!((empty.projects_signed, empty.start_rate), (0, None), "no projects, no rates");

    write.add_event(c.car, event(Stage::Inspected, day(2023, 5, 25))).await.unwrap();
    write.add_event(c.car, event(Stage::Signed, day(2023, 6, 1))).await.unwrap();
    write.add_event(c.car, event(Stage::Started, day(2023, 9, 1))).await.unwrap();
    write.add_event(c.food, event(Stage::Signed, day(2023, 7, 1))).await.unwrap();
    write.add_event(c.resort, event(Stage::Signed, day(2022, 7, 1))).await.unwrap();
    write.add_funds(c.car, 4 * FEN_PER_YI, day(2023, 9, 1), FundEvidence::BankReceipt, "").await.unwrap();
    write.add_funds(c.car, FEN_PER_YI, day(2024, 1, 5), FundEvidence::BankReceipt, "").await.unwrap();
    let m = read.metrics(year, end, false).await.unwrap();
    assert_eq!((m.projects_signed, m.started, m.start_rate), (2, 1, Some(0.5)));
    assert_eq!((m.investment_fen, m.jobs_planned), (20 * FEN_PER_YI, 600));
    assert_eq!((m.funds_in_place_fen, m.funds_in_place_rate), (4 * FEN_PER_YI, Some(0.2)), "funds by the as-of date");
    assert_eq!(
        (m.inspection_to_signing_days.fastest, m.inspection_to_signing_days.fastest_project_id),
        (Some(7), Some(c.car))
    );

    // An event dated after the as-of date does not change the answer.
    write.add_event(c.food, event(Stage::Started, day(2024, 1, 10))).await.unwrap();
    assert_eq!(read.metrics(year, end, false).await.unwrap(), m);
    assert_eq!(read.metrics(year, day(2024, 1, 31), false).await.unwrap().start_rate, Some(1.0));

    // By or via fellows: an investor or an introducer counts, an advisor does not.
    let fellow = county.fellow(store, &c.admin, county.fellow_form("投资乡友", "新墙镇", None)).await;
    write.link_fellow(c.food, fellow, ProjectRole::Advisor).await.unwrap();
    assert_eq!(read.metrics(year, end, true).await.unwrap().projects_signed, 0);
    write.link_fellow(c.car, fellow, ProjectRole::Investor).await.unwrap();
    let via = read.metrics(year, end, true).await.unwrap();
    assert_eq!((via.projects_signed, via.start_rate), (1, Some(1.0)));
    let all = read.metrics(year, end, false).await.unwrap();
    assert_eq!((all.via_fellows, all.fellow_share), (1, Some(0.5)));

    // A township's figures leave out what it does not see.
    let gk = store.projects(&c.gangkou, Permission::ProjectRead).unwrap().metrics(year, end, false).await.unwrap();
    assert_eq!((gk.projects_signed, gk.start_rate), (1, Some(0.0)));
    let backwards = read.metrics(Period { from: end, to: day(2023, 1, 1) }, end, false).await;
    assert_eq!(field_of(backwards), "to");
    db
});

store_test!(a_project_is_edited_by_its_writers_and_names_its_company, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let write = store.projects(&c.admin, Permission::ProjectWrite).unwrap();

    // A company named on create is recorded once and found again by its code.
    let code = "91430621MA4L0000XG";
    let named = CompanyRef::parse("深圳湘岳电子科技有限公司", code, "深圳").unwrap();
    let first = write.create_with_company(draft("电子元件项目", county.unit("新墙镇")), named.clone()).await.unwrap();
    let renamed = CompanyRef::parse("湘岳电子", code, "").unwrap();
    let second = write.create_with_company(draft("电子二期项目", county.unit("新墙镇")), renamed).await.unwrap();
    let read = store.projects(&c.admin, Permission::ProjectRead).unwrap();
    let (a, b) = (read.get(first).await.unwrap(), read.get(second).await.unwrap());
    assert_eq!((a.company_id, a.company.as_str()), (b.company_id, "深圳湘岳电子科技有限公司"));
    // A refused project leaves no company behind.
    let refused = ProjectDraft { investment_fen: -1, ..draft("坏项目", county.unit("新墙镇")) };
    let other = CompanyRef::parse("不应留下的公司", "", "").unwrap();
    assert_eq!(field_of(write.create_with_company(refused, other).await), "investment_fen");
    let broken = ProjectDraft { officer_id: Some(Uuid::from_u128(9)), ..draft("坏项目", county.unit("新墙镇")) };
    let other = CompanyRef::parse("不应留下的公司", "", "").unwrap();
    assert_eq!(field_of(write.create_with_company(broken, other).await), "officer_id");
    let kept = store.system().connection();
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let orphans = guichao_store::entities::company::Entity::find()
        .filter(guichao_store::entities::company::Column::Name.eq("不应留下的公司"))
        .count(kept)
        .await
        .unwrap();
    assert_eq!(orphans, 0);

    // The officer edits the project they carry, keeping its unit outside their reach.
    let officer = store.projects(&c.officer, Permission::ProjectWrite).unwrap();
    let officer_reads = store.projects(&c.officer, Permission::ProjectRead).unwrap();
    let before = officer_reads.get(c.car).await.unwrap();
    let edited = ProjectDraft {
        investment_fen: 12 * FEN_PER_YI,
        officer_id: Some(c.officer.user_id()),
        team: vec![c.xinqiang.user_id()],
        ..draft("汽车内饰件项目（一期）", before.unit_id)
    };
    officer.update(c.car, edited.clone(), None, Some(before.version)).await.unwrap();
    let after = officer_reads.get(c.car).await.unwrap();
    assert_eq!(
        (after.name.as_str(), after.investment_fen, after.version),
        ("汽车内饰件项目（一期）", 12 * FEN_PER_YI, 2)
    );
    assert_eq!(after.team.iter().map(|m| m.user_id).collect::<Vec<_>>(), [c.xinqiang.user_id()]);
    // A save from the old version is a conflict; moving it to a unit outside their reach is refused.
    let stale = officer.update(c.car, edited.clone(), None, Some(before.version)).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
    let moved = ProjectDraft { unit_id: county.unit("筻口镇"), ..edited };
    assert_eq!(field_of(officer.update(c.car, moved, None, None).await), "unit_id");
    // A project they do not carry is not found; a reader may not edit.
    let resort = draft("乡村旅游项目", county.unit("筻口村"));
    assert!(matches!(officer.update(c.resort, resort.clone(), None, None).await, Err(StoreError::NotFound)));
    let leader = store.projects(&c.leader, Permission::ProjectWrite);
    assert!(matches!(leader.err(), Some(StoreError::Forbidden)));
    let xinqiang_read = store.projects(&c.xinqiang, Permission::ProjectRead).unwrap();
    assert!(matches!(xinqiang_read.update(c.car, resort, None, None).await, Err(StoreError::Forbidden)));
    assert_eq!(audited(store, &c.admin, "project.update").await, 1);
    db
});

store_test!(chamber_staff_see_the_projects_their_chamber_brought, |db: TestDb| async move {
    let store = &db.store;
    let (county, c) = cast(store).await;
    let liaison = county.user(store, "shenzhen", BuiltinRole::ChamberLiaison, "岳阳县").await;
    let chambers = store.chambers(&c.admin, Permission::ChamberWrite).unwrap();
    let sz = chambers.create(remote_chamber("深圳岳阳商会", "深圳")).await.unwrap();
    let sh = chambers.create(remote_chamber("上海岳阳商会", "上海")).await.unwrap();
    chambers.add_staff(sz, liaison.user_id()).await.unwrap();
    let write = store.projects(&c.admin, Permission::ProjectWrite).unwrap();
    let via = |name: &str, chamber| ProjectDraft {
        source: ProjectSource::Chamber,
        source_chamber_id: Some(chamber),
        ..draft(name, county.unit("筻口镇"))
    };
    let theirs = write.create(via("仓储物流项目", sz)).await.unwrap();
    write.create(via("工艺礼品项目", sh)).await.unwrap();
    assert_eq!(names(store, &liaison).await, (vec!["仓储物流项目".to_string()], 1));
    let read = store.projects(&liaison, Permission::ProjectRead).unwrap();
    assert!(!read.get(theirs).await.unwrap().can_write);
    assert!(matches!(read.get(c.food).await, Err(StoreError::NotFound)));
    // They read; they do not write.
    assert!(matches!(store.projects(&liaison, Permission::ProjectWrite).err(), Some(StoreError::Forbidden)));
    db
});
