//! The project officer's workbench in the store: tasks and problems seen
//! only through their project's scope and written only on a project the
//! writer may change; checklists applied once (items the project has are
//! skipped), due from the signing; the status derived from a dated trail;
//! overdue and flagged tasks and the workbench's lists; problems raised and
//! resolved; the templates edited only county-wide; documents kept with
//! their bytes. Everything audited.

use chrono::{Days, NaiveDate};
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_domain::agency::{ChecklistItem, NewStatus, ProblemDraft, TaskDraft, TaskStatus, week_of};
use guichao_domain::date::today;
use guichao_domain::projects::{FEN_PER_YI, NewStageEvent, ProjectDraft, ProjectKind, ProjectSource, Stage};
use guichao_store::audit::AuditQuery;
use guichao_store::testing::{County, TestDb, with_grant};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ago(days: u64) -> NaiveDate {
    today() - Days::new(days)
}

fn ahead(days: u64) -> NaiveDate {
    today() + Days::new(days)
}

fn draft(name: &str, unit: Uuid) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        company_id: None,
        kind: ProjectKind::Manufacturing,
        investment_fen: 3 * FEN_PER_YI,
        fixed_asset_fen: 2 * FEN_PER_YI,
        foreign_fen: 0,
        jobs_planned: 200,
        land_need_hundredths_mu: 3_000,
        factory_need_m2: 10_000,
        unit_id: unit,
        officer_id: None,
        team: vec![],
        source: ProjectSource::TaskForce,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    }
}

fn task(name: &str, due: NaiveDate, grace_days: i32) -> TaskDraft {
    TaskDraft { name: name.into(), due, owner_unit_id: None, owner_user_id: None, grace_days }
}

fn status(status: TaskStatus, on: NaiveDate, note: &str) -> NewStatus<'_> {
    NewStatus { status, on, note }
}

