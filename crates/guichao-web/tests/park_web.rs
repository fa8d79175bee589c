//! The park through HTTP: each built-in role reaches `/park` and its API as
//! its grants say (only county-wide writers get the add forms); the page
//! shows the figures and each site's status and holder as of a day; the
//! forms add parcels and units and allocate and release sites, a refusal
//! shown under its field with what was typed; the project's page lists its
//! sites; and the API answers, a double booking with 422 under `from`.

mod common;

use axum::http::StatusCode;
use chrono::NaiveDate;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::park::{ParcelDraft, UnitDraft, Zoning};
use guichao_domain::projects::{FEN_PER_YI, ProjectDraft, ProjectKind, ProjectRole, ProjectSource};
use guichao_store::park::{NewParkAllocation, SiteId};
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use guichao_store::{Actor, Store};
use serde_json::{Value, json};
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn project(name: &str, unit: Uuid, investment_yi: i64) -> ProjectDraft {
    ProjectDraft {
        name: name.into(),
        company_id: None,
        kind: ProjectKind::Manufacturing,
        investment_fen: investment_yi * FEN_PER_YI,
        fixed_asset_fen: 0,
        foreign_fen: 0,
        jobs_planned: 100,
        land_need_hundredths_mu: 5_000,
        factory_need_m2: 2_000,
        unit_id: unit,
        officer_id: None,
        team: vec![],
        source: ProjectSource::TaskForce,
        source_chamber_id: None,
        follows_lead_id: None,
        notes: String::new(),
    }
}

/// The park of the tests, added by `admin`: parcels A-01 (100亩) and A-02
/// (150亩), units 1号楼 101 (3,000 m²) and 201 (2,000 m²); 新墙镇's car
/// project (carried by `officer` when given) holding A-01 from 2023-03-01
/// (built 2023-09-01) and 101 from 2023-08-01; 筻口镇's food project
/// holding A-02 from 2022-05-01. Returns (car, food, A-01, A-02, 101).
async fn park(store: &Store, app: &TestApp, admin: &Actor, officer: Option<Uuid>) -> (Uuid, Uuid, Uuid, Uuid, Uuid) {
    let projects = store.projects(admin, Permission::ProjectWrite).unwrap();
    let car =
        ProjectDraft { officer_id: officer, ..project("汽车内饰件项目", app.county.unit("新墙镇"), 10) };
    let car = projects.create(car).await.unwrap();
    let food = projects.create(project("预制菜加工项目", app.county.unit("筻口镇"), 5)).await.unwrap();
    let park = store.park(admin, Permission::ProjectWrite).unwrap();
    let parcel = |name: &str, mu: i64| ParcelDraft {
        name: name.into(),
        area_hundredths_mu: mu * 100,
        zoning: Zoning::Industrial,
        notes: String::new(),
    };
    let a01 = park.add_parcel(parcel("荣家湾工业园A-01", 100)).await.unwrap();
    let a02 = park.add_parcel(parcel("荣家湾工业园A-02", 150)).await.unwrap();
    let unit = |no: &str, m2: i64| UnitDraft {
        building: "1号楼".into(),
        unit_no: no.into(),
        floor: 1,
        area_m2: m2,
        notes: String::new(),
    };
    let u101 = park.add_unit(unit("101", 3_000)).await.unwrap();
    park.add_unit(unit("201", 2_000)).await.unwrap();
    let allocate = |project_id, site, from, moved_in| NewParkAllocation {
        project_id,
        site,
        from,
        until: None,
        moved_in,
        note: String::new(),
    };
    park.allocate(allocate(car, SiteId::Parcel(a01), day(2023, 3, 1), Some(day(2023, 9, 1)))).await.unwrap();
    park.allocate(allocate(car, SiteId::Unit(u101), day(2023, 8, 1), None)).await.unwrap();
    park.allocate(allocate(food, SiteId::Parcel(a02), day(2022, 5, 1), None)).await.unwrap();
    (car, food, a01, a02, u101)
}

