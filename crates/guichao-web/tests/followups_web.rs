//! Follow-ups and overdue fellows through HTTP: 待办 with its tabs and the 完成
//! form (a result required, someone else's follow-up refused), the overdue
//! lists (my own, and in scope with filters and sorting), the state on 我的联系,
//! the liaison card's links on the home page, and the JSON API.

/// The liaison card's links on the home page (other cards have links of their own).
const LIAISON_LINKS: &str = "ul.cards .card-links a[href^='/liaison']";
mod common;

use axum::http::StatusCode;
use chrono::{Days, NaiveDate};
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::date::today;
use guichao_domain::liaison::{ContactDraft, ContactKind, FollowUpDraft, LiaisonLevel};
use guichao_store::contacts::{FollowUpFilter, FollowUpQuery};
use guichao_store::liaison::AssignmentDraft;
use guichao_store::testing::TestDb;
use guichao_store::{Actor, store_test};
use serde_json::json;
use uuid::Uuid;

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).unwrap()
}

fn ahead(days: u64) -> NaiveDate {
    today().checked_add_days(Days::new(days)).unwrap()
}

/// The cast: an admin, the 新墙镇 officer, the 新墙村 cadre, the 筻口镇 officer
/// and a leader; fellows 张三 (新墙村), 李四 (新墙镇) and 王五 (筻口镇).
struct World {
    admin: Actor,
    village: Actor,
    zhang: Uuid,
    li: Uuid,
    wang: Uuid,
    /// The village cadre's contact whose follow-up is overdue, and that follow-up.
    contact: Uuid,
    late: Uuid,
    /// The village cadre's follow-up due in five days.
    soon: Uuid,
}

fn contact(cadre: &Actor, fellow: Uuid, date: NaiveDate, follow_up: Option<(&str, NaiveDate)>) -> ContactDraft {
    ContactDraft {
        kind: ContactKind::Visit,
        date,
        place: "深圳".into(),
        cadre_ids: vec![cadre.user_id()],
        fellow_ids: vec![fellow],
        chamber_id: None,
        notes: "走访".into(),
        outcome: String::new(),
        follow_up: follow_up.map(|(what, due)| FollowUpDraft { what: what.into(), owner_id: cadre.user_id(), due }),
    }
}

/// Assignments: the village cadre to 张三 (30 days, last visit 35 days ago:
/// 5 days overdue), the 新墙镇 officer to 李四 (30 days, last call 25 days
/// ago: due, 5 days left), the 筻口镇 officer to 王五 (60 days, last visit 70
/// days ago: 10 days overdue). The village cadre has two open follow-ups, one
/// 3 days late and one due in 5 days.
async fn world(app: &TestApp) -> World {
    let admin = app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let village = app.user("village", BuiltinRole::VillageCadre, "新墙村").await;
    let gangkou = app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let zhang = app.fellow().named("张三").in_village("新墙村").by(&admin).create().await;
    let li = app.fellow().named("李四").in_township("新墙镇").by(&admin).create().await;
    let wang = app.fellow().named("王五").in_township("筻口镇").by(&admin).create().await;
    let assign = app.store.liaison(&admin, Permission::LiaisonWrite).unwrap();
    let draft = |cadre: &Actor, level, cycle_days| AssignmentDraft { cadre_id: cadre.user_id(), level, cycle_days };
    assign.assign(zhang, draft(&village, LiaisonLevel::Village, 30)).await.unwrap();
    assign.assign(li, draft(&xinqiang, LiaisonLevel::Township, 30)).await.unwrap();
    assign.assign(wang, draft(&gangkou, LiaisonLevel::Township, 60)).await.unwrap();
    let create = |who: &Actor, d: ContactDraft| {
        let (store, who) = (&app.store, who.clone());
        async move { store.contacts(&who, Permission::LiaisonWrite).unwrap().create(d).await.unwrap() }
    };
    let visit = create(&village, contact(&village, zhang, ago(40), Some(("寄送招商资料", ago(3))))).await;
    create(&village, contact(&village, zhang, ago(35), Some(("邀请参加座谈", ahead(5))))).await;
    create(&xinqiang, ContactDraft { kind: ContactKind::Call, ..contact(&xinqiang, li, ago(25), None) }).await;
    create(&gangkou, contact(&gangkou, wang, ago(70), None)).await;
    let open = FollowUpQuery { filter: FollowUpFilter::Open, as_of: today(), offset: 0, limit: 10 };
    let (open, _) = app.store.contacts(&village, Permission::LiaisonRead).unwrap().followups(&open).await.unwrap();
    World { admin, village, zhang, li, wang, contact: visit, late: open[0].id, soon: open[1].id }
}

