//! A campaign's gifts (慰问物资) through HTTP: the county officer adds a
//! kind and receives stock on the gifts page, hands a gift out from a
//! fellow's campaign page and to a township at once, is refused in Chinese
//! when the stock is short, and cancels; township staff hand out to their
//! own fellows only; a leader reads and cannot hand out; a project officer
//! has no gifts; another county's campaign answers 404; the JSON API with
//! its 409 and 422s.

mod common;

use axum::http::StatusCode;
use chrono::Days;
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_domain::date::today;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;

fn ago(days: u64) -> String {
    today().checked_sub_days(Days::new(days)).unwrap().to_string()
}

store_test!(a_county_officer_keeps_stock_and_hands_gifts_out_on_the_pages, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    let zhang = app.fellow().named("张一").in_village("新墙村").by(&admin).create().await;
    app.fellow().named("王三").in_village("清水村").by(&admin).create().await;
    app.fellow().named("赵四").in_village("筻口村").by(&admin).create().await;
    let me = app.login("county").await;
    let made = me
        .api_post_json("/api/v1/campaigns", &json!({"name": "春节慰问", "start": ago(10), "end": today().to_string()}))
        .await;
    let id = made.json()["id"].as_str().unwrap().to_string();
    me.api_post_json(&format!("/api/v1/campaigns/{id}/launch"), &json!({})).await;
    let gifts = format!("/campaigns/{id}/gifts");
    let campaign = me.get(&format!("/campaigns/{id}")).await;
    assert!(campaign.attrs(".actions a", "href").contains(&gifts), "the campaign page links its gifts");

    let empty = me.get(&gifts).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
    assert!(empty.texts("section#hand-out h2").is_empty(), "nothing to hand out before a kind");
    let refused = me.post_form(&gifts, &[("name", ""), ("unit", "份"), ("note", "")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_message().as_deref(), Some("物资名称不能为空"));
    let added = me.post_and_follow(&gifts, &[("name", "家乡特产礼盒"), ("unit", "份"), ("note", "县统战部采购")]).await;
    assert_eq!(added.text_of("p.ok[role=status]").as_deref(), Some("已新增慰问物资"));
    let receive = added.attrs("form.receive", "action")[0].clone();
    let today_s = today().to_string();
    let stocked = me.post_and_follow(&receive, &[("quantity", "３"), ("date", &today_s), ("note", "")]).await;
    assert_eq!(stocked.texts("table.gifts tbody td.num"), ["3 份", "0 份", "3 份"]);
    assert_eq!(stocked.texts("table.receipts td.num"), ["3 份"]);
    let bad = me.post_form(&receive, &[("quantity", "0"), ("date", &today_s)]).await;
    assert_eq!((bad.status, bad.error_message().as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("数量至少为 1")));

    // From the fellow's campaign page to a hand-out for them.
    let fellow_page = me.get(&format!("/campaigns/{id}/fellows/{zhang}")).await;
    let link = fellow_page.attrs("li.touch a[href*=gifts]", "href");
    assert_eq!(link, [format!("{gifts}?fellow_id={zhang}#hand-out")]);
    let theirs = me.get(&format!("{gifts}?fellow_id={zhang}")).await;
    assert_eq!(theirs.input_value("fellow_id").as_deref(), Some(zhang.to_string().as_str()));
    let gift_id = theirs.attrs("select[name=gift_id] option", "value")[0].clone();
    let form = |quantity: &'static str| {
        vec![
            ("back_to_fellow", zhang.to_string()),
            ("fellow_id", zhang.to_string()),
            ("gift_id", gift_id.clone()),
            ("quantity", quantity.to_string()),
            ("date", today_s.clone()),
            ("note", "春节前送达".to_string()),
        ]
    };
    let pairs = |f: &Vec<(&'static str, String)>| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let too_many = pairs(&form("4"));
    let too_many: Vec<(&str, &str)> = too_many.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let short = me.post_form(&format!("{gifts}/hand-outs"), &too_many).await;
    assert_eq!(short.status, StatusCode::CONFLICT);
    assert_eq!(short.error_message().as_deref(), Some("库存不足：家乡特产礼盒 剩余 3 份"));
    assert_eq!(short.input_value("quantity").as_deref(), Some("4"), "what was typed stays");
    let one = pairs(&form("1"));
    let one: Vec<(&str, &str)> = one.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let handed = me.post_and_follow(&format!("{gifts}/hand-outs"), &one).await;
    assert_eq!(handed.text_of("p.ok[role=status]").as_deref(), Some("已登记发放"));
    assert_eq!(handed.texts("table.hand-outs td a"), ["张一"]);
    let matrix = me.get(&format!("/campaigns/{id}")).await;
    assert_eq!(matrix.texts("table.matrix td.tick.done").len(), 1, "the gift column is ticked");

    // The township batch: 王三 of 新墙镇 (张一 has a gift already).
    let all = me.get(&gifts).await;
    let township = all.attrs("select[name=township_id] option", "value");
    let names = all.texts("select[name=township_id] option");
    let xinqiang = township[names.iter().position(|n| n == "新墙镇").unwrap()].clone();
    let batch = [
        ("township_id", xinqiang.as_str()),
        ("gift_id", gift_id.as_str()),
        ("quantity", "1"),
        ("date", today_s.as_str()),
        ("note", ""),
    ];
    let done = me.post_and_follow(&format!("{gifts}/batch"), &batch).await;
    assert_eq!(done.text_of("p.ok[role=status]").as_deref(), Some("已向 1 位乡友发放，共 1"));
    assert_eq!(done.texts("table.gifts tbody td.num"), ["3 份", "2 份", "1 份"]);
    let again = me.post_form(&format!("{gifts}/batch"), &batch).await;
    assert_eq!(again.error_message().as_deref(), Some("新墙镇没有尚缺慰问物资的乡友"));

    // Cancelling gives the stock back and keeps the row, marked.
    let cancel = done.attrs("table.hand-outs form", "action")[0].clone();
    let cancelled = me.post_and_follow(&cancel, &[]).await;
    assert_eq!(cancelled.text_of("p.ok[role=status]").as_deref(), Some("已撤销发放，物资已退回库存"));
    assert_eq!(cancelled.texts("table.gifts tbody td.num"), ["3 份", "1 份", "2 份"]);
    assert_eq!(cancelled.texts("table.hand-outs tr.cancelled span.tag.off"), ["已撤销"]);
    app.user("auditor", BuiltinRole::AuditAdmin, "岳阳县").await;
    let audit = app.login("auditor").await.get("/audit?action=gift.batch").await;
    assert_eq!(audit.texts("p.sentence"), ["新墙镇批量发放家乡特产礼盒：乡友 1 人，共 1 份"]);
    drop(app);
    db
});

