//! The events area through HTTP: creating an event on the form (and being
//! refused in Chinese), setting attendance on its page so that contacts are
//! recorded and withdrawn, the list's filters, another township's event
//! answering 404, and the JSON API with its 422s.

mod common;

use axum::http::StatusCode;
use chrono::Days;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_store::contacts::ContactQuery;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;

fn ago(days: u64) -> String {
    today().checked_sub_days(Days::new(days)).unwrap().to_string()
}

store_test!(an_event_on_the_form_and_its_attendance_make_contacts, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let zhang = app.fellow().named("张三").in_village("新墙村").by(&admin).create().await;
    let li = app.fellow().named("李四").in_village("新墙村").by(&admin).create().await;
    let me = app.login("xinqiang").await;
    let unit = me.get("/events/new").await;
    assert_eq!(unit.status, StatusCode::OK, "{}", unit.text);
    let organiser = unit.attr("select[name=organiser_unit_id] option[selected]", "value").unwrap();

    // Ends before it starts: the form again, in Chinese, with what was typed.
    let (start, before) = (ago(3), ago(4));
    let mut form = vec![
        ("title", "深圳乡友座谈会"),
        ("kind", "forum"),
        ("start_date", start.as_str()),
        ("end_date", before.as_str()),
        ("place", "深圳"),
        ("organiser_unit_id", organiser.as_str()),
        ("outcomes", "两项意向"),
        ("leads", ""),
    ];
    let res = me.post_form("/events", &form).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_message().as_deref(), Some("结束日期不能早于开始日期"));
    assert_eq!(res.input_value("title").as_deref(), Some("深圳乡友座谈会"));
    form[3].1 = "";
    let res = me.post_form("/events", &form).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let page_of = res.location().unwrap().trim_end_matches("#attendance").to_string();

    // Two fellows added by name, the cadre by username.
    let add = [("add_fellows", "张三\n李四"), ("add_fellow_status", "attended"), ("add_cadres", "xinqiang")];
    let page = me.post_and_follow(&format!("{page_of}/attendees"), &add).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(
        page.text_of("p.ok[role=status]").as_deref(),
        Some("出席名单已保存：新增联系记录 2 条，更新 0 条，撤销 0 条")
    );
    assert_eq!(page.texts("ul.attendees a"), ["张三", "李四"]);
    let contacts = |who| {
        let store = &app.store;
        async move {
            let q = ContactQuery { limit: 50, ..Default::default() };
            store.contacts(who, Permission::LiaisonRead).unwrap().list(&q).await.unwrap().1
        }
    };
    assert_eq!(contacts(&admin).await, 2);
    // A contact the attendance made is changed on the event, not on its own page.
    let q = ContactQuery { limit: 1, ..Default::default() };
    let made = app.store.contacts(&admin, Permission::LiaisonRead).unwrap().list(&q).await.unwrap().0.remove(0);
    let shown = me.get(&format!("/liaison/contacts/{}", made.id)).await;
    assert_eq!(shown.attrs("#from-event a", "href"), std::slice::from_ref(&page_of));
    assert!(shown.attrs("a.button", "href").iter().all(|h| !h.ends_with("/edit")), "no edit button");

    // 李四 only invited: the record is withdrawn; the list counts one of each.
    let (z, l) = (zhang.to_string(), li.to_string());
    let keep = [
        ("fellow_ids", z.as_str()),
        (&format!("fellow_{z}"), "attended"),
        ("fellow_ids", l.as_str()),
        (&format!("fellow_{l}"), "invited"),
    ];
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (*k, *v)).collect();
    let res = me.post_form(&format!("{page_of}/attendees"), &keep).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(contacts(&admin).await, 1);
    let list = me.get("/events?kind=forum&place=深圳").await;
    assert_eq!(list.texts("table.events td[data-label='出席乡友']"), ["1"]);
    assert_eq!(list.texts("table.events td[data-label='受邀']"), ["1"]);
    assert!(me.get("/events?kind=festival").await.texts("table.events td").is_empty());
    assert_eq!(me.get("/events?year=abc").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Another township sees neither the event nor its page.
    let other = app.login("gangkou").await;
    assert!(other.get("/events").await.texts("table.events td").is_empty());
    assert_eq!(other.get(&page_of).await.status, StatusCode::NOT_FOUND);

    // Deleting withdraws the remaining record.
    let res = me.post_and_follow(&format!("{page_of}/delete"), &[]).await;
    assert_eq!(res.text_of("p.ok[role=status]").as_deref(), Some("活动已删除，其生成的联系记录已一并撤销"));
    assert_eq!(contacts(&admin).await, 0);
    assert_eq!(me.get(&page_of).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});

