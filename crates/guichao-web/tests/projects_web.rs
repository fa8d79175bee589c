//! The projects area through HTTP, read-only: the list with its exact total
//! and sortable columns, a project's page with its stage history (a
//! corrected event struck through with the reason), fellows listed only to
//! readers who may see them, another township's project answering 404, and
//! the JSON API with the program's figures.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::projects::{
    FEN_PER_WAN, FEN_PER_YI, FundEvidence, NewStageEvent, ProjectDraft, ProjectKind, ProjectRole, ProjectSource, Stage,
};
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use guichao_store::{Actor, Store};
use serde_json::Value;
use std::collections::BTreeSet;
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn draft(name: &str, unit: Uuid, investment_fen: i64) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        company_id: None,
        kind: ProjectKind::Manufacturing,
        investment_fen,
        fixed_asset_fen: investment_fen / 2,
        foreign_fen: 0,
        jobs_planned: 120,
        land_need_hundredths_mu: 1_250,
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

async fn event(store: &Store, who: &Actor, project: Uuid, stage: Stage, on: NaiveDate) -> Uuid {
    let new = NewStageEvent { stage, on, note: String::new(), supersedes: None, reason: String::new() };
    store.projects(who, Permission::ProjectWrite).unwrap().add_event(project, new).await.unwrap()
}

/// Two projects recorded by the county user: 新墙镇's, signed (the signing
/// corrected), started, with funds and two fellows credited; 筻口镇's,
/// signed only. Returns (car, food, 张三, 王五).
async fn two_projects(app: &TestApp, county: &Actor) -> (Uuid, Uuid, Uuid, Uuid) {
    let store = &app.store;
    let write = store.projects(county, Permission::ProjectWrite).unwrap();
    let car = draft("汽车内饰件项目", app.county.unit("新墙镇"), 10 * FEN_PER_YI);
    let car = write.create(ProjectDraft { officer_id: Some(county.user_id()), ..car }).await.unwrap();
    let food = write.create(draft("预制菜加工项目", app.county.unit("筻口镇"), 5000 * FEN_PER_WAN)).await.unwrap();
    event(store, county, car, Stage::Inspected, day(2023, 4, 2)).await;
    let signed = event(store, county, car, Stage::Signed, day(2023, 6, 1)).await;
    let fix = NewStageEvent {
        stage: Stage::Signed,
        on: day(2023, 7, 15),
        note: "正式合同".into(),
        supersedes: Some(signed),
        reason: "合同日期录错".into(),
    };
    write.add_event(car, fix).await.unwrap();
    event(store, county, car, Stage::Started, day(2023, 9, 1)).await;
    event(store, county, food, Stage::Inspected, day(2023, 2, 1)).await;
    event(store, county, food, Stage::Signed, day(2023, 3, 1)).await;
    write.add_funds(car, 2 * FEN_PER_YI, day(2023, 8, 1), FundEvidence::BankReceipt, "首期").await.unwrap();
    let zhang = app.fellow().named("张三").in_village("新墙村").by(county).create().await;
    let wang = app.fellow().named("王五").in_township("筻口镇").by(county).create().await;
    write.link_fellow(car, zhang, ProjectRole::Investor).await.unwrap();
    write.link_fellow(car, wang, ProjectRole::Introducer).await.unwrap();
    (car, food, zhang, wang)
}

