//! The demo county's "211" households and new market entities on both
//! backends, counted from the records: over 1,000 households by the end of
//! 2023 (in the store's count by township and in `GET /api/v1/funds/summary`),
//! and 12,680 new market entities in 2022 of which 2,947 enterprises.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::NaiveDate;
use guichao::demo;
use guichao_domain::access::Permission;
use guichao_domain::funds::market::{EntityKind, year_table};
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use http_body_util::BodyExt;
use tower::ServiceExt;

store_test!(the_demo_households_and_entities_are_the_programs, |db: TestDb| async move {
    let store = &db.store;
    let tenant = demo::create_county(store, "Demo-pass-1").await.unwrap();
    let written = demo::households::add(store, tenant.id).await.unwrap();
    assert_eq!(written.households, demo::households::HOUSEHOLDS);

    let admin = store.system().user_id_by_name(tenant.id, "county").await.unwrap().unwrap();
    let actor = store.system().actor(tenant.id, admin).await.unwrap();
    let funds = store.funds(&actor, Permission::FundRead).unwrap();
    let end_2023 = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    let by_township = funds.households_by_township(end_2023).await.unwrap();
    let total: i64 = by_township.iter().map(|(_, _, n)| n).sum();
    assert!(total > 1_000, "{total} households");
    assert_eq!(total, 1_120);
    assert!(by_township.iter().all(|(_, _, n)| *n > 0), "every township has households");
    assert_eq!(funds.summary(end_2023).await.unwrap().households, 1_120);
    assert_eq!(funds.summary(NaiveDate::from_ymd_opt(2019, 6, 1).unwrap()).await.unwrap().households, 150);

    let table = year_table(&funds.entity_records().await.unwrap(), 2022);
    assert_eq!(table.totals.total(), 12_680);
    assert_eq!(table.totals.of(EntityKind::Enterprise), 2_947);
    assert_eq!(table.rows.values().map(|r| r.total()).sum::<i64>(), 12_680);

    let app = guichao_web::app(guichao_web::AppState::new(store.clone(), Default::default()));
    let leader = store.system().create_token_for(tenant.id, "leader", "demo test").await.unwrap();
    let request = Request::get("/api/v1/funds/summary?as_of=2023-12-31")
        .header("authorization", format!("Bearer {}", leader.token))
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let s: serde_json::Value =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert!(s["households"].as_i64().unwrap() > 1_000, "{s}");
    db
});
