//! The SMS area through HTTP: templates, the queue form, the outbox with its
//! status filter, a message left `sending` closed by hand, the opt-out list,
//! each role's access, no phone number on any page, and `/api/v1/sms`.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_store::sms::SendOptions;
use guichao_store::sms::provider::{OutgoingSms, SendOutcome, SmsProvider};
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;

/// A provider that takes every message and never answers the one to `silent`.
struct Provider {
    silent: &'static str,
}

impl SmsProvider for Provider {
    async fn send(&self, msg: &OutgoingSms<'_>) -> SendOutcome {
        if msg.phone == self.silent {
            SendOutcome::Unknown { detail: "timeout".into() }
        } else {
            SendOutcome::Accepted { provider_id: format!("p-{}", msg.id.simple()), delivered: true }
        }
    }
}

/// 10:00 in China, outside the quiet hours.
fn morning() -> SendOptions {
    let mut opts = SendOptions::new(Default::default(), false);
    opts.now = chrono::DateTime::parse_from_rfc3339("2030-01-20T02:00:00Z").unwrap().with_timezone(&chrono::Utc);
    opts.limits.per_minute = 100;
    opts
}

store_test!(pages_queue_send_and_hide_numbers, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("village", BuiltinRole::VillageCadre, "新墙村").await;
    let zhang = app.fellow().named("张三").in_village("新墙村").phone("13800000001").create().await;
    app.fellow().named("李四").in_village("清水村").phone("13800000002").create().await;
    let qian = app.fellow().named("钱七").in_township("筻口镇").phone("13800000005").create().await;

    // The county keeps templates; a bad field is refused on the page.
    let admin = app.login("admin").await;
    let bad =
        admin.post_form("/sms/templates", &[("name", "春节"), ("body", "{职务}您好"), ("provider_template", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text_of("p.error").unwrap().contains("{职务}"), "{:?}", bad.text_of("p.error"));
    let ok = admin
        .post_form(
            "/sms/templates",
            &[
                ("name", "春节慰问"),
                ("body", "{称呼}：{乡镇}父老乡亲祝您新春快乐！{落款}"),
                ("provider_template", "SMS_1"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text);
    let res = admin.post_form("/sms/settings", &[("sign_off", "岳阳县委统战部")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = admin.get("/sms/templates").await;
    assert_eq!(page.texts("table.sms-templates td[data-label='名称'] a"), ["春节慰问"]);
    let sample = page.text_of("table.sms-templates td[data-label='示例短信']").unwrap();
    assert!(sample.ends_with("岳阳县委统战部。拒收请回复R"), "{sample}");
    assert!(page.text_of("table.sms-templates td[data-label='长度']").unwrap().contains("1 条计费"));

    // Township staff queue their township's fellows from the registry filter.
    let xq = app.login("xq").await;
    let form = xq.get("/sms/queue").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.attr("input[name=sign_off]", "value").unwrap().contains("统战部"));
    let template = form.attrs("select[name=template_id] option", "value")[1].clone();
    let res =
        xq.post_form("/sms/queue", &[("template_id", &template), ("township_id", ""), ("date", "2030-01-20")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let outbox = xq.get(res.location().unwrap()).await;
    assert!(outbox.text_of("p.ok").unwrap().contains("已加入发送队列 2 条"), "{:?}", outbox.text_of("p.ok"));
    assert_eq!(outbox.texts("table.sms td[data-label='乡友'] a").len(), 2);
    assert!(!outbox.text.contains("13800000001") && !outbox.text.contains("138****"), "no number on the page");
    let bad = xq.post_form("/sms/queue", &[("template_id", ""), ("date", "")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.text_of("p.error").unwrap(), "请选择短信模板");

    // The county queues 钱七 too; then the sender runs (李四's number never answers).
    let res = admin
        .post_form("/sms/queue", &[("template_id", &template), ("township_id", &app.county.unit("筻口镇").to_string())])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let report = app.store.system().sms_send_queued(&Provider { silent: "13800000002" }, &morning()).await.unwrap();
    assert_eq!((report.delivered, report.unknown), (2, 1));

    // The status filter, each chip with its count.
    let page = xq.get("/sms?status=delivered").await;
    assert_eq!(page.texts("table.sms td[data-label='乡友'] a"), ["张三"]);
    let chips = page.texts("nav.chips a");
    assert!(chips.contains(&"已送达 1".to_string()) && chips.contains(&"发送中 1".to_string()), "{chips:?}");
    assert_eq!(xq.get("/sms?status=nope").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let all = admin.get("/sms").await;
    assert_eq!(all.texts("table.sms td[data-label='乡友'] a").len(), 3);

    // The message left sending: its page offers the close-by-hand form.
    let stuck = xq.get("/sms?status=sending").await;
    let href = stuck.attrs("table.sms td[data-label='短信内容'] a", "href")[0].clone();
    let page = xq.get(&href).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.attr("section#resolve form", "action").is_some());
    let res = xq.post_form(&format!("{href}/resolve"), &[("outcome", "not_sent")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = xq.get(&href).await;
    assert!(page.attr("section#resolve form", "action").is_none());
    assert!(page.texts("table td[data-label='状态']").iter().any(|s| s.contains("结果不明，已人工关闭")));

    // Another township's message is not found; the leader reads without forms;
    // the village cadre has no SMS area.
    let theirs = admin.get("/sms?status=delivered").await;
    let hrefs = theirs.attrs("table.sms td[data-label='短信内容'] a", "href");
    let names = theirs.texts("table.sms td[data-label='乡友'] a");
    let qian_href = &hrefs[names.iter().position(|n| n == "钱七").unwrap()];
    assert_eq!(xq.get(qian_href).await.status, StatusCode::NOT_FOUND);
    let leader = app.login("leader").await;
    let page = leader.get("/sms").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.attr("a[href='/sms/queue'].button", "href").is_none());
    assert_eq!(leader.get("/sms/queue").await.status, StatusCode::FORBIDDEN);
    let village = app.login("village").await;
    assert_eq!(village.get("/sms").await.status, StatusCode::FORBIDDEN);
    assert!(!village.get("/").await.nav().contains(&"/sms".to_string()));
    let _ = (zhang, qian);
    db
});

store_test!(the_opt_out_list_takes_numbers_by_phone, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let xq = app.login("xq").await;
    let res = xq.post_form("/sms/opt-outs", &[("phone", "138 0000 0009"), ("note", "电话告知不再接收")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let page = xq.get("/sms/opt-outs").await;
    assert_eq!(page.texts("table.opt-outs td[data-label='号码']"), ["138****0009"]);
    assert_eq!(page.texts("table.opt-outs td[data-label='退订方式']"), ["电话告知"]);
    assert!(!page.text.contains("13800000009"));
    let again = xq.post_form("/sms/opt-outs", &[("phone", "13800000009"), ("note", "")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.text_of("p.error").unwrap(), "该号码或乡友已在退订名单中");
    let landline = xq.post_form("/sms/opt-outs", &[("phone", "0730-1234567"), ("note", "")]).await;
    assert_eq!(landline.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(landline.text_of("p.error").unwrap().contains("手机号码"));
    assert_eq!(landline.attr("input[name=phone]", "value").unwrap(), "0730-1234567", "what was typed stays");
    let remove = page.attr("table.opt-outs form", "action").unwrap();
    assert_eq!(xq.post_form(&remove, &[]).await.status, StatusCode::SEE_OTHER);
    assert!(xq.get("/sms/opt-outs").await.texts("table.opt-outs td[data-label='号码']").is_empty());
    db
});

store_test!(the_api_queues_lists_and_takes_replies, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("gk", BuiltinRole::TownshipStaff, "筻口镇").await;
    let zhang = app.fellow().named("张三").in_village("新墙村").phone("13800000001").create().await;
    let li = app.fellow().named("李四").in_village("新墙村").create().await;
    let admin = app.login("admin").await;
    let res = admin.api_post_json("/api/v1/sms/templates", &json!({"name": "春节", "body": "{姓名}新春快乐"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let template = res.json()["id"].as_str().unwrap().to_string();
    assert_eq!(res.json()["fields"], json!(["姓名"]));
    let bad = admin.api_post_json("/api/v1/sms/templates", &json!({"name": "坏", "body": "{职务}"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let campaign = uuid::Uuid::now_v7();
    let res = admin
        .api_post_json(
            "/api/v1/sms/queue",
            &json!({"template_id": template, "fellow_ids": [zhang, li], "campaign_id": campaign, "date": "2030-01-20"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!((res.json()["queued"].as_u64(), res.json()["no_phone"].as_u64()), (Some(1), Some(1)));
    let bad = admin.api_post_json("/api/v1/sms/queue", &json!({"template_id": template, "category": "nope"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Township staff of another township: not found, nothing queued.
    let gk = app.login("gk").await;
    let res = gk.api_post_json("/api/v1/sms/queue", &json!({"template_id": template, "fellow_ids": [zhang]})).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(gk.api_get("/api/v1/sms/outbox").await.json()["total"], 0);

    app.store.system().sms_send_queued(&Provider { silent: "" }, &morning()).await.unwrap();
    let list = admin.api_get("/api/v1/sms/outbox?status=delivered").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.json()["total"], 1);
    let list = list.json();
    let item = &list["items"][0];
    assert_eq!(item["fellow"], "张三");
    assert!(item.get("phone").is_none());
    let id = item["id"].as_str().unwrap().to_string();
    let detail = admin.api_get(&format!("/api/v1/sms/outbox/{id}")).await;
    let detail = detail.json();
    let steps: Vec<&str> = detail["trail"].as_array().unwrap().iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(steps, ["queued", "sending", "sent", "delivered"]);
    assert_eq!(gk.api_get(&format!("/api/v1/sms/outbox/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(admin.api_get("/api/v1/sms/outbox?status=nope").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(admin.api_get("/api/v1/sms/outbox?limit=0").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = admin.api_post_json(&format!("/api/v1/sms/outbox/{id}/resolve"), &json!({"sent": true})).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "only a message left sending is closed by hand");
    let delivered = admin.api_get(&format!("/api/v1/sms/delivered?campaign_id={campaign}")).await;
    assert_eq!(delivered.json().as_array().unwrap().len(), 1);
    assert_eq!(delivered.json()[0]["fellow_id"], zhang.to_string());

    // Delivery reports by the message's own id.
    let body = json!({"receipts": [{"message_id": id, "delivered": false, "detail": "late"}, {"message_id": uuid::Uuid::now_v7(), "delivered": true}]});
    let res = admin.api_post_json("/api/v1/sms/receipts", &body).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!((res.json()["delivered"].as_u64(), res.json()["ignored"].as_u64()), (Some(0), Some(2)));
    let bad = admin.api_post_json("/api/v1/sms/receipts", &json!({"receipts": [{"message_id": "x"}]})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Replies and opt-outs.
    let res = admin.api_post_json("/api/v1/sms/replies", &json!({"phone": "13800000001", "text": "R"})).await;
    assert_eq!(res.json()["opt_out"], true);
    let res = admin.api_post_json("/api/v1/sms/replies", &json!({"phone": "13800000001", "text": "谢谢"})).await;
    assert_eq!(res.json()["opt_out"], false);
    let list = admin.api_get("/api/v1/sms/opt-outs").await;
    assert_eq!(list.json()["total"], 1);
    assert_eq!(list.json()["items"][0]["source"], "reply");
    assert_eq!(list.json()["items"][0]["phone"], "138****0001");
    let res = admin.api_post_json("/api/v1/sms/opt-outs", &json!({"fellow_id": li, "note": "本人来电"})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let res = admin.api_post_json("/api/v1/sms/opt-outs", &json!({"phone": "12"})).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let opt_id = list.json()["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(admin.api_delete(&format!("/api/v1/sms/opt-outs/{opt_id}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(admin.api_delete(&format!("/api/v1/sms/opt-outs/{opt_id}")).await.status, StatusCode::NOT_FOUND);
    // Queued again, 张三 is sent to; 李四 is on the list.
    let res =
        admin.api_post_json("/api/v1/sms/queue", &json!({"template_id": template, "fellow_ids": [zhang, li]})).await;
    assert_eq!((res.json()["queued"].as_u64(), res.json()["opted_out"].as_u64()), (Some(1), Some(1)));
    db
});
