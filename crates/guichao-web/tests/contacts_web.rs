//! Contact records through HTTP: the quick entry from 我的联系, the form's
//! field errors (nothing written), the list and the fellow's timeline with
//! other fellows' names hidden, edit history, edit and delete permissions,
//! post/redirect/get, and `/api/v1/contacts` with hostile bodies. Each
//! built-in role that reads liaison work is exercised.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::Actor;
use guichao_store::contacts::ContactQuery;
use guichao_store::liaison::AssignmentDraft;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;
use uuid::Uuid;

/// How many live records the county holds.
async fn recorded(app: &TestApp, admin: &Actor) -> u64 {
    let q = ContactQuery { limit: 1, ..Default::default() };
    app.store.contacts(admin, Permission::LiaisonRead).unwrap().list(&q).await.unwrap().1
}

/// A county with a village cadre assigned to 张三 (新墙村); 李四 lives in 筻口镇.
struct County {
    admin: Actor,
    village: Actor,
    zhang: Uuid,
    li: Uuid,
}

async fn county(app: &TestApp) -> County {
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let village = app.user("village", BuiltinRole::VillageCadre, "新墙村").await;
    let zhang = app.fellow().named("张三").in_village("新墙村").by(&admin).create().await;
    let li = app.fellow().named("李四").in_township("筻口镇").by(&admin).create().await;
    let draft = AssignmentDraft { cadre_id: village.user_id(), level: LiaisonLevel::Village, cycle_days: 90 };
    app.store.liaison(&admin, Permission::LiaisonWrite).unwrap().assign(zhang, draft).await.unwrap();
    County { admin, village, zhang, li }
}

store_test!(a_village_cadre_records_a_visit_from_my_fellows_in_one_tap, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let c = county(&app).await;
    let me = app.login("village").await;
    let mine = me.get("/liaison").await;
    let quick = format!("/liaison/contacts/new?fellow={}", c.zhang);
    assert_eq!(mine.attrs("table.liaison-mine td.record a", "href"), std::slice::from_ref(&quick));

    // The form comes prefilled: the fellow, today, the user; a visit; back to 我的联系.
    let form = me.get(&quick).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert_eq!(form.text_of("#f-chosen strong").as_deref(), Some("张三"));
    assert_eq!(form.attrs("input[name=fellow_ids][checked]", "value"), [c.zhang.to_string()]);
    assert_eq!(form.attrs("input[name=cadre_ids][checked]", "value"), [c.village.user_id().to_string()]);
    assert_eq!(form.attr("input[name=kind][checked]", "value").as_deref(), Some("visit"));
    assert_eq!(form.input_value("date"), Some(today().to_string()));
    assert_eq!(form.input_value("back").as_deref(), Some("mine"));
    assert!(form.attr("details.more", "open").is_none(), "the rest is folded on a quick entry");

    // Saving: post/redirect/get back to 我的联系 with a notice shown once.
    let (zhang, me_id, day) = (c.zhang.to_string(), c.village.user_id().to_string(), today().to_string());
    let pairs = [
        ("back", "mine"),
        ("kind", "call"),
        ("notes", "春节前电话问候"),
        ("date", day.as_str()),
        ("fellow_ids", zhang.as_str()),
        ("cadre_ids", me_id.as_str()),
        ("follow_up_owner", me_id.as_str()),
    ];
    let res = me.post_form("/liaison/contacts", &pairs).await;
    assert_eq!((res.status, res.location()), (StatusCode::SEE_OTHER, Some("/liaison")), "{}", res.text);
    let back = me.get("/liaison").await;
    assert_eq!(back.text_of("p.ok").unwrap(), format!("已登记联系：张三 · 电话 · {day}"));
    assert!(me.get("/liaison").await.text_of("p.ok").is_none(), "shown once");
    assert_eq!(recorded(&app, &c.admin).await, 1);

    // The fellow's page shows it on the timeline, newest first.
    let older =
        [("kind", "visit"), ("date", "2024-01-05"), ("fellow_ids", zhang.as_str()), ("cadre_ids", me_id.as_str())];
    assert_eq!(me.post_form("/liaison/contacts", &older).await.status, StatusCode::SEE_OTHER);
    let page = me.get(&format!("/fellows/{}", c.zhang)).await;
    let dates: Vec<String> = page.texts("#contacts ol.timeline li a strong");
    assert_eq!(dates, [day.clone(), "2024-01-05".to_string()]);
    assert_eq!(
        page.attr("#contacts .head a.button", "href"),
        Some(format!("/liaison/contacts/new?fellow={}&back=fellow", c.zhang))
    );
    drop(app);
    db
});

