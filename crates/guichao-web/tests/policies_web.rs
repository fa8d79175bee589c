//! Policies through the app: the list and a policy's page for every
//! built-in role, attachments served only to signed-in readers (a 404
//! otherwise), the API's create, update, beneficiaries and refusals, and a
//! fellow outside the reader's scope never shown.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;

fn body(number: &str) -> serde_json::Value {
    json!({
        "title": "岳阳县返乡创业扶持办法", "issuer": "岳阳县人民政府", "number": number,
        "issued_on": "2022-03-01", "valid_from": "2022-03-01", "valid_to": null, "tags": ["创业", "贴息"],
    })
}

store_test!(policies_pages_api_and_attachments, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("gk", BuiltinRole::TownshipStaff, "筻口镇").await;
    app.user("xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let fellow = app.fellow().named("张一").in_township("新墙镇").by(&admin).create().await;
    let me = app.login("admin").await;

    let res = me.api_post_json("/api/v1/funds/policies", &body("岳政发[2022]12号")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let id = res.json()["policy"]["id"].as_str().unwrap().to_string();
    assert_eq!(res.json()["policy"]["number"], "岳政发〔2022〕12号");
    let bad = me.api_post_json("/api/v1/funds/policies", &body("岳政发2022年12号")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert!(bad.text.contains("number"), "{}", bad.text);

    let link = json!({"kind": "fellow", "target_id": fellow, "amount_fen": 5_000_000, "date": "2022-06-01"});
    let res = me.api_post_json(&format!("/api/v1/funds/policies/{id}/beneficiaries"), &link).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!((res.json()["count"].clone(), res.json()["amount_fen"].clone()), (json!(1), json!(5_000_000)));
    let mut changed = body("岳政发〔2022〕12号");
    changed["title"] = json!("岳阳县返乡创业扶持办法（修订）");
    let res = me.api_put_json(&format!("/api/v1/funds/policies/{id}"), &changed).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    // The township reader of the fellow sees the beneficiary; the other never does.
    let xq = app.login("xq").await;
    assert_eq!(xq.api_get(&format!("/api/v1/funds/policies/{id}")).await.json()["beneficiaries"][0]["name"], "张一");
    assert!(xq.get(&format!("/policies/{id}")).await.text.contains("张一"));
    let page = xq.get(&format!("/fellows/{fellow}")).await;
    assert!(
        page.text.contains("享受的扶持政策") && page.text.contains("岳政发〔2022〕12号"),
        "the fellow's page lists it"
    );
    let gk = app.login("gk").await;
    let seen = gk.api_get(&format!("/api/v1/funds/policies/{id}")).await.json();
    assert_eq!((seen["beneficiaries"].as_array().unwrap().len(), seen["count"].clone()), (0, json!(0)));
    let page = gk.get(&format!("/policies/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text.contains("张一"), "a fellow outside the reader's scope is never shown");
    assert_eq!(gk.get(&format!("/fellows/{fellow}")).await.status, StatusCode::NOT_FOUND);
    let denied = gk.api_post_json("/api/v1/funds/policies", &body("岳政发〔2022〕13号")).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    // An attachment: a download to readers, a 404 to anyone not signed in.
    let write = app.store.policies(&admin, guichao_domain::access::Permission::PolicyWrite).unwrap();
    let pid = id.parse().unwrap();
    let att = write.attach(pid, "办法全文.pdf", "application/pdf", b"%PDF-1.4 full text".to_vec()).await.unwrap();
    let path = format!("/policies/{id}/attachments/{att}");
    let got = gk.get(&path).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.text, "%PDF-1.4 full text");
    assert!(got.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(app.anon().get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        gk.get(&format!("/policies/{id}/attachments/{}", uuid::Uuid::nil())).await.status,
        StatusCode::NOT_FOUND
    );

    // The list and its filters, for every built-in role.
    for role in BuiltinRole::ALL {
        app.user_with(role, "岳阳县").await;
        let me = app.login(role.code()).await;
        let list = me.get("/policies?tag=贴息&on=2023-01-01").await;
        if role.is_administrator() {
            // The three administrators read no registry data (三员分立).
            assert_eq!(list.status, StatusCode::FORBIDDEN, "{role:?}");
            continue;
        }
        assert_eq!(list.status, StatusCode::OK, "{role:?}");
        assert!(list.text.contains("岳政发〔2022〕12号"), "{role:?}");
        assert!(list.text.contains("（修订）"), "{role:?}");
    }
    let none = me.get("/policies?on=2021-01-01").await;
    assert!(!none.text.contains("岳政发〔2022〕12号"));
    let api = me.api_get("/api/v1/funds/policies?q=12号").await.json();
    assert_eq!(api["total"], 1);
    drop(app);
    db
});
