//! The project officer's workbench through HTTP: the officer sees their
//! projects' tasks and no others (404), a leader reads everything and
//! changes nothing, township staff read their township's; the project
//! page's forms record tasks, statuses, documents and problems, and show a
//! refusal under its field; the checklist templates are edited only by a
//! county-wide writer; the JSON API; the projects card's links.

mod common;

use axum::http::StatusCode;
use chrono::{Days, NaiveDate};
use common::{Session, TestApp};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::agency::{TaskDraft, week_of};
use guichao_domain::date::today;
use guichao_domain::projects::{FEN_PER_YI, NewStageEvent, ProjectDraft, ProjectKind, ProjectSource, Stage};
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use guichao_store::{Actor, Store};
use serde_json::json;
use uuid::Uuid;

fn ago(days: u64) -> NaiveDate {
    today() - Days::new(days)
}

fn draft(name: &str, unit: Uuid, officer: Option<Uuid>, kind: ProjectKind) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        company_id: None,
        kind,
        investment_fen: 2 * FEN_PER_YI,
        fixed_asset_fen: FEN_PER_YI,
        foreign_fen: 0,
        jobs_planned: 80,
        land_need_hundredths_mu: 2_000,
        factory_need_m2: 6_000,
        unit_id: unit,
        officer_id: officer,
        team: vec![],
        source: ProjectSource::TaskForce,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    }
}

/// The cast and their records.
struct World {
    county: Actor,
    officer: Actor,
    /// 新墙镇's project, the officer's, signed 2023-06-01, its checklist
    /// applied (every task overdue since 2023).
    car: Uuid,
    /// 筻口村's project, with one task (overdue by 3 days) and a document.
    resort: Uuid,
    resort_task: Uuid,
    doc: Uuid,
}

/// The county's staff, an officer, a leader and 筻口镇's staff, and [`World`]'s records.
async fn world(app: &TestApp) -> World {
    let store = &app.store;
    let county = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    let officer = app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let write = store.projects(&county, Permission::ProjectWrite).unwrap();
    let car = draft("汽车内饰件项目", app.county.unit("新墙镇"), Some(officer.user_id()), ProjectKind::Manufacturing);
    let car = write.create(car).await.unwrap();
    let signed = NewStageEvent {
        stage: Stage::Signed,
        on: NaiveDate::from_ymd_opt(2023, 6, 1).unwrap(),
        note: String::new(),
        supersedes: None,
        reason: String::new(),
    };
    write.add_event(car, signed).await.unwrap();
    let resort =
        write.create(draft("乡村旅游项目", app.county.unit("筻口村"), None, ProjectKind::Tourism)).await.unwrap();
    let agency = store.agency(&county, Permission::ProjectWrite).unwrap();
    agency.apply_checklist(car, today()).await.unwrap();
    let task =
        TaskDraft { name: "林地审批".into(), due: ago(3), owner_unit_id: None, owner_user_id: None, grace_days: 0 };
    let resort_task = agency.add_task(resort, task).await.unwrap();
    let doc = agency.add_document(resort_task, "林地图.pdf", "application/pdf", b"%PDF".to_vec()).await.unwrap();
    World { county, officer, car, resort, resort_task, doc }
}

async fn task_id(store: &Store, who: &Actor, project: Uuid, name: &str) -> Uuid {
    let tasks = store.agency(who, Permission::ProjectRead).unwrap().project(project).await.unwrap().tasks;
    tasks.into_iter().find(|t| t.name == name).unwrap().id
}

/// Posts a form and follows the redirect to the project's page.
async fn post_ok(me: &Session<'_>, path: &str, form: &[(&str, &str)]) -> common::TestResponse {
    me.post_and_follow(path, form).await
}