store_test!(refusals_show_by_their_fields_and_write_nothing, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let c = county(&app).await;
    let me = app.login("village").await;
    let (zhang, li, me_id) = (c.zhang.to_string(), c.li.to_string(), c.village.user_id().to_string());
    let tomorrow = today().succ_opt().unwrap().to_string();

    // A fellow outside the village cadre's scope: 422 on fellow_ids, nothing written.
    let outside = [
        ("kind", "visit"),
        ("date", "2024-03-01"),
        ("fellow_ids", zhang.as_str()),
        ("fellow_ids", li.as_str()),
        ("cadre_ids", me_id.as_str()),
        ("notes", "座谈"),
    ];
    let res = me.post_form("/liaison/contacts", &outside).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(res.text_of("#f-fellow_ids .field-error").unwrap(), "所选乡友中有1位不在您的联系工作范围内，不能登记");
    assert_eq!(res.text_of("textarea[name=notes]").as_deref(), Some("座谈"), "what was typed is kept");
    assert!(res.attr("details.more", "open").is_some(), "the field in error is unfolded");

    // A future date, no kind, no fellows: each beside its field, in Chinese.
    let bad = [("kind", ""), ("date", tomorrow.as_str()), ("cadre_ids", me_id.as_str())];
    let res = me.post_form("/liaison/contacts", &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.text_of("#f-kind .field-error").as_deref(), Some("请选择联系方式"));
    let future =
        [("kind", "sms"), ("date", tomorrow.as_str()), ("fellow_ids", zhang.as_str()), ("cadre_ids", me_id.as_str())];
    let res = me.post_form("/liaison/contacts", &future).await;
    assert_eq!(res.text_of("#f-date .field-error").as_deref(), Some("联系日期不能晚于今天"));
    let nobody = [("kind", "sms"), ("date", "2024-03-01"), ("cadre_ids", me_id.as_str())];
    let res = me.post_form("/liaison/contacts", &nobody).await;
    assert_eq!(res.text_of("#f-fellow_ids .field-error").as_deref(), Some("请至少选择一位乡友"));
    let long = "字".repeat(2001);
    let wordy = [
        ("kind", "sms"),
        ("date", "2024-03-01"),
        ("fellow_ids", zhang.as_str()),
        ("cadre_ids", me_id.as_str()),
        ("notes", long.as_str()),
    ];
    let res = me.post_form("/liaison/contacts", &wordy).await;
    assert!(res.text_of("#f-notes .field-error").is_some());
    let undated = [
        ("kind", "sms"),
        ("date", "2024-03-01"),
        ("fellow_ids", zhang.as_str()),
        ("cadre_ids", me_id.as_str()),
        ("follow_up_what", "寄资料"),
        ("follow_up_owner", me_id.as_str()),
    ];
    let res = me.post_form("/liaison/contacts", &undated).await;
    assert_eq!(res.text_of("#f-follow_up_due .field-error").as_deref(), Some("请填写跟进期限"));
    assert_eq!(recorded(&app, &c.admin).await, 0, "nothing half-written");
    drop(app);
    db
});

