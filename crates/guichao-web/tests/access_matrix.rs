//! The access matrix over the user-admin area, through HTTP: each built-in role
//! against accounts at the county, its township, a village below, the sibling
//! township and the other tenant, on the page and on the API; plus the
//! navigation each role sees and what each role's user list holds.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::BuiltinRole;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use std::collections::BTreeSet;
use uuid::Uuid;

/// What a role may do with the user-admin area.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reach {
    /// Holds `admin.users.read`: these targets (county, township, village,
    /// sibling, other tenant) answer 200, the rest 404.
    Sees([bool; 5]),
    /// Lacks the permission for the whole area: 403 everywhere.
    Forbidden,
}

/// (role, its unit, reach, nav shows 用户管理, nav shows 审计日志)
const CASES: [(BuiltinRole, &str, Reach, bool, bool); 10] = [
    (BuiltinRole::SystemAdmin, "岳阳县", Reach::Sees([true, true, true, true, false]), true, false),
    (BuiltinRole::SecurityAdmin, "岳阳县", Reach::Sees([true, true, true, true, false]), true, false),
    (BuiltinRole::AuditAdmin, "岳阳县", Reach::Forbidden, false, true),
    (BuiltinRole::CountyAdmin, "岳阳县", Reach::Sees([true, true, true, true, false]), true, false),
    (BuiltinRole::CountyStaff, "岳阳县", Reach::Forbidden, false, false),
    (BuiltinRole::TownshipStaff, "新墙镇", Reach::Sees([false, true, true, false, false]), true, false),
    (BuiltinRole::VillageCadre, "新墙村", Reach::Forbidden, false, false),
    (BuiltinRole::ProjectOfficer, "岳阳县", Reach::Forbidden, false, false),
    (BuiltinRole::Leader, "岳阳县", Reach::Forbidden, false, false),
    (BuiltinRole::ChamberLiaison, "岳阳县", Reach::Forbidden, false, false),
];

/// One target account in each interesting place.
const TARGETS: [(&str, &str); 5] = [
    ("t_county", "岳阳县"),
    ("t_township", "新墙镇"),
    ("t_village", "新墙村"),
    ("t_sibling", "筻口镇"),
    ("t_other", "安定镇"),
];

async fn make_targets(app: &TestApp) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for (name, unit) in TARGETS {
        ids.push(app.user(name, BuiltinRole::VillageCadre, unit).await.user_id());
    }
    ids
}

store_test!(user_pages_and_api_answer_only_within_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let targets = make_targets(&app).await;
    for (role, unit, ..) in CASES {
        app.user_with(role, unit).await;
    }
    for (role, unit, reach, ..) in CASES {
        let me = app.login(role.code()).await;
        for (i, id) in targets.iter().enumerate() {
            let want = match reach {
                Reach::Forbidden => StatusCode::FORBIDDEN,
                Reach::Sees(sees) if sees[i] => StatusCode::OK,
                Reach::Sees(_) => StatusCode::NOT_FOUND,
            };
            let what = format!("{role:?} at {unit} -> {}", TARGETS[i].0);
            let page = me.get(&format!("/users/{id}")).await;
            assert_eq!(page.status, want, "page: {what}");
            let api = me.api_get(&format!("/api/v1/users/{id}")).await;
            assert_eq!(api.status, want, "api: {what}");
            if want == StatusCode::OK {
                // The page is the edit form of that very account.
                assert!(page.text.contains(TARGETS[i].0), "{what}");
                assert_eq!(api.json()["username"], TARGETS[i].0, "{what}");
            } else {
                let code = if want == StatusCode::FORBIDDEN { "forbidden" } else { "not_found" };
                assert_eq!(api.error_code(), code, "{what}");
                // Refusals do not reveal the account.
                assert!(!page.text.contains(TARGETS[i].0), "{what}");
                assert!(page.error_message().is_some(), "{what}: an error page");
            }
        }
    }
    drop(app);
    db
});

