//! The fellow registry's pages: a township's cadre sees their township's
//! fellows (list, count, search) and nothing else; personal data stays masked
//! until an audited reveal; forms refuse bad input field by field, keep what
//! was typed, warn of duplicates and survive a concurrent edit; and the list
//! pages through more fellows than fit on one page.

mod common;

use axum::http::StatusCode;
use common::{Session, TestApp};
use guichao_domain::access::BuiltinRole;
use guichao_domain::access::Permission;
use guichao_domain::fellows::{CreditCode, FellowForm, IdNumber};
use guichao_domain::search::sort_key;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use std::collections::BTreeSet;
fn names(res: &common::TestResponse) -> Vec<String> {
    res.texts("table.fellows td.name a")
}

fn valid_id_number() -> String {
    let body = "43062119750305123";
    format!("{body}{}", IdNumber::check_char(body).unwrap())
}

store_test!(a_township_cadre_sees_only_their_township, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;

    let list = me.get("/fellows").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(names(&list), vec!["李四", "张三"]);
    assert_eq!(list.text_of("#count strong").as_deref(), Some("2"));
    // Masked phone in the row, never the number.
    assert!(list.text.contains("138****5678") && !list.text.contains("13812345678"));
    assert!(list.nav().contains(&"/fellows".to_string()));
    // Their only township's villages are offered before any township is picked;
    // the admin, with two townships, picks one first.
    let villages = |page: &common::TestResponse| page.texts("select[name=village_id] option");
    assert_eq!(villages(&list), vec!["全部", "新墙村", "清水村"]);
    assert_eq!(villages(&app.login("admin").await.get("/fellows").await), vec!["全部"]);
    // A filter narrows the count too.
    let village = app.county.unit("新墙村");
    let filtered = me.get(&format!("/fellows?township_id={}&village_id={village}", app.county.unit("新墙镇"))).await;
    assert_eq!(names(&filtered), vec!["张三"]);
    assert_eq!(filtered.text_of("#count strong").as_deref(), Some("1"));

    // Search without script: the form submits q.
    for q in ["zs", "張", "张三", "深圳电子"] {
        let found = me.get(&format!("/fellows?q={}", urlencoding::encode(q))).await;
        assert_eq!(names(&found), vec!["张三"], "{q}");
    }
    let none = me.get(&format!("/fellows?q={}", urlencoding::encode("王五"))).await;
    assert!(names(&none).is_empty());
    assert_eq!(none.text_of("#count strong").as_deref(), Some("0"));

    // 筻口镇's fellow does not exist for them, on any page.
    for path in [format!("/fellows/{}", w.wang), format!("/fellows/{}/edit", w.wang)] {
        assert_eq!(me.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let res = me.post_form(&format!("/fellows/{}/reveal", w.wang), &[("field", "phone")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = me.post_form(&format!("/fellows/{}/archive", w.wang), &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(me.get("/fellows/not-an-id").await.status, StatusCode::NOT_FOUND);
    // Their own fellows open; the admin sees all three.
    assert_eq!(me.get(&format!("/fellows/{}", w.li)).await.status, StatusCode::OK);
    let admin = app.login("admin").await;
    assert_eq!(names(&admin.get("/fellows").await), vec!["李四", "王五", "张三"]);
    drop(app);
    db
});

store_test!(a_reveal_is_audited_and_refused_to_a_leader, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let page = me.get(&format!("/fellows/{}", w.zhang)).await;
    assert_eq!(page.text_of("#personal-phone .masked").as_deref(), Some("138****5678"));
    assert_eq!(page.attrs("#personal form[action$='/reveal'] input[name=field]", "value"), vec!["phone", "email"]);
    assert!(!page.text.contains("13812345678"));

    // Post/redirect/get: the reveal leads back to the fellow's page.
    let res = me.post_form(&format!("/fellows/{}/reveal", w.zhang), &[("field", "phone")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location(), Some(format!("/fellows/{}#personal", w.zhang).as_str()));
    assert!(!res.text.contains("13812345678"));
    let shown = me.get(&format!("/fellows/{}", w.zhang)).await;
    assert_eq!(shown.text_of("#personal-phone .revealed").as_deref(), Some("13812345678"));
    assert_eq!(shown.header("cache-control"), Some("no-store"));
    // Only that one value: the email stays masked.
    assert!(!shown.text.contains("zhangsan@example.com"));
    let reveals = |h: &[guichao_store::audit::AuditEntry]| h.iter().filter(|e| e.action == "fellow.reveal").count();
    let history = app.store.fellows(&w.admin, Permission::FellowRead).unwrap().history(w.zhang).await.unwrap();
    assert_eq!(reveals(&history), 1);
    assert_eq!(history[0].detail["field"], "phone");
    assert_eq!(history[0].actor_name, "xinqiang");
    // A refresh shows the value again, without a second reveal in the log;
    // the record's history on the page shows the one reveal.
    let page = me.get(&format!("/fellows/{}", w.zhang)).await;
    assert_eq!(page.text_of("#personal-phone .revealed").as_deref(), Some("13812345678"));
    assert!(page.texts("#history td").iter().any(|t| t == "查看敏感信息"), "{:?}", page.texts("#history td"));
    let history = app.store.fellows(&w.admin, Permission::FellowRead).unwrap().history(w.zhang).await.unwrap();
    assert_eq!(reveals(&history), 1, "a refresh is not a second reveal");
    // Revealing the email too shows both; another session of the same user sees neither.
    let both = me.post_and_follow(&format!("/fellows/{}/reveal", w.zhang), &[("field", "email")]).await;
    assert_eq!(both.texts("#personal .revealed"), vec!["13812345678", "zhangsan@example.com"]);
    let elsewhere = app.login("xinqiang").await.get(&format!("/fellows/{}", w.zhang)).await;
    assert!(elsewhere.texts("#personal .revealed").is_empty());

    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    let leader = app.login("leader").await;
    let page = leader.get(&format!("/fellows/{}", w.zhang)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.attrs("form[action$='/reveal']", "action").is_empty(), "no reveal buttons for a leader");
    assert!(page.attr("a[href$='/edit']", "href").is_none(), "a leader only reads");
    let refused = leader.post_form(&format!("/fellows/{}/reveal", w.zhang), &[("field", "phone")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.text.contains("13812345678"));
    assert_eq!(
        reveals(&app.store.fellows(&w.admin, Permission::FellowRead).unwrap().history(w.zhang).await.unwrap()),
        2,
        "a refusal is not a reveal"
    );
    // An unknown field is a plain refusal.
    let res = me.post_form(&format!("/fellows/{}/reveal", w.zhang), &[("field", "password")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    drop(app);
    db
});

/// A form for a new fellow with every field filled in well.
fn good_form(app: &TestApp) -> Vec<(&'static str, String)> {
    vec![
        ("name", "赵六".into()),
        ("gender", "male".into()),
        ("birth_date", "1975-03-05".into()),
        ("category", "industry_commerce".into()),
        ("township_id", app.county.unit("新墙镇").to_string()),
        ("village_id", app.county.unit("清水村").to_string()),
        ("province", "广东省".into()),
        ("city", "深圳".into()),
        ("district", "南山区".into()),
        ("employer", "赵氏电子".into()),
        ("title", "董事长".into()),
        ("industry", "电子信息".into()),
        ("phone", "13987654321".into()),
        ("id_number", valid_id_number()),
        ("wechat", "zhaoliu88".into()),
        ("email", "zhaoliu@example.com".into()),
        ("tags", "电子、深圳商会".into()),
        ("status", "active".into()),
        ("source", "乡镇摸排".into()),
        ("notes", "春节回乡".into()),
        ("consent", "on".into()),
    ]
}

fn with(form: &[(&'static str, String)], changes: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    let mut out: Vec<_> = form.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).cloned().collect();
    out.extend(changes.iter().cloned());
    out
}

async fn post(me: &Session<'_>, path: &str, form: &[(&'static str, String)]) -> common::TestResponse {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    me.post_form(path, &pairs).await
}

store_test!(the_form_refuses_bad_input_on_every_field_and_writes_nothing, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let new = me.get("/fellows/new").await;
    assert_eq!(new.status, StatusCode::OK);
    // A township's staff files under their own township, offered alone.
    assert_eq!(new.texts("select[name=township_id] option[value]:not([value=''])"), vec!["新墙镇"]);
    let before = (app.fellow_count(&w.admin).await, app.audited(&w.admin).await);

    let bad: Vec<(&'static str, String)> = vec![
        ("name", "".into()),
        ("gender", "外星".into()),
        ("birth_date", "明年".into()),
        ("category", "外星人".into()),
        ("township_id", "x".into()),
        ("province", "省".repeat(21)),
        ("city", "城".repeat(31)),
        ("district", "区".repeat(31)),
        ("employer", "单".repeat(101)),
        ("title", "职".repeat(51)),
        ("industry", "行".repeat(51)),
        ("phone", "12345".into()),
        ("id_number", "123".into()),
        ("wechat", "1bad".into()),
        ("email", "bad@".into()),
        ("tags", (1..=21).map(|i| format!("标签{i}")).collect::<Vec<_>>().join(" ")),
        ("status", "外星".into()),
        ("source", "源".repeat(51)),
        ("notes", "备".repeat(2001)),
    ];
    let res = post(&me, "/fellows/new", &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (field, value) in &bad {
        let message = res.text_of(&format!("#err-{field}")).unwrap_or_else(|| panic!("no message for {field}"));
        assert!(message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{field}: {message}");
        // What was typed comes back (text inputs).
        if !["gender", "category", "township_id", "status", "notes"].contains(field) {
            assert_eq!(res.input_value(field).as_deref(), Some(value.as_str()), "{field} kept");
        }
    }
    assert_eq!(res.text_of("#err-name").as_deref(), Some("姓名不能为空"));
    assert_eq!(res.text_of("#err-province").as_deref(), Some("省份不能超过20个字"));
    assert_eq!(res.texts("#form-errors li").len(), bad.len(), "the summary lists each problem");
    assert_eq!(res.text_of("#in-notes").unwrap().chars().count(), 2001);

    // One bad value in an otherwise good form: only that field is marked.
    let good = good_form(&app);
    let res = post(&me, "/fellows/new", &with(&good, &[("phone", "1381234567".into())])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.texts(".field-error").len(), 1);
    assert!(res.text_of("#err-phone").unwrap().contains("11位"));
    assert_eq!(res.input_value("employer").as_deref(), Some("赵氏电子"));
    assert_eq!(res.attr("input[name=category][checked]", "value").as_deref(), Some("industry_commerce"));
    assert_eq!(
        res.attr("select[name=village_id] option[selected]", "value"),
        Some(app.county.unit("清水村").to_string())
    );
    assert!(res.attr("input[name=consent][checked]", "name").is_some());
    // A rule the store checks: the village must lie in the township; the other
    // township is outside this cadre's reach.
    let res = post(&me, "/fellows/new", &with(&good, &[("village_id", app.county.unit("筻口村").to_string())])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.error_message().unwrap().contains("不属于该乡镇"), "{:?}", res.error_message());
    let gangkou = [("township_id", app.county.unit("筻口镇").to_string()), ("village_id", String::new())];
    let res = post(&me, "/fellows/new", &with(&good, &gangkou)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.error_message().is_some());
    assert_eq!((app.fellow_count(&w.admin).await, app.audited(&w.admin).await), before, "nothing written");

    // The good form saves and shows the fellow.
    let res = post(&me, "/fellows/new", &good).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let page = me.get(res.location().unwrap()).await;
    assert_eq!(page.text_of("h1").as_deref().map(|h| h.starts_with("赵六")), Some(true));
    assert_eq!(page.text_of("#personal-phone .masked").as_deref(), Some("139****4321"));
    drop(app);
    db
});

store_test!(a_conflicting_edit_keeps_what_was_typed_and_answers_409, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let path = format!("/fellows/{}/edit", w.zhang);
    let form = me.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    // Personal data is never in the form: empty inputs, masked placeholders.
    assert_eq!(form.input_value("phone").as_deref(), Some(""));
    assert_eq!(form.attr("input[name=phone]", "placeholder").as_deref(), Some("138****5678"));
    assert!(form.text.contains("留空则保持不变"));
    assert!(!form.text.contains("13812345678") && !form.text.contains("zhangsan@example.com"));
    let version = form.input_value("version").unwrap();

    // Someone else saves first.
    let theirs =
        FellowForm { city: "上海".into(), ..app.county.fellow_form("张三", "新墙镇", Some("新墙村")) };
    let draft = theirs.parse(chrono::Utc::now().date_naive()).unwrap();
    app.store
        .fellows(&w.admin, Permission::FellowWrite)
        .unwrap()
        .update_keep(w.zhang, draft, version.parse().unwrap(), &[])
        .await
        .unwrap();

    let mine: Vec<(&'static str, String)> = vec![
        ("version", version.clone()),
        ("name", "张三".into()),
        ("category", "industry_commerce".into()),
        ("township_id", app.county.unit("新墙镇").to_string()),
        ("village_id", app.county.unit("新墙村").to_string()),
        ("city", "广州".into()),
        ("employer", "新单位".into()),
    ];
    let res = post(&me, &path, &mine).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.error_message().unwrap().contains("已被他人修改"), "{:?}", res.error_message());
    assert_eq!(res.input_value("city").as_deref(), Some("广州"));
    assert_eq!(res.input_value("employer").as_deref(), Some("新单位"));
    assert!(res.text_of("#f-city .theirs").unwrap().contains("上海"));
    let newer = res.input_value("version").unwrap();
    assert_ne!(newer, version);
    assert_eq!(
        app.store.fellows(&w.admin, Permission::FellowRead).unwrap().get(w.zhang).await.unwrap().city,
        "上海",
        "nothing of mine written"
    );

    // Saving again, knowingly, from the version just shown.
    let res = post(&me, &path, &with(&mine, &[("version", newer)])).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let stored = app.store.fellows(&w.admin, Permission::FellowRead).unwrap().get(w.zhang).await.unwrap();
    assert_eq!((stored.city.as_str(), stored.employer.as_str()), ("广州", "新单位"));
    drop(app);
    db
});

store_test!(an_edit_keeps_personal_data_left_empty, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let path = format!("/fellows/{}/edit", w.zhang);
    let base = |version: i32| -> Vec<(&'static str, String)> {
        vec![
            ("version", version.to_string()),
            ("name", "张三".into()),
            ("category", "industry_commerce".into()),
            ("township_id", app.county.unit("新墙镇").to_string()),
            ("city", "长沙".into()),
        ]
    };
    let v = app.store.fellows(&w.admin, Permission::FellowRead).unwrap().get(w.zhang).await.unwrap().version;
    assert_eq!(post(&me, &path, &base(v)).await.status, StatusCode::SEE_OTHER);
    let stored = app.store.fellows(&w.admin, Permission::FellowRead).unwrap().get(w.zhang).await.unwrap();
    assert_eq!(stored.city, "长沙");
    assert_eq!(stored.phone.as_deref(), Some("138****5678"), "kept");
    assert_eq!(stored.email.as_deref(), Some("z***@example.com"), "kept");
    assert_eq!(
        app.store
            .fellows(&w.admin, Permission::FellowReveal)
            .unwrap()
            .reveal(w.zhang, guichao_store::fellows::PersonalField::Phone)
            .await
            .unwrap()
            .as_deref(),
        Some("13812345678")
    );

    // A new phone replaces the old; "delete" removes the email.
    let changes = [("phone", "13900001111".to_string()), ("clear_email", "on".to_string())];
    assert_eq!(post(&me, &path, &with(&base(stored.version), &changes)).await.status, StatusCode::SEE_OTHER);
    let stored = app.store.fellows(&w.admin, Permission::FellowRead).unwrap().get(w.zhang).await.unwrap();
    assert_eq!(stored.phone.as_deref(), Some("139****1111"));
    assert_eq!(stored.email, None);
    drop(app);
    db
});

store_test!(a_likely_duplicate_is_shown_and_saved_only_when_confirmed, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let form = with(&good_form(&app), &[("name", "张三丰".into()), ("phone", "138 1234 5678".into())]);
    let before = app.fellow_count(&w.admin).await;
    let res = post(&me, "/fellows/new", &form).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.attrs("#duplicates a", "href"), vec![format!("/fellows/{}", w.zhang)]);
    assert!(res.text_of("#duplicates li").unwrap().contains("手机号相同"));
    assert!(res.text.contains("仍然保存"));
    assert_eq!(res.input_value("name").as_deref(), Some("张三丰"));
    assert_eq!(app.fellow_count(&w.admin).await, before, "not saved yet");

    let res = post(&me, "/fellows/new", &with(&form, &[("confirm_duplicates", "on".into())])).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(app.fellow_count(&w.admin).await, before + 1);

    // An edit that would make a record match another warns too.
    let path = format!("/fellows/{}/edit", w.li);
    let v = app.store.fellows(&w.admin, Permission::FellowRead).unwrap().get(w.li).await.unwrap().version;
    let edit: Vec<(&'static str, String)> = vec![
        ("version", v.to_string()),
        ("name", "李四".into()),
        ("category", "industry_commerce".into()),
        ("township_id", app.county.unit("新墙镇").to_string()),
        ("phone", "13812345678".into()),
    ];
    let res = post(&me, &path, &edit).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.attrs("#duplicates a", "href").contains(&format!("/fellows/{}", w.zhang)));
    assert!(app.store.fellows(&w.admin, Permission::FellowRead).unwrap().get(w.li).await.unwrap().phone.is_none());
    drop(app);
    db
});

store_test!(the_list_counts_and_pages_through_every_fellow_once, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let surnames = ["赵", "钱", "孙", "周", "吴", "郑", "冯", "陈"];
    let given = ["一", "二", "三", "四", "五", "六", "七", "八"];
    let mut made = 0;
    'outer: for s in surnames {
        for g in given {
            if made == 57 {
                break 'outer;
            }
            app.fellow().named(&format!("{s}{g}")).in_township("新墙镇").by(&w.admin).create().await;
            made += 1;
        }
    }
    let me = app.login("xinqiang").await;
    // 57 new + 张三 + 李四 in 新墙镇; 王五 is elsewhere.
    let first = me.get("/fellows?category=industry_commerce").await;
    assert_eq!(first.text_of("#count strong").as_deref(), Some("59"));
    assert_eq!(first.text_of(".list-total strong").as_deref(), Some("59"));
    let page1 = names(&first);
    assert_eq!(page1.len(), 50);
    // Page numbers, previous / next and the jump all keep the filter.
    assert_eq!(first.texts(".list-pager .pages a:not([rel])"), ["1", "2"]);
    assert_eq!(
        first.attr(".list-pager a[aria-current=page]", "href").as_deref(),
        Some("/fellows?category=industry_commerce")
    );
    assert!(first.attr("a[rel=prev]", "href").is_none(), "the first page has no previous link");
    assert_eq!(first.attr("form.jump input[name=category]", "value").as_deref(), Some("industry_commerce"));
    assert_eq!(first.attr("form.jump input[name=page]", "max").as_deref(), Some("2"));
    let next = first.attr("a[rel=next]", "href").expect("a next page");
    assert_eq!(next, "/fellows?category=industry_commerce&page=2");
    let second = me.get(&next).await;
    assert_eq!(second.status, StatusCode::OK);
    let page2 = names(&second);
    assert_eq!(page2.len(), 9);
    assert!(second.attr("a[rel=next]", "href").is_none(), "the last page has no next link");
    assert_eq!(second.attr("a[rel=prev]", "href").as_deref(), Some("/fellows?category=industry_commerce"));
    assert_eq!(second.text_of("#count strong").as_deref(), Some("59"));
    // A page past the end shows the last one; the jump form's request is the same link.
    assert_eq!(names(&me.get("/fellows?category=industry_commerce&page=9").await), page2);
    let ids: BTreeSet<String> = first
        .attrs("table.fellows td.name a", "href")
        .into_iter()
        .chain(second.attrs("table.fellows td.name a", "href"))
        .collect();
    assert_eq!(ids.len(), 59, "no overlap, nothing missing");
    let mut all = page1.clone();
    all.extend(page2.clone());
    // In pinyin order: 陈 chen … 李四 … 张三, 赵 zhao, 郑 zheng, 周 zhou (一 yi last).
    assert!(all.windows(2).all(|p| sort_key(&p[0]) <= sort_key(&p[1])), "by pinyin: {all:?}");
    assert_eq!(all[0], "陈一");
    assert_eq!(all.last().map(String::as_str), Some("周一"));
    // Sorting by name the other way reverses the whole list, from page 1.
    assert_eq!(
        first.attr("th[aria-sort=ascending] a", "href").as_deref(),
        Some("/fellows?category=industry_commerce&dir=desc")
    );
    let desc = me.get("/fellows?category=industry_commerce&dir=desc").await;
    assert_eq!(desc.attr("th[aria-sort=descending] a", "href").as_deref(), Some("/fellows?category=industry_commerce"));
    let mut reversed = all.clone();
    reversed.reverse();
    assert_eq!(names(&desc), reversed[..50]);
    assert_eq!(
        desc.attr("a[rel=next]", "href").as_deref(),
        Some("/fellows?category=industry_commerce&dir=desc&page=2")
    );
    // By last change: the one written last (陈一) comes first when descending.
    let by_update = me.get("/fellows?category=industry_commerce&sort=updated&dir=desc").await;
    assert_eq!(
        by_update.attr("th[aria-sort=descending] a", "href").as_deref(),
        Some("/fellows?category=industry_commerce&sort=updated")
    );
    assert_eq!(names(&by_update)[0], "陈一");
    assert_eq!(me.get("/fellows?sort=phone").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(me.get("/fellows?page=x").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Every row can be ticked for bulk assignment.
    assert_eq!(first.attrs("input[name=fellow_ids][form=assign-form]", "value").len(), 50);
    assert_eq!(first.attr("form#assign-form", "action").as_deref(), Some("/liaison/assign"));
    // A bad cursor is a clear refusal, not a 500.
    let res = me.get("/fellows?after=garbage").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    drop(app);
    db
});

store_test!(companies_relations_roles_archive_and_merge_on_the_page, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let me = app.login("xinqiang").await;
    let page = format!("/fellows/{}", w.zhang);

    let bad = [("company_name", "岳阳电子有限公司"), ("credit_code", "91430621MA4L0ABCDE"), ("company_role", "owner")];
    let res = me.post_form(&format!("{page}/companies"), &bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#companies .error").unwrap().contains("统一社会信用代码"));
    assert_eq!(res.input_value("company_name").as_deref(), Some("岳阳电子有限公司"));
    let body = "91430621MA4L0ABCD";
    let code = format!("{body}{}", CreditCode::check_char(body).unwrap());
    let good = [("company_name", "岳阳电子有限公司"), ("credit_code", code.as_str()), ("company_role", "owner")];
    let res = me.post_form(&format!("{page}/companies"), &good).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let shown = me.get(&page).await;
    assert_eq!(shown.texts("#companies tbody td:first-child"), vec!["岳阳电子有限公司"]);
    let remove = shown.attr("#companies form[action$='/delete']", "action").unwrap();
    assert_eq!(me.post_form(&remove, &[]).await.status, StatusCode::SEE_OTHER);
    assert!(me.get(&page).await.texts("#companies tbody td").is_empty());

    // Relations: to a fellow the cadre may see; not to one they may not.
    let li = w.li.to_string();
    let res = me.post_form(&format!("{page}/relations"), &[("other_id", &li), ("kind", "classmate")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(me.get(&page).await.text_of("#relations li").unwrap().contains("李四"));
    let wang = w.wang.to_string();
    let res = me.post_form(&format!("{page}/relations"), &[("other_id", &wang), ("kind", "kin")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.text_of("#relations .error").as_deref(), Some("未找到所选乡友"));
    let res = me.post_form(&format!("{page}/relations"), &[("other_id", ""), ("kind", "kin")]).await;
    assert!(res.text_of("#relations .error").unwrap().contains("请先查找并选择"));

    // Roles: added with dates, ended; bad dates refused.
    let res = me.post_form(&format!("{page}/roles"), &[("role", "cppcc"), ("start_date", "去年")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text_of("#roles .error").unwrap().contains("无法识别"));
    let res = me.post_form(&format!("{page}/roles"), &[("role", "cppcc"), ("start_date", "2023-01-15")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let shown = me.get(&page).await;
    assert_eq!(shown.text_of("#roles tbody td").as_deref(), Some("政协委员"));
    let end = shown.attr("#roles form[action$='/end']", "action").unwrap();
    assert_eq!(me.post_form(&end, &[("end_date", "2022-01-01")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(me.post_form(&end, &[("end_date", "2025-01-01")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(me.get("/fellows?held_role=cppcc").await.texts("table.fellows td.name a").len(), 0);

    // Archive and restore.
    assert_eq!(me.post_form(&format!("{page}/archive"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(names(&me.get("/fellows").await), vec!["李四"]);
    assert_eq!(names(&me.get("/fellows?archived=on").await), vec!["张三"]);
    assert!(me.get(&page).await.attr("form[action$='/restore']", "action").is_some());
    assert_eq!(me.post_form(&format!("{page}/restore"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(names(&me.get("/fellows").await), vec!["李四", "张三"]);

    // A duplicate by phone shows in the review; merging it, then undoing.
    let twin = app.fellow().named("张叁").in_township("新墙镇").phone("13812345678").by(&w.admin).create().await;
    let review = me.get("/fellows/duplicates").await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(review.text_of(".pair .why").unwrap().contains("手机号相同"));
    let (keep, drop_) = (w.zhang.to_string(), twin.to_string());
    let res = me.post_form("/fellows/merge", &[("keep", &keep), ("drop", &drop_)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(res.location(), Some(page.as_str()));
    let merged = me.get(&format!("/fellows/{twin}")).await;
    assert!(merged.text_of(".notice.merged").unwrap().contains("已合并到"));
    assert_eq!(merged.attr(".notice.merged a", "href"), Some(page.clone()));
    let res = me.post_form(&format!("/fellows/{twin}/unmerge"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert!(me.get(&format!("/fellows/{twin}")).await.text_of(".notice.merged").is_none());
    let res = me.post_form("/fellows/merge", &[("keep", &keep), ("drop", &keep)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    drop(app);
    db
});

store_test!(the_chamber_filter_and_memberships, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let w = app.registry().await;
    let chamber = app.chamber("深圳岳阳商会").remote("深圳").create().await;
    let president = guichao_domain::chambers::MemberPosition::President;
    app.store
        .chambers(&w.admin, Permission::ChamberWrite)
        .unwrap()
        .add_member(chamber, w.zhang, president, None)
        .await
        .unwrap();
    let me = app.login("xinqiang").await;
    let list = me.get("/fellows").await;
    assert_eq!(list.attrs("select[name=chamber_id] option", "value"), vec![String::new(), chamber.to_string()]);
    let members = me.get(&format!("/fellows?chamber_id={chamber}")).await;
    assert_eq!(names(&members), vec!["张三"]);
    assert_eq!(members.attr("select[name=chamber_id] option[selected]", "value"), Some(chamber.to_string()));
    let page = me.get(&format!("/fellows/{}", w.zhang)).await;
    assert_eq!(page.attr("#chambers a", "href"), Some(format!("/chambers/{chamber}")));
    assert!(page.text_of("#chambers li").unwrap().contains("会长"));
    drop(app);
    db
});