store_test!(the_list_and_a_projects_page_show_the_records, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let county = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let (car, food, zhang, _) = two_projects(&app, &county).await;
    let me = app.login("county").await;

    // The list: exact total, pinyin order, the derived stage, amounts in 亿/万元.
    let list = me.get("/projects").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.text_of(".list-total strong").as_deref(), Some("2"));
    assert_eq!(list.texts("table.projects td[data-label='项目名称']"), ["汽车内饰件项目", "预制菜加工项目"]);
    assert_eq!(list.texts("table.projects td[data-label='当前阶段']"), ["开工", "签约"]);
    assert_eq!(list.texts("table.projects td[data-label='协议投资']"), ["10亿元", "5000万元"]);
    assert_eq!(list.texts("table.projects td[data-label='责任单位']"), ["新墙镇", "筻口镇"]);
    assert_eq!(list.texts("table.projects td[data-label='签约日期']"), ["2023-07-15", "2023-03-01"]);
    assert_eq!(list.attrs("table.projects th.sortable a", "href"), ["/projects?dir=desc", "/projects?sort=signed"]);
    let by_signing = me.get("/projects?sort=signed&dir=desc").await;
    assert_eq!(by_signing.texts("table.projects td[data-label='签约日期']"), ["2023-07-15", "2023-03-01"]);
    let by_signing = me.get("/projects?sort=signed").await;
    assert_eq!(by_signing.texts("table.projects td[data-label='项目名称']"), ["预制菜加工项目", "汽车内饰件项目"]);
    let started = me.get("/projects?stage=started").await;
    assert_eq!(started.texts("table.projects td[data-label='项目名称']"), ["汽车内饰件项目"]);
    assert_eq!(me.get("/projects?sort=investment").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A project's page: its facts, the history with the correction, the fellows, the funds.
    let page = me.get(&format!("/projects/{car}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let facts = page.texts("dl.facts dd");
    for fact in ["工业制造", "招商专班", "10亿元", "5亿元", "12.5 亩", "8000 m²", "新墙镇", "county"] {
        assert!(facts.iter().any(|f| f == fact), "{fact} in {facts:?}");
    }
    assert_eq!(page.texts("#history td[data-label='阶段']"), ["考察", "签约", "签约", "开工"]);
    assert_eq!(page.texts("#history tr.superseded td.date s"), ["2023-06-01"]);
    assert_eq!(page.text_of("#history tr.superseded small").as_deref(), Some("已更正：合同日期录错"));
    assert_eq!(page.attrs("#fellows a", "href").len(), 2);
    assert_eq!(page.text_of("#funds h2 small").as_deref(), Some("2亿元"));
    assert_eq!(page.texts("#funds td[data-label='凭证']"), ["银行进账单"]);

    // 新墙镇 sees its own project, and 张三 but not 筻口镇's 王五.
    let xinqiang = app.login("xinqiang").await;
    assert_eq!(xinqiang.get("/projects").await.texts("table.projects td[data-label='项目名称']"), ["汽车内饰件项目"]);
    let seen = xinqiang.get(&format!("/projects/{car}")).await;
    assert_eq!(seen.attrs("#fellows a", "href"), [format!("/fellows/{zhang}")]);
    assert_eq!(seen.text_of("#fellows").map(|t| t.contains("王五")), Some(false), "not named");
    assert_eq!(seen.text_of("#fellows h2 small").as_deref(), Some("1"), "not counted");
    // Another township's project is not found, on the page and in the API.
    let gangkou = app.login("gangkou").await;
    assert_eq!(gangkou.get(&format!("/projects/{car}")).await.status, StatusCode::NOT_FOUND);
    let api = gangkou.api_get(&format!("/api/v1/projects/{car}")).await;
    assert_eq!((api.status, api.error_code()), (StatusCode::NOT_FOUND, "not_found".to_string()));
    assert_eq!(gangkou.api_get(&format!("/api/v1/projects/{food}")).await.status, StatusCode::OK);
    drop(app);
    db
});

const METRIC_KEYS: [&str; 14] = [
    "projects_signed",
    "investment_fen",
    "via_fellows",
    "fellow_share",
    "started",
    "start_rate",
    "registration_rate",
    "production_rate",
    "funds_in_place_fen",
    "funds_in_place_rate",
    "inspection_to_signing_days",
    "signing_to_production_days",
    "jobs_planned",
    "counting_rules",
];

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

store_test!(the_api_lists_projects_and_answers_the_figures, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let county = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    let (car, food, _, _) = two_projects(&app, &county).await;
    let me = app.login("county").await;

    let list = me.api_get("/api/v1/projects?sort=signed&limit=1").await.json();
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"][0]["id"], food.to_string());
    assert_eq!(list["items"][0]["stage"], "signed");
    let one = me.api_get(&format!("/api/v1/projects/{car}")).await.json();
    assert_eq!((one["stage"].as_str(), one["funds_in_place_fen"].as_i64()), (Some("started"), Some(2 * FEN_PER_YI)));
    assert_eq!(one["events"].as_array().unwrap().iter().filter(|e| e["superseded"] == true).count(), 1);
    assert_eq!(one["fellows"][0]["role"], "investor");

    // 2023: both signed, one started; the median days from inspection to signing.
    let m = me.api_get("/api/v1/metrics/projects?from=2023-01-01&to=2023-12-31&as_of=2023-12-31").await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.text);
    let m = m.json();
    assert_eq!(keys(&m), METRIC_KEYS.iter().map(|k| k.to_string()).collect());
    assert_eq!((m["projects_signed"].as_u64(), m["started"].as_u64()), (Some(2), Some(1)));
    assert_eq!(m["start_rate"].as_f64(), Some(0.5));
    assert_eq!(m["via_fellows"], 1);
    assert_eq!(m["investment_fen"].as_i64(), Some(10 * FEN_PER_YI + 5000 * FEN_PER_WAN));
    assert_eq!(m["inspection_to_signing_days"]["fastest"], 28);
    assert_eq!(m["inspection_to_signing_days"]["fastest_project_id"], food.to_string());
    assert_eq!(m["signing_to_production_days"]["median"], Value::Null);
    // As known before the start was recorded, nothing had started.
    let before = me.api_get("/api/v1/metrics/projects?from=2023-01-01&to=2023-12-31&as_of=2023-08-31").await.json();
    assert_eq!(before["start_rate"].as_f64(), Some(0.0));
    let only = me.api_get("/api/v1/metrics/projects?from=2023-01-01&to=2023-12-31&as_of=2023-12-31&via_fellows=true");
    assert_eq!(only.await.json()["projects_signed"], 1);

    // An empty period: zero counts, null rates.
    let none = me.api_get("/api/v1/metrics/projects?from=2020-01-01&to=2020-12-31&as_of=2023-12-31").await.json();
    assert_eq!(keys(&none).len(), METRIC_KEYS.len());
    assert_eq!(none["projects_signed"], 0);
    for rate in ["fellow_share", "start_rate", "registration_rate", "production_rate", "funds_in_place_rate"] {
        assert_eq!(none[rate], Value::Null, "{rate}");
    }

    // Bad dates are refused in words, as every bad query parameter is (422).
    let bad = me.api_get("/api/v1/metrics/projects?from=2023-13-01&to=2023-12-31").await;
    assert_eq!((bad.status, bad.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid".to_string()));
    assert_eq!(bad.json()["error"]["message"], "参数 from 应写成 2026-01-31 这样的日期");
    let missing = me.api_get("/api/v1/metrics/projects?from=2023-01-01").await;
    assert_eq!(missing.json()["error"]["message"], "缺少参数 to（如 2026-01-31）");
    let backwards = me.api_get("/api/v1/metrics/projects?from=2023-12-31&to=2023-01-01").await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(backwards.json()["error"]["message"].as_str().unwrap().contains("结束日期不能早于开始日期"));
    assert_eq!(me.api_get("/api/v1/projects?stage=done").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The home card counts the projects signed this year, as the records stand today.
    let figure = |page: &common::TestResponse| page.texts("ul.cards a[href='/projects'] em.figure");
    assert_eq!(figure(&me.get("/").await), ["今年签约 0 个"]);
    let write = app.store.projects(&county, Permission::ProjectWrite).unwrap();
    let solar = write.create(draft("光伏组件项目", app.county.unit("新墙镇"), FEN_PER_YI)).await.unwrap();
    event(&app.store, &county, solar, Stage::Signed, today()).await;
    assert_eq!(figure(&me.get("/").await), ["今年签约 1 个"]);
    drop(app);
    db
});
