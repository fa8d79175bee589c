//! The areas each built-in role sees, read from the HTML with CSS selectors:
//! the exact navigation and home cards (with their figures) of every role, and
//! the audit page's filter offering every recorded action with rows named in
//! Chinese.

mod common;

use axum::http::StatusCode;
use common::{LANG_COOKIE, Session, TestApp, TestResponse};
use guichao_domain::Lang;
use guichao_domain::access::BuiltinRole;
use guichao_domain::audit::AuditAction;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use scraper::{Html, Selector};
use std::collections::BTreeSet;

/// A card as shown: (href, title, figure).
type Card = (&'static str, &'static str, Option<&'static str>);

const HOME: (&str, &str) = ("/", "工作台");
const FELLOWS: (&str, &str) = ("/fellows", "乡友");
const CHAMBERS: (&str, &str) = ("/chambers", "商会");
const LIAISON: (&str, &str) = ("/liaison", "我的联系");
const EVENTS: (&str, &str) = ("/events", "活动");
const CAMPAIGNS: (&str, &str) = ("/campaigns", "四个一");
const PROJECTS: (&str, &str) = ("/projects", "招商项目");
const SMS: (&str, &str) = ("/sms", "慰问短信");
const SERVICES: (&str, &str) = ("/services", "服务诉求");
const FUNDS: (&str, &str) = ("/funds", "资金与贷款");
const POLICIES: (&str, &str) = ("/policies", "政策文件");
const ORG: (&str, &str) = ("/org", "组织架构");
const USERS: (&str, &str) = ("/users", "用户管理");
const AUDIT: (&str, &str) = ("/audit", "审计日志");
const ACCOUNT: (&str, &str) = ("/account", "我的账户");

fn fellows(figure: &'static str) -> Card {
    ("/fellows", "乡友信息库", Some(figure))
}
fn liaison(figure: &'static str) -> Card {
    ("/liaison", "我的联系", Some(figure))
}
const EVENTS_CARD: Card = ("/events", "联谊活动", Some("今年 0 场"));
const CAMPAIGNS_CARD: Card = ("/campaigns", "“四个一”走访慰问", Some("0 个活动"));
const PROJECTS_CARD: Card = ("/projects", "招商项目", Some("今年签约 0 个"));
const SMS_CARD: Card = ("/sms", "慰问短信", None);
const SERVICES_CARD: Card = ("/services", "返乡服务诉求", Some("超期未办结 0 件"));
const FUNDS_CARD: Card = ("/funds", "资金与贷款", Some("担保贷款 0 笔 · 0元"));
const POLICIES_CARD: Card = ("/policies", "扶持政策", Some("现行有效 0 件"));
const CHAMBERS_CARD: Card = ("/chambers", "商会", Some("0 个"));
const ORG_CARD: Card = ("/org", "组织架构", None);
const USERS_CARD: Card = ("/users", "用户管理", None);
const AUDIT_CARD: Card = ("/audit", "审计日志", None);
const ACCOUNT_CARD: Card = ("/account", "我的账户", None);
const DOCS_CARD: Card = ("/api/docs", "接口文档", None);

/// What each role sees, given two fellows (one in 新墙村, one in 筻口镇) and
/// the village cadre assigned to the first.
fn expected(role: BuiltinRole) -> (&'static str, Vec<(&'static str, &'static str)>, Vec<Card>) {
    use BuiltinRole::*;
    match role {
        // The three administrators (三员分立) see no registry data.
        SystemAdmin | SecurityAdmin => {
            ("岳阳县", vec![HOME, ORG, USERS, ACCOUNT], vec![ORG_CARD, USERS_CARD, ACCOUNT_CARD, DOCS_CARD])
        }
        AuditAdmin => ("岳阳县", vec![HOME, AUDIT, ACCOUNT], vec![AUDIT_CARD, ACCOUNT_CARD, DOCS_CARD]),
        CountyAdmin => (
            "岳阳县",
            vec![
                HOME, FELLOWS, CHAMBERS, LIAISON, EVENTS, CAMPAIGNS, SMS, PROJECTS, SERVICES, FUNDS, POLICIES, ORG,
                USERS, ACCOUNT,
            ],
            vec![
                fellows("2 人"),
                CHAMBERS_CARD,
                liaison("0 人"),
                EVENTS_CARD,
                CAMPAIGNS_CARD,
                SMS_CARD,
                PROJECTS_CARD,
                SERVICES_CARD,
                FUNDS_CARD,
                POLICIES_CARD,
                ORG_CARD,
                USERS_CARD,
                ACCOUNT_CARD,
                DOCS_CARD,
            ],
        ),
        CountyStaff => (
            "岳阳县",
            vec![
                HOME, FELLOWS, CHAMBERS, LIAISON, EVENTS, CAMPAIGNS, SMS, PROJECTS, SERVICES, FUNDS, POLICIES, ORG,
                ACCOUNT,
            ],
            vec![
                fellows("2 人"),
                CHAMBERS_CARD,
                liaison("0 人"),
                EVENTS_CARD,
                CAMPAIGNS_CARD,
                SMS_CARD,
                PROJECTS_CARD,
                SERVICES_CARD,
                FUNDS_CARD,
                POLICIES_CARD,
                ORG_CARD,
                ACCOUNT_CARD,
                DOCS_CARD,
            ],
        ),
        TownshipStaff => (
            "新墙镇",
            vec![
                HOME, FELLOWS, CHAMBERS, LIAISON, EVENTS, CAMPAIGNS, SMS, PROJECTS, SERVICES, FUNDS, POLICIES, ORG,
                USERS, ACCOUNT,
            ],
            vec![
                fellows("1 人"),
                CHAMBERS_CARD,
                liaison("0 人"),
                EVENTS_CARD,
                CAMPAIGNS_CARD,
                SMS_CARD,
                PROJECTS_CARD,
                SERVICES_CARD,
                FUNDS_CARD,
                POLICIES_CARD,
                ORG_CARD,
                USERS_CARD,
                ACCOUNT_CARD,
                DOCS_CARD,
            ],
        ),
        VillageCadre => (
            "新墙村",
            vec![HOME, FELLOWS, LIAISON, EVENTS, CAMPAIGNS, POLICIES, ORG, ACCOUNT],
            vec![
                fellows("1 人"),
                liaison("1 人"),
                EVENTS_CARD,
                CAMPAIGNS_CARD,
                POLICIES_CARD,
                ORG_CARD,
                ACCOUNT_CARD,
                DOCS_CARD,
            ],
        ),
        ProjectOfficer => (
            "岳阳县",
            vec![HOME, FELLOWS, PROJECTS, POLICIES, ORG, ACCOUNT],
            vec![fellows("0 人"), PROJECTS_CARD, POLICIES_CARD, ORG_CARD, ACCOUNT_CARD, DOCS_CARD],
        ),
        Leader => (
            "岳阳县",
            vec![
                HOME, FELLOWS, CHAMBERS, LIAISON, EVENTS, CAMPAIGNS, SMS, PROJECTS, SERVICES, FUNDS, POLICIES, ORG,
                ACCOUNT,
            ],
            vec![
                fellows("2 人"),
                CHAMBERS_CARD,
                liaison("0 人"),
                EVENTS_CARD,
                CAMPAIGNS_CARD,
                SMS_CARD,
                PROJECTS_CARD,
                SERVICES_CARD,
                FUNDS_CARD,
                POLICIES_CARD,
                ORG_CARD,
                ACCOUNT_CARD,
                DOCS_CARD,
            ],
        ),
        ChamberLiaison => (
            "岳阳县",
            vec![HOME, FELLOWS, CHAMBERS, LIAISON, EVENTS, CAMPAIGNS, PROJECTS, POLICIES, ORG, ACCOUNT],
            vec![
                fellows("0 人"),
                CHAMBERS_CARD,
                liaison("0 人"),
                EVENTS_CARD,
                CAMPAIGNS_CARD,
                PROJECTS_CARD,
                POLICIES_CARD,
                ORG_CARD,
                ACCOUNT_CARD,
                DOCS_CARD,
            ],
        ),
    }
}

/// The navigation as (href, label) pairs.
fn nav(page: &TestResponse) -> Vec<(String, String)> {
    page.nav().into_iter().zip(page.texts("nav#nav a")).collect()
}

/// The home page's cards as (href, title, figure).
fn cards(page: &TestResponse) -> Vec<(String, String, Option<String>)> {
    let html = Html::parse_document(&page.text);
    let card = Selector::parse("ul.cards > li > a").unwrap();
    let title = Selector::parse("strong").unwrap();
    let figure = Selector::parse("em.figure").unwrap();
    let text = |e: scraper::ElementRef| e.text().collect::<String>().trim().to_string();
    html.select(&card)
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                a.select(&title).map(text).collect::<Vec<_>>().join("|"),
                a.select(&figure).next().map(text),
            )
        })
        .collect()
}