store_test!(each_role_sees_the_tasks_of_the_projects_it_may_see, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let World { car, resort, resort_task, doc, .. } = world(&app).await;

    // The officer: their project with its nine checklist tasks and the forms.
    let officer = app.login("officer").await;
    let page = officer.get(&format!("/projects/{car}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts("#tasks li.task .task-name").len(), 9);
    assert_eq!(page.texts("#tasks li.task.flagged").len(), 9, "due in 2023, every one flagged");
    assert_eq!(page.attrs("#tasks form.status-form", "action").len(), 9);
    assert!(page.attr("details.add-task form", "action").is_some());
    assert!(page.attr("form.checklist-form", "action").is_none(), "the whole checklist is there");
    // ...and nothing of the resort: page, task forms, document, API.
    assert_eq!(officer.get(&format!("/projects/{resort}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(officer.get(&format!("/projects/documents/{doc}")).await.status, StatusCode::NOT_FOUND);
    let form = [("status", "doing"), ("on", "2026-01-01"), ("note", "")];
    let status = officer.post_form(&format!("/projects/tasks/{resort_task}/status"), &form).await.status;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let api = officer.api_get(&format!("/api/v1/projects/{resort}/tasks")).await;
    assert_eq!((api.status, api.error_code()), (StatusCode::NOT_FOUND, "not_found".to_string()));
    let api = officer.api_post_json(&format!("/api/v1/tasks/{resort_task}/status"), &json!({"status": "done"})).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    let bench = officer.get("/projects/workbench").await;
    assert_eq!(bench.status, StatusCode::OK, "{}", bench.text);
    assert_eq!(bench.texts("nav.tabs a.current"), ["我的工作台"]);
    assert_eq!(bench.texts("#mine li a strong"), ["汽车内饰件项目"]);
    assert_eq!(bench.texts("#overdue li.flagged").len(), 9);
    assert!(bench.attrs("#overdue li a", "href").iter().all(|h| h.starts_with(&format!("/projects/{car}#task-"))));
    assert!(!bench.text.contains("林地审批"), "not the resort's task");

    // The leader reads both projects, without a single form, and may not write.
    let leader = app.login("leader").await;
    let page = leader.get(&format!("/projects/{resort}")).await;
    assert_eq!(page.texts("#tasks .task-name"), ["林地审批"]);
    assert_eq!(page.attrs("#tasks .docs a", "href"), [format!("/projects/documents/{doc}")]);
    assert!(page.attrs("#tasks form", "action").is_empty() && page.attrs("#problems form", "action").is_empty());
    let download = leader.get(&format!("/projects/documents/{doc}")).await;
    assert_eq!((download.status, download.bytes.as_slice()), (StatusCode::OK, b"%PDF".as_slice()));
    assert_eq!(download.header("content-type"), Some("application/pdf"));
    assert_eq!(
        download.header("content-disposition"),
        Some("attachment; filename*=UTF-8''%E6%9E%97%E5%9C%B0%E5%9B%BE.pdf")
    );
    let refused = leader.post_form(&format!("/projects/tasks/{resort_task}/status"), &form).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bench = leader.get("/projects/workbench").await;
    assert_eq!(bench.texts("#overdue li").len(), 10, "the county's overdue tasks");
    assert!(bench.texts("#mine p.muted").len() == 1, "a leader carries no project");

    // 筻口镇's staff read the resort (in 筻口村), not 新墙镇's car.
    let gangkou = app.login("gangkou").await;
    assert_eq!(gangkou.get(&format!("/projects/{resort}")).await.texts("#tasks .task-name"), ["林地审批"]);
    assert_eq!(gangkou.get(&format!("/projects/{car}")).await.status, StatusCode::NOT_FOUND);
    let tasks = gangkou.api_get(&format!("/api/v1/projects/{resort}/tasks")).await.json();
    assert_eq!(tasks["items"][0]["name"], "林地审批");
    assert_eq!(tasks["items"][0]["overdue"], true);
    let bench = gangkou.get("/projects/workbench").await;
    assert_eq!(bench.texts("#overdue li a strong"), ["林地审批"]);

    // The projects card's links count what each sees.
    let links = |page: &common::TestResponse| page.texts(".card-links a[href^='/projects/']");
    let week = week_of(today());
    let due_this_week = if week.0 <= ago(3) { 1 } else { 0 };
    assert_eq!(links(&gangkou.get("/").await), [format!("本周到期代办 {due_this_week}"), "逾期代办 1".to_string()]);
    assert_eq!(links(&officer.get("/").await), ["本周到期代办 0", "逾期代办 9"]);
    drop(app);
    db
});

store_test!(the_project_page_forms_record_and_refuse_under_their_fields, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let World { car, officer: officer_actor, .. } = world(&app).await;
    let me = app.login("officer").await;
    let page_path = format!("/projects/{car}");

    // Add a task: an unreadable date is refused under its field, what was typed kept.
    let bad =
        [("name", "排污许可"), ("due", "下个月"), ("owner_unit_id", ""), ("owner_user_id", ""), ("grace_days", "5")];
    let refused = me.post_form(&format!("/projects/{car}/tasks"), &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.attr("details.add-task", "open").is_some(), "the refused form starts open");
    let under = refused.text_of("details.add-task [data-field=due] .field-error").unwrap();
    assert!(under.starts_with("到期日期“下个月”无法识别"), "{under}");
    assert_eq!(refused.attr("details.add-task input[name=name]", "value").as_deref(), Some("排污许可"));
    let unit = app.county.unit("新墙镇").to_string();
    let good = [
        ("name", "排污许可"),
        ("due", "2027-03-01"),
        ("owner_unit_id", unit.as_str()),
        ("owner_user_id", ""),
        ("grace_days", "5"),
    ];
    let page = post_ok(&me, &format!("/projects/{car}/tasks"), &good).await;
    assert_eq!(page.text_of("#tasks p.ok").as_deref(), Some("已添加代办事项：排污许可"));
    assert!(page.texts("#tasks .task-name").contains(&"排污许可".to_string()));
    let twice = me.post_form(&format!("/projects/{car}/tasks"), &good).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        twice.text_of("details.add-task [data-field=name] .field-error").as_deref(),
        Some("本项目已有代办事项“排污许可”")
    );

    // A status: the same status again is refused under the select; a change is recorded.
    let task = task_id(&app.store, &officer_actor, car, "环评").await;
    let on = today().to_string();
    let same =
        me.post_form(&format!("/projects/tasks/{task}/status"), &[("status", "todo"), ("on", &on), ("note", "")]).await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    let row = format!("#task-{task}");
    assert_eq!(same.text_of(&format!("{row} [data-field=status] .field-error")).as_deref(), Some("该事项已是“待办”"));
    assert!(same.attr(&format!("{row} details"), "open").is_some());
    let page = post_ok(
        &me,
        &format!("/projects/tasks/{task}/status"),
        &[("status", "waiting"), ("on", &on), ("note", "缺环评报告表")],
    )
    .await;
    assert_eq!(page.text_of(&format!("{row} .task-head .tag.status")).as_deref(), Some("待企业补件"));
    assert_eq!(page.texts(&format!("{row} ol.trail li p")), ["缺环评报告表"]);
    let page =
        post_ok(&me, &format!("/projects/tasks/{task}/status"), &[("status", "done"), ("on", &on), ("note", "")]).await;
    assert!(page.attr(&format!("{row}.flagged"), "id").is_none(), "done: no longer flagged");
    let reopen = me
        .post_form(&format!("/projects/tasks/{task}/status"), &[("status", "doing"), ("on", &on), ("note", "")])
        .await;
    assert_eq!(
        reopen.text_of(&format!("{row} [data-field=note] .field-error")).as_deref(),
        Some("重新打开已办结的事项须说明原因")
    );

    // A document: kept and downloaded; an empty or oversized one refused in words.
    let up = me
        .post_multipart(&format!("/projects/tasks/{task}/documents"), &[], ("环评批复.pdf", "%PDF-1.7 批复".as_bytes()))
        .await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.text);
    let page = me.get(&page_path).await;
    let href = page.attr(&format!("{row} .docs a"), "href").unwrap();
    assert_eq!(me.get(&href).await.bytes, "%PDF-1.7 批复".as_bytes());
    let empty = me.post_multipart(&format!("/projects/tasks/{task}/documents"), &[], ("空.pdf", b"")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        empty.text_of(&format!("{row} .doc-form .field-error")).as_deref(),
        Some("请选择要上传的文件（不能是空文件）")
    );
    let big = vec![b'x'; 10 * 1024 * 1024 + 1];
    let over = me.post_multipart(&format!("/projects/tasks/{task}/documents"), &[], ("大.zip", &big)).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        over.text_of(&format!("{row} .doc-form .field-error")).as_deref(),
        Some("文件超过 10 MB，请压缩或拆分后再上传")
    );
    let huge = vec![b'x'; 12 * 1024 * 1024];
    let over = me.post_multipart(&format!("/projects/tasks/{task}/documents"), &[], ("更大.zip", &huge)).await;
    assert_eq!(
        over.text_of(&format!("{row} .doc-form .field-error")).as_deref(),
        Some("文件超过 10 MB，请压缩或拆分后再上传")
    );

    // The checklist applied again: refused as a conflict at the top of the part.
    let again = me.post_form(&format!("/projects/{car}/checklist"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.text_of("#tasks p.error").as_deref(), Some("本项目已有代办清单中的全部事项"));

    // A problem: an owner is needed; then recorded, then resolved.
    let deadline = (today() + Days::new(5)).to_string();
    let ownerless = [
        ("text", "用电增容"),
        ("raised_on", on.as_str()),
        ("owner_unit_id", ""),
        ("owner_user_id", ""),
        ("deadline", deadline.as_str()),
    ];
    let refused = me.post_form(&format!("/projects/{car}/problems"), &ownerless).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.text_of("details.add-problem [data-field=owner_unit_id] .field-error").as_deref(),
        Some("请指定责任单位或责任人")
    );
    assert_eq!(refused.text_of("details.add-problem textarea[name=text]").as_deref(), Some("用电增容"));
    let owned = [
        ("text", "用电增容"),
        ("raised_on", on.as_str()),
        ("owner_unit_id", unit.as_str()),
        ("owner_user_id", ""),
        ("deadline", deadline.as_str()),
    ];
    let page = post_ok(&me, &format!("/projects/{car}/problems"), &owned).await;
    assert_eq!(page.texts("#problems .problem-text"), ["用电增容"]);
    let resolve = page.attr("#problems li.problem form", "action").unwrap();
    let blank = me.post_form(&resolve, &[("resolution", ""), ("resolved_on", on.as_str())]).await;
    assert_eq!(blank.text_of("#problems [data-field=resolution] .field-error").as_deref(), Some("办理结果不能为空"));
    let page = post_ok(&me, &resolve, &[("resolution", "供电公司已增容"), ("resolved_on", on.as_str())]).await;
    assert_eq!(page.text_of("#problems .resolution").as_deref(), Some("办理结果：供电公司已增容"));
    assert!(page.attrs("#problems li.problem form", "action").is_empty(), "resolved once");
    drop(app);
    db
});