store_test!(the_events_api_sets_attendees_and_refuses_bad_input, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("village", BuiltinRole::VillageCadre, "新墙村").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let xq = app.fellow().named("张三").in_village("新墙村").by(&admin).create().await;
    let gk = app.fellow().named("王五").in_village("筻口村").by(&admin).create().await;
    let village = app.login("village").await;
    let body = json!({"title": "新墙村春节联谊会", "kind": "festival", "start_date": ago(1), "place": "本县"});
    let res = village.api_post_json("/api/v1/events", &body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let id = res.json()["id"].as_str().unwrap().to_string();
    assert_eq!(res.json()["end_date"], json!(ago(1)), "one day when no end is given");

    // A fellow outside the village: 422 on `fellows`, nothing written.
    let field = |res: &common::TestResponse| res.json()["error"]["fields"][0]["field"].as_str().map(String::from);
    let both = json!({"fellows": [{"id": xq, "status": "attended"}, {"id": gk, "status": "attended"}]});
    let res = village.api_put_json(&format!("/api/v1/events/{id}/attendees"), &both).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.text.contains("不在您的联系工作范围内"), "{}", res.text);
    assert_eq!(field(&res).as_deref(), Some("fellows"), "{}", res.text);
    let own = json!({"fellows": [{"id": xq, "status": "attended"}]});
    let res = village.api_put_json(&format!("/api/v1/events/{id}/attendees"), &own).await;
    assert_eq!(res.json(), json!({"contacts_created": 1, "contacts_updated": 0, "contacts_removed": 0}));
    let got = village.api_get(&format!("/api/v1/events/{id}")).await.json();
    assert_eq!(got["fellows"][0]["name"], "张三");
    assert_eq!(got["kind"], "festival");

    // Bad kinds, statuses and ranges are refused in words.
    let bad = json!({"title": "x", "kind": "party", "start_date": ago(1), "place": "本县"});
    let res = village.api_post_json("/api/v1/events", &bad).await;
    assert_eq!((res.status, field(&res).as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")), "{}", res.text);
    assert!(res.text.contains("活动类型应为"), "{}", res.text);
    let long = json!({"title": "x", "kind": "forum", "start_date": ago(40), "end_date": ago(1), "place": "本县"});
    let res = village.api_post_json("/api/v1/events", &long).await;
    assert!(res.text.contains("一次活动最长31天"), "{}", res.text);
    assert!(field(&res).is_some(), "a field error: {}", res.text);
    let odd = json!({"fellows": [{"id": xq, "status": "maybe"}]});
    let res = village.api_put_json(&format!("/api/v1/events/{id}/attendees"), &odd).await;
    assert_eq!(
        (res.status, field(&res).as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("fellows")),
        "{}",
        res.text
    );

    // The leader reads every event but writes none.
    let leader = app.login("leader").await;
    assert_eq!(leader.api_get("/api/v1/events?kind=festival").await.json()["total"], 1);
    assert_eq!(leader.api_delete(&format!("/api/v1/events/{id}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(village.api_delete(&format!("/api/v1/events/{id}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(leader.api_get(&format!("/api/v1/events/{id}")).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});
