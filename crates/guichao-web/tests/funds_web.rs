//! Support money through HTTP: the county officer sets the special fund's
//! budget and walks a grant through its steps on the pages (refused in
//! Chinese past the balance or out of order), records loans and repayments
//! and the education fund's donations and payments through the API (409
//! past what the fund holds), prints a thank-you letter; township staff see
//! their township's loans only and write nothing; a leader reads the
//! summary; a project officer has no funds; another county answers 404.

mod common;

use axum::http::StatusCode;
use chrono::{Datelike, Days};
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_domain::date::today;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;

fn ago(days: u64) -> String {
    today().checked_sub_days(Days::new(days)).unwrap().to_string()
}

store_test!(a_grant_goes_through_its_steps_on_the_pages, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let me = app.login("county").await;
    let overview = me.get("/funds").await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.text);
    assert_eq!(overview.text_of(".funds-summary .loans-count").as_deref(), Some("0"));

    let year = today().year().to_string();
    let bad = me.post_form("/funds/special/budgets", &[("year", &year), ("amount", "五百")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text_of(".budget-form .field-error").unwrap().contains("无法识别"));
    let set = me.post_and_follow("/funds/special/budgets", &[("year", &year), ("amount", "500"), ("note", "")]).await;
    assert_eq!(set.text_of("p.ok[role=status]"), Some(format!("已设定年度预算：{year}")));
    assert_eq!(set.texts("table.funds-budgets td.left"), ["500万元"]);

    let xinqiang = app.county.unit("新墙镇").to_string();
    let grant = |name: &'static str, amount: &'static str| {
        vec![
            ("party_kind", "person".to_string()),
            ("name", name.to_string()),
            ("unit_id", xinqiang.clone()),
            ("amount", amount.to_string()),
            ("date", ago(3)),
            ("purpose", "返乡创办农产品加工厂".to_string()),
            ("policy", "岳政发〔2023〕5号".to_string()),
        ]
    };
    let pairs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let send = |v: Vec<(&'static str, String)>| pairs(&v);
    let no_name = send(grant("", "300"));
    let no_name: Vec<(&str, &str)> = no_name.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = me.post_form("/funds/special/grants", &no_name).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.text_of(".grant-form .field-error").as_deref(), Some("此项不能为空"));
    assert_eq!(refused.attr("#grant-amount", "value").as_deref(), Some("300"), "what was typed stays");

    let mut pages = Vec::new();
    for (name, amount) in [("李返乡", "300"), ("王返乡", "350")] {
        let form = send(grant(name, amount));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let made = me.post_form("/funds/special/grants", &form).await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
        pages.push(made.location().unwrap().to_string());
    }
    let today_s = today().to_string();
    for page in &pages {
        let steps = format!("{page}/steps");
        let skipped = me.post_form(&steps, &[("step", "approved"), ("date", &today_s)]).await;
        assert_eq!(skipped.error_message().as_deref(), Some("该资金申请当前为“已申请”，不能登记为“已批准”"));
        let reviewed = me.post_and_follow(&steps, &[("step", "reviewed"), ("date", &today_s)]).await;
        assert_eq!(reviewed.text_of("p.ok[role=status]").as_deref(), Some("已登记审批环节"));
    }
    let first = me.post_and_follow(&format!("{}/steps", pages[0]), &[("step", "approved"), ("date", &today_s)]).await;
    assert_eq!(first.texts("ol.steps li strong"), ["已申请", "已审核", "已批准"]);
    let over = me.post_form(&format!("{}/steps", pages[1]), &[("step", "approved"), ("date", &today_s)]).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(over.error_message(), Some(format!("{year}年专项资金余额不足：剩余 200万元")));
    let list = me.get("/funds/special?sort=amount&dir=desc").await;
    assert_eq!(list.texts("table.funds-grants td.status"), ["已审核", "已批准"], "350万 first");

    // Township staff read their township's grants and write none.
    let township = app.login("xinqiang").await;
    assert_eq!(township.get(&pages[0]).await.status, StatusCode::OK);
    assert!(township.get(&pages[0]).await.texts("form.step-form").is_empty(), "no step form");
    let theirs = township.post_form(&format!("{}/steps", pages[1]), &[("step", "approved"), ("date", &today_s)]).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});