store_test!(follow_ups_are_listed_by_tab_and_finished_with_a_result, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = world(&app).await;
    let me = app.login("village").await;

    let page = me.get("/liaison/followups").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts("nav.tabs a"), ["到期 1", "逾期 1", "已完成", "全部未完成 2"]);
    assert_eq!(page.texts("nav.tabs a.current"), ["全部未完成 2"]);
    assert_eq!(page.texts("table.followups td.what"), ["寄送招商资料", "邀请参加座谈"], "soonest due first");
    assert_eq!(page.texts("table.followups tr.late td.due .tag"), ["逾期3天"]);
    let contact_links = page.attrs("table.followups td[data-label='来自联系'] a", "href");
    assert_eq!(contact_links[0], format!("/liaison/contacts/{}", w.contact));
    assert_eq!(page.texts("table.followups td[data-label='来自联系'] small"), ["张三", "张三"]);
    assert_eq!(page.text_of(".list-pager .list-total").as_deref(), Some("共 2 条"));
    let late = me.get("/liaison/followups?tab=overdue").await;
    assert_eq!(late.texts("table.followups td.what"), ["寄送招商资料"]);
    assert_eq!(me.get("/liaison/followups?tab=due").await.texts("table.followups td.what"), ["邀请参加座谈"]);
    assert_eq!(me.get("/liaison/followups?tab=soon").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // 完成 needs a one-line result: blank and too long are field errors in Chinese.
    let done = format!("/liaison/followups/{}/done", w.late);
    let res = me.post_form(&done, &[("result", "  "), ("tab", "overdue")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.texts(&format!("tr#f-{} .field-error", w.late)), ["办理结果不能为空"]);
    assert_eq!(res.texts("nav.tabs a.current"), ["逾期 1"], "the tab it came from");
    let long = "很".repeat(201);
    let res = me.post_form(&done, &[("result", &long), ("tab", "overdue")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.texts(".field-error"), ["办理结果不能超过200个字"]);
    assert_eq!(res.input_value("result").as_deref(), Some(long.as_str()), "what was typed stays");

    let res = me.post_form(&done, &[("result", "资料已寄出"), ("tab", "overdue")]).await;
    assert_eq!((res.status, res.location()), (StatusCode::SEE_OTHER, Some("/liaison/followups?tab=overdue")));
    let after = me.get("/liaison/followups?tab=overdue").await;
    assert_eq!(after.texts("p.ok"), ["已完成，办理结果：资料已寄出"]);
    assert!(after.texts("table.followups td.what").is_empty());
    assert!(me.get("/liaison/followups?tab=overdue").await.texts("p.ok").is_empty(), "the notice shows once");
    let finished = me.get("/liaison/followups?tab=done").await;
    assert_eq!(finished.texts("table.followups td.what"), ["寄送招商资料"]);
    assert!(finished.texts("table.followups td.result")[0].starts_with("资料已寄出"));
    assert!(finished.texts("form.done-form").is_empty(), "a done one has no form");
    let again = me.post_form(&done, &[("result", "再办一次")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_message().as_deref(), Some("该跟进事项已办结"));

    // Someone else's follow-up: out of sight 404; in sight but not theirs 403;
    // a reader without liaison.write is refused; nobody else lists it.
    let soon = format!("/liaison/followups/{}/done", w.soon);
    let gangkou = app.login("gangkou").await;
    assert_eq!(gangkou.post_form(&soon, &[("result", "已办")]).await.status, StatusCode::NOT_FOUND);
    let xinqiang = app.login("xinqiang").await;
    assert_eq!(xinqiang.post_form(&soon, &[("result", "已办")]).await.status, StatusCode::FORBIDDEN);
    let leader = app.login("leader").await;
    assert_eq!(leader.post_form(&soon, &[("result", "已办")]).await.status, StatusCode::FORBIDDEN);
    let theirs = leader.get("/liaison/followups").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(theirs.texts("table.followups td.what").is_empty());
    assert!(xinqiang.get("/liaison/followups").await.texts("table.followups td.what").is_empty());
    assert_eq!(
        me.post_form("/liaison/followups/not-an-id/done", &[("result", "x")]).await.status,
        StatusCode::NOT_FOUND
    );
    app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    assert_eq!(app.login("officer").await.get("/liaison/followups").await.status, StatusCode::FORBIDDEN);
    let _ = (w.admin, w.village);
    drop(app);
    db
});

store_test!(overdue_lists_are_mine_or_scoped_filtered_and_sorted, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = world(&app).await;
    let names = |page: &common::TestResponse| page.texts("table.overdue td[data-label='乡友']");

    // The village cadre: their own, by default; one tap records a contact.
    let village = app.login("village").await;
    let mine = village.get("/liaison/overdue").await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.text);
    assert_eq!(mine.texts("nav.tabs a.current"), ["我的"]);
    assert_eq!(names(&mine), ["张三"]);
    assert_eq!(mine.texts("table.overdue td.days"), ["已超期 5 天"]);
    assert_eq!(mine.texts("table.overdue td[data-label='最近联系']"), [ago(35).to_string()]);
    assert!(mine.texts("table.overdue th").iter().all(|h| h != "联系干部"), "no cadre column in my own list");
    assert_eq!(mine.attrs("table.overdue a.button", "href"), [format!("/liaison/contacts/new?fellow={}", w.zhang)]);

    // The 新墙镇 officer: their own due-soon fellow shown as due, and the
    // township's overdue fellows by default (not 筻口镇's).
    let xinqiang = app.login("xinqiang").await;
    let own = xinqiang.get("/liaison/overdue?mine=1").await;
    assert_eq!(names(&own), ["李四"]);
    assert_eq!(own.attrs("table.overdue tbody tr", "class"), ["due"]);
    assert_eq!(own.texts("table.overdue td.days"), ["即将到期，还剩 5 天"]);
    let scoped = xinqiang.get("/liaison/overdue").await;
    assert_eq!(scoped.texts("nav.tabs a.current"), ["本范围全部"]);
    assert_eq!(names(&scoped), ["张三"]);
    assert_eq!(scoped.texts("table.overdue td[data-label='联系干部']"), ["village"]);
    assert!(scoped.attrs("select[name=township_id]", "name").is_empty(), "one township: no township filter");

    // The county: everyone, most overdue first, filterable and sortable.
    let admin = app.login("admin").await;
    let all = admin.get("/liaison/overdue").await;
    assert_eq!(names(&all), ["王五", "张三"]);
    assert_eq!(all.texts("table.overdue td.days"), ["已超期 10 天", "已超期 5 天"]);
    assert_eq!(all.texts("table.overdue td[data-label='最近联系']"), [ago(70).to_string(), ago(35).to_string()]);
    assert_eq!(all.texts("table.overdue td[data-label='层级']"), ["乡镇级", "村级"]);
    assert_eq!(names(&admin.get("/liaison/overdue?sort=days").await), ["张三", "王五"]);
    assert_eq!(names(&admin.get("/liaison/overdue?sort=due&dir=desc").await), ["张三", "王五"]);
    assert_eq!(
        all.attrs("th.sortable a", "href"),
        ["/liaison/overdue?mine=0&dir=desc", "/liaison/overdue?mine=0&sort=days"]
    );
    let gangkou_town = app.county.unit("筻口镇");
    assert_eq!(names(&admin.get(&format!("/liaison/overdue?township_id={gangkou_town}")).await), ["王五"]);
    assert_eq!(names(&admin.get("/liaison/overdue?level=village").await), ["张三"]);
    assert_eq!(names(&admin.get(&format!("/liaison/overdue?cadre_id={}", w.village.user_id())).await), ["张三"]);
    let later = admin.get(&format!("/liaison/overdue?as_of={}", ahead(10))).await;
    assert_eq!(names(&later), ["王五", "张三", "李四"], "李四 falls overdue in ten days");
    assert!(later.attrs("select[name=township_id] option", "value").len() > 2, "townships offered to the county");
    assert!(all.attrs("select[name=cadre_id] option", "value").contains(&w.village.user_id().to_string()));
    let bad = admin.get("/liaison/overdue?level=province&as_of=2024-13-01").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = bad.error_message().unwrap();
    assert!(message.contains("层级应为县级、乡镇级或村级") && message.contains("统计日期"), "{message}");
    assert_eq!(admin.get("/liaison/overdue?sort=name").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A leader reads everything but records nothing; 筻口镇 sees its own.
    let leader = app.login("leader").await.get("/liaison/overdue").await;
    assert_eq!(names(&leader), ["王五", "张三"]);
    assert!(leader.attrs("table.overdue a.button", "href").is_empty());
    assert_eq!(names(&app.login("gangkou").await.get("/liaison/overdue?mine=0").await), ["王五"]);
    let _ = (w.li, w.wang);
    drop(app);
    db
});

store_test!(my_fellows_show_their_state_and_the_home_card_counts_from_records, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = world(&app).await;
    let village = app.login("village").await;
    let state = village.get("/liaison").await;
    assert_eq!(state.texts("table.liaison-mine td[data-label='联系状态']"), ["已超期 5天"]);
    let xinqiang = app.login("xinqiang").await;
    assert_eq!(
        xinqiang.get("/liaison").await.texts("table.liaison-mine td[data-label='联系状态'] .tag.due"),
        ["即将到期，还剩5天"]
    );

    let links = |page: &common::TestResponse| (page.texts(LIAISON_LINKS), page.attrs(LIAISON_LINKS, "href"));
    let hrefs = vec!["/liaison/followups".to_string(), "/liaison/overdue?mine=1".to_string()];
    let home = village.get("/").await;
    assert_eq!(links(&home), (vec!["待办 2 件（逾期 1）".into(), "超期未联系 1 人".into()], hrefs.clone()));
    assert_eq!(home.texts("ul.cards > li > a em.figure")[1], "1 人", "the card's own figure stays");
    // Finishing the late one and a new visit change the figures.
    let done = village.post_form(&format!("/liaison/followups/{}/done", w.late), &[("result", "已寄出")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let visit = contact(&w.village, w.zhang, today(), None);
    app.store.contacts(&w.village, Permission::LiaisonWrite).unwrap().create(visit).await.unwrap();
    let home = village.get("/").await;
    assert_eq!(links(&home).0, ["待办 1 件（逾期 0）", "超期未联系 0 人"]);
    let gangkou = app.login("gangkou").await.get("/").await;
    assert_eq!(links(&gangkou).0, ["待办 0 件（逾期 0）", "超期未联系 1 人"]);
    let mut en = app.login("gangkou").await;
    en.set_cookie(common::LANG_COOKIE, "en");
    assert_eq!(links(&en.get("/").await).0, ["0 follow-ups (0 overdue)", "1 fellows overdue"]);
    drop(app);
    db
});

store_test!(the_api_lists_and_finishes_follow_ups_and_lists_overdue_assignments, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = world(&app).await;
    let village = app.login("village").await;

    let list = village.api_get("/api/v1/followups").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let body = list.json();
    assert_eq!(body["total"], 2);
    assert_eq!(body["next"], serde_json::Value::Null);
    let first = &body["items"][0];
    assert_eq!((first["what"].as_str(), first["kind"].as_str()), (Some("寄送招商资料"), Some("visit")));
    assert_eq!((first["days_overdue"].as_i64(), first["due"].as_str()), (Some(3), Some(ago(3).to_string().as_str())));
    assert_eq!(first["fellows"], json!([{"fellow_id": w.zhang, "name": "张三"}]));
    assert_eq!(first["contact_id"], json!(w.contact));
    assert_eq!(first["result"], "");
    let page = village.api_get("/api/v1/followups?limit=1").await.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let next = page["next"].as_str().unwrap().to_string();
    assert_eq!(village.api_get(&next).await.json()["items"][0]["what"], "邀请参加座谈");
    let overdue = village.api_get("/api/v1/followups?filter=overdue").await.json();
    assert_eq!(overdue["total"], 1);
    let as_of = village.api_get(&format!("/api/v1/followups?filter=overdue&as_of={}", ahead(6))).await.json();
    assert_eq!(as_of["total"], 2, "both late six days from now");
    for (query, field) in [("filter=late", "filter"), ("as_of=2024-02-30", "as_of"), ("as_of=1800-01-01", "as_of")] {
        let bad = village.api_get(&format!("/api/v1/followups?{query}")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(bad.json()["error"]["fields"][0]["field"], field, "{query}");
    }
    assert_eq!(village.api_get("/api/v1/followups?limit=500").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Finishing: a result is required; the second time is a conflict; out of sight 404.
    let done = format!("/api/v1/followups/{}/done", w.late);
    let blank = village.api_post_json(&done, &json!({})).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank.json()["error"]["fields"], json!([{"field": "result", "message": "办理结果不能为空"}]));
    let gangkou = app.login("gangkou").await;
    assert_eq!(gangkou.api_post_json(&done, &json!({"result": "x"})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(village.api_post_json(&done, &json!({"result": "已寄出"})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(village.api_post_json(&done, &json!({"result": "已寄出"})).await.status, StatusCode::CONFLICT);
    let finished = village.api_get("/api/v1/followups?filter=done").await.json();
    assert_eq!((finished["total"].as_u64(), finished["items"][0]["result"].as_str()), (Some(1), Some("已寄出")));
    assert_eq!(finished["items"][0]["done_by"], json!(w.village.user_id()));
    let ghost = format!("/api/v1/followups/{}/done", Uuid::now_v7());
    assert_eq!(village.api_post_json(&ghost, &json!({"result": "x"})).await.status, StatusCode::NOT_FOUND);

    // Overdue assignments, scoped and filtered.
    let admin = app.login("admin").await;
    let all = admin.api_get("/api/v1/liaison/overdue").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    let all = all.json();
    assert_eq!(all["total"], 2);
    let top = &all["items"][0];
    assert_eq!(
        (top["fellow_id"].clone(), top["fellow_name"].as_str(), top["township"].as_str(), top["cadre_name"].as_str()),
        (json!(w.wang), Some("王五"), Some("筻口镇"), Some("gangkou"))
    );
    assert_eq!((top["level"].as_str(), top["days_overdue"].as_i64()), (Some("township"), Some(10)));
    assert_eq!(top["last_contact"], json!(ago(70)));
    assert!(top["cadre_id"].is_string());
    let first = admin.api_get("/api/v1/liaison/overdue?limit=1").await.json();
    let next = first["next"].as_str().unwrap().to_string();
    assert!(next.contains("offset=1"), "{next}");
    assert_eq!(admin.api_get(&next).await.json()["items"][0]["fellow_name"], "张三");
    let village_level = admin.api_get("/api/v1/liaison/overdue?level=village").await.json();
    assert_eq!(village_level["items"][0]["fellow_id"], json!(w.zhang));
    let town = app.county.unit("新墙镇");
    let in_town = admin.api_get(&format!("/api/v1/liaison/overdue?township_id={town}")).await.json();
    assert_eq!(in_town["total"], 1);
    let later = admin
        .api_get(&format!("/api/v1/liaison/overdue?as_of={}&cadre_id={}", ahead(10), app.county.unit("新墙镇")))
        .await;
    assert_eq!(later.json()["total"], 0, "no cadre has that id");
    let li = admin.api_get(&format!("/api/v1/liaison/overdue?as_of={}", ahead(10))).await.json();
    assert_eq!(li["items"][2]["fellow_id"], json!(w.li));
    let bad = admin.api_get("/api/v1/liaison/overdue?level=省级&township_id=新墙镇").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = bad.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["township_id", "level"]);
    assert_eq!(gangkou.api_get("/api/v1/liaison/overdue").await.json()["total"], 1);
    assert_eq!(village.api_get("/api/v1/liaison/overdue").await.json()["items"][0]["fellow_name"], "张三");
    let _ = w.admin;
    drop(app);
    db
});
