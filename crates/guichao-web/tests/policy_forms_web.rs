//! Policies written through the pages and the API: the new and edit forms
//! (each problem beside its field, what was typed kept), attachments
//! uploaded and downloaded, beneficiaries linked and removed, refusals to a
//! user without `policy.write`, and a 404 for what lies outside the scope.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;

fn policy_form<'a>(number: &'a str, valid_to: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", "岳阳县返乡创业扶持办法"),
        ("issuer", "岳阳县人民政府"),
        ("number", number),
        ("issued_on", "2022-03-01"),
        ("valid_from", "2022-03-01"),
        ("valid_to", valid_to),
        ("tags", "返乡创业，担保贷款"),
    ]
}

store_test!(policy_forms_create_edit_and_refuse, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let me = app.login("admin").await;

    let list = me.get("/policies").await;
    assert!(list.text.contains("/policies/new"), "a writer is offered the new form");
    let form = me.get("/policies/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text.contains("name=\"number\""));

    // Every problem beside its field, in Chinese, what was typed kept; nothing written.
    let bad = me
        .post_form(
            "/policies",
            &[
                ("title", "半成品"),
                ("issuer", ""),
                ("number", "岳政发2022年12号"),
                ("issued_on", "2022-03-01"),
                ("valid_from", "2022-03-01"),
                ("valid_to", ""),
                ("tags", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let errors = bad.texts(".field.invalid .field-error");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("不能为空")), "{errors:?}");
    assert_eq!(bad.input_value("title").as_deref(), Some("半成品"));
    assert_eq!(bad.input_value("number").as_deref(), Some("岳政发2022年12号"));
    let bad_date = me.post_form("/policies", &policy_form("岳政发〔2022〕12号", "2022-13-45")).await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_date.text_of(".field.invalid .field-error").unwrap().contains("失效日期"), "{}", bad_date.text);
    assert_eq!(me.api_get("/api/v1/funds/policies").await.json()["total"], 0, "nothing written");

    let created = me.post_form("/policies", &policy_form("岳政发[2022]12号", "")).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
    let at = created.location().unwrap().to_string();
    let id = at.trim_start_matches("/policies/").to_string();
    let page = me.get(&at).await;
    assert!(page.text.contains("已登记政策文件") && page.text.contains("岳政发〔2022〕12号"), "{}", page.text);
    assert!(page.text.contains(&format!("/policies/{id}/edit")));

    let edit = me.get(&format!("/policies/{id}/edit")).await;
    assert_eq!(edit.input_value("number").as_deref(), Some("岳政发〔2022〕12号"));
    assert_eq!(edit.input_value("tags").as_deref(), Some("返乡创业，担保贷款"));
    let mut changed = policy_form("岳政发〔2022〕12号", "2025-12-31");
    changed[0] = ("title", "岳阳县返乡创业扶持办法（修订）");
    let saved = me.post_and_follow(&format!("/policies/{id}"), &changed).await;
    assert!(saved.text.contains("（修订）") && saved.text.contains("2025-12-31"), "{}", saved.text);
    let reversed = me.post_form(&format!("/policies/{id}"), &policy_form("岳政发〔2022〕12号", "2021-01-01")).await;
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reversed.text_of(".field.invalid .field-error").is_some());
    assert_eq!(reversed.input_value("valid_to").as_deref(), Some("2021-01-01"));
    let dup = me.post_form("/policies", &policy_form("岳政发〔2022〕12号", "")).await;
    assert!(dup.text_of(".field.invalid .field-error").unwrap().contains("已登记"), "{}", dup.text);

    // A reader without policy.write: no buttons, the forms and writes refused.
    let xq = app.login("xq").await;
    assert!(!xq.get("/policies").await.text.contains("/policies/new"));
    assert!(!xq.get(&at).await.text.contains("/edit"));
    assert_eq!(xq.get("/policies/new").await.status, StatusCode::FORBIDDEN);
    assert_eq!(xq.get(&format!("/policies/{id}/edit")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(xq.post_form("/policies", &policy_form("岳政发〔2022〕13号", "")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(xq.post_form(&format!("/policies/{id}"), &changed).await.status, StatusCode::FORBIDDEN);
    // A policy that does not exist is a 404.
    let nil = uuid::Uuid::nil();
    assert_eq!(me.get(&format!("/policies/{nil}/edit")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(me.post_form(&format!("/policies/{nil}"), &changed).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});

store_test!(policy_attachments_and_beneficiaries_on_the_page_and_api, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("gk", BuiltinRole::TownshipStaff, "筻口镇").await;
    let fellow = app.fellow().named("张一").in_township("新墙镇").by(&admin).create().await;
    let me = app.login("admin").await;
    let id = me.post_form("/policies", &policy_form("岳政发〔2022〕12号", "")).await.location().unwrap().to_string();
    let id = id.trim_start_matches("/policies/").to_string();

    // An attachment through the page: refused when empty, then kept and downloaded.
    let empty = me.post_multipart(&format!("/policies/{id}/attachments"), &[], ("空.pdf", b"")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text_of(".field.invalid .field-error").unwrap().contains("请选择要上传的文件"));
    let up = me.post_multipart(&format!("/policies/{id}/attachments"), &[], ("办法全文.pdf", b"%PDF-1.4 text")).await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.text);
    let page = me.get(&format!("/policies/{id}")).await;
    assert!(page.text.contains("已上传附件") && page.text.contains("办法全文.pdf"));
    let href = page.attr("#attachments li a", "href").unwrap();
    let got = me.get(&href).await;
    assert_eq!((got.status, got.text.as_str()), (StatusCode::OK, "%PDF-1.4 text"));
    assert!(got.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let xq = app.login("xq").await;
    assert_eq!(xq.get(&href).await.text, "%PDF-1.4 text", "any signed-in reader downloads");
    assert_eq!(app.anon().get(&href).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        xq.post_multipart(&format!("/policies/{id}/attachments"), &[], ("x.pdf", b"%PDF")).await.status,
        StatusCode::FORBIDDEN
    );

    // A beneficiary through the page: refusals beside their fields, then linked by name.
    let path = format!("/policies/{id}/beneficiaries");
    let bad = me
        .post_form(&path, &[("kind", "fellow"), ("fellow_id", "无此人"), ("amount", "-5"), ("date", "2022-06-01")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = bad.texts(".beneficiary-form .field.invalid .field-error");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("无此人"), "{errors:?}");
    assert_eq!(bad.input_value("amount").as_deref(), Some("-5"));
    let linked = me
        .post_and_follow(
            &path,
            &[
                ("kind", "fellow"),
                ("fellow_id", "张一"),
                ("amount", "50000"),
                ("date", "2022-06-01"),
                ("note", "创业补贴"),
            ],
        )
        .await;
    assert!(linked.text.contains("已登记受益对象"), "{}", linked.text);
    assert_eq!(linked.texts("table.beneficiaries tbody tr").len(), 1);
    assert!(linked.text.contains("创业补贴"));
    let detail = me.api_get(&format!("/api/v1/funds/policies/{id}")).await.json();
    assert_eq!(detail["amount_fen"], 5_000_000);
    assert_eq!(detail["attachments"][0]["name"], "办法全文.pdf");
    let row = detail["beneficiaries"][0]["id"].as_str().unwrap().to_string();

    let remove = format!("/policies/{id}/beneficiaries/{row}/delete");
    let other = me.post_form("/policies", &policy_form("岳政发〔2022〕13号", "")).await.location().unwrap().to_string();
    assert_eq!(me.post_form(&format!("{other}/beneficiaries/{row}/delete"), &[]).await.status, StatusCode::NOT_FOUND);
    let removed = me.post_and_follow(&remove, &[]).await;
    assert!(removed.text.contains("已移除受益对象"));
    assert!(removed.texts("table.beneficiaries tbody tr").is_empty());
    assert_eq!(me.post_form(&remove, &[]).await.status, StatusCode::NOT_FOUND);

    // The same through the API: an upload (multipart `file`), its download, a removal.
    let boundary = "----policy-api";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"细则.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 api\r\n--{boundary}--\r\n"
    );
    let ct = format!("multipart/form-data; boundary={boundary}");
    let url = format!("/api/v1/funds/policies/{id}/attachments");
    let res = me.api_send(Method::POST, &url, Some(&ct), body.clone().into_bytes()).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["name"], "细则.pdf");
    assert_eq!(res.json()["sha256"].as_str().unwrap().len(), 64);
    let att = res.json()["id"].as_str().unwrap().to_string();
    let got = xq.api_get(&format!("{url}/{att}")).await;
    assert_eq!((got.status, got.text.as_str()), (StatusCode::OK, "%PDF-1.4 api"));
    assert_eq!(xq.api_send(Method::POST, &url, Some(&ct), body.into_bytes()).await.status, StatusCode::FORBIDDEN);
    let empty = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--{boundary}--\r\n");
    let res = me.api_send(Method::POST, &url, Some(&ct), empty.into_bytes()).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.text.contains("file"), "{}", res.text);

    let link = json!({"kind": "fellow", "target_id": fellow, "amount_fen": 100_000, "date": "2022-07-01"});
    let res = me.api_post_json(&format!("/api/v1/funds/policies/{id}/beneficiaries"), &link).await;
    let row = res.json()["beneficiaries"][0]["id"].as_str().unwrap().to_string();
    let gone = format!("/api/v1/funds/policies/{id}/beneficiaries/{row}");
    assert_eq!(xq.api_delete(&gone).await.status, StatusCode::FORBIDDEN);
    assert_eq!(me.api_delete(&gone).await.status, StatusCode::NO_CONTENT);
    assert_eq!(me.api_delete(&gone).await.status, StatusCode::NOT_FOUND);
    assert_eq!(me.api_get(&format!("/api/v1/funds/policies/{id}")).await.json()["count"], 0);

    // Outside the scope: a township writer does not see the other township's
    // fellow, so cannot link or remove it; another policy's path is a 404.
    app.county.grant_to_role(&app.store, BuiltinRole::TownshipStaff, Permission::PolicyWrite, DataScope::Tenant).await;
    let gk = app.login("gk").await;
    let theirs =
        gk.post_form(&path, &[("kind", "fellow"), ("fellow_id", &fellow.to_string()), ("date", "2022-06-01")]).await;
    assert_eq!(theirs.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(theirs.text_of(".field.invalid .field-error").unwrap().contains("不存在"), "{}", theirs.text);
    let res = me.api_post_json(&format!("/api/v1/funds/policies/{id}/beneficiaries"), &link).await;
    let row = res.json()["beneficiaries"][0]["id"].as_str().unwrap().to_string();
    let remove = format!("/policies/{id}/beneficiaries/{row}/delete");
    assert_eq!(gk.post_form(&remove, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        gk.api_delete(&format!("/api/v1/funds/policies/{id}/beneficiaries/{row}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(me.api_get(&format!("/api/v1/funds/policies/{id}")).await.json()["count"], 1, "nothing removed");
    drop(app);
    db
});