store_test!(navigation_shows_only_allowed_areas, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    for (role, unit, _, users, audit) in CASES {
        app.user_with(role, unit).await;
        let me = app.login(role.code()).await;
        let home = me.get("/").await;
        assert_eq!(home.status, StatusCode::OK);
        let nav = home.nav();
        let labels = home.texts("nav#nav a");
        // Everybody has home, the org tree (org.read) and their own account;
        // the audit admin (三员分立) no org tree.
        let always: &[&str] =
            if role == BuiltinRole::AuditAdmin { &["/", "/account"] } else { &["/", "/org", "/account"] };
        for always in always {
            assert!(nav.contains(&always.to_string()), "{role:?} nav {nav:?}");
        }
        assert_eq!(nav.contains(&"/users".to_string()), users, "{role:?} nav {nav:?}");
        assert_eq!(labels.contains(&"用户管理".to_string()), users, "{role:?} labels {labels:?}");
        assert_eq!(nav.contains(&"/audit".to_string()), audit, "{role:?} nav {nav:?}");
        assert_eq!(labels.contains(&"审计日志".to_string()), audit, "{role:?} labels {labels:?}");
        // The home page's cards agree with the navigation.
        let cards = home.attrs("ul.cards a", "href");
        assert_eq!(cards.contains(&"/users".to_string()), users, "{role:?} cards {cards:?}");
        assert_eq!(cards.contains(&"/audit".to_string()), audit, "{role:?} cards {cards:?}");
        // And the areas themselves answer accordingly.
        let want = |allowed| if allowed { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(me.get("/users").await.status, want(users), "{role:?} /users");
        assert_eq!(me.get("/audit").await.status, want(audit), "{role:?} /audit");
        assert_eq!(me.api_get("/api/v1/audit").await.status, want(audit), "{role:?} /api/v1/audit");
        // Only those who may write users get the new-user form.
        let writes = matches!(role, BuiltinRole::SystemAdmin | BuiltinRole::CountyAdmin | BuiltinRole::TownshipStaff);
        assert_eq!(me.get("/users/new").await.status, want(writes), "{role:?} /users/new");
    }
    drop(app);
    db
});

store_test!(user_lists_hold_exactly_the_accounts_in_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    make_targets(&app).await;
    for (role, unit, ..) in CASES {
        app.user_with(role, unit).await;
    }
    let everyone_here: BTreeSet<String> = TARGETS[..4]
        .iter()
        .map(|(n, _)| n.to_string())
        .chain(CASES.iter().map(|(r, ..)| r.code().to_string()))
        .collect();
    // 新墙镇 and below: the township and village targets, the township staff
    // themself and the village cadre of 新墙村.
    let xinqiang: BTreeSet<String> =
        ["t_township", "t_village", "township_staff", "village_cadre"].into_iter().map(String::from).collect();
    for (role, _, reach, ..) in CASES {
        let me = app.login(role.code()).await;
        let api = me.api_get("/api/v1/users?limit=200").await;
        let page = me.get("/users").await;
        let expected = match (role, reach) {
            (_, Reach::Forbidden) => {
                assert_eq!(api.status, StatusCode::FORBIDDEN, "{role:?}");
                assert_eq!(api.error_code(), "forbidden");
                assert_eq!(page.status, StatusCode::FORBIDDEN, "{role:?}");
                continue;
            }
            (BuiltinRole::TownshipStaff, _) => &xinqiang,
            _ => &everyone_here,
        };
        assert_eq!(api.status, StatusCode::OK, "{role:?}");
        let body = api.json();
        let listed: BTreeSet<String> =
            body["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap().to_string()).collect();
        assert_eq!(&listed, expected, "{role:?} api list");
        assert_eq!(body["items"].as_array().unwrap().len(), expected.len(), "{role:?} no duplicates");
        assert!(body["next"].is_null());
        // The page lists the same accounts, each linking to its edit form.
        let shown: BTreeSet<String> = page.texts("table.list tbody td:first-child a").into_iter().collect();
        assert_eq!(&shown, expected, "{role:?} page list");
        // A search stays within scope: the sibling township's account is found
        // only by those who see it.
        let found = me.api_get("/api/v1/users?q=sibling").await.json();
        let found: Vec<&str> =
            found["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect();
        let want: Vec<&str> = if expected.contains("t_sibling") { vec!["t_sibling"] } else { vec![] };
        assert_eq!(found, want, "{role:?} search");
    }
    drop(app);
    db
});