store_test!(loans_and_the_education_fund_through_the_api, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let me = app.login("county").await;
    let xinqiang = app.county.unit("新墙镇");
    let loan = json!({
        "borrower": {"kind": "person", "name": "张创业", "unit_id": xinqiang},
        "phone": "13800138000", "bank": "岳阳县农村商业银行", "amount_fen": 20_000_000,
        "rate_bp": 345, "subsidy_bp": 345, "term_months": 24, "disbursed": "2023-03-15",
        "plan": "equal_principal",
    });
    let made = me.api_post_json("/api/v1/funds/loans", &loan).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let body = made.json();
    assert_eq!(body["loan"]["phone"], "138****8000");
    assert_eq!(body["schedule"].as_array().unwrap().len(), 24);
    let id = body["loan"]["id"].as_str().unwrap().to_string();
    let bad = me.api_post_json("/api/v1/funds/loans", &json!({"borrower": {"kind": "person", "name": "李", "unit_id": xinqiang}, "bank": "", "amount_fen": 0, "rate_bp": 345, "term_months": 24, "disbursed": "2023-03-15"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = bad.json();
    let fields: Vec<&str> =
        bad["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["amount"]);
    let over = me
        .api_post_json(
            &format!("/api/v1/funds/loans/{id}/repayments"),
            &json!({"date": "2023-04-15", "principal_fen": 30_000_000}),
        )
        .await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(over.json()["error"]["fields"][0]["field"], "principal");
    let paid = me
        .api_post_json(
            &format!("/api/v1/funds/loans/{id}/repayments"),
            &json!({"date": "2023-04-15", "principal_fen": 833_333}),
        )
        .await;
    assert_eq!(paid.status, StatusCode::CREATED);
    let on_may = me.api_get(&format!("/api/v1/funds/loans/{id}?as_of=2023-05-20")).await.json();
    assert_eq!(
        (on_may["loan"]["status"].as_str(), on_may["loan"]["days_overdue"].as_i64()),
        (Some("overdue"), Some(5))
    );
    let totals = me.api_get("/api/v1/funds/loans/totals?as_of=2023-12-31").await.json();
    assert_eq!((totals["count"].as_i64(), totals["by_township"][0]["key"].as_str()), (Some(1), Some("新墙镇")));
    let page = me.get(&format!("/funds/loans/{id}")).await;
    assert_eq!(page.texts("table.loan-schedule tbody tr").len(), 24);
    assert_eq!(me.get("/funds/loans?status=overdue").await.texts("table.funds-loans td.name"), ["张创业"]);

    // 筻口镇 sees none of 新墙镇's loans, and writes nothing.
    let gangkou = app.login("gangkou").await;
    assert_eq!(gangkou.api_get(&format!("/api/v1/funds/loans/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(gangkou.api_get("/api/v1/funds/loans").await.json()["total"], 0);
    assert_eq!(gangkou.api_post_json("/api/v1/funds/loans", &loan).await.status, StatusCode::FORBIDDEN);

    // The education fund: a branch, a donation paid in, a payment past what it holds.
    let county_unit = app.county.unit("岳阳县");
    let opened = me
        .api_post_json("/api/v1/funds/education/branches", &json!({"unit_id": county_unit, "name": "岳阳县教育基金会"}))
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text);
    let branch = opened.json()["branches"][0]["id"].as_str().unwrap().to_string();
    let gift = json!({"branch_id": branch, "donor": {"kind": "person", "name": "赵乡贤", "unit_id": xinqiang},
        "amount_fen": 50_000_000, "pledged_on": "2023-09-01", "paid_on": "2023-09-10", "purpose": "奖教助学"});
    let donated = me.api_post_json("/api/v1/funds/education/donations", &gift).await;
    assert_eq!(donated.status, StatusCode::CREATED, "{}", donated.text);
    let donation = donated.json()["id"].as_str().unwrap().to_string();
    let out = |fen: i64| json!({"branch_id": branch, "kind": "scholarship", "recipient": "2023年考入大学的困难学生", "amount_fen": fen, "date": today().to_string()});
    let short = me.api_post_json("/api/v1/funds/education/disbursements", &out(60_000_000)).await;
    assert_eq!(short.status, StatusCode::CONFLICT);
    assert_eq!(short.json()["error"]["message"], "教育基金余额不足：现有 50万元");
    assert_eq!(
        me.api_post_json("/api/v1/funds/education/disbursements", &out(10_000_000)).await.status,
        StatusCode::CREATED
    );
    let fund = me.api_get("/api/v1/funds/education?as_of=2023-12-31").await.json();
    assert_eq!(fund["size"]["size_fen"], 50_000_000);
    let letter = me.get(&format!("/funds/education/donations/{donation}/letter")).await;
    assert_eq!(letter.status, StatusCode::OK);
    assert_eq!(letter.texts("article.letter p")[0], "尊敬的赵乡贤先生/女士：");
    assert!(me.get("/funds/education").await.texts("table.edu-branches td.size").contains(&"40万元".to_string()));

    // The leader reads the summary and writes nothing; the officer has no funds.
    let leader = app.login("leader").await;
    let s = leader.api_get(&format!("/api/v1/funds/summary?as_of={}", today())).await.json();
    assert_eq!((s["loans_count"].as_i64(), s["loans_amount_fen"].as_i64()), (Some(1), Some(20_000_000)));
    assert_eq!(s["education_fund_fen"], 40_000_000);
    assert_eq!(leader.api_post_json("/api/v1/funds/loans", &loan).await.status, StatusCode::FORBIDDEN);
    assert_eq!(leader.get("/funds/loans").await.status, StatusCode::OK);
    let officer = app.login("officer").await;
    assert_eq!(officer.get("/funds").await.status, StatusCode::FORBIDDEN);
    assert_eq!(officer.api_get("/api/v1/funds/summary").await.status, StatusCode::FORBIDDEN);
    assert_eq!(leader.api_get("/api/v1/funds/summary?as_of=2023-02-30").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    app.user("pingjiang", BuiltinRole::CountyAdmin, "平江县").await;
    let other = app.login("pingjiang").await;
    assert_eq!(other.api_get(&format!("/api/v1/funds/loans/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/funds/education/donations/{donation}/letter")).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});
