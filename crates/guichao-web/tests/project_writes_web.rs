//! Writing projects through HTTP: the JSON API (create, replace with a
//! version, stage events with their order rules, fellows credited and taken
//! back, funds in place) and the same through the forms, each refusal naming
//! its field, each role held to its reach.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::{Value, json};

fn fields(v: &Value) -> Vec<String> {
    v["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect()
}

store_test!(the_api_records_a_project_from_lead_to_funds, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let county = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    let officer = app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let zhang = app.fellow().named("张三").in_village("新墙村").by(&county).create().await;
    let me = app.login("county").await;

    // Create: the company named is recorded, the amounts are fen.
    let body = json!({
        "name": "汽车内饰件生产线项目", "kind": "manufacturing", "investment_fen": 35_000_000_000i64,
        "fixed_asset_fen": 20_000_000_000i64, "unit_id": app.county.unit("新墙镇"),
        "officer_id": officer.user_id(), "source": "task_force",
        "company": {"name": "深圳湘岳汽车内饰有限公司", "credit_code": "91430621MA4L0000XG", "city": "深圳"},
    });
    let made = me.api_post_json("/api/v1/projects", &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let p = made.json();
    let id = p["id"].as_str().unwrap().to_string();
    assert_eq!((p["stage"].as_str(), p["company"].as_str()), (Some("lead"), Some("深圳湘岳汽车内饰有限公司")));

    // Every broken rule under its field; nothing written.
    let bad = json!({"name": "", "investment_fen": -5, "kind": "casino", "unit_id": app.county.unit("新墙镇")});
    let refused = me.api_post_json("/api/v1/projects", &bad).await;
    assert_eq!((refused.status, fields(&refused.json())), (StatusCode::UNPROCESSABLE_ENTITY, vec!["kind".to_string()]));
    let bad = json!({"name": "", "investment_fen": -5, "unit_id": app.county.unit("新墙镇")});
    let refused = me.api_post_json("/api/v1/projects", &bad).await;
    let mut named = fields(&refused.json());
    named.sort();
    assert_eq!(named, ["investment_fen", "name"]);
    assert_eq!(me.api_get("/api/v1/projects").await.json()["total"], 1);

    // Stages: signing before the first inspection is refused under `date`.
    let events = format!("/api/v1/projects/{id}/events");
    let inspected =
        me.api_post_json(&events, &json!({"stage": "inspected", "date": "2023-05-02", "note": "首次考察"})).await;
    assert_eq!(inspected.status, StatusCode::CREATED, "{}", inspected.text);
    let early = me.api_post_json(&events, &json!({"stage": "signed", "date": "2023-04-30"})).await;
    assert_eq!((early.status, fields(&early.json())), (StatusCode::UNPROCESSABLE_ENTITY, vec!["date".to_string()]));
    let lead = me.api_post_json(&events, &json!({"stage": "lead", "date": "2023-04-30"})).await;
    assert_eq!(fields(&lead.json()), ["stage"]);
    let signed = me.api_post_json(&events, &json!({"stage": "signed", "date": "2023-05-09"})).await;
    assert_eq!(signed.json()["stage"], "signed");
    let future = me.api_post_json(&events, &json!({"stage": "started", "date": "2999-01-01"})).await;
    assert_eq!(fields(&future.json()), ["date"]);

    // Credits: a fellow in a role, taken back by role.
    let credits = format!("/api/v1/projects/{id}/fellows");
    let credited = me.api_post_json(&credits, &json!({"fellow_id": zhang, "role": "investor"})).await;
    assert_eq!(credited.status, StatusCode::CREATED, "{}", credited.text);
    assert_eq!(credited.json()["fellows"][0]["role"], "investor");
    let bad_role = me.api_post_json(&credits, &json!({"fellow_id": zhang, "role": "boss"})).await;
    assert_eq!(fields(&bad_role.json()), ["role"]);
    assert_eq!(me.api_delete(&format!("{credits}/{zhang}")).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(me.api_delete(&format!("{credits}/{zhang}?role=investor")).await.status, StatusCode::NO_CONTENT);

    // Funds: positive, and within the investment unless a note explains.
    let funds = format!("/api/v1/projects/{id}/funds");
    let paid = me
        .api_post_json(
            &funds,
            &json!({"amount_fen": 5_000_000_000i64, "date": "2023-08-01", "evidence": "bank_receipt"}),
        )
        .await;
    assert_eq!((paid.status, &paid.json()["funds_in_place_fen"]), (StatusCode::CREATED, &json!(5_000_000_000i64)));
    let negative = me.api_post_json(&funds, &json!({"amount_fen": -1, "date": "2023-08-01"})).await;
    assert_eq!(fields(&negative.json()), ["amount_fen"]);
    let over = me.api_post_json(&funds, &json!({"amount_fen": 31_000_000_000i64, "date": "2023-09-01"})).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Replace: with the version read; a stale version is a conflict.
    let put = json!({
        "name": "汽车内饰件生产线项目（一期）", "investment_fen": 36_000_000_000i64, "kind": "manufacturing",
        "unit_id": app.county.unit("新墙镇"), "officer_id": officer.user_id(), "version": 1,
    });
    let replaced = me.api_put_json(&format!("/api/v1/projects/{id}"), &put).await;
    assert_eq!((replaced.status, &replaced.json()["version"]), (StatusCode::OK, &json!(2)), "{}", replaced.text);
    assert_eq!(me.api_put_json(&format!("/api/v1/projects/{id}"), &put).await.status, StatusCode::CONFLICT);

    // The officer records progress on the project they carry, but starts none.
    let officer_session = app.login("officer").await;
    let started = officer_session.api_post_json(&events, &json!({"stage": "started", "date": "2023-10-08"})).await;
    assert_eq!(started.json()["stage"], "started", "{}", started.text);
    let theirs = officer_session
        .api_post_json("/api/v1/projects", &json!({"name": "新项目", "unit_id": app.county.unit("新墙镇")}))
        .await;
    assert_eq!(fields(&theirs.json()), ["unit_id"]);
    // The leader and the township staff read only.
    for reader in ["leader", "xinqiang"] {
        let s = app.login(reader).await;
        assert_eq!(
            s.api_post_json(&events, &json!({"stage": "registered", "date": "2023-10-09"})).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(s.api_post_json("/api/v1/projects", &body).await.status, StatusCode::FORBIDDEN);
    }
    drop(app);
    db
});

store_test!(the_forms_create_edit_and_record_progress, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let county = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    app.fellow().named("李四").in_township("筻口镇").by(&county).create().await;
    let me = app.login("county").await;
    let unit = app.county.unit("筻口镇").to_string();

    // The list offers the new form to a writer with units, not to an officer.
    assert_eq!(me.get("/projects").await.attrs("a[href='/projects/new']", "href").len(), 1);
    let officer = app.login("officer").await;
    assert!(officer.get("/projects").await.attrs("a[href='/projects/new']", "href").is_empty());

    // A refused form keeps what was typed and names each problem under its field.
    let form = me.get("/projects/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let bad = [
        ("name", "预制菜加工项目"),
        ("money_unit", "yi"),
        ("investment_fen", "三亿"),
        ("land_need_hundredths_mu", "12.345"),
        ("unit_id", unit.as_str()),
        ("kind", "agriculture"),
        ("source", "chamber"),
    ];
    let refused = me.post_form("/projects", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    for field in ["investment_fen", "land_need_hundredths_mu", "source_chamber_id"] {
        assert_eq!(refused.texts(&format!("#f-{field} .field-error")).len(), 1, "{field}");
    }
    assert_eq!(refused.attrs("#in-name", "value"), ["预制菜加工项目"]);

    // A good form: 3.5 in 亿元 is 3.5亿.
    let good = [
        ("name", "预制菜加工项目"),
        ("money_unit", "yi"),
        ("investment_fen", "3.5"),
        ("land_need_hundredths_mu", "12.5"),
        ("unit_id", unit.as_str()),
        ("kind", "agriculture"),
        ("source", "task_force"),
        ("company_name", "岳阳湘味食品有限公司"),
    ];
    let page = me.post_and_follow("/projects", &good).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let facts = page.texts("dl.facts dd");
    for fact in ["3.5亿元", "12.5 亩", "岳阳湘味食品有限公司", "现代农业"] {
        assert!(facts.iter().any(|f| f == fact), "{fact} in {facts:?}");
    }
    let id = page.attrs("form#add-event", "action")[0]
        .trim_start_matches("/projects/")
        .trim_end_matches("/events")
        .to_string();

    // The edit form comes back filled in, in 万元, and saves.
    let edit = me.get(&format!("/projects/{id}/edit")).await;
    assert_eq!(edit.attrs("#in-investment_fen", "value"), ["35000"]);
    let mut changed = good.to_vec();
    changed[0] = ("name", "预制菜加工项目（二期）");
    changed.push(("version", "1"));
    let saved = me.post_and_follow(&format!("/projects/{id}/edit"), &changed).await;
    assert_eq!(saved.text_of("h1").map(|h| h.contains("二期")), Some(true));
    let stale = me.post_form(&format!("/projects/{id}/edit"), &changed).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    // Progress forms: an event out of order is refused beside its form.
    me.post_and_follow(&format!("/projects/{id}/events"), &[("stage", "inspected"), ("on", "2023-03-01")]).await;
    let early = me.post_form(&format!("/projects/{id}/events"), &[("stage", "signed"), ("on", "2023-02-01")]).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(early.texts("#add-event .error").len(), 1);
    assert_eq!(early.attrs("#add-event input[name='on']", "value"), ["2023-02-01"]);
    let signed =
        me.post_and_follow(&format!("/projects/{id}/events"), &[("stage", "signed"), ("on", "2023-03-08")]).await;
    assert_eq!(signed.texts("#history td[data-label='阶段']"), ["考察", "签约"]);
    let credited =
        me.post_and_follow(&format!("/projects/{id}/fellows"), &[("fellow_id", "李四"), ("role", "introducer")]).await;
    assert_eq!(credited.texts("#fellows li a"), ["李四"]);
    let funds = [("amount", "8000"), ("money_unit", "wan"), ("on", "2023-06-01"), ("evidence", "capital_verification")];
    let paid = me.post_and_follow(&format!("/projects/{id}/funds"), &funds).await;
    assert_eq!(paid.text_of("#funds h2 small").as_deref(), Some("8000万元"));
    let too_much = [("amount", "4"), ("money_unit", "yi"), ("on", "2023-06-02"), ("evidence", "other")];
    assert_eq!(
        me.post_form(&format!("/projects/{id}/funds"), &too_much).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The officer may not see a project they do not carry.
    assert_eq!(officer.get(&format!("/projects/{id}/edit")).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});

store_test!(the_counting_rules_decide_what_the_figures_count, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let me = app.login("county").await;
    let unit = app.county.unit("新墙镇");
    for (name, kind, fen, city) in [
        ("电子元件项目", "manufacturing", 50_000_000_000i64, "深圳"),
        ("湖景楼盘项目", "real_estate", 80_000_000_000, "长沙"),
        ("本地食品项目", "agriculture", 5_000_000_000, "岳阳"),
    ] {
        let body = json!({"name": name, "kind": kind, "investment_fen": fen, "unit_id": unit, "company": {"name": format!("{name}公司"), "city": city}});
        let id = me.api_post_json("/api/v1/projects", &body).await.json()["id"].as_str().unwrap().to_string();
        let signed = me
            .api_post_json(&format!("/api/v1/projects/{id}/events"), &json!({"stage": "signed", "date": "2024-03-01"}))
            .await;
        assert_eq!(signed.status, StatusCode::CREATED, "{}", signed.text);
    }
    let metrics = "/api/v1/metrics/projects?from=2024-01-01&to=2024-12-31&as_of=2024-12-31";
    let all = me.api_get(metrics).await.json();
    assert_eq!((all["projects_signed"].as_u64(), all["counting_rules"].as_array().map(Vec::len)), (Some(3), Some(0)));

    // Real estate out, 1000万元 at least, only from outside 岳阳.
    let rules = json!({"min_investment_fen": 1_000_000_000i64, "excluded_kinds": ["real_estate"], "outside_city_only": true, "home_city": "岳阳"});
    let set = me.api_put_json("/api/v1/projects/counting-rules", &rules).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.text);
    assert_eq!(set.json()["description"].as_array().map(Vec::len), Some(3));
    let kept = me.api_get(metrics).await.json();
    assert_eq!((kept["projects_signed"].as_u64(), kept["investment_fen"].as_i64()), (Some(1), Some(50_000_000_000)));
    assert_eq!(kept["counting_rules"][1], "不计房地产项目");
    let bad = json!({"excluded_kinds": ["casino"]});
    assert_eq!(fields(&me.api_put_json("/api/v1/projects/counting-rules", &bad).await.json()), ["excluded_kinds"]);
    let no_city = json!({"outside_city_only": true});
    assert_eq!(fields(&me.api_put_json("/api/v1/projects/counting-rules", &no_city).await.json()), ["home_city"]);

    // The page shows them; a township reads them but may not change them.
    let page = me.get("/projects/rules").await;
    assert_eq!(page.texts("#rules li").len(), 3);
    assert_eq!(page.attrs("#rules-form input[name='min_investment']", "value"), ["1000"]);
    let cleared = me.post_and_follow("/projects/rules", &[("min_investment", ""), ("home_city", "岳阳")]).await;
    assert_eq!(cleared.texts("#rules li").len(), 0);
    let township = app.login("xinqiang").await;
    assert!(township.get("/projects/rules").await.texts("#rules-form").is_empty());
    assert_eq!(township.api_put_json("/api/v1/projects/counting-rules", &rules).await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});