/// (role, unit, sees /park, gets the add forms)
const ROLES: [(BuiltinRole, &str, bool, bool); 8] = [
    // The system admin holds no registry data (三员分立).
    (BuiltinRole::SystemAdmin, "岳阳县", false, false),
    (BuiltinRole::CountyAdmin, "岳阳县", true, true),
    (BuiltinRole::CountyStaff, "岳阳县", true, true),
    (BuiltinRole::TownshipStaff, "新墙镇", true, false),
    (BuiltinRole::VillageCadre, "新墙村", false, false),
    (BuiltinRole::ProjectOfficer, "岳阳县", true, false),
    (BuiltinRole::Leader, "岳阳县", true, false),
    (BuiltinRole::ChamberLiaison, "岳阳县", true, false),
];

store_test!(each_role_reaches_the_park_as_its_grants_say, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.fixture_admin("岳阳县").await;
    let (_, _, a01, _, _) = park(&app.store, &app, &admin, None).await;
    for (role, unit, ..) in ROLES {
        app.user_with(role, unit).await;
    }
    for (role, _, sees, adds) in ROLES {
        let me = app.login(role.code()).await;
        let want = if sees { StatusCode::OK } else { StatusCode::FORBIDDEN };
        let page = me.get("/park").await;
        assert_eq!(page.status, want, "{role:?} /park");
        assert_eq!(me.get(&format!("/park/parcels/{a01}")).await.status, want, "{role:?} parcel page");
        assert_eq!(me.api_get("/api/v1/park").await.status, want, "{role:?} API");
        assert_eq!(me.api_get("/api/v1/park/parcels").await.status, want, "{role:?} API parcels");
        if !sees {
            continue;
        }
        assert_eq!(page.texts("nav.tabs a.current")[0], "园区", "{role:?}: the projects area's park tab");
        assert_eq!(!page.texts("#add-parcel form").is_empty(), adds, "{role:?} add-parcel form");
        let units = me.get("/park?show=units").await;
        assert_eq!(!units.texts("#add-unit form").is_empty(), adds, "{role:?} add-unit form");
        let post =
            me.post_form("/park/parcels", &[("name", role.code()), ("area_mu", "30"), ("zoning", "industrial")]).await;
        let api = me
            .api_post_json(
                "/api/v1/park/units",
                &json!({"building": "9号楼", "unit_no": role.code(), "floor": 1, "area_m2": 800}),
            )
            .await;
        if adds {
            assert_eq!(post.status, StatusCode::SEE_OTHER, "{role:?}: {}", post.text);
            assert_eq!(api.status, StatusCode::CREATED, "{role:?}: {}", api.text);
        } else {
            assert_eq!((post.status, api.status), (StatusCode::FORBIDDEN, StatusCode::FORBIDDEN), "{role:?}");
        }
    }
    let parcels = app.store.park(&admin, Permission::ProjectRead).unwrap();
    let q = guichao_store::park::SiteQuery {
        as_of: day(2024, 1, 1),
        sort: guichao_store::park::SiteSort::Name,
        descending: false,
        offset: 0,
        limit: 50,
    };
    // The county admin and the county staff (the system admin holds no data).
    assert_eq!(parcels.parcels(&q).await.unwrap().1, 4, "two county-wide writers added a parcel each");
    assert_eq!(parcels.units(&q).await.unwrap().1, 4, "and a unit each");
    drop(app);
    db
});

