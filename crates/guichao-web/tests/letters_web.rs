//! Greeting letters through HTTP: a county officer keeps a template (an
//! unknown field refused by name), opens the print page (one A4 `.letter`
//! sheet per fellow, the print stylesheet with `@page`), marks the batch
//! printed (the letter column ticks) and undoes it; the label sheet lists
//! the fellows without an address above the labels; the JSON API; township
//! staff merge and print their township only, and a leader cannot print.

mod common;

use axum::http::StatusCode;
use chrono::Days;
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_domain::date::today;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;

const BODY: &str = "{称呼}：\n\n{乡镇}的父老乡亲向您拜年！\n\n{落款}\n{日期}";

/// A launched campaign of the last ten days over the whole county.
async fn launched(me: &common::Session<'_>) -> String {
    let start = today().checked_sub_days(Days::new(10)).unwrap().to_string();
    let made = me
        .api_post_json("/api/v1/campaigns", &json!({"name": "春节慰问", "start": start, "end": today().to_string()}))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let id = made.json()["id"].as_str().unwrap().to_string();
    me.api_post_json(&format!("/api/v1/campaigns/{id}/launch"), &json!({})).await;
    id
}

store_test!(a_county_officer_prints_marks_and_labels_letters, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    app.fellow().named("张一").in_village("新墙村").by(&admin).create().await;
    let li = app.fellow().named("李二").in_village("新墙村").by(&admin).create().await;
    app.fellow().named("赵四").in_village("筻口村").by(&admin).create().await;
    let me = app.login("county").await;
    let id = launched(&me).await;

    let bad = me.post_form("/campaigns/letter-templates", &[("name", "春节慰问信"), ("body", "{职务}您好")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.error_message().unwrap().contains("{职务}"), "{:?}", bad.error_message());
    let saved = me.post_and_follow("/campaigns/letter-templates", &[("name", "春节慰问信"), ("body", BODY)]).await;
    assert_eq!(saved.texts("table.letter-templates td a"), ["春节慰问信"]);
    let template = saved.attrs("table.letter-templates td a", "href")[0].rsplit('/').next().unwrap().to_string();

    let page = me.get(&format!("/campaigns/{id}/letters")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts("select[name=template_id] option"), ["春节慰问信"]);
    let campaign = me.get(&format!("/campaigns/{id}")).await;
    assert_eq!(campaign.attrs("a.letters", "href"), [format!("/campaigns/{id}/letters")]);

    let print_of =
        format!("/campaigns/{id}/letters/print?template_id={template}&sign_off=岳阳县人民政府&date=2025-01-20");
    let print = me.get(&print_of).await;
    assert_eq!(print.status, StatusCode::OK, "{}", print.text);
    assert_eq!(print.texts("article.letter").len(), 3, "one sheet per fellow");
    assert_eq!(
        print.texts("article.letter p:first-child"),
        ["尊敬的李二乡友：", "尊敬的张一乡友：", "尊敬的赵四乡友："]
    );
    assert_eq!(print.texts("article.letter p:last-child")[0], "岳阳县人民政府\n2025年1月20日");
    assert_eq!(print.attrs("link[rel=stylesheet]", "href"), ["/static/print.css"]);
    assert_eq!(print.texts(".toolbar button[data-print]"), ["打印"]);
    let css = me.get("/static/print.css").await;
    assert!(css.text.contains("@page { size: A4"), "the sheets are A4");
    assert!(css.text.contains("break-after: page"), "one letter per sheet");
    assert!(css.text.contains(".toolbar, .no-address, .empty { display: none; }"), "the toolbar does not print");

    // Mark printed: the hidden fields of the page's form, as the browser sends them.
    let hidden: Vec<(String, String)> = ["template_id", "township_id", "sign_off", "date", "fellow_ids"]
        .iter()
        .map(|n| (n.to_string(), print.attr(&format!(".toolbar input[name={n}]"), "value").unwrap_or_default()))
        .collect();
    let pairs: Vec<(&str, &str)> = hidden.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let marked = me.post_and_follow(&format!("/campaigns/{id}/letters/batches"), &pairs).await;
    assert_eq!(
        marked.text_of("p.ok[role=status]").as_deref(),
        Some("已标记为已打印：登记信件 3 人，已登记过跳过 0 人")
    );
    assert_eq!(marked.texts("table.letter-batches td:nth-of-type(4)"), ["3"]);
    let matrix = me.api_get(&format!("/api/v1/campaigns/{id}/matrix")).await.json();
    let sources: Vec<&str> = matrix["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ticks"][0]["source"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(sources, ["letter", "letter", "letter"]);
    let again = me.get(&print_of).await;
    assert!(again.texts("article.letter").is_empty(), "only letters not yet ticked");
    assert_eq!(again.text_of("p.empty").as_deref(), Some("没有符合条件的乡友"));

    // The label sheet lists who has no address, with a link to fill it in.
    let labels = me.get(&format!("/campaigns/{id}/letters/labels?all=1")).await;
    assert_eq!(labels.texts(".no-address li .who"), ["李二", "张一", "赵四"]);
    assert!(labels.texts(".sheet .label").is_empty());
    let fill = format!("/campaigns/{id}/letters/fellows/{li}");
    assert!(labels.attrs(".no-address a.fill", "href").contains(&fill));
    let in_campaign = me.get(&format!("/campaigns/{id}/fellows/{li}")).await;
    assert_eq!(in_campaign.attr("a.mailing", "href").as_ref(), Some(&fill), "found from the fellow's page too");
    let wrong =
        me.post_form(&fill, &[("salutation", ""), ("address", "深圳市南山区科技园1号"), ("postcode", "5180")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.error_message().as_deref(), Some("邮政编码应为6位数字"));
    let ok = me
        .post_form(&fill, &[("salutation", "尊敬的李总"), ("address", "深圳市南山区科技园1号"), ("postcode", "518000")])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let labels = me.get(&format!("/campaigns/{id}/letters/labels?all=1")).await;
    assert_eq!(labels.texts(".no-address li .who"), ["张一", "赵四"]);
    assert_eq!(labels.texts(".sheet .label .postcode"), ["518000"]);
    assert_eq!(labels.texts(".sheet .label .name"), ["李二"]);

    // The API: templates, the preview, batches and their undo.
    let templates = me.api_get("/api/v1/campaigns/letter-templates").await.json();
    assert_eq!(templates[0]["fields"], json!(["称呼", "乡镇", "落款", "日期"]));
    let refused = me.api_post_json("/api/v1/campaigns/letter-templates", &json!({"name": "x", "body": "{职务}"})).await;
    assert_eq!(
        (refused.status, refused.json()["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("body"))
    );
    let preview = me.api_get(&format!("/api/v1/campaigns/{id}/letters/preview?template_id={template}&all=true")).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    let p = preview.json();
    assert_eq!(p["total"], 3);
    assert_eq!(p["items"][0]["salutation"], "尊敬的李总");
    assert_eq!(p["items"][0]["address"], "深圳市南山区科技园1号");
    assert!(p["items"][0]["text"].as_str().unwrap().starts_with("尊敬的李总：\n\n新墙镇的父老乡亲"));
    let ids: Vec<&str> = p["items"].as_array().unwrap().iter().map(|i| i["fellow_id"].as_str().unwrap()).collect();
    let body = json!({"template_id": template, "sign_off": "岳阳县人民政府", "date": "2025-01-20", "fellow_ids": ids});
    let twice = me.api_post_json(&format!("/api/v1/campaigns/{id}/letters/batches"), &body).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    let batches = me.api_get(&format!("/api/v1/campaigns/{id}/letters/batches")).await.json();
    let batch = batches[0]["id"].as_str().unwrap();
    let undone = me.api_post_json(&format!("/api/v1/campaigns/{id}/letters/batches/{batch}/undo"), &json!({})).await;
    assert_eq!((undone.status, undone.json()["ticks"].as_u64()), (StatusCode::OK, Some(3)));
    let done = me.api_post_json(&format!("/api/v1/campaigns/{id}/letters/batches"), &body).await;
    assert_eq!((done.status, done.json()["ticked"].as_u64()), (StatusCode::CREATED, Some(3)), "{}", done.text);
    drop(app);
    db
});

store_test!(township_staff_print_their_township_only, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let zhang = app.fellow().named("张一").in_village("新墙村").by(&admin).create().await;
    let zhao = app.fellow().named("赵四").in_village("筻口村").by(&admin).create().await;
    let me = app.login("county").await;
    let id = launched(&me).await;
    let made = me.api_post_json("/api/v1/campaigns/letter-templates", &json!({"name": "慰问信", "body": BODY})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let template = made.json()["id"].as_str().unwrap().to_string();

    let township = app.login("xinqiang").await;
    let print = township.get(&format!("/campaigns/{id}/letters/print?template_id={template}")).await;
    assert_eq!(print.attrs("article.letter", "data-fellow"), [zhang.to_string()]);
    let preview = township.api_get(&format!("/api/v1/campaigns/{id}/letters/preview?template_id={template}")).await;
    assert_eq!(preview.json()["total"], 1);
    assert_eq!(township.get(&format!("/campaigns/{id}/letters/fellows/{zhao}")).await.status, StatusCode::NOT_FOUND);
    let body = json!({"template_id": template, "sign_off": "新墙镇人民政府", "date": "2025-01-20", "fellow_ids": [zhang, zhao]});
    let theirs = township.api_post_json(&format!("/api/v1/campaigns/{id}/letters/batches"), &body).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{}", theirs.text);
    let other = uuid::Uuid::now_v7();
    assert_eq!(
        township.get(&format!("/campaigns/{other}/letters/print?template_id={template}")).await.status,
        StatusCode::NOT_FOUND
    );
    let leader = app.login("leader").await;
    assert_eq!(leader.get(&format!("/campaigns/{id}/letters")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(leader.api_get("/api/v1/campaigns/letter-templates").await.status, StatusCode::OK);
    drop(app);
    db
});
