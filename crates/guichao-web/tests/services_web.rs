//! Service requests through HTTP: township staff record a returnee's
//! request, work it on its page (a decline needs its reason) and register
//! the returnee as a fellow from it; another township gets 404 and a
//! village cadre no area; the `/api/v1/services` routes with their 422s
//! and the report; the settings and the poster. The public form and lookup
//! with no account: the arithmetic question, the per-address limits, the
//! same page for a wrong phone and a wrong number, and hostile bodies
//! (no 5xx, nothing echoed as markup, limits still holding). The
//! requester's own rating from the lookup: only once done, once, out of
//! range refused, a wrong phone answered as a wrong number, the comment
//! shown as text. Request documents through the API, in scope only.

mod common;

use axum::http::StatusCode;
use common::{Session, TestApp, TestResponse};
use guichao_domain::access::BuiltinRole;
use guichao_domain::date::today;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use std::net::SocketAddr;

const FORM: &str = "/public/430621/services/new";
const SEND: &str = "/public/430621/services";
const LOOKUP: &str = "/public/430621/services/lookup";
const RATE: &str = "/public/430621/services/rate";

/// The question's answer and token on a public form page.
fn answer(page: &TestResponse) -> (String, String) {
    let label = page.text_of("label[for=p-answer]").expect("a question");
    let sum: u32 =
        label.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).map(|p| p.parse::<u32>().unwrap()).sum();
    (sum.to_string(), page.input_value("token").expect("a token"))
}

/// Sends the public form from `s` as a person would: asks for the page, answers.
async fn send(s: &Session<'_>, fields: &[(&str, &str)]) -> TestResponse {
    let page = s.get(FORM).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let (sum, token) = answer(&page);
    let mut pairs: Vec<(&str, &str)> = fields.to_vec();
    pairs.push(("answer", &sum));
    pairs.push(("token", &token));
    s.post_form(SEND, &pairs).await
}

fn peer(n: u8) -> SocketAddr {
    SocketAddr::from(([192, 168, 7, n], 50000))
}

/// A client with no account at a fixed address.
fn at(app: &TestApp, n: u8) -> Session<'_> {
    let mut s = app.anon();
    s.peer = Some(peer(n));
    s
}