store_test!(each_role_reaches_the_gifts_of_its_own_fellows, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let zhang = app.fellow().named("张一").in_village("新墙村").by(&admin).create().await;
    let qing = app.fellow().named("王三").in_village("清水村").by(&admin).create().await;
    let zhao = app.fellow().named("赵四").in_village("筻口村").by(&admin).create().await;
    let me = app.login("admin").await;
    let made = me
        .api_post_json("/api/v1/campaigns", &json!({"name": "春节慰问", "start": ago(10), "end": today().to_string()}))
        .await;
    let id = made.json()["id"].as_str().unwrap().to_string();
    let api = format!("/api/v1/campaigns/{id}/gifts");
    let kind = me.api_post_json(&api, &json!({"name": "慰问金卡", "unit": "张"})).await;
    assert_eq!(kind.status, StatusCode::CREATED, "{}", kind.text);
    let gift = kind.json()["id"].as_str().unwrap().to_string();
    let twice = me.api_post_json(&api, &json!({"name": "慰问金卡", "unit": "张"})).await;
    assert_eq!(
        (twice.status, twice.json()["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("name"))
    );
    let received = me.api_post_json(&format!("{api}/{gift}/receipts"), &json!({"quantity": 2, "date": ago(1)})).await;
    assert_eq!(received.status, StatusCode::CREATED, "{}", received.text);
    assert_eq!(
        (received.json()["gift"]["received"].as_i64(), received.json()["gift"]["left"].as_i64()),
        (Some(2), Some(2))
    );
    let receipts = me.api_get(&format!("{api}/receipts")).await;
    assert_eq!(receipts.status, StatusCode::OK, "{}", receipts.text);
    assert_eq!(
        (receipts.json()[0]["quantity"].as_i64(), receipts.json()[0]["gift"].as_str()),
        (Some(2), Some("慰问金卡"))
    );
    assert_eq!(me.api_get(&format!("{api}/receipts?limit=0")).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let early = me
        .api_post_json(
            &format!("{api}/hand-outs"),
            &json!({"gift_id": gift, "fellow_id": zhang, "quantity": 1, "date": ago(1)}),
        )
        .await;
    assert_eq!(early.status, StatusCode::NOT_FOUND, "a draft has no fellows yet: {}", early.text);
    me.api_post_json(&format!("/api/v1/campaigns/{id}/launch"), &json!({})).await;

    // Township staff: their own fellows, 404 elsewhere; no kinds nor stock.
    let township = app.login("xinqiang").await;
    let body = |fellow: uuid::Uuid, quantity: i64| json!({"gift_id": gift, "fellow_id": fellow, "quantity": quantity, "date": ago(1), "note": "送到家中"});
    let mine = township.api_post_json(&format!("{api}/hand-outs"), &body(zhang, 1)).await;
    assert_eq!(mine.status, StatusCode::CREATED, "{}", mine.text);
    assert_eq!((mine.json()["fellow"].as_str(), mine.json()["township"].as_str()), (Some("张一"), Some("新墙镇")));
    let hand_out = mine.json()["id"].as_str().unwrap().to_string();
    let ticks = township.api_get(&format!("/api/v1/campaigns/{id}/matrix")).await.json();
    let zhang_ticks = &ticks["items"].as_array().unwrap().iter().find(|r| r["name"] == "张一").unwrap()["ticks"];
    assert_eq!(
        (zhang_ticks[0]["source"].as_str(), zhang_ticks[0]["source_id"].as_str()),
        (Some("gift"), Some(hand_out.as_str()))
    );
    assert_eq!(township.api_post_json(&format!("{api}/hand-outs"), &body(zhao, 1)).await.status, StatusCode::NOT_FOUND);
    let short = township.api_post_json(&format!("{api}/hand-outs"), &body(qing, 2)).await;
    assert_eq!(short.status, StatusCode::CONFLICT, "{}", short.text);
    assert_eq!(short.json()["error"]["message"], "库存不足：慰问金卡 剩余 1 张");
    let zero = township.api_post_json(&format!("{api}/hand-outs"), &body(qing, 0)).await;
    assert_eq!(
        (zero.status, zero.json()["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("quantity"))
    );
    assert_eq!(
        township.api_post_json(&api, &json!({"name": "春联", "unit": "副"})).await.status,
        StatusCode::FORBIDDEN
    );
    let batch = json!({"gift_id": gift, "township_id": uuid::Uuid::nil(), "quantity": 1, "date": ago(1)});
    let nowhere = township.api_post_json(&format!("{api}/batches"), &batch).await;
    assert_eq!(
        (nowhere.status, nowhere.json()["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("township_id"))
    );

    // Who sees which hand-outs; stock is the campaign's.
    let theirs = me.api_post_json(&format!("{api}/hand-outs"), &body(zhao, 1)).await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.text);
    let listed = township.api_get(&format!("{api}/hand-outs")).await.json();
    assert_eq!(listed["total"], 1);
    let leader = app.login("leader").await;
    let all = leader.api_get(&format!("{api}/hand-outs?limit=1")).await.json();
    assert_eq!((all["total"].as_u64(), all["items"].as_array().unwrap().len()), (Some(2), 1));
    assert!(all["next"].as_str().unwrap().contains("page=2"));
    let kinds = leader.api_get(&api).await.json();
    assert_eq!((kinds[0]["handed_out"].as_i64(), kinds[0]["left"].as_i64()), (Some(2), Some(0)));
    assert_eq!(leader.api_post_json(&format!("{api}/hand-outs"), &body(qing, 1)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(leader.get(&format!("/campaigns/{id}/gifts")).await.texts("section#hand-out form").len(), 0);
    let officer = app.login("officer").await;
    assert_eq!(officer.api_get(&api).await.status, StatusCode::FORBIDDEN);
    assert_eq!(officer.get(&format!("/campaigns/{id}/gifts")).await.status, StatusCode::FORBIDDEN);

    // Cancelling: another township's staff find nothing; the giver's township may.
    let zhao_hand_out = theirs.json()["id"].as_str().unwrap().to_string();
    let cancel = |h: &str| format!("{api}/hand-outs/{h}/cancel");
    assert_eq!(township.api_post_json(&cancel(&zhao_hand_out), &json!({})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(township.api_post_json(&cancel(&hand_out), &json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(township.api_post_json(&cancel(&hand_out), &json!({})).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let kinds = me.api_get(&api).await.json();
    assert_eq!(kinds[0]["left"], 1);

    app.user("pingjiang", BuiltinRole::CountyAdmin, "平江县").await;
    let other = app.login("pingjiang").await;
    assert_eq!(other.api_get(&api).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/campaigns/{id}/gifts")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.api_get(&format!("{api}/hand-outs")).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});
