//! "211" households and market entities through HTTP: the county officer
//! records and corrects households on the page (refused in Chinese with
//! what was typed kept) and through `/api/v1/households`; the count by
//! township; township staff see their township's only (another's is 404)
//! and write nothing; the market-entity table by township and kind.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::funds::market::{EntityKind, Registered};
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;

store_test!(households_on_the_pages_and_the_api, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let me = app.login("county").await;
    let village = app.county.unit("新墙村").to_string();
    let empty = me.get("/funds/households").await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
    assert_eq!(empty.text_of(".households-total").as_deref(), Some("0"));

    let bad = me
        .post_form(
            "/funds/households",
            &[("head_name", "张种粮"), ("unit_id", &village), ("area", "一百"), ("income", "12"), ("year", "2022")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.text_of(".household-form .field-error").as_deref(), Some("请填写亩数，如 100 或 98.5"));
    assert_eq!(bad.attr("#h-head", "value").as_deref(), Some("张种粮"), "what was typed stays");
    let low = me
        .post_form(
            "/funds/households",
            &[("head_name", "张种粮"), ("unit_id", &village), ("area", "100"), ("income", "8"), ("year", "2022")],
        )
        .await;
    assert_eq!(low.text_of(".household-form .field-error").as_deref(), Some("211户年收入应不少于10万元"));

    let made = me
        .post_and_follow(
            "/funds/households",
            &[("head_name", "张种粮"), ("unit_id", &village), ("area", "98.5"), ("income", "12"), ("year", "2022")],
        )
        .await;
    assert_eq!(made.text_of("p.ok[role=status]").as_deref(), Some("已登记211户"));
    assert_eq!(made.texts("table.funds-households td.name"), ["张种粮"]);
    assert_eq!(made.texts("table.funds-households td.num"), ["98.5亩", "12万元", "2022"]);

    let gangkou = app.county.unit("筻口村");
    let api = me
        .api_post_json("/api/v1/households", &json!({"head_name": "王种粮", "unit_id": gangkou, "area_hundredths_mu": 11_000, "income_fen": 15_000_000, "year_verified": 2023}))
        .await;
    assert_eq!(api.status, StatusCode::CREATED, "{}", api.text);
    let id = api.json()["id"].as_str().unwrap().to_string();
    assert_eq!(api.json()["township"], "筻口镇");
    let refused = me
        .api_post_json("/api/v1/households", &json!({"head_name": "", "unit_id": gangkou, "area_hundredths_mu": 0, "income_fen": 15_000_000, "year_verified": 2023}))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let put = me
        .api_put_json(&format!("/api/v1/households/{id}"), &json!({"head_name": "王种粮", "unit_id": gangkou, "area_hundredths_mu": 11_000, "income_fen": 18_000_000, "year_verified": 2023}))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    assert_eq!(put.json()["income_fen"], 18_000_000);

    let counts = me.api_get("/api/v1/households/by-township?as_of=2022-12-31").await.json();
    assert_eq!(counts["total"], 1);
    let counts = me.api_get("/api/v1/households/by-township?as_of=2023-12-31").await.json();
    let by: Vec<(String, i64)> = counts["townships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["township"].as_str().unwrap().to_string(), t["households"].as_i64().unwrap()))
        .collect();
    assert_eq!(by, [("新墙镇".to_string(), 1), ("筻口镇".to_string(), 1)]);
    assert_eq!(me.api_get("/api/v1/funds/summary?as_of=2023-12-31").await.json()["households"], 2);
    let page = me.get(&format!("/funds/households?township={}&year=2022", app.county.unit("新墙镇"))).await;
    assert_eq!(page.texts("table.funds-households td.name"), ["张种粮"]);
    let edit = me.get(&format!("/funds/households/{id}")).await;
    assert_eq!(edit.attr("#h-income", "value").as_deref(), Some("18"));
    let fixed = me
        .post_and_follow(
            &format!("/funds/households/{id}"),
            &[
                ("head_name", "王种粮"),
                ("unit_id", &gangkou.to_string()),
                ("area", "110"),
                ("income", "20"),
                ("year", "2023"),
            ],
        )
        .await;
    assert_eq!(fixed.text_of("p.ok[role=status]").as_deref(), Some("已修改211户"));

    // Township staff: their township's households only, no writing.
    let township = app.login("gangkou").await;
    let list = township.api_get("/api/v1/households").await.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["head_name"], "王种粮");
    let seen = township.get("/funds/households").await;
    assert_eq!(seen.texts("table.funds-households td.name"), ["王种粮"]);
    assert!(seen.text_of("#household-form").is_none(), "no form for a reader");
    let xq_id = me.api_get("/api/v1/households?year=2022").await.json()["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(township.api_get(&format!("/api/v1/households/{xq_id}")).await.status, StatusCode::NOT_FOUND);
    let write = township
        .api_post_json("/api/v1/households", &json!({"head_name": "李", "unit_id": gangkou, "area_hundredths_mu": 10_000, "income_fen": 15_000_000, "year_verified": 2023}))
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN);
    db
});

store_test!(the_market_entity_table_by_township_and_kind, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let funds = app.store.funds(&admin, Permission::FundWrite).unwrap();
    let r = |unit: &str, kind, count| Registered { township: app.county.unit(unit), year: 2022, kind, count };
    let records = vec![
        r("新墙镇", EntityKind::Individual, 300),
        r("新墙镇", EntityKind::Enterprise, 40),
        r("筻口镇", EntityKind::Enterprise, 25),
        r("筻口镇", EntityKind::Cooperative, 4),
    ];
    funds.import_entities(records, json!({})).await.unwrap();
    let me = app.login("county").await;
    let page = me.get("/funds/market").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.text_of(".entities-total").as_deref(), Some("369"));
    assert_eq!(page.text_of(".entities-enterprise").as_deref(), Some("65"));
    assert_eq!(page.texts("table.funds-entities tbody td:first-child"), ["新墙镇", "筻口镇"]);
    let api = me.api_get("/api/v1/funds/market?year=2022").await.json();
    assert_eq!(api["totals"]["total"], 369);
    assert_eq!(api["years"], json!([2022]));
    let township = app.login("gangkou").await.api_get("/api/v1/funds/market").await.json();
    assert_eq!(township["totals"]["total"], 29, "a township sees its own");
    db
});