fn owned(nav: &[(&str, &str)]) -> Vec<(String, String)> {
    nav.iter().map(|(h, l)| (h.to_string(), l.to_string())).collect()
}

fn owned_cards(cards: &[Card]) -> Vec<(String, String, Option<String>)> {
    cards.iter().map(|(h, t, f)| (h.to_string(), t.to_string(), f.map(str::to_string))).collect()
}

/// Two fellows, one in 新墙村 and one in 筻口镇, and the 新墙村 cadre assigned
/// (through the form) to the first; returns the admin's session.
async fn world(app: &TestApp) -> Session<'_> {
    let admin = app.user("county_admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let c = &app.county;
    let f = c.fellow(&app.store, &admin, c.fellow_form("张三", "新墙镇", Some("新墙村"))).await;
    c.fellow(&app.store, &admin, c.fellow_form("王五", "筻口镇", None)).await;
    let cadre = app.user("village_cadre", BuiltinRole::VillageCadre, "新墙村").await.user_id().to_string();
    let me = app.login("county_admin").await;
    let form = [("cadre_id", cadre.as_str()), ("level", "village"), ("cycle_days", "30")];
    let res = me.post_form(&format!("/fellows/{f}/assignments"), &form).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    me
}

store_test!(each_role_sees_exactly_its_navigation_and_home_cards, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    world(&app).await;
    for role in BuiltinRole::ALL {
        let (unit, want_nav, want_cards) = expected(role);
        if !matches!(role, BuiltinRole::CountyAdmin | BuiltinRole::VillageCadre) {
            app.user_with(role, unit).await;
        }
        let me = app.login(role.code()).await;
        let home = me.get("/").await;
        assert_eq!(home.status, StatusCode::OK, "{role:?}");
        assert_eq!(nav(&home), owned(&want_nav), "{role:?} navigation");
        assert_eq!(home.texts("nav#nav a.active"), ["工作台"], "{role:?} marks home as the page shown");
        assert_eq!(cards(&home), owned_cards(&want_cards), "{role:?} home cards");
        // The cards' links: the liaison card's follow-ups and overdue
        // fellows, the projects card's agency tasks due and overdue.
        let (links, hrefs) = (home.texts("ul.cards .card-links a"), home.attrs("ul.cards .card-links a", "href"));
        let (mut want_links, mut want_hrefs) = (vec![], vec![]);
        if want_nav.contains(&LIAISON) {
            want_links.extend(["待办 0 件（逾期 0）", "超期未联系 0 人"]);
            want_hrefs.extend(["/liaison/followups", "/liaison/overdue?mine=1"]);
        }
        if want_nav.contains(&PROJECTS) {
            want_links.extend(["本周到期代办 0", "逾期代办 0"]);
            want_hrefs.extend(["/projects/workbench#week", "/projects/workbench#overdue"]);
        }
        assert_eq!(links, want_links, "{role:?}");
        assert_eq!(hrefs, want_hrefs, "{role:?}");
        // Every other page carries the same navigation, with its own entry marked.
        let (href, label) = want_nav[1];
        let page = me.get(href).await;
        assert_eq!(page.status, StatusCode::OK, "{role:?} {href}");
        assert_eq!(nav(&page), owned(&want_nav), "{role:?} navigation on {href}");
        assert_eq!(page.texts("nav#nav a.active"), [label], "{role:?} on {href}");
    }
    drop(app);
    db
});

