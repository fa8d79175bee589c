//! Industry chains through HTTP: the tree for every reader with forms only
//! for a county-wide project writer (field errors under the inputs, 403 for
//! other writers), a node's page listing only the fellows the reader may
//! see, filtered by city and exported, and the `/api/v1/chains` routes.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::chains::{ChainDraft, NodeDraft, Segment};
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::json;
use uuid::Uuid;

/// The 电子信息 chain with a node (C39, 电子信息) and a gap, and fellows:
/// 王一 (新墙镇, 深圳市) and 李二 (新墙镇, 长沙市) fit; 安六 (筻口镇, 深圳市)
/// fits; 赵三 (新墙镇) does not. Returns (chain, node).
async fn seed(app: &TestApp) -> (Uuid, Uuid) {
    let admin = app.fixture_admin("岳阳县").await;
    let chains = app.store.chains(&admin, Permission::ProjectWrite).unwrap();
    let chain =
        chains.create_chain(ChainDraft { name: "电子信息".into(), notes: "数字经济十条".into() }).await.unwrap();
    let draft = |name: &str, segment, gap| NodeDraft {
        name: name.into(),
        segment,
        gap,
        gap_note: if gap { "缺芯片设计企业".into() } else { String::new() },
        codes: vec!["C39".into()],
        keywords: vec!["电子信息".into()],
    };
    let node = chains.add_node(chain, draft("电子制造", Segment::Midstream, false)).await.unwrap();
    chains.add_node(chain, draft("芯片设计", Segment::Upstream, true)).await.unwrap();
    for (name, township, industry, city) in [
        ("王一", "新墙镇", "电子信息", "深圳市"),
        ("李二", "新墙镇", "电子科技", "长沙市"),
        ("安六", "筻口镇", "电子信息", "深圳市"),
        ("赵三", "新墙镇", "房地产", "深圳市"),
    ] {
        let mut form = app.fellow().named(name).in_township(township).by(&admin).form();
        form.industry = industry.into();
        form.city = city.into();
        form.phone = "13912345678".into();
        app.county.fellow(&app.store, &admin, form).await;
    }
    (chain, node)
}

store_test!(the_tree_shows_nodes_by_segment_and_forms_to_county_writers, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let (chain, node) = seed(&app).await;

    let me = app.login("county").await;
    let tree = me.get("/chains").await;
    assert_eq!(tree.status, StatusCode::OK, "{}", tree.text);
    assert_eq!(tree.texts(".chain h2").len(), 1);
    assert_eq!(tree.texts(".segment.upstream li.gap a"), ["芯片设计"]);
    assert_eq!(tree.texts(".segment.midstream li a"), ["电子制造"]);
    assert_eq!(tree.attrs(".segment.midstream li a", "href"), [format!("/chains/nodes/{node}")]);
    assert_eq!(tree.texts(".segment.upstream .gap-note"), ["缺芯片设计企业"]);
    assert_eq!(
        tree.attrs("main form[method=post]", "action"),
        [format!("/chains/{chain}/nodes"), "/chains".to_string()]
    );
    assert_eq!(tree.attrs("nav.tabs a.current", "href"), ["/chains"]);

    // A reader sees the tree without forms; a user without project.read is refused.
    let township = app.login("xinqiang").await;
    let seen = township.get("/chains").await;
    assert_eq!((seen.status, seen.attrs("main form[method=post]", "action").len()), (StatusCode::OK, 0));
    assert_eq!(app.login("cadre").await.get("/chains").await.status, StatusCode::FORBIDDEN);
    drop(app);
    db
});