store_test!(checklist_templates_are_edited_by_county_writers_only, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    world(&app).await;
    let officer = app.login("officer").await;
    let page = officer.get("/projects/checklists").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts("ol.checklist-items li strong").len(), 9);
    assert!(page.attrs("form", "action").iter().all(|a| !a.starts_with("/projects/checklists")), "no edit forms");
    let form = [("name", "排污许可"), ("owner_unit_id", ""), ("days", "120"), ("grace_days", "10")];
    assert_eq!(officer.post_form("/projects/checklists/manufacturing", &form).await.status, StatusCode::FORBIDDEN);
    assert_eq!(officer.get("/projects/checklists?kind=mining").await.status, StatusCode::NOT_FOUND);

    let county = app.login("county").await;
    let page = county.post_and_follow("/projects/checklists/tourism", &form).await;
    assert_eq!(page.text_of("p.ok").as_deref(), Some("已添加清单事项"));
    assert_eq!(page.texts("ol.checklist-items li strong").last().map(String::as_str), Some("排污许可"));
    assert_eq!(page.texts("nav.kinds a.current"), ["文化旅游 已调整"]);
    let page = county.post_and_follow("/projects/checklists/tourism/9/up", &[]).await;
    assert_eq!(page.texts("ol.checklist-items li strong")[8], "排污许可");
    let page = county.post_and_follow("/projects/checklists/tourism/0/delete", &[]).await;
    assert_eq!(page.texts("ol.checklist-items li strong")[0], "用地预审");
    let dup = [("name", "环评"), ("owner_unit_id", ""), ("days", "1"), ("grace_days", "1")];
    let refused = county.post_form("/projects/checklists/tourism", &dup).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.text_of("[data-field=name] .field-error").as_deref(), Some("第10项“环评”与第4项重名"));
    let bad = [("name", "x"), ("owner_unit_id", ""), ("days", "十"), ("grace_days", "1")];
    let refused = county.post_form("/projects/checklists/tourism", &bad).await;
    assert_eq!(refused.text_of("[data-field=days] .field-error").as_deref(), Some("请填写天数（整数）"));
    assert_eq!(county.post_form("/projects/checklists/tourism/99/delete", &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(county.post_form("/projects/checklists/tourism/x/up", &[]).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});

store_test!(the_api_reads_and_writes_the_workbench, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = world(&app).await;
    let county = app.login("county").await;
    let food = draft("预制菜加工项目", app.county.unit("新墙镇"), None, ProjectKind::Agriculture);
    let food = app.store.projects(&w.county, Permission::ProjectWrite).unwrap().create(food).await.unwrap();

    // Tasks: the checklist once (then 409), one by hand, a missing field by name.
    let made = county.api_post_json(&format!("/api/v1/projects/{food}/tasks"), &json!({"checklist": true})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.json()["ids"].as_array().unwrap().len(), 9);
    let again = county.api_post_json(&format!("/api/v1/projects/{food}/tasks"), &json!({"checklist": true})).await;
    assert_eq!((again.status, again.error_code()), (StatusCode::CONFLICT, "conflict".to_string()));
    let one = county
        .api_post_json(
            &format!("/api/v1/projects/{food}/tasks"),
            &json!({"name": "冷链备案", "due": "2027-01-10", "grace_days": 3}),
        )
        .await;
    assert_eq!(one.status, StatusCode::CREATED, "{}", one.text);
    let task = one.json()["ids"][0].as_str().unwrap().to_string();
    let no_due = county.api_post_json(&format!("/api/v1/projects/{food}/tasks"), &json!({"name": "x"})).await;
    assert_eq!(no_due.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_due.json()["error"]["fields"][0]["field"], "due");
    let list = county.api_get(&format!("/api/v1/projects/{food}/tasks")).await.json();
    assert_eq!(list["items"].as_array().unwrap().len(), 10);
    assert_eq!(list["checklist_left"].as_array().unwrap().len(), 0);

    // Statuses.
    let doing = county
        .api_post_json(
            &format!("/api/v1/tasks/{task}/status"),
            &json!({"status": "doing", "date": today(), "note": "已受理"}),
        )
        .await;
    assert_eq!(doing.status, StatusCode::CREATED, "{}", doing.text);
    let bad = county.api_post_json(&format!("/api/v1/tasks/{task}/status"), &json!({"status": "finished"})).await;
    assert_eq!(
        (bad.status, bad.json()["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("status"))
    );
    let same = county.api_post_json(&format!("/api/v1/tasks/{task}/status"), &json!({"status": "doing"})).await;
    assert_eq!(same.json()["error"]["fields"][0]["message"], "该事项已是“办理中”");
    let list = county.api_get(&format!("/api/v1/projects/{food}/tasks")).await.json();
    let item = list["items"].as_array().unwrap().iter().find(|t| t["id"] == task.as_str()).unwrap().clone();
    assert_eq!((item["status"].as_str(), item["trail"].as_array().unwrap().len()), (Some("doing"), 2));

    // Problems.
    let raised = county
        .api_post_json(
            &format!("/api/v1/projects/{food}/problems"),
            &json!({"text": "冷库用地", "owner_unit_id": app.county.unit("新墙镇"), "deadline": today()}),
        )
        .await;
    assert_eq!(raised.status, StatusCode::CREATED, "{}", raised.text);
    let problem = raised.json()["id"].as_str().unwrap().to_string();
    let backwards = county
        .api_post_json(
            &format!("/api/v1/projects/{food}/problems"),
            &json!({"text": "x", "owner_unit_id": app.county.unit("新墙镇"), "deadline": "2020-01-01"}),
        )
        .await;
    assert_eq!(backwards.json()["error"]["fields"][0]["field"], "deadline");
    let resolved =
        county.api_post_json(&format!("/api/v1/problems/{problem}/resolve"), &json!({"resolution": "已协调"})).await;
    assert_eq!(resolved.status, StatusCode::NO_CONTENT, "{}", resolved.text);
    let problems = county.api_get(&format!("/api/v1/projects/{food}/problems")).await.json();
    assert_eq!(problems["items"][0]["resolved_on"], today().to_string());

    // The workbench: the county's overdue tasks (the car's nine, the resort's one).
    let bench = county.api_get("/api/v1/workbench").await.json();
    assert_eq!(bench["figure"]["overdue"], 10);
    assert_eq!(bench["figure"]["flagged"], 10);
    assert_eq!(bench["overdue"].as_array().unwrap().len(), 10);
    assert_eq!(bench["mine"].as_array().unwrap().len(), 0);

    // Checklists: read by all with project.read, written county-wide only.
    let template = county.api_get("/api/v1/checklists/agriculture").await.json();
    assert_eq!((template["is_default"].as_bool(), template["items"].as_array().unwrap().len()), (Some(true), 9));
    let put = json!({"items": [{"name": "动物防疫条件", "days": 60, "grace_days": 10}, {"name": "营业执照", "owner_unit_id": app.county.unit("岳阳县"), "days": 30, "grace_days": 5}]});
    let saved = county.api_put_json("/api/v1/checklists/agriculture", &put).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.json()["items"][1]["owner_unit"], "岳阳县");
    let officer = app.login("officer").await;
    assert_eq!(officer.api_put_json("/api/v1/checklists/agriculture", &put).await.status, StatusCode::FORBIDDEN);
    assert_eq!(officer.api_get("/api/v1/checklists/agriculture").await.json()["is_default"], false);
    assert_eq!(officer.api_get("/api/v1/checklists/mining").await.status, StatusCode::NOT_FOUND);
    let empty = county.api_put_json("/api/v1/checklists/agriculture", &json!({"items": []})).await;
    assert_eq!(empty.json()["error"]["fields"][0]["field"], "items");
    drop(app);
    db
});