store_test!(readers_see_the_record_with_other_fellows_counted, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let c = county(&app).await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let admin = app.login("admin").await;
    let (zhang, li, admin_id) = (c.zhang.to_string(), c.li.to_string(), c.admin.user_id().to_string());
    let forum = [
        ("kind", "forum"),
        ("date", "2024-09-10"),
        ("place", "深圳"),
        ("fellow_ids", zhang.as_str()),
        ("fellow_ids", li.as_str()),
        ("cadre_ids", admin_id.as_str()),
        ("notes", "深圳座谈会\n第二行"),
    ];
    let res = admin.post_form("/liaison/contacts", &forum).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let id = res.location().unwrap().trim_start_matches("/liaison/contacts/").to_string();

    // The leader reads all of it; the village cadre sees 张三 and a count.
    let leader = app.login("leader").await;
    let list = leader.get("/liaison/contacts").await;
    assert_eq!(list.texts("table.contacts td.fellows"), ["张三、李四"]);
    assert_eq!(list.texts("table.contacts td.notes"), ["深圳座谈会…"]);
    assert!(leader.get(&format!("/liaison/contacts/{id}")).await.text_of("a.button").is_none(), "read only");
    let village = app.login("village").await;
    assert_eq!(village.get("/liaison/contacts").await.texts("table.contacts td.fellows"), ["张三、另1位乡友"]);
    let page = village.get(&format!("/liaison/contacts/{id}")).await;
    assert_eq!(page.attrs("dd.fellows a", "href"), [format!("/fellows/{zhang}")]);
    assert!(!page.text.contains("李四"));
    // Filters: by fellow, and dates that leave it out.
    assert_eq!(leader.get(&format!("/liaison/contacts?fellow={li}")).await.texts("td.fellows").len(), 1);
    assert!(leader.get("/liaison/contacts?from=2024-09-11").await.texts("td.fellows").is_empty());
    assert_eq!(leader.get("/liaison/contacts?from=昨天").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A township user who sees only 李四 reads it too; a project officer has no liaison area.
    let gangkou = app.login("gangkou").await;
    assert_eq!(gangkou.get("/liaison/contacts").await.texts("td.fellows"), ["李四、另1位乡友"]);
    app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    assert_eq!(app.login("officer").await.get(&format!("/liaison/contacts/{id}")).await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});

store_test!(edits_keep_a_history_and_only_the_author_or_county_changes, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let c = county(&app).await;
    let me = app.login("village").await;
    let (zhang, me_id) = (c.zhang.to_string(), c.village.user_id().to_string());
    let first =
        [("kind", "call"), ("date", "2024-03-01"), ("fellow_ids", zhang.as_str()), ("cadre_ids", me_id.as_str())];
    let res = me.post_form("/liaison/contacts", &first).await;
    let id = res.location().unwrap().trim_start_matches("/liaison/contacts/").to_string();
    assert_eq!(
        me.get(&format!("/liaison/contacts/{id}")).await.text_of("p.ok").unwrap(),
        "已登记联系：张三 · 电话 · 2024-03-01"
    );

    // The edit form holds the record; saving shows the change as before → after.
    let edit = me.get(&format!("/liaison/contacts/{id}/edit")).await;
    assert_eq!(edit.attr("input[name=kind][checked]", "value").as_deref(), Some("call"));
    let changed = [
        ("kind", "visit"),
        ("date", "2024-03-01"),
        ("fellow_ids", zhang.as_str()),
        ("cadre_ids", me_id.as_str()),
        ("notes", "补记"),
    ];
    let res = me.post_form(&format!("/liaison/contacts/{id}/edit"), &changed).await;
    assert_eq!((res.status, res.location()), (StatusCode::SEE_OTHER, Some(format!("/liaison/contacts/{id}").as_str())));
    let page = me.get(&format!("/liaison/contacts/{id}")).await;
    assert_eq!(page.text_of("p.ok").unwrap(), "已修改联系记录：张三 · 上门拜访 · 2024-03-01");
    assert_eq!(page.texts("ul.edits table.changes th"), ["联系方式", "联系内容"]);
    assert_eq!(page.texts("ul.edits table.changes td.before"), ["电话", "—"]);
    let bad =
        [("kind", "visit"), ("date", "2099-01-01"), ("fellow_ids", zhang.as_str()), ("cadre_ids", me_id.as_str())];
    assert_eq!(
        me.post_form(&format!("/liaison/contacts/{id}/edit"), &bad).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Another village cadre of the same village sees it without buttons and is refused.
    app.user("other", BuiltinRole::VillageCadre, "新墙村").await;
    let other = app.login("other").await;
    let seen = other.get(&format!("/liaison/contacts/{id}")).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.texts("form[action$='/delete']").is_empty() && seen.text_of("a.button").is_none());
    assert_eq!(other.get(&format!("/liaison/contacts/{id}/edit")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(other.post_form(&format!("/liaison/contacts/{id}/delete"), &[]).await.status, StatusCode::FORBIDDEN);
    // Outside the scope it does not exist.
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let gangkou = app.login("gangkou").await;
    assert_eq!(gangkou.get(&format!("/liaison/contacts/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(gangkou.post_form(&format!("/liaison/contacts/{id}/delete"), &[]).await.status, StatusCode::NOT_FOUND);

    // The author deletes it: to the list with a notice; it is gone, and audited.
    let res = me.post_form(&format!("/liaison/contacts/{id}/delete"), &[]).await;
    assert_eq!((res.status, res.location()), (StatusCode::SEE_OTHER, Some("/liaison/contacts")));
    let list = me.get("/liaison/contacts").await;
    assert_eq!(list.text_of("p.ok").unwrap(), "已删除联系记录：张三 · 上门拜访 · 2024-03-01");
    assert_eq!(me.get(&format!("/liaison/contacts/{id}")).await.status, StatusCode::NOT_FOUND);
    let audit = app.auditor().await.get(&format!("/audit?target_type=contact&target_id={id}")).await;
    assert_eq!(audit.status, StatusCode::OK);
    for action in ["登记联系记录", "修改联系记录", "删除联系记录"] {
        assert!(audit.text.contains(action), "{action}");
    }
    drop(app);
    db
});

store_test!(the_api_creates_lists_gets_updates_and_deletes, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let c = county(&app).await;
    let me = app.login("village").await;
    let body = json!({"kind": "visit", "date": "2024-05-01", "fellow_ids": [c.zhang], "place": "岳阳",
        "notes": "回乡考察", "outcome": "有意向", "follow_up": {"what": "寄资料", "owner_id": c.village.user_id(), "due": "2024-06-01"}});
    let res = me.api_post_json("/api/v1/contacts", &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let made = res.json();
    let id = made["id"].as_str().unwrap().to_string();
    assert_eq!(made["cadres"][0]["user_id"], json!(c.village.user_id()), "the caller is the cadre");
    assert_eq!((made["kind"].as_str(), made["kind_label"].as_str()), (Some("visit"), Some("上门拜访")));
    assert_eq!(made["follow_ups"][0]["what"], "寄资料");
    assert_eq!(made["can_edit"], true);

    let list = me.api_get(&format!("/api/v1/contacts?fellow_id={}&limit=1", c.zhang)).await.json();
    assert_eq!((list["total"].as_u64(), list["items"][0]["id"].as_str()), (Some(1), Some(id.as_str())));
    assert!(list["next"].is_null());
    let none = me.api_get(&format!("/api/v1/contacts?cadre_id={}", c.admin.user_id())).await.json();
    assert_eq!(none["total"], 0);

    let put = json!({"kind": "call", "date": "2024-05-02", "fellow_ids": [c.zhang]});
    let res = me.api_put_json(&format!("/api/v1/contacts/{id}"), &put).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let got = me.api_get(&format!("/api/v1/contacts/{id}")).await.json();
    assert_eq!((got["kind"].as_str(), got["edits"].as_u64()), (Some("call"), Some(1)));
    assert_eq!(got["follow_ups"].as_array().unwrap().len(), 0, "the open follow-up is withdrawn");

    // The leader reads it but may not write.
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let leader = app.login("leader").await;
    assert_eq!(leader.api_get(&format!("/api/v1/contacts/{id}")).await.json()["can_edit"], false);
    assert_eq!(leader.api_post_json("/api/v1/contacts", &put).await.status, StatusCode::FORBIDDEN);
    assert_eq!(leader.api_delete(&format!("/api/v1/contacts/{id}")).await.status, StatusCode::FORBIDDEN);

    assert_eq!(me.api_delete(&format!("/api/v1/contacts/{id}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(me.api_get(&format!("/api/v1/contacts/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(me.api_delete(&format!("/api/v1/contacts/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(me.api_get("/api/v1/contacts/not-an-id").await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});

store_test!(hostile_api_bodies_get_field_errors_and_write_nothing, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let c = county(&app).await;
    let me = app.login("village").await;
    let fields = |res: &common::TestResponse| -> Vec<String> {
        res.json()["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_string())
            .collect()
    };
    // Outside the scope: 422 on fellow_ids, in Chinese.
    let res = me
        .api_post_json(
            "/api/v1/contacts",
            &json!({"kind": "visit", "date": "2024-05-01", "fellow_ids": [c.zhang, c.li]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert_eq!(fields(&res), ["fellow_ids"]);
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("不在您的联系工作范围内"));
    // A future date, an unknown kind, a date that is not one, an empty list.
    let tomorrow = today().succ_opt().unwrap().to_string();
    let res = me
        .api_post_json("/api/v1/contacts", &json!({"kind": "visit", "date": tomorrow, "fellow_ids": [c.zhang]}))
        .await;
    assert_eq!((res.status, fields(&res)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["date".to_string()]));
    let res = me
        .api_post_json("/api/v1/contacts", &json!({"kind": "dinner", "date": "yesterday", "fellow_ids": [c.zhang]}))
        .await;
    assert_eq!(fields(&res), ["kind", "date"]);
    let res =
        me.api_post_json("/api/v1/contacts", &json!({"kind": "call", "date": "2024-05-01", "fellow_ids": []})).await;
    assert_eq!(fields(&res), ["fellow_ids"]);
    assert_eq!(res.json()["error"]["fields"][0]["message"], "请至少选择一位乡友");
    // Huge arrays and absurd text.
    let many: Vec<Uuid> = (0..501).map(|_| Uuid::now_v7()).collect();
    let res = me
        .api_post_json(
            "/api/v1/contacts",
            &json!({"kind": "forum", "date": "2024-05-01", "fellow_ids": many, "cadre_ids": many[..51]}),
        )
        .await;
    assert_eq!(fields(&res), ["fellow_ids", "cadre_ids"]);
    let res = me.api_post_json("/api/v1/contacts", &json!({"kind": "call", "date": "2024-05-01", "fellow_ids": [c.zhang], "place": "x".repeat(101), "follow_up": {"what": "", "owner_id": c.village.user_id(), "due": "2024-04-01"}})).await;
    assert_eq!(fields(&res), ["place", "follow_up_what", "follow_up_due"]);
    // Wrong types: the shared 422 shape.
    for bad in [
        json!({"kind": 3, "date": "2024-05-01", "fellow_ids": [c.zhang]}),
        json!({"kind": "call", "date": "2024-05-01", "fellow_ids": "all"}),
        json!([1, 2]),
    ] {
        let res = me.api_post_json("/api/v1/contacts", &bad).await;
        assert_eq!((res.status, res.error_code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid".to_string()), "{bad}");
    }
    assert_eq!(me.api_get("/api/v1/contacts?limit=0").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(me.api_get("/api/v1/contacts?from=soon").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(recorded(&app, &c.admin).await, 0, "nothing was written");
    drop(app);
    db
});