/// The field a refusal names, or a panic when it is not a field error.
fn field_of<T: std::fmt::Debug>(result: Result<T, StoreError>) -> &'static str {
    match result {
        Err(StoreError::Fields(errors)) => errors[0].field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

async fn audited(store: &Store, admin: &Actor, action: &str) -> usize {
    let q = AuditQuery { action: Some(action.into()), limit: 500, ..Default::default() };
    store.audit(&store.test_auditor(admin).await).unwrap().list(&q).await.unwrap().len()
}

struct Cast {
    admin: Actor,
    county: Actor,
    xinqiang: Actor,
    gangkou: Actor,
    officer: Actor,
    leader: Actor,
    /// 新墙镇's project, carried by the officer, signed 2023-06-01.
    car: Uuid,
    /// 筻口镇's project, with the officer on its team; a lead.
    food: Uuid,
    /// 筻口村's project the officer has nothing to do with.
    resort: Uuid,
}

async fn cast(store: &Store) -> (County, Cast) {
    let c = County::seed(store).await;
    let admin = c.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let county = c.user(store, "county", BuiltinRole::CountyStaff, "岳阳县").await;
    let xinqiang = c.user(store, "xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let gangkou = c.user(store, "gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let officer = c.user(store, "officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let leader = c.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let write = store.projects(&admin, Permission::ProjectWrite).unwrap();
    let car =
        ProjectDraft { officer_id: Some(officer.user_id()), ..draft("汽车内饰件项目", c.unit("新墙镇")) };
    let car = write.create(car).await.unwrap();
    let event = |stage, on| NewStageEvent { stage, on, note: String::new(), supersedes: None, reason: String::new() };
    write.add_event(car, event(Stage::Inspected, day(2023, 5, 20))).await.unwrap();
    write.add_event(car, event(Stage::Signed, day(2023, 6, 1))).await.unwrap();
    let food = ProjectDraft {
        team: vec![officer.user_id()],
        kind: ProjectKind::Agriculture,
        ..draft("预制菜加工项目", c.unit("筻口镇"))
    };
    let food = write.create(food).await.unwrap();
    let resort =
        write.create(ProjectDraft { kind: ProjectKind::Tourism, ..draft("乡村旅游项目", c.unit("筻口村")) });
    let resort = resort.await.unwrap();
    (c, Cast { admin, county, xinqiang, gangkou, officer, leader, car, food, resort })
}

store_test!(tasks_and_problems_are_seen_and_written_through_their_project, |db: TestDb| async move {
    let store = &db.store;
    let (c, k) = cast(store).await;
    let admin = store.agency(&k.admin, Permission::ProjectWrite).unwrap();
    let car_task = admin.add_task(k.car, task("环评批复", ahead(10), 5)).await.unwrap();
    let resort_task = admin.add_task(k.resort, task("规划许可", ahead(10), 5)).await.unwrap();
    let doc = admin.add_document(resort_task, "规划图.pdf", "application/pdf", b"%PDF-1.4".to_vec()).await.unwrap();
    let problem = ProblemDraft {
        raised_on: today(),
        text: "道路未通".into(),
        owner_unit_id: Some(c.unit("筻口镇")),
        owner_user_id: None,
        deadline: ahead(7),
    };
    admin.raise_problem(k.resort, problem.clone()).await.unwrap();

    // The officer reads the projects they carry, and nothing of the others.
    let officer = store.agency(&k.officer, Permission::ProjectRead).unwrap();
    let car = officer.project(k.car).await.unwrap();
    assert_eq!(car.tasks.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["环评批复"]);
    assert!(car.can_write);
    assert!(officer.project(k.food).await.is_ok(), "on the team");
    assert!(matches!(officer.project(k.resort).await, Err(StoreError::NotFound)));
    assert!(matches!(officer.document(doc).await, Err(StoreError::NotFound)));
    let write = store.agency(&k.officer, Permission::ProjectWrite).unwrap();
    assert!(matches!(write.add_task(k.resort, task("x", today(), 0)).await, Err(StoreError::NotFound)));
    assert!(matches!(
        write.set_status(resort_task, status(TaskStatus::Doing, today(), "")).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(write.raise_problem(k.resort, problem.clone()).await, Err(StoreError::NotFound)));
    write.set_status(car_task, status(TaskStatus::Doing, today(), "已递交")).await.unwrap();

    // Township staff read their township's projects (villages included) and write none.
    let gangkou = store.agency(&k.gangkou, Permission::ProjectRead).unwrap();
    let resort = gangkou.project(k.resort).await.unwrap();
    assert_eq!((resort.tasks.len(), resort.problems.len(), resort.can_write), (1, 1, false));
    assert_eq!(resort.problems[0].owner_unit, "筻口镇");
    assert_eq!(gangkou.document(doc).await.unwrap().bytes, b"%PDF-1.4");
    assert!(matches!(gangkou.project(k.car).await, Err(StoreError::NotFound)));
    assert!(matches!(store.agency(&k.gangkou, Permission::ProjectWrite), Err(StoreError::Forbidden)));
    let xinqiang = store.agency(&k.xinqiang, Permission::ProjectRead).unwrap();
    assert_eq!(xinqiang.project(k.car).await.unwrap().tasks[0].status, TaskStatus::Doing);

    // The leader reads everything and writes nothing; a read handle cannot write.
    let leader = store.agency(&k.leader, Permission::ProjectRead).unwrap();
    assert!(leader.project(k.car).await.is_ok() && leader.project(k.resort).await.is_ok());
    assert!(matches!(store.agency(&k.leader, Permission::ProjectWrite), Err(StoreError::Forbidden)));
    assert!(matches!(leader.add_task(k.car, task("x", today(), 0)).await, Err(StoreError::Forbidden)));

    // Seeing a project without the right to change it: Forbidden, not NotFound.
    let wide = with_grant(&k.officer, Permission::ProjectRead, DataScope::Tenant);
    let wide = store.agency(&wide, Permission::ProjectWrite).unwrap();
    assert!(matches!(wide.add_task(k.resort, task("x", today(), 0)).await, Err(StoreError::Forbidden)));
    assert!(matches!(
        wide.set_status(resort_task, status(TaskStatus::Done, today(), "")).await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        wide.set_status(Uuid::now_v7(), status(TaskStatus::Done, today(), "")).await,
        Err(StoreError::NotFound)
    ));

    // Names and owners are checked; nothing half-written.
    assert_eq!(field_of(admin.add_task(k.car, task("环评批复", today(), 0)).await), "name", "one name a project");
    let stranger = TaskDraft { owner_user_id: Some(Uuid::now_v7()), ..task("能评", today(), 0) };
    assert_eq!(field_of(admin.add_task(k.car, stranger).await), "owner_user_id");
    let elsewhere = TaskDraft { owner_unit_id: Some(c.unit("安定镇")), ..task("能评", today(), 0) };
    assert_eq!(field_of(admin.add_task(k.car, elsewhere).await), "owner_unit_id", "another county's unit");
    assert_eq!(field_of(admin.add_task(k.car, task(" ", today(), -1)).await), "name");
    assert_eq!(store.agency(&k.admin, Permission::ProjectRead).unwrap().project(k.car).await.unwrap().tasks.len(), 1);
    assert_eq!(audited(store, &k.admin, "agency.task").await, 2);
    assert_eq!(audited(store, &k.admin, "agency.task_status").await, 1);
    assert_eq!(audited(store, &k.admin, "agency.document").await, 1);
    assert_eq!(audited(store, &k.admin, "agency.problem").await, 1);
    let _ = k.county;
    db
});

store_test!(a_checklist_is_applied_once_and_counts_from_the_signing, |db: TestDb| async move {
    let store = &db.store;
    let (_c, k) = cast(store).await;
    let write = store.agency(&k.officer, Permission::ProjectWrite).unwrap();
    let read = store.agency(&k.officer, Permission::ProjectRead).unwrap();
    assert_eq!(read.project(k.car).await.unwrap().checklist_left.len(), 9);
    let applied = ago(3);
    let made = write.apply_checklist(k.car, applied).await.unwrap();
    assert_eq!(made.len(), 9);
    let car = read.project(k.car).await.unwrap();
    assert!(car.checklist_left.is_empty());
    let first = car.tasks.iter().find(|t| t.name == "立项备案").unwrap();
    assert_eq!((first.due, first.grace_days), (day(2023, 6, 16), 7), "15 days after the signing");
    assert_eq!(first.trail.len(), 1);
    assert_eq!((first.trail[0].status, first.trail[0].on), (TaskStatus::Todo, applied));
    assert_eq!(first.trail[0].recorded_by, "officer");
    assert!(first.overdue && first.flagged, "due in 2023 and not done");
    // Applied again: nothing new, refused as a conflict, nothing written.
    assert!(matches!(write.apply_checklist(k.car, today()).await, Err(StoreError::Conflict(_))));
    assert_eq!(read.project(k.car).await.unwrap().tasks.len(), 9);

    // A lead counts from the day applied; a task of the same name is skipped.
    write.add_task(k.food, task("环评", ahead(30), 0)).await.unwrap();
    let made = write.apply_checklist(k.food, today()).await.unwrap();
    assert_eq!(made.len(), 8, "环评 is there already");
    let food = read.project(k.food).await.unwrap();
    let licence = food.tasks.iter().find(|t| t.name == "营业执照").unwrap();
    assert_eq!(licence.due, ahead(30));
    assert_eq!(food.kind, ProjectKind::Agriculture);

    // A template the county edits applies from then on: only the new item.
    let county = store.agency(&k.county, Permission::ProjectWrite).unwrap();
    let mut items: Vec<ChecklistItem> =
        read.checklist(ProjectKind::Manufacturing).await.unwrap().items.iter().map(Into::into).collect();
    items.push(ChecklistItem { name: "排污许可".into(), owner_unit_id: None, days: 120, grace_days: 10 });
    county.set_checklist(ProjectKind::Manufacturing, items).await.unwrap();
    assert_eq!(read.project(k.car).await.unwrap().checklist_left, ["排污许可"]);
    assert_eq!(write.apply_checklist(k.car, today()).await.unwrap().len(), 1);
    assert_eq!(field_of(write.apply_checklist(k.food, ahead(1)).await), "on");
    assert_eq!(audited(store, &k.admin, "agency.task").await, 4);
    db
});

store_test!(the_status_is_the_latest_entry_of_its_trail, |db: TestDb| async move {
    let store = &db.store;
    let (_c, k) = cast(store).await;
    let write = store.agency(&k.officer, Permission::ProjectWrite).unwrap();
    let read = store.agency(&k.officer, Permission::ProjectRead).unwrap();
    let id = write.add_task(k.car, task("施工许可", ahead(20), 5)).await.unwrap();
    let status_of = || async { read.project(k.car).await.unwrap().tasks.into_iter().find(|t| t.id == id).unwrap() };
    assert_eq!(status_of().await.status, TaskStatus::Todo);
    write.set_status(id, status(TaskStatus::Doing, today(), "材料已递交住建局")).await.unwrap();
    write.set_status(id, status(TaskStatus::Waiting, today(), "缺消防设计图")).await.unwrap();
    assert_eq!(status_of().await.status, TaskStatus::Waiting, "the later entry of one day");
    // Refusals: the same status, a date before the last entry, the future.
    assert_eq!(field_of(write.set_status(id, status(TaskStatus::Waiting, today(), "")).await), "status");
    assert_eq!(field_of(write.set_status(id, status(TaskStatus::Done, ago(1), "")).await), "on");
    assert_eq!(field_of(write.set_status(id, status(TaskStatus::Done, ahead(1), "")).await), "on");
    write.set_status(id, status(TaskStatus::Done, today(), "")).await.unwrap();
    // Reopening a task done needs a note.
    assert_eq!(field_of(write.set_status(id, status(TaskStatus::Doing, today(), " ")).await), "note");
    write.set_status(id, status(TaskStatus::Doing, today(), "批复被退回重审")).await.unwrap();
    let t = status_of().await;
    assert_eq!(t.status, TaskStatus::Doing);
    let trail: Vec<(TaskStatus, &str)> = t.trail.iter().map(|e| (e.status, e.note.as_str())).collect();
    assert_eq!(
        trail,
        [
            (TaskStatus::Todo, ""),
            (TaskStatus::Doing, "材料已递交住建局"),
            (TaskStatus::Waiting, "缺消防设计图"),
            (TaskStatus::Done, ""),
            (TaskStatus::Doing, "批复被退回重审"),
        ]
    );
    assert_eq!(audited(store, &k.admin, "agency.task_status").await, 4);
    db
});

store_test!(overdue_and_flagged_tasks_fill_the_workbench, |db: TestDb| async move {
    let store = &db.store;
    let (c, k) = cast(store).await;
    let write = store.agency(&k.officer, Permission::ProjectWrite).unwrap();
    let (monday, sunday) = week_of(today());
    write.add_task(k.car, task("用地预审", ago(20), 10)).await.unwrap(); // flagged
    write.add_task(k.car, task("规划许可", ago(2), 10)).await.unwrap(); // overdue within grace
    let done = write.add_task(k.car, task("立项备案", ago(30), 0)).await.unwrap();
    write.set_status(done, status(TaskStatus::Done, today(), "")).await.unwrap();
    write.add_task(k.food, task("营业执照", sunday, 0)).await.unwrap(); // due this week
    write.add_task(k.food, task("水电气接入", sunday + Days::new(1), 0)).await.unwrap(); // next week
    let admin = store.agency(&k.admin, Permission::ProjectWrite).unwrap();
    admin.add_task(k.resort, task("环评", ago(40), 0)).await.unwrap(); // not the officer's
    let problem = |project_text: &str, raised: NaiveDate, deadline: NaiveDate| ProblemDraft {
        raised_on: raised,
        text: project_text.into(),
        owner_unit_id: Some(c.unit("新墙镇")),
        owner_user_id: None,
        deadline,
    };
    write.raise_problem(k.car, problem("厂房漏水", ago(10), ago(3))).await.unwrap();
    write.raise_problem(k.food, problem("用电增容", ago(1), ahead(10))).await.unwrap();

    let read = store.agency(&k.officer, Permission::ProjectRead).unwrap();
    let wb = read.workbench().await.unwrap();
    assert_eq!(wb.week, (monday, sunday));
    let names = |lines: &[guichao_store::agency::TaskLine]| lines.iter().map(|l| l.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&wb.overdue), ["用地预审", "规划许可"], "the longest overdue first; not the resort's");
    assert_eq!(wb.overdue.iter().map(|l| (l.days_overdue, l.flagged)).collect::<Vec<_>>(), [(20, true), (2, false)]);
    assert_eq!(wb.overdue[0].project, "汽车内饰件项目");
    let week: Vec<String> = names(&wb.due_this_week);
    assert!(week.contains(&"营业执照".to_string()) && !week.contains(&"水电气接入".to_string()));
    assert_eq!(wb.figure.overdue, 2);
    assert_eq!(wb.figure.flagged, 1);
    assert_eq!(wb.figure.due_this_week, week.len());
    assert_eq!(wb.mine.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["汽车内饰件项目", "预制菜加工项目"]);
    assert_eq!(wb.mine[0].stage, Stage::Signed);
    assert_eq!((wb.mine[0].overdue, wb.mine[0].open_problems), (2, 1));
    let open: Vec<(&str, bool)> = wb.open_problems.iter().map(|p| (p.text.as_str(), p.overdue)).collect();
    assert_eq!(open, [("厂房漏水", true), ("用电增容", false)], "by deadline");

    // The leader's figure covers the county; as of an earlier day, only what was known.
    let leader = store.agency(&k.leader, Permission::ProjectRead).unwrap();
    assert_eq!(leader.figure(today()).await.unwrap().flagged, 2, "the resort's task too");
    assert_eq!(leader.workbench().await.unwrap().mine.len(), 0, "a leader carries no project");
    let before = leader.figure(ago(1)).await.unwrap();
    assert_eq!(before.overdue, 0, "no task existed yesterday");
    // 筻口镇 sees its own projects' problems only.
    let gangkou = store.agency(&k.gangkou, Permission::ProjectRead).unwrap().workbench().await.unwrap();
    assert_eq!(gangkou.open_problems.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(), ["用电增容"]);
    assert_eq!(gangkou.overdue.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["环评"]);
    db
});

store_test!(problems_are_raised_and_resolved_once, |db: TestDb| async move {
    let store = &db.store;
    let (c, k) = cast(store).await;
    let write = store.agency(&k.officer, Permission::ProjectWrite).unwrap();
    let read = store.agency(&k.officer, Permission::ProjectRead).unwrap();
    let good = ProblemDraft {
        raised_on: ago(5),
        text: "  招工困难，需人社局对接  ".into(),
        owner_unit_id: None,
        owner_user_id: Some(k.officer.user_id()),
        deadline: ago(1),
    };
    let id = write.raise_problem(k.car, good.clone()).await.unwrap();
    let car = read.project(k.car).await.unwrap();
    let p = &car.problems[0];
    assert_eq!((p.text.as_str(), p.owner_user.as_str(), p.overdue), ("招工困难，需人社局对接", "officer", true));
    let ownerless = ProblemDraft { owner_user_id: None, ..good.clone() };
    assert_eq!(field_of(write.raise_problem(k.car, ownerless).await), "owner_unit_id");
    let backwards = ProblemDraft { deadline: ago(6), ..good.clone() };
    assert_eq!(field_of(write.raise_problem(k.car, backwards).await), "deadline");
    let elsewhere = ProblemDraft { owner_unit_id: Some(c.unit("安定镇")), ..good };
    assert_eq!(field_of(write.raise_problem(k.car, elsewhere).await), "owner_unit_id");

    assert_eq!(field_of(write.resolve_problem(id, " ", today()).await), "resolution");
    assert_eq!(field_of(write.resolve_problem(id, "已对接", ago(6)).await), "resolved_on");
    write.resolve_problem(id, "已对接人社局，招工会定于下周", today()).await.unwrap();
    assert_eq!(field_of(write.resolve_problem(id, "再次办结", today()).await), "resolution");
    let car = read.project(k.car).await.unwrap();
    let p = &car.problems[0];
    assert_eq!((p.resolved_on, p.overdue), (Some(today()), false));
    assert!(read.workbench().await.unwrap().open_problems.is_empty());
    let gangkou = with_grant(&k.gangkou, Permission::ProjectWrite, DataScope::UnitAndBelow);
    let gangkou = store.agency(&gangkou, Permission::ProjectWrite);
    assert!(matches!(gangkou.unwrap().resolve_problem(id, "x", today()).await, Err(StoreError::NotFound)));
    assert_eq!(audited(store, &k.admin, "agency.problem").await, 1);
    assert_eq!(audited(store, &k.admin, "agency.problem_resolve").await, 1);
    db
});

store_test!(checklist_templates_are_changed_only_county_wide, |db: TestDb| async move {
    let store = &db.store;
    let (c, k) = cast(store).await;
    let read = store.agency(&k.officer, Permission::ProjectRead).unwrap();
    let all = read.checklists().await.unwrap();
    assert_eq!(all.len(), ProjectKind::ALL.len());
    assert!(all.iter().all(|l| l.is_default && l.items.len() == 9));
    let items = vec![
        ChecklistItem {
            name: "立项备案".into(), owner_unit_id: Some(c.unit("岳阳县")), days: 10, grace_days: 3
        },
        ChecklistItem { name: "林地审批".into(), owner_unit_id: None, days: 45, grace_days: 10 },
    ];
    // Writers whose reach is not the whole county are refused, readers too.
    let officer = store.agency(&k.officer, Permission::ProjectWrite).unwrap();
    assert!(matches!(officer.set_checklist(ProjectKind::Tourism, items.clone()).await, Err(StoreError::Forbidden)));
    assert!(!officer.can_edit_checklists());
    assert!(matches!(read.set_checklist(ProjectKind::Tourism, items.clone()).await, Err(StoreError::Forbidden)));
    let county = store.agency(&k.county, Permission::ProjectWrite).unwrap();
    assert!(county.can_edit_checklists());
    county.set_checklist(ProjectKind::Tourism, items.clone()).await.unwrap();
    let tourism = read.checklist(ProjectKind::Tourism).await.unwrap();
    assert!(!tourism.is_default);
    let shown: Vec<(&str, &str, i32)> =
        tourism.items.iter().map(|i| (i.name.as_str(), i.owner_unit.as_str(), i.days)).collect();
    assert_eq!(shown, [("立项备案", "岳阳县", 10), ("林地审批", "", 45)]);
    assert!(read.checklist(ProjectKind::Manufacturing).await.unwrap().is_default, "other kinds keep the default");
    // Reordered as a whole; bad items refused by field; nothing half-written.
    county.set_checklist(ProjectKind::Tourism, items.iter().rev().cloned().collect()).await.unwrap();
    assert_eq!(read.checklist(ProjectKind::Tourism).await.unwrap().items[0].name, "林地审批");
    assert_eq!(field_of(county.set_checklist(ProjectKind::Tourism, vec![]).await), "items");
    let twice = vec![items[0].clone(), items[0].clone()];
    assert_eq!(field_of(county.set_checklist(ProjectKind::Tourism, twice).await), "name");
    let stranger = vec![ChecklistItem { owner_unit_id: Some(c.unit("安定镇")), ..items[1].clone() }];
    assert_eq!(field_of(county.set_checklist(ProjectKind::Tourism, stranger).await), "owner_unit_id");
    assert_eq!(read.checklist(ProjectKind::Tourism).await.unwrap().items.len(), 2);
    assert_eq!(audited(store, &k.admin, "agency.checklist").await, 2);
    // The resort (tourism) now gets the county's template.
    let admin = store.agency(&k.admin, Permission::ProjectWrite).unwrap();
    assert_eq!(admin.apply_checklist(k.resort, today()).await.unwrap().len(), 2);
    let _ = (k.xinqiang, k.leader);
    db
});

store_test!(documents_keep_their_bytes_up_to_ten_megabytes, |db: TestDb| async move {
    let store = &db.store;
    let (_c, k) = cast(store).await;
    let write = store.agency(&k.officer, Permission::ProjectWrite).unwrap();
    let id = write.add_task(k.car, task("消防验收", ahead(5), 0)).await.unwrap();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let doc = write.add_document(id, "C:\\fakepath\\验收意见.pdf", "Application/PDF", bytes.clone()).await.unwrap();
    let read = store.agency(&k.officer, Permission::ProjectRead).unwrap();
    let got = read.document(doc).await.unwrap();
    assert_eq!((got.name.as_str(), got.content_type.as_str(), got.task_id), ("验收意见.pdf", "application/pdf", id));
    assert_eq!(got.bytes, bytes, "every byte back, on both backends");
    let car = read.project(k.car).await.unwrap();
    let listed = &car.tasks[0].documents;
    assert_eq!((listed.len(), listed[0].size, listed[0].uploaded_by.as_str()), (1, 300_000, "officer"));
    let big = vec![0u8; 10 * 1024 * 1024 + 1];
    match write.add_document(id, "大文件.zip", "application/zip", big).await {
        Err(StoreError::Fields(e)) => assert_eq!(e[0].message.zh, "文件超过 10 MB，请压缩或拆分后再上传"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(field_of(write.add_document(id, "空.txt", "text/plain", vec![]).await), "file");
    assert!(matches!(read.document(Uuid::now_v7()).await, Err(StoreError::NotFound)));
    assert_eq!(audited(store, &k.admin, "agency.document").await, 1);
    db
});