store_test!(township_staff_record_work_and_register_a_returnee, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    app.user("village", BuiltinRole::VillageCadre, "新墙村").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let me = app.login("xinqiang").await;
    let empty = me.get("/services").await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
    assert!(empty.text_of("#empty").is_some());

    let unit = app.county.unit("新墙镇").to_string();
    let township = unit.clone();
    let on = today().to_string();
    let typed = [
        ("kind", "schooling"),
        ("who", "returnee"),
        ("name", "李秀英"),
        ("phone", "13800000011"),
        ("township_id", township.as_str()),
        ("subject", "孩子转学<script>alert(1)</script>"),
        ("details", ""),
        ("unit_id", unit.as_str()),
        ("assignee_id", ""),
        ("received_on", on.as_str()),
    ];
    let refused = me.post_form("/services/new", &[("kind", ""), ("who", "returnee"), ("unit_id", &unit)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.texts(".field-error").iter().any(|e| e == "请选择诉求类别"));
    let made = me.post_form("/services/new", &typed).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    let path = made.location().unwrap().to_string();
    let page = me.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text.contains("<script>alert"), "escaped");
    assert_eq!(page.text_of("#status").as_deref(), Some("已登记"));
    assert!(page.text_of("#requester").unwrap().contains("138****0011"));

    let declined = me.post_form(&format!("{path}/steps"), &[("status", "declined"), ("on", &on), ("note", "")]).await;
    assert_eq!(declined.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(declined.texts("#step-form .field-error").iter().any(|e| e == "不予办理须写明理由"));
    let accepted =
        me.post_and_follow(&format!("{path}/steps"), &[("status", "accepted"), ("on", &on), ("note", "")]).await;
    assert_eq!(accepted.text_of("#status").as_deref(), Some("已接办"));
    let replied = me.post_and_follow(&format!("{path}/replies"), &[("body", "已联系学校"), ("public", "yes")]).await;
    assert_eq!(replied.texts("#replies p.body"), ["已联系学校"]);

    // Another township: 404 on the page and the API; a village cadre has no area.
    let other = app.login("gangkou").await;
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.api_get(&format!("/api/v1{path}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.login("village").await.get("/services").await.status, StatusCode::FORBIDDEN);
    let leader = app.login("leader").await;
    assert_eq!(leader.get(&path).await.status, StatusCode::OK);
    let tried = leader.post_form(&format!("{path}/replies"), &[("body", "x"), ("public", "yes")]).await;
    assert_eq!(tried.status, StatusCode::FORBIDDEN);

    // Registering the returnee: the new-fellow form comes prefilled and ties them.
    let register = page.attr("#register", "href").unwrap();
    let form = me.get(&register).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    assert_eq!(form.input_value("name").as_deref(), Some("李秀英"));
    assert_eq!(form.input_value("phone").as_deref(), Some("13800000011"));
    let request = form.input_value("service_request").unwrap();
    let saved = me
        .post_form(
            "/fellows/new",
            &[
                ("name", "李秀英"),
                ("category", "industry_commerce"),
                ("township_id", &township),
                ("phone", "13800000011"),
                ("status", "active"),
                ("service_request", &request),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(saved.location(), Some(path.as_str()));
    let tied = me.get(&path).await;
    assert!(tied.attr("#requester a", "href").unwrap().starts_with("/fellows/"));
    assert!(tied.attr("#register", "href").is_none());
    db
});

store_test!(the_api_lists_works_and_reports, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    let fellow = app.fellow().named("张建国").in_village("新墙村").by(&admin).create().await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let me = app.login("xinqiang").await;
    let unit = app.county.unit("新墙镇");
    let mine = me.api_get("/api/v1/services/me").await;
    assert_eq!(mine.status, StatusCode::NOT_FOUND, "not an id");
    let body = json!({"kind": "government", "fellow_id": fellow, "subject": "营业执照变更", "unit_id": unit});
    let made = me.api_post_json("/api/v1/services", &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let id = made.json()["id"].as_str().unwrap().to_string();
    assert_eq!(made.json()["status"], "received");
    assert_eq!(made.json()["limit_days"], 5);
    let both = json!({"kind": "government", "fellow_id": fellow, "returnee": {"name": "王五", "phone": "13900000001"},
        "subject": "x", "unit_id": unit});
    let refused = me.api_post_json("/api/v1/services", &both).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["error"]["fields"][0]["field"], "fellow_id");
    let bad_kind = me
        .api_post_json("/api/v1/services", &json!({"kind": "x", "fellow_id": fellow, "subject": "x", "unit_id": unit}))
        .await;
    assert_eq!(bad_kind.status, StatusCode::UNPROCESSABLE_ENTITY);

    let step = |status: &str, note: &str| json!({"status": status, "note": note});
    let moved = me.api_post_json(&format!("/api/v1/services/{id}/transitions"), &step("declined", "")).await;
    assert_eq!(moved.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(moved.json()["error"]["fields"][0]["field"], "reason");
    let moved = me.api_post_json(&format!("/api/v1/services/{id}/transitions"), &step("done", "")).await;
    assert_eq!((moved.status, moved.json()["status"].as_str()), (StatusCode::OK, Some("done")));
    assert_eq!(moved.json()["days_taken"], 0);
    let bad_score = me.api_post_json(&format!("/api/v1/services/{id}/satisfaction"), &json!({"score": 9})).await;
    assert_eq!(bad_score.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rated =
        me.api_post_json(&format!("/api/v1/services/{id}/satisfaction"), &json!({"score": 4, "comment": "好"})).await;
    assert_eq!(rated.json()["score"], 4);
    let replied = me.api_post_json(&format!("/api/v1/services/{id}/replies"), &json!({"body": "内部备注"})).await;
    assert_eq!((replied.status, replied.json()["replies"][0]["public"].as_bool()), (StatusCode::CREATED, Some(false)));

    let list = me.api_get("/api/v1/services?filter=unit").await;
    assert_eq!(list.json()["total"], 1);
    assert_eq!(me.api_get("/api/v1/services?filter=mine").await.json()["total"], 0);
    assert_eq!(me.api_get("/api/v1/services?filter=nope").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let year = today().format("%Y").to_string();
    let report = me.api_get(&format!("/api/v1/services/report?from={year}-01-01&to={year}-12-31")).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    let r = report.json();
    assert_eq!(
        (r["total"]["received"].as_u64(), r["total"]["done"].as_u64(), r["total"]["done_on_time"].as_u64()),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(r["total"]["satisfaction"], 4.0);
    assert_eq!(r["by_unit"][0]["unit"], "新墙镇");
    assert_eq!(me.api_get("/api/v1/services/report?from=2024-01-01").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    let page = me.get(&format!("/services/report?from={year}-01-01&to={year}-12-31")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts("#by-unit tbody td:first-child"), ["新墙镇"]);
    db
});

store_test!(the_county_keeps_limits_and_the_calendar_and_prints_the_poster, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let me = app.login("county").await;
    let saved = me.post_and_follow("/services/settings/limits", &[("housing", "12")]).await;
    assert_eq!(saved.input_value("housing").as_deref(), Some("12"));
    let refused = me.post_form("/services/settings/limits", &[("housing", "99")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let marked = me
        .post_and_follow(
            "/services/settings/calendar",
            &[("from", "2025-01-28"), ("to", "2025-02-04"), ("mark", "holiday"), ("name", "春节")],
        )
        .await;
    assert_eq!(marked.texts("#calendar tbody tr").len(), 8);
    let township = app.login("xinqiang").await;
    let read = township.get("/services/settings?year=2025").await;
    assert!(read.input_value("housing").is_none(), "read only");
    let tried = township.post_form("/services/settings/limits", &[("housing", "3")]).await;
    assert_eq!(tried.status, StatusCode::FORBIDDEN, "{}", tried.text);
    let poster = me.get("/services/poster").await;
    assert_eq!(poster.status, StatusCode::OK);
    assert!(poster.text.contains("<svg"), "the QR code is drawn");
    assert_eq!(poster.text_of("p.url").as_deref(), Some("http://localhost/public/430621/services/new"));
    db
});

store_test!(a_returnee_asks_from_a_phone_and_follows_the_answer, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    let anon = app.anon();
    assert_eq!(anon.get("/public/000000/services/new").await.status, StatusCode::NOT_FOUND);
    let fields = [
        ("name", "刘芳"),
        ("phone", "137 0000 0003"),
        ("kind", "healthcare"),
        ("subject", "医保关系转回"),
        ("details", ""),
    ];
    let wrong = {
        let page = anon.get(FORM).await;
        let (sum, token) = answer(&page);
        let off = (sum.parse::<u32>().unwrap() + 1).to_string();
        let mut pairs = fields.to_vec();
        pairs.extend([("answer", off.as_str()), ("token", token.as_str())]);
        anon.post_form(SEND, &pairs).await
    };
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.texts(".field-error").iter().any(|e| e.contains("验证题")));
    assert_eq!(wrong.input_value("name").as_deref(), Some("刘芳"), "what was typed is kept");
    let sent = send(&anon, &fields).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let number = sent.text_of("#number").unwrap();

    let county = app.login("county").await;
    let list = county.api_get("/api/v1/services?filter=unit").await;
    let id = list.json()["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(list.json()["items"][0]["number"].as_str(), Some(number.as_str()));
    county
        .api_post_json(&format!("/api/v1/services/{id}/replies"), &json!({"body": "请携带医保卡", "public": true}))
        .await;
    county
        .api_post_json(&format!("/api/v1/services/{id}/replies"), &json!({"body": "内部：转医保局", "public": false}))
        .await;
    county.api_post_json(&format!("/api/v1/services/{id}/transitions"), &json!({"status": "in_progress"})).await;

    let found = anon.post_form(LOOKUP, &[("number", &number.to_lowercase()), ("phone", "13700000003")]).await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(found.texts("#replies p.body"), ["请携带医保卡"]);
    assert!(found.text_of("#status").unwrap().contains("办理中"));
    assert!(!found.text.contains("内部") && !found.text.contains("刘芳"), "only the status and public replies");
    let wrong_phone = anon.post_form(LOOKUP, &[("number", &number), ("phone", "13700000004")]).await;
    let wrong_number = anon.post_form(LOOKUP, &[("number", "FW2222222222"), ("phone", "13700000003")]).await;
    assert_eq!(wrong_phone.status, wrong_number.status);
    assert_eq!(wrong_phone.text, wrong_number.text, "a wrong phone and a wrong number read alike");
    assert!(wrong_phone.text_of("p.error").is_some());
    db
});

store_test!(hostile_bodies_never_break_the_public_pages_and_the_limits_hold, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let mut rng = StdRng::seed_from_u64(13);
    let nasty = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'; DROP TABLE service_requests; --",
        "\u{0}\u{202e}\u{7}",
        "１３８００００００１２",
        "FW' OR '1'='1",
        "%00%ff",
        "𠀀𠀁🙂",
    ];
    let names = ["name", "phone", "kind", "subject", "details", "answer", "token", "number", "extra"];
    for round in 0..60u8 {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for name in names {
            if rng.random_bool(0.8) {
                let value = match rng.random_range(0..4) {
                    0 => nasty[rng.random_range(0..nasty.len())].to_string(),
                    1 => "长".repeat(rng.random_range(0..5000)),
                    2 => (0..rng.random_range(0..40)).map(|_| rng.random_range(32u8..127) as char).collect(),
                    _ => String::new(),
                };
                pairs.push((name.to_string(), value));
            }
        }
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let s = at(&app, round);
        for path in [SEND, LOOKUP] {
            let res = s.post_form(path, &pairs).await;
            assert!(res.status.as_u16() < 500, "{path} {pairs:?}: {}", res.status);
            assert!(!res.text.contains("<script>alert") && !res.text.contains("<img src=x"), "echoed: {path}");
        }
        let raw = app
            .send(
                axum::http::Request::post(SEND)
                    .header("host", "localhost")
                    .header("origin", "http://localhost")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .extension(axum::extract::ConnectInfo(peer(round)))
                    .body(axum::body::Body::from(vec![0xff, b'=', 0xfe, b'&', b'%']))
                    .unwrap(),
            )
            .await;
        assert!(raw.status.as_u16() < 500, "raw bytes: {}", raw.status);
    }
    // Nothing hostile was stored: no challenge was answered.
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    assert_eq!(app.login("county").await.api_get("/api/v1/services?filter=all").await.json()["total"], 0);

    // One address: five sends a minute, then 429; another address is untouched.
    let one = at(&app, 200);
    let fields = [("name", "赵六"), ("phone", "13600000006"), ("kind", "other"), ("subject", "咨询"), ("details", "")];
    for _ in 0..5 {
        assert_eq!(send(&one, &fields).await.status, StatusCode::CREATED);
    }
    assert_eq!(send(&one, &fields).await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(send(&at(&app, 201), &fields).await.status, StatusCode::CREATED);
    // A used token does not pass twice.
    let two = at(&app, 202);
    let page = two.get(FORM).await;
    let (sum, token) = answer(&page);
    let mut pairs = fields.to_vec();
    pairs.extend([("answer", sum.as_str()), ("token", token.as_str())]);
    assert_eq!(two.post_form(SEND, &pairs).await.status, StatusCode::CREATED);
    assert_eq!(two.post_form(SEND, &pairs).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Lookups: ten a minute per address.
    let three = at(&app, 203);
    for _ in 0..10 {
        assert_eq!(
            three.post_form(LOOKUP, &[("number", "FW2222222222"), ("phone", "13600000006")]).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(three.post_form(LOOKUP, &[("number", "x"), ("phone", "y")]).await.status, StatusCode::TOO_MANY_REQUESTS);
    db
});

store_test!(documents_go_up_and_come_back_only_to_those_who_see_the_request, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    let fellow = app.fellow().named("张建国").in_village("新墙村").by(&admin).create().await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    let me = app.login("xinqiang").await;
    let unit = app.county.unit("新墙镇");
    let body = json!({"kind": "housing", "fellow_id": fellow, "subject": "人才公寓申请", "unit_id": unit});
    let id = me.api_post_json("/api/v1/services", &body).await.json()["id"].as_str().unwrap().to_string();
    let path = format!("/services/{id}/documents");
    let empty = me.post_multipart(&path, &[], ("空.pdf", b"")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let up = me.post_multipart(&path, &[], ("户口本<b>.pdf", b"%PDF-1.4 synthetic")).await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.text);
    let page = me.get(&format!("/services/{id}")).await;
    let link = page.attr("#documents li a", "href").unwrap();
    assert!(page.text_of("#documents li a").unwrap().contains("户口本<b>.pdf"), "shown as text");
    assert!(!page.text.contains("户口本<b>"), "escaped");
    let file = me.get(&link).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, b"%PDF-1.4 synthetic");
    assert!(file.header("content-disposition").unwrap().starts_with("attachment;"));
    assert_eq!(file.header("x-content-type-options"), Some("nosniff"));
    let other = app.login("gangkou").await;
    assert_eq!(other.get(&link).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.anon().get(&link).await.status, StatusCode::SEE_OTHER, "to the sign-in page");
    db
});

/// A request sent from the public form at address `n`, and its id as the county sees it.
async fn sent_request(app: &TestApp, county: &Session<'_>, n: u8, phone: &str) -> (String, String) {
    let fields =
        [("name", "刘芳"), ("phone", phone), ("kind", "schooling"), ("subject", "孩子回乡上学"), ("details", "")];
    let sent = send(&at(app, n), &fields).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let number = sent.text_of("#number").unwrap();
    let list = county.api_get("/api/v1/services?filter=all&limit=200").await;
    let items = list.json()["items"].as_array().unwrap().clone();
    let item = items.iter().find(|i| i["number"].as_str() == Some(number.as_str())).unwrap();
    (number, item["id"].as_str().unwrap().to_string())
}

store_test!(the_requester_rates_a_done_request_once_from_the_lookup, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    let county = app.login("county").await;
    let phone = "13700000003";
    let (number, id) = sent_request(&app, &county, 1, phone).await;
    let rate = |n: u8, pairs: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            at(app, n).post_form(RATE, &pairs).await
        }
    };
    let ours = |score: &str, comment: &str| {
        vec![
            ("number", number.clone()),
            ("phone", phone.to_string()),
            ("score", score.into()),
            ("comment", comment.into()),
        ]
    };

    // Not done: no form, and a rating posted anyway is refused.
    let open = at(&app, 2).post_form(LOOKUP, &[("number", &number), ("phone", phone)]).await;
    assert!(open.text_of("#satisfaction form").is_none());
    let early = rate(3, ours("5", "")).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.text_of("#satisfaction").unwrap().contains("办结后"), "{}", early.text);
    county.api_post_json(&format!("/api/v1/services/{id}/transitions"), &json!({"status": "done"})).await;

    // A wrong phone reads exactly as a wrong number (and as a lookup's miss), and writes nothing.
    let wrong_phone =
        rate(4, vec![("number", number.clone()), ("phone", "13700000004".into()), ("score", "5".into())]).await;
    let wrong_number =
        rate(4, vec![("number", "FW2222222222".into()), ("phone", phone.into()), ("score", "5".into())]).await;
    let bad_score =
        rate(5, vec![("number", number.clone()), ("phone", "13700000004".into()), ("score", "9".into())]).await;
    let miss = at(&app, 5).post_form(LOOKUP, &[("number", "FW2222222222"), ("phone", phone)]).await;
    for res in [&wrong_phone, &wrong_number, &bad_score] {
        assert_eq!(res.status, miss.status);
        assert_eq!(res.text, miss.text, "a wrong phone and a wrong number read alike");
    }

    let done = at(&app, 6).post_form(LOOKUP, &[("number", &number), ("phone", phone)]).await;
    assert!(done.text_of("#satisfaction form").is_some(), "offered once done");
    assert_eq!(done.input_value("phone").as_deref(), Some(phone));
    for (i, score) in ["0", "6", "-1", "abc", "", "99999999999999999999", "4.5"].into_iter().enumerate() {
        let res = rate(10 + i as u8, ours(score, "")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{score:?}");
        assert!(res.text_of("#satisfaction .field-error").unwrap().contains("1 到 5"), "{score:?}");
    }
    let long = rate(20, ours("4", &"长".repeat(501))).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(long.attr("input[name=score][checked]", "value").as_deref(), Some("4"), "the score typed is kept");
    assert!(long.text_of("#satisfaction .field-error").unwrap().contains("500"), "{}", long.text);
    assert!(county.get(&format!("/services/{id}")).await.text_of("#score").unwrap().contains('—'), "nothing written");

    let script = "<script>alert(1)</script>办得好";
    let rated = rate(21, ours("4", script)).await;
    assert_eq!(rated.status, StatusCode::OK, "{}", rated.text);
    assert!(rated.text_of("#thanks").is_some());
    assert_eq!(rated.text_of("#rated").unwrap(), "评分：4 / 5");
    assert_eq!(rated.text_of("#satisfaction p.body").as_deref(), Some(script), "shown as text");
    assert!(!rated.text.contains("<script>alert"), "escaped");
    assert!(rated.text_of("#satisfaction form").is_none(), "offered once");
    let again = rate(22, ours("1", "再评一次")).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text_of("#satisfaction p.error").unwrap().contains("已评价过"));
    assert_eq!(again.text_of("#rated").unwrap(), "评分：4 / 5", "the first rating stands");
    assert!(county.get(&format!("/services/{id}")).await.text_of("#score").unwrap().starts_with("4 / 5"));

    // A declined request is not rated.
    let (declined, other) = sent_request(&app, &county, 30, phone).await;
    let body = json!({"status": "declined", "note": "不属于本县事权"});
    county.api_post_json(&format!("/api/v1/services/{other}/transitions"), &body).await;
    let res =
        at(&app, 31).post_form(RATE, &[("number", &declined), ("phone", phone), ("score", "3"), ("comment", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#satisfaction form").is_none());

    // Ratings count against the address as submissions do: five a minute.
    let busy = at(&app, 40);
    for _ in 0..5 {
        let res = busy.post_form(RATE, &[("number", "FW2222222222"), ("phone", phone), ("score", "5")]).await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let res = busy.post_form(RATE, &[("number", &number), ("phone", phone), ("score", "5")]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);

    // Hostile bodies: never a 5xx, never echoed as markup.
    let mut rng = StdRng::seed_from_u64(31);
    let nasty = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "\u{0}\u{202e}", "５", "%00%ff"];
    for round in 0..40u8 {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for name in ["number", "phone", "score", "comment", "extra"] {
            let value = match rng.random_range(0..5) {
                0 => nasty[rng.random_range(0..nasty.len())].to_string(),
                1 => "长".repeat(rng.random_range(0..3000)),
                2 if name == "number" => number.clone(),
                2 if name == "phone" => phone.to_string(),
                _ => rng.random_range(-3i64..9).to_string(),
            };
            pairs.push((name, value));
        }
        let res = rate(100 + round, pairs.clone()).await;
        assert!(res.status.as_u16() < 500, "{pairs:?}: {}", res.status);
        assert!(!res.text.contains("<script>alert") && !res.text.contains("<img src=x"), "echoed: {pairs:?}");
    }
    assert_eq!(again.text_of("#rated").unwrap(), "评分：4 / 5");
    db
});

store_test!(documents_through_the_api_keep_the_pages_scope_and_limits, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    let fellow = app.fellow().named("张建国").in_village("新墙村").by(&admin).create().await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("gangkou", BuiltinRole::TownshipStaff, "筻口镇").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let me = app.login("xinqiang").await;
    let unit = app.county.unit("新墙镇");
    let body = json!({"kind": "housing", "fellow_id": fellow, "subject": "人才公寓申请", "unit_id": unit});
    let id = me.api_post_json("/api/v1/services", &body).await.json()["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/services/{id}/documents");
    assert_eq!(me.api_get(&path).await.json(), json!([]));
    let empty = me.post_multipart(&path, &[], ("空.pdf", b"")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.text);
    assert_eq!(empty.json()["error"]["fields"][0]["field"], "file");
    let big = vec![b'x'; guichao_domain::agency::MAX_DOCUMENT_BYTES + 1];
    let over = me.post_multipart(&path, &[], ("大.pdf", &big)).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", over.text);
    let garbled =
        me.api_send(axum::http::Method::POST, &path, Some("multipart/form-data; boundary=x"), b"--y".to_vec()).await;
    assert!(garbled.status.is_client_error(), "{}", garbled.status);
    let up = me.post_multipart(&path, &[], ("户口本.pdf", b"%PDF-1.4 synthetic")).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.text);
    let docs = me.api_get(&path).await.json();
    assert_eq!(docs.as_array().unwrap().len(), 1);
    assert_eq!((docs[0]["name"].as_str(), docs[0]["size_bytes"].as_i64()), (Some("户口本.pdf"), Some(18)));
    let link = format!("{path}/{}", docs[0]["id"].as_str().unwrap());
    let file = me.api_get(&link).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, b"%PDF-1.4 synthetic");
    assert!(file.header("content-disposition").unwrap().starts_with("attachment;"));
    assert_eq!(file.header("x-content-type-options"), Some("nosniff"));
    // The same scope as the page: another township gets 404 for all three.
    let other = app.login("gangkou").await;
    assert_eq!(other.api_get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.api_get(&link).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.post_multipart(&path, &[], ("x.pdf", b"%PDF")).await.status, StatusCode::NOT_FOUND);
    // A reader who cannot work requests lists but cannot upload.
    let leader = app.login("leader").await;
    assert_eq!(leader.api_get(&path).await.status, StatusCode::OK);
    assert_eq!(leader.post_multipart(&path, &[], ("x.pdf", b"%PDF")).await.status, StatusCode::FORBIDDEN);
    for bad in [format!("{path}/not-a-uuid"), format!("/api/v1/services/{}/documents", uuid::Uuid::nil())] {
        assert_eq!(me.api_get(&bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
    assert_eq!(me.api_get(&path).await.json().as_array().unwrap().len(), 1, "nothing half-written");
    db
});