store_test!(the_page_shows_the_park_as_of_a_day, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let (car, food, a01, a02, u101) = park(&app.store, &app, &admin, None).await;
    let fellow = app.fellow().named("投资乡友").in_township("新墙镇").by(&admin).create().await;
    let projects = app.store.projects(&admin, Permission::ProjectWrite).unwrap();
    projects.link_fellow(car, fellow, ProjectRole::Investor).await.unwrap();
    let me = app.login("admin").await;

    let page = me.get("/park?as_of=2023-12-31").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts("dl.park-land dd"), ["0", "150", "100"], "reserve, allocated, built");
    assert_eq!(page.texts("dl.park-space dd"), ["2,000", "3,000", "0", "0.0%"]);
    assert_eq!(page.text_of("#figures h3 small").as_deref(), Some("2 块，合计 250 亩"));
    assert_eq!(
        page.text_of("p.taken-in").as_deref(),
        Some("共 1 个，协议投资 10亿元；其中乡友投资或引荐 1 个，10亿元。"),
        "2023: the car project, credited to a fellow"
    );
    assert_eq!(page.texts("table.park-parcels td[data-label='地块']"), ["荣家湾工业园A-01", "荣家湾工业园A-02"]);
    assert_eq!(page.texts("table.park-parcels td[data-label='状态']"), ["已建成", "已供地"]);
    assert_eq!(
        page.attrs("table.park-parcels td.holder a", "href"),
        [format!("/projects/{car}"), format!("/projects/{food}")]
    );
    assert_eq!(page.text_of(".list-total strong").as_deref(), Some("2"));
    let sort = page.attrs("table.park-parcels th.sortable a", "href");
    assert_eq!(sort, ["/park?as_of=2023-12-31&dir=desc", "/park?as_of=2023-12-31&sort=area"], "links keep the day");

    // Earlier, the car project held nothing yet; A-02 was allocated in 2022.
    let before = me.get("/park?as_of=2022-12-31&sort=area&dir=desc").await;
    assert_eq!(before.texts("table.park-parcels td[data-label='状态']"), ["已供地", "储备"]);
    assert_eq!(before.texts("dl.park-land dd"), ["100", "150", "0"]);
    let units = me.get("/park?show=units&as_of=2023-12-31").await;
    assert_eq!(units.texts("table.park-units td[data-label='厂房']"), ["1号楼 101", "1号楼 201"]);
    assert_eq!(units.texts("table.park-units td[data-label='状态']"), ["已分配", "空置"]);
    assert_eq!(units.texts("nav.park-lists a.current"), ["标准厂房2"]);
    assert_eq!(me.get("/park?as_of=2023-13-01").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(me.get("/park?show=roads").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A site's page: facts, today's status and the history.
    let a01_page = me.get(&format!("/park/parcels/{a01}")).await;
    assert_eq!(a01_page.status, StatusCode::OK, "{}", a01_page.text);
    assert_eq!(a01_page.texts("dl.facts dd")[..2], ["100 亩".to_string(), "工业用地".to_string()]);
    assert_eq!(a01_page.texts("#allocations td.holder"), ["汽车内饰件项目"]);
    assert_eq!(a01_page.texts("#allocations td.span"), ["2023-03-01 起"]);
    assert_eq!(me.get(&format!("/park/units/{u101}")).await.text_of("h1 small").as_deref(), Some("已分配"));
    assert_eq!(me.get(&format!("/park/parcels/{}", Uuid::now_v7())).await.status, StatusCode::NOT_FOUND);

    // 筻口镇 sees its own project's parcel named, the car project's not.
    let gangkou = app.login("gangkou").await;
    let theirs = gangkou.get("/park?as_of=2023-12-31").await;
    assert_eq!(theirs.texts("table.park-parcels td.holder a"), ["预制菜加工项目"]);
    assert!(theirs.texts("table.park-parcels td.holder")[0].starts_with("已分配（其他项目）"));
    assert!(!theirs.text.contains("汽车内饰件项目"), "never named");
    assert_eq!(theirs.text_of("p.taken-in strong").as_deref(), Some("0"), "2023's project is not theirs");
    let a02_page = gangkou.get(&format!("/park/parcels/{a02}")).await;
    assert!(a02_page.texts("#allocate").is_empty(), "no project.write, no allocate form");
    assert!(a02_page.texts("#allocations form.release").is_empty());

    // The project's page lists its sites.
    let car_page = me.get(&format!("/projects/{car}")).await;
    assert_eq!(car_page.texts("#park td[data-label='地块或厂房']"), ["荣家湾工业园A-01", "1号楼 101"]);
    assert_eq!(car_page.texts("#park td[data-label='面积']"), ["100 亩", "3,000 m²"]);
    assert_eq!(car_page.texts("#park td[data-label='建成或入驻']"), ["2023-09-01", "—"]);
    drop(app);
    db
});