store_test!(forms_show_field_errors_and_refuse_other_writers, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("officer", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let (chain, node) = seed(&app).await;
    let me = app.login("county").await;

    let empty = me.post_form("/chains", &[("name", " "), ("notes", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.texts("#new-chain .field-error"), ["产业链名称不能为空"]);
    let same = me.post_form("/chains", &[("name", "电子信息")]).await;
    assert_eq!(same.texts("#new-chain .field-error"), ["已有产业链“电子信息”"]);
    let made = me.post_form("/chains", &[("name", "文旅"), ("notes", "全域旅游")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);

    let path = format!("/chains/{chain}/nodes");
    let bad = me
        .post_form(&path, &[("name", "芯片封装"), ("segment", "midstream"), ("codes", "C99 C39"), ("keywords", "")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = bad.texts(&format!("#chain-{chain} .field-error"));
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("C99"), "{errors:?}");
    assert_eq!(bad.attrs(&format!("#chain-{chain} input[name=name]"), "value"), ["芯片封装"], "what was typed stays");
    let added = me
        .post_form(
            &path,
            &[("name", "芯片封装"), ("segment", "midstream"), ("codes", "C39"), ("keywords", "集成电路、半导体")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let edit = me
        .post_form(&format!("/chains/nodes/{node}"), &[("name", ""), ("segment", "sideways"), ("codes", "C39")])
        .await;
    assert_eq!(edit.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(edit.texts("#edit-node .field-error"), ["请选择上游、中游或下游"]);

    // A project officer writes projects, not the county's tree.
    let officer = app.login("officer").await;
    assert_eq!(officer.post_form("/chains", &[("name", "医药")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(officer.post_form(&format!("/chains/nodes/{node}/delete"), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(me.post_form(&format!("/chains/nodes/{node}/delete"), &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(me.get(&format!("/chains/nodes/{node}")).await.status, StatusCode::NOT_FOUND);
    drop(app);
    db
});

store_test!(a_nodes_page_lists_only_the_readers_fellows, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyStaff, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    app.user("leader", BuiltinRole::Leader, "岳阳县").await;
    app.user("pingjiang", BuiltinRole::CountyAdmin, "平江县").await;
    let (_, node) = seed(&app).await;
    let path = format!("/chains/nodes/{node}");

    let county = app.login("county").await;
    let page = county.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.texts("table.matches td[data-label='姓名']"), ["安六", "王一", "李二"]);
    assert_eq!(page.text_of(".list-total strong").as_deref(), Some("3"));
    assert_eq!(page.texts("table.matches td[data-label='匹配依据']"), ["行业相符", "行业相符", "行业代码相符"]);
    let shenzhen = county.get(&format!("{path}?city=深圳")).await;
    assert_eq!(shenzhen.texts("table.matches td[data-label='姓名']"), ["安六", "王一"]);
    assert_eq!(shenzhen.texts("table.matches td[data-label='现居城市']"), ["深圳市", "深圳市"]);

    // 新墙镇 sees and counts its own fellows only.
    let township = app.login("xinqiang").await;
    let own = township.get(&format!("{path}?city=深圳")).await;
    assert_eq!(own.texts("table.matches td[data-label='姓名']"), ["王一"]);
    assert_eq!(own.text_of(".list-total strong").as_deref(), Some("1"));
    let links = own.attrs("table.matches td a", "href");
    assert!(links[0].starts_with("/fellows/"), "{links:?}");
    let export = township.get(&format!("/chains/nodes/{node}/export.xlsx?city=深圳")).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.header("content-type").unwrap().contains("spreadsheetml"));

    // A leader may not reveal phones; another county does not see the node.
    let leader = app.login("leader").await;
    assert_eq!(leader.get(&format!("{path}/export.xlsx?reveal=1")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.login("pingjiang").await.get(&path).await.status, StatusCode::NOT_FOUND);
    if let Ok(dir) = std::env::var("GUICHAO_CHAINS_SHOTS") {
        std::fs::write(format!("{dir}/tree.html"), county.get("/chains").await.text).unwrap();
        std::fs::write(format!("{dir}/node.html"), page.text).unwrap();
    }
    drop(app);
    db
});

store_test!(the_api_reads_and_changes_the_tree, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("county", BuiltinRole::CountyAdmin, "岳阳县").await;
    app.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
    let (chain, node) = seed(&app).await;
    let me = app.login("county").await;

    let tree = me.api_get("/api/v1/chains").await.json();
    assert_eq!(tree["items"][0]["name"], "电子信息");
    assert_eq!(tree["items"][0]["nodes"][0]["codes"], json!(["C39"]));
    let made = me.api_post_json("/api/v1/chains", &json!({"name": "预制菜"})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let id = made.json()["id"].as_str().unwrap().to_string();
    let body = json!({"name": "中央厨房", "segment": "midstream", "codes": ["14"], "keywords": ["预制菜"], "gap": true, "gap_note": "缺龙头企业"});
    let added = me.api_post_json(&format!("/api/v1/chains/{id}/nodes"), &body).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.json()["codes"], json!(["C14"]));
    let bad = me
        .api_post_json(
            &format!("/api/v1/chains/{id}/nodes"),
            &json!({"name": "", "segment": "midstream", "codes": ["Z1"]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = bad.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["name", "codes"]);
    let wrong =
        me.api_post_json(&format!("/api/v1/chains/{chain}/nodes"), &json!({"name": "x", "segment": "up"})).await;
    assert_eq!(wrong.json()["error"]["fields"][0]["field"], "segment");
    let put = json!({"name": "电子整机", "segment": "downstream", "codes": ["C39"], "keywords": ["电子信息"]});
    let changed = me.api_put_json(&format!("/api/v1/chains/nodes/{node}"), &put).await;
    assert_eq!((changed.status, changed.json()["segment"].clone()), (StatusCode::OK, json!("downstream")));

    let fellows = me.api_get(&format!("/api/v1/chains/nodes/{node}/fellows?city=深圳&limit=1")).await.json();
    assert_eq!((fellows["total"].clone(), fellows["items"][0]["name"].clone()), (json!(2), json!("安六")));
    assert_eq!(fellows["by_evidence"]["industry"], 2);
    assert_eq!(fellows["items"][0]["evidence"], json!(["industry"]));
    let second = me.api_get(&format!("/api/v1/chains/nodes/{node}/fellows?city=深圳&limit=1&page=2")).await.json();
    assert_eq!(second["items"][0]["name"], "王一");

    let township = app.login("xinqiang").await;
    let own = township.api_get(&format!("/api/v1/chains/nodes/{node}/fellows")).await.json();
    assert_eq!(own["total"], 2, "王一 and 李二; 筻口镇's 安六 is not counted");
    let refused = township.api_post_json("/api/v1/chains", &json!({"name": "医药"})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let missing = me.api_get(&format!("/api/v1/chains/nodes/{}/fellows", Uuid::now_v7())).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        me.api_get(&format!("/api/v1/chains/nodes/{node}/fellows?limit=0")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    drop(app);
    db
});