store_test!(navigation_and_cards_follow_the_language, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("cadre", BuiltinRole::VillageCadre, "新墙村").await;
    let mut me = app.login("cadre").await;
    me.set_cookie(LANG_COOKIE, "en");
    let home = me.get("/").await;
    assert_eq!(
        home.texts("nav#nav a"),
        ["Home", "Fellows", "My fellows", "Events", "Four ones", "Policies", "Org tree", "My account"]
    );
    assert_eq!(
        home.texts("ul.cards a strong"),
        [
            "Fellow registry",
            "My fellows",
            "Events",
            "Four-ones greetings",
            "Support policies",
            "Org tree",
            "My account",
            "API docs"
        ]
    );
    assert_eq!(
        home.texts("ul.cards a em.figure"),
        ["0 fellows", "0 fellows", "This year: 0 events", "0 campaigns", "In force: 0 policies"]
    );
    drop(app);
    db
});

store_test!(the_audit_filter_offers_every_action_and_rows_show_their_names, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let admin = world(&app).await;
    let township = app.county.unit("新墙镇").to_string();
    let chamber = [("name", "新墙镇商会"), ("kind", "township"), ("city", ""), ("township_id", &township)];
    let res = admin.post_form("/chambers", &chamber).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);

    // The audit admin reads the log (三员分立).
    let auditor = app.auditor().await;
    let page = auditor.get("/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    // Every recorded action once, after "all actions", grouped by area.
    let offered = page.attrs("select[name=action] option", "value");
    assert_eq!(offered[0], "", "all actions first");
    let codes: BTreeSet<&str> = offered[1..].iter().map(String::as_str).collect();
    let all: BTreeSet<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
    assert_eq!(codes, all);
    assert_eq!(offered.len() - 1, AuditAction::ALL.len(), "no action twice");
    assert_eq!(
        page.attrs("select[name=action] optgroup", "label"),
        [
            "乡友",
            "商会",
            "我的联系",
            "活动",
            "四个一",
            "慰问短信",
            "招商项目",
            "服务诉求",
            "资金与贷款",
            "政策文件",
            "组织架构",
            "用户管理",
            "审计日志",
            "我的账户"
        ]
    );
    assert_eq!(page.texts("select[name=action] optgroup[label='商会'] option").len(), 9);
    for option in page.texts("select[name=action] option").iter().skip(1) {
        assert!(!option.contains('.'), "an option shows a code, not a name: {option}");
    }
    // Rows are named in Chinese: the chamber, the assignment, the sign-in.
    let actions = page.texts("table.audit td[data-label='操作']");
    for name in ["新建商会", "分配联系人", "登记乡友", "登录"] {
        assert!(actions.iter().any(|a| a == name), "{name} in {actions:?}");
    }
    assert!(actions.iter().all(|a| !a.contains('.')), "every row named: {actions:?}");

    // Filtering by a chamber action keeps only its rows and keeps it selected.
    let page = auditor.get("/audit?action=chamber.create").await;
    assert_eq!(page.texts("table.audit td[data-label='操作']"), ["新建商会"]);
    assert_eq!(page.attrs("select[name=action] option[selected]", "value"), ["chamber.create"]);
    let page = auditor.get("/audit?action=liaison.assign").await;
    assert_eq!(page.texts("table.audit td[data-label='操作']"), [AuditAction::LiaisonAssign.label(Lang::Zh)]);
    drop(app);
    db
});