store_test!(the_forms_add_allocate_and_release_with_errors_under_fields, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    let officer = app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let (car, food, a01, _, u101) = park(&app.store, &app, &admin, Some(officer.user_id())).await;
    let me = app.login("county").await;

    // Adding a parcel: a bad area and a missing name, each under its input, what was typed kept.
    let bad = me.post_form("/park/parcels", &[("name", ""), ("area_mu", "12.345"), ("zoning", "logistics")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert_eq!(
        bad.texts("#add-parcel .field.invalid .field-error"),
        ["地块名称不能为空", "面积“12.345”最多保留2位小数"]
    );
    assert_eq!(bad.input_value("area_mu").as_deref(), Some("12.345"));
    assert_eq!(bad.attr("#add-parcel details", "open").as_deref(), Some(""));
    assert_eq!(bad.attr("#p-zoning option[selected]", "value").as_deref(), Some("logistics"));
    let taken = me
        .post_form("/park/parcels", &[("name", "荣家湾工业园A-01"), ("area_mu", "30"), ("zoning", "industrial")])
        .await;
    assert_eq!(taken.text_of("#add-parcel .field-error").as_deref(), Some("已有名为“荣家湾工业园A-01”的地块"));
    let added = me
        .post_and_follow("/park/parcels", &[("name", "城南物流园B-01"), ("area_mu", "86.5亩"), ("zoning", "logistics")])
        .await;
    assert_eq!(added.text_of("p.ok").as_deref(), Some("已登记地块：城南物流园B-01"));
    assert_eq!(added.texts("dl.facts dd")[..2], ["86.5 亩".to_string(), "仓储物流用地".to_string()]);
    let unit = me
        .post_form("/park/units", &[("building", "2号楼"), ("unit_no", "301"), ("floor", "三"), ("area_m2", "1,750")])
        .await;
    assert_eq!(unit.texts("#add-unit .field-error"), ["楼层须为整数，如 3"]);
    assert_eq!(unit.input_value("area_m2").as_deref(), Some("1,750"));
    let unit = me
        .post_and_follow(
            "/park/units",
            &[("building", "2号楼"), ("unit_no", "301"), ("floor", "3"), ("area_m2", "1,750")],
        )
        .await;
    assert_eq!(unit.texts("dl.facts dd")[..2], ["3".to_string(), "1,750 m²".to_string()]);

    // Allocating: the double booking under 起始日期, naming the holder; the form keeps what was typed.
    let a01_path = format!("/park/parcels/{a01}");
    let food_id = food.to_string();
    let twice = me
        .post_form(
            &format!("{a01_path}/allocations"),
            &[("project_id", &food_id), ("from", "2024-01-01"), ("note", "二期")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", twice.text);
    assert_eq!(
        twice.text_of("#f-from .field-error").as_deref(),
        Some("该地块在此期间已分配给“汽车内饰件项目”（2023-03-01 起）")
    );
    assert_eq!(twice.attr("#a-project option[selected]", "value"), Some(food_id.clone()));
    assert_eq!(twice.text_of("#a-note").as_deref(), Some("二期"));
    let nothing = me.post_form(&format!("{a01_path}/allocations"), &[("project_id", ""), ("from", "")]).await;
    assert_eq!(nothing.texts("#allocate .field-error"), ["请选择项目", "起始日期不能为空"]);

    // Releasing the car project's hold, then allocating to the food project from the next day.
    let held = app.store.park(&admin, Permission::ProjectRead).unwrap().parcel(a01, day(2024, 1, 1)).await.unwrap();
    let release = format!("{a01_path}/allocations/{}/release", held.allocations[0].id);
    let early = me.post_form(&release, &[("until", "2023-08-31")]).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        early.text_of("#allocations form.release .field-error").as_deref(),
        Some("释放日期不能早于建成日期（2023-09-01）")
    );
    let released = me.post_and_follow(&release, &[("until", "2023-12-31")]).await;
    assert_eq!(released.text_of("p.ok").as_deref(), Some("已释放"));
    assert_eq!(released.texts("#allocations td.span"), ["2023-03-01 至 2023-12-31"]);
    let again = me
        .post_and_follow(
            &format!("{a01_path}/allocations"),
            &[("project_id", &food_id), ("from", "2024-01-01"), ("moved_in", "")],
        )
        .await;
    assert_eq!(again.text_of("p.ok").as_deref(), Some("已分配"));
    assert_eq!(again.texts("#allocations td.holder"), ["汽车内饰件项目", "预制菜加工项目"]);
    let wrong_site = format!("/park/units/{u101}/allocations/{}/release", held.allocations[0].id);
    assert_eq!(me.post_form(&wrong_site, &[("until", "2024-06-30")]).await.status, StatusCode::NOT_FOUND);

    // The officer allocates the project they carry, and only that one is offered.
    let officer_session = app.login("officer").await;
    let u_page = officer_session.get(&format!("/park/units/{u101}")).await;
    assert_eq!(u_page.texts("#a-project option"), ["— 请选择 —", "汽车内饰件项目"]);
    let foreign = officer_session
        .post_form(&format!("/park/units/{u101}/allocations"), &[("project_id", &food_id), ("from", "2030-01-01")])
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "a project the officer does not see");
    let car_id = car.to_string();
    let own = officer_session
        .post_form(&format!("/park/units/{u101}/allocations"), &[("project_id", &car_id), ("from", "2030-01-01")])
        .await;
    assert_eq!(
        own.text_of("#f-from .field-error").as_deref(),
        Some("该厂房在此期间已分配给“汽车内饰件项目”（2023-08-01 起）")
    );
    drop(app);
    db
});

store_test!(the_api_answers_and_refuses_double_booking, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    let (car, food, _, _, _) = park(&app.store, &app, &admin, None).await;
    let me = app.login("county").await;

    let f = me.api_get("/api/v1/park?as_of=2023-12-31&from=2023-01-01&to=2023-12-31").await;
    assert_eq!(f.status, StatusCode::OK, "{}", f.text);
    let f = f.json();
    assert_eq!((f["reserve_hundredths_mu"].as_i64(), f["built_hundredths_mu"].as_i64()), (Some(0), Some(10_000)));
    assert_eq!(
        (f["space_m2"].as_i64(), f["allocated_m2"].as_i64(), f["occupancy_rate"].as_f64()),
        (Some(5_000), Some(3_000), Some(0.0))
    );
    assert_eq!(f["allocations"]["projects"], 1);
    assert_eq!(f["allocations"]["investment_fen"].as_i64(), Some(10 * FEN_PER_YI));
    let plain = me.api_get("/api/v1/park?as_of=2021-01-01").await.json();
    assert_eq!((plain["reserve_hundredths_mu"].as_i64(), &plain["allocations"]), (Some(25_000), &Value::Null));
    let bad = me.api_get("/api/v1/park?as_of=2023-02-30").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["error"]["message"], "参数 as_of 应写成 2026-01-31 这样的日期");
    assert_eq!(
        me.api_get("/api/v1/park?from=2023-01-01").await.json()["error"]["message"],
        "缺少参数 to（如 2026-01-31）"
    );

    // Parcels and units: created (201), listed, read; bad ones refused by field.
    let made = me
        .api_post_json(
            "/api/v1/park/parcels",
            &json!({"name": "城南物流园B-01", "area_mu": 86.5, "zoning": "logistics"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let b01 = made.json();
    assert_eq!((b01["area_hundredths_mu"].as_i64(), b01["status"].as_str()), (Some(8_650), Some("reserve")));
    let text_area = me
        .api_post_json(
            "/api/v1/park/parcels",
            &json!({"name": "B-02", "area_mu": "1,200.25亩", "zoning": "industrial"}),
        )
        .await;
    assert_eq!(text_area.json()["area_hundredths_mu"].as_i64(), Some(120_025));
    let refused =
        me.api_post_json("/api/v1/park/parcels", &json!({"name": "B-03", "area_mu": "十亩", "zoning": "farm"})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> =
        refused.json()["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].to_string()).collect();
    assert_eq!(fields, ["\"area_mu\"", "\"zoning\""]);
    let list = me.api_get("/api/v1/park/parcels?sort=area&dir=desc&limit=2&as_of=2023-12-31").await.json();
    assert_eq!(list["total"], 4);
    assert_eq!(list["items"][0]["name"], "B-02");
    assert_eq!(list["items"][1]["holder"]["project"], "预制菜加工项目");
    let unit = me
        .api_post_json(
            "/api/v1/park/units",
            &json!({"building": "2号楼", "unit_no": "301", "floor": 3, "area_m2": 1750}),
        )
        .await;
    assert_eq!(unit.status, StatusCode::CREATED, "{}", unit.text);
    let unit_id = unit.json()["id"].as_str().unwrap().to_string();
    let zero = me
        .api_post_json("/api/v1/park/units", &json!({"building": "2号楼", "unit_no": "302", "floor": 3, "area_m2": 0}))
        .await;
    assert_eq!(zero.json()["error"]["fields"][0]["field"], "area_m2");
    assert_eq!(me.api_get("/api/v1/park/units?as_of=2023-12-31").await.json()["total"], 3);

    // Allocating over HTTP: 201, then a double booking 422 under `from`.
    let body =
        json!({"project_id": car, "unit_id": unit_id, "from": "2024-01-01", "until": "2024-12-31", "note": "租赁"});
    let first = me.api_post_json("/api/v1/park/allocations", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let first = first.json();
    assert_eq!(
        (first["unit_id"].as_str(), first["project"].as_str()),
        (Some(unit_id.as_str()), Some("汽车内饰件项目"))
    );
    let overlap = json!({"project_id": food, "unit_id": unit_id, "from": "2024-12-31"});
    let twice = me.api_post_json("/api/v1/park/allocations", &overlap).await;
    assert_eq!((twice.status, twice.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid".to_string()));
    let field = &twice.json()["error"]["fields"][0];
    assert_eq!(field["field"], "from");
    assert_eq!(field["message"], "该厂房在此期间已分配给“汽车内饰件项目”（2024-01-01 至 2024-12-31）");
    let next = json!({"project_id": food, "unit_id": unit_id, "from": "2025-01-01"});
    assert_eq!(
        me.api_post_json("/api/v1/park/allocations", &next).await.status,
        StatusCode::CREATED,
        "adjacent is fine"
    );
    let both = json!({"project_id": food, "unit_id": unit_id, "parcel_id": b01["id"], "from": "2030-01-01"});
    assert_eq!(
        me.api_post_json("/api/v1/park/allocations", &both).await.json()["error"]["fields"][0]["field"],
        "parcel_id"
    );
    let bad_date = json!({"project_id": food, "unit_id": unit_id, "from": "2030年13月1日"});
    let bad_date = me.api_post_json("/api/v1/park/allocations", &bad_date).await.json();
    assert_eq!(bad_date["error"]["fields"][0]["field"], "from");
    assert!(bad_date["error"]["message"].as_str().unwrap().starts_with("起始日期"), "{bad_date}");

    // Releasing over HTTP.
    let id = first["id"].as_str().unwrap();
    let closed =
        me.api_post_json(&format!("/api/v1/park/allocations/{id}/release"), &json!({"until": "2024-06-30"})).await;
    assert_eq!(closed.status, StatusCode::UNPROCESSABLE_ENTITY, "already ended: {}", closed.text);
    let open_id = me.api_get(&format!("/api/v1/park/units/{unit_id}")).await.json()["allocations"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let released =
        me.api_post_json(&format!("/api/v1/park/allocations/{open_id}/release"), &json!({"until": "2025-06-30"})).await;
    assert_eq!(released.status, StatusCode::OK, "{}", released.text);
    assert_eq!(released.json()["until"], "2025-06-30");
    let unknown = me
        .api_post_json(&format!("/api/v1/park/allocations/{}/release", Uuid::now_v7()), &json!({"until": "2025-06-30"}))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(me.api_get(&format!("/api/v1/park/parcels/{}", Uuid::now_v7())).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});
