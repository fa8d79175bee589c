//! The demo county's support money on both backends, read as the program
//! reports it: 279 guarantee loans of exactly 6,800万元 by the end of 2023,
//! the education fund at 7,500万元 at the end of 2021 and 1亿元 at the end
//! of 2023, the special fund never past its 500万元 a year; through the
//! store and through `GET /api/v1/funds/summary` of the in-process app.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::NaiveDate;
use guichao::demo;
use guichao_domain::access::Permission;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use http_body_util::BodyExt;
use tower::ServiceExt;

const WAN: i64 = 1_000_000;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn summary(app: &axum::Router, token: &str, as_of: &str) -> serde_json::Value {
    let request = Request::get(format!("/api/v1/funds/summary?as_of={as_of}"))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap()
}

store_test!(the_demo_funds_report_the_programs_figures, |db: TestDb| async move {
    let store = &db.store;
    let tenant = demo::create_county(store, "Demo-pass-1").await.unwrap();
    let written = demo::funds::add(store, tenant.id).await.unwrap();
    assert_eq!(written.loans, 279);

    let admin = store.system().user_id_by_name(tenant.id, "county").await.unwrap().unwrap();
    let actor = store.system().actor(tenant.id, admin).await.unwrap();
    let funds = store.funds(&actor, Permission::FundRead).unwrap();
    let end_2023 = funds.summary(day(2023, 12, 31)).await.unwrap();
    assert_eq!((end_2023.loans_count, end_2023.loans_amount_fen), (279, 6_800 * WAN));
    assert_eq!(end_2023.education_fund_fen, 10_000 * WAN);
    let end_2021 = funds.summary(day(2021, 12, 31)).await.unwrap();
    assert_eq!(end_2021.education_fund_fen, 7_500 * WAN);
    assert_eq!(end_2021.loans_count, 80);
    for b in funds.budgets(day(2099, 1, 1)).await.unwrap() {
        assert_eq!(b.balance.budget_fen, 500 * WAN);
        assert!(b.left_fen >= 0, "{} never past its budget", b.year);
    }
    let t = funds.loan_totals(day(2023, 12, 31)).await.unwrap();
    assert_eq!(t.by_year.iter().map(|(y, t)| (*y, t.count)).collect::<Vec<_>>(), [(2021, 80), (2022, 95), (2023, 104)]);
    assert_eq!(t.by_township.len(), 14, "every township has loans");
    let overdue = guichao_store::funds::loans::LoanQuery {
        as_of: guichao_domain::date::today(),
        year: None,
        bank: None,
        status: Some("overdue".into()),
        by_amount: false,
        descending: false,
        offset: 0,
        limit: 50,
    };
    assert_eq!(funds.loans(&overdue).await.unwrap().1, 5);

    // The same figures through the API, as the leader reads them.
    let app = guichao_web::app(guichao_web::AppState::new(store.clone(), Default::default()));
    let leader = store.system().create_token_for(tenant.id, "leader", "demo test").await.unwrap();
    let s = summary(&app, &leader.token, "2023-12-31").await;
    assert_eq!(s["loans_count"], 279);
    assert_eq!(s["loans_amount_fen"], 6_800 * WAN);
    assert_eq!(s["education_fund_fen"], 10_000 * WAN);
    assert_eq!(summary(&app, &leader.token, "2021-12-31").await["education_fund_fen"], 7_500 * WAN);
    db
});
