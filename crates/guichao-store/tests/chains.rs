//! Industry chains in the store: the tree changed only by a county-wide
//! project writer (audited), and a node's matches: only fellows the reader
//! may see (never counted otherwise), ranked by the domain's rule, filtered
//! by city, paged with an exact total; on both backends.

use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::chains::{ChainDraft, Evidence, NodeDraft, NodeTerms, Segment, fit, rank_order};
use guichao_domain::fellows::CompanyRole;
use guichao_domain::search::sort_key;
use guichao_store::audit::AuditQuery;
use guichao_store::chains::{MatchPage, MatchQuery};
use guichao_store::fellows::CompanyDraft;
use guichao_store::testing::{County, TestDb, remote_chamber};
use guichao_store::{Actor, Store, StoreError, store_test};
use uuid::Uuid;

fn node(name: &str, codes: &[&str], keywords: &[&str]) -> NodeDraft {
    NodeDraft {
        name: name.into(),
        segment: Segment::Midstream,
        gap: false,
        gap_note: String::new(),
        codes: codes.iter().map(|c| c.to_string()).collect(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
    }
}

/// A fellow: name, home township, industry, city, tags.
type Spec<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

/// A fellow of a township with an industry, a city and tags.
async fn fellow(county: &County, store: &Store, admin: &Actor, spec: Spec<'_>) -> Uuid {
    let (name, township, industry, city, tags) = spec;
    let mut form = county.fellow_form(name, township, None);
    form.industry = industry.into();
    form.city = city.into();
    form.tags = tags.into();
    county.fellow(store, admin, form).await
}

async fn company(store: &Store, admin: &Actor, fellow: Uuid, name: &str, industry: &str) {
    let draft = CompanyDraft { name: name.into(), credit_code: None, industry: industry.into(), city: String::new() };
    let fellows = store.fellows(admin, Permission::FellowWrite).unwrap();
    fellows.link_company(fellow, draft, CompanyRole::Owner).await.unwrap();
}

async fn page(store: &Store, who: &Actor, node: Uuid, city: &str, offset: u64, limit: u64) -> MatchPage {
    let q = MatchQuery { city: city.into(), offset, limit };
    store.chains(who, Permission::ProjectRead).unwrap().matches(node, &q).await.unwrap()
}

fn names(p: &MatchPage) -> Vec<String> {
    p.rows.iter().map(|r| r.fellow.name.clone()).collect()
}

struct Cast {
    admin: Actor,
    xinqiang: Actor,
    node: Uuid,
}

/// 岳阳县 with an electronics node (C39 and the keyword 电子信息) and
/// fellows who fit it on each kind of evidence, in 新墙镇 and 筻口镇, in
/// 深圳 and elsewhere, and some who do not fit.
async fn cast(store: &Store) -> (County, Cast) {
    let county = County::seed(store).await;
    let admin = county.user(store, "admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let xinqiang = county.user(store, "xq", BuiltinRole::TownshipStaff, "新墙镇").await;
    let chains = store.chains(&admin, Permission::ProjectWrite).unwrap();
    let chain = chains.create_chain(ChainDraft { name: "电子信息".into(), notes: String::new() }).await.unwrap();
    let node = chains.add_node(chain, node("电子制造", &["C39"], &["电子信息"])).await.unwrap();
    let a = &admin;
    // 新墙镇
    fellow(&county, store, a, ("王一", "新墙镇", "电子信息", "深圳市", "")).await;
    fellow(&county, store, a, ("李二", "新墙镇", "电子科技", "深圳", "")).await;
    let zhao = fellow(&county, store, a, ("赵三", "新墙镇", "房地产", "长沙市", "")).await;
    company(store, a, zhao, "深圳市华湘电子科技有限公司", "C3971").await;
    fellow(&county, store, a, ("孙四", "新墙镇", "教育", "深圳", "重点联系 半导体")).await;
    fellow(&county, store, a, ("周五", "新墙镇", "汽车零部件", "深圳", "电子")).await;
    // 筻口镇: outside the township user's scope.
    fellow(&county, store, a, ("安六", "筻口镇", "电子信息", "深圳市", "")).await;
    fellow(&county, store, a, ("吴七", "筻口镇", "计算机、通信和其他电子设备制造业", "上海市", "")).await;
    (county, Cast { admin, xinqiang, node })
}

store_test!(a_county_user_sees_every_fit_ranked, |db: TestDb| async move {
    let (_county, c) = cast(&db.store).await;
    let p = page(&db.store, &c.admin, c.node, "", 0, 50).await;
    // Keyword first, then the code's texts (by pinyin), company, tag; 周五's tag 电子 is no term.
    assert_eq!(names(&p), ["安六", "王一", "李二", "吴七", "赵三", "孙四"]);
    assert_eq!(p.total, 6);
    assert_eq!(p.by_evidence, [2, 2, 1, 1]);
    let scores: Vec<u8> = p.rows.iter().map(|r| r.score).collect();
    assert_eq!(scores, [4, 4, 3, 3, 2, 1]);
    let zhao = &p.rows[4];
    assert_eq!(
        (zhao.evidence.clone(), zhao.companies[0].name.as_str()),
        (vec![Evidence::Company], "深圳市华湘电子科技有限公司")
    );
    db
});

store_test!(the_order_is_the_domain_rule, |db: TestDb| async move {
    let (_county, c) = cast(&db.store).await;
    let p = page(&db.store, &c.admin, c.node, "", 0, 50).await;
    let node = db.store.chains(&c.admin, Permission::ProjectRead).unwrap().node(c.node).await.unwrap();
    let terms: NodeTerms = node.terms();
    let mut expected: Vec<(u8, String, Uuid)> = p
        .rows
        .iter()
        .map(|r| {
            let companies: Vec<String> = r.companies.iter().map(|c| c.industry.clone()).collect();
            let facts = guichao_domain::chains::FellowFacts {
                industry: &r.industry,
                company_industries: &companies,
                tags: &r.fellow.tags,
            };
            let f = fit(&terms, facts).expect("every match fits");
            assert_eq!(f.score(), r.score, "{}: the tier is the strongest evidence", r.fellow.name);
            (f.score(), sort_key(&r.fellow.name), r.fellow.id)
        })
        .collect();
    let shown: Vec<Uuid> = expected.iter().map(|e| e.2).collect();
    expected.sort_by(|a, b| rank_order((a.0, &a.1, &a.2), (b.0, &b.1, &b.2)));
    assert_eq!(shown, expected.iter().map(|e| e.2).collect::<Vec<_>>());
    // Pages walk the same order without overlap, across tiers.
    let mut paged = Vec::new();
    for offset in (0..7).step_by(2) {
        let part = page(&db.store, &c.admin, c.node, "", offset, 2).await;
        assert_eq!(part.total, 6);
        paged.extend(names(&part));
    }
    assert_eq!(paged, names(&p));
    db
});

store_test!(a_township_user_sees_and_counts_only_their_fellows, |db: TestDb| async move {
    let (_county, c) = cast(&db.store).await;
    let p = page(&db.store, &c.xinqiang, c.node, "", 0, 50).await;
    assert_eq!(names(&p), ["王一", "李二", "赵三", "孙四"]);
    assert_eq!((p.total, p.by_evidence), (4, [1, 1, 1, 1]), "筻口镇's fellows are not counted");
    let far = page(&db.store, &c.xinqiang, c.node, "上海", 0, 50).await;
    assert_eq!((far.total, far.rows.len()), (0, 0), "吴七 lives in 上海 but is not theirs");
    db
});

store_test!(a_city_filter_takes_either_form, |db: TestDb| async move {
    let (_county, c) = cast(&db.store).await;
    let shenzhen = page(&db.store, &c.admin, c.node, "深圳", 0, 50).await;
    assert_eq!(names(&shenzhen), ["安六", "王一", "李二", "孙四"]);
    let written = page(&db.store, &c.admin, c.node, "深圳市", 0, 50).await;
    assert_eq!(names(&written), names(&shenzhen));
    assert_eq!(page(&db.store, &c.admin, c.node, "北京", 0, 50).await.total, 0);
    db
});

store_test!(archived_fellows_and_other_counties_do_not_match, |db: TestDb| async move {
    let (county, c) = cast(&db.store).await;
    let wang = page(&db.store, &c.admin, c.node, "", 0, 50).await.rows[1].fellow.id;
    db.store.fellows(&c.admin, Permission::FellowWrite).unwrap().archive(wang).await.unwrap();
    assert_eq!(page(&db.store, &c.admin, c.node, "", 0, 50).await.total, 5);
    let other = county.user(&db.store, "pj", BuiltinRole::CountyAdmin, "平江县").await;
    let chains = db.store.chains(&other, Permission::ProjectRead).unwrap();
    assert!(matches!(chains.node(c.node).await, Err(StoreError::NotFound)));
    assert!(matches!(
        chains.matches(c.node, &MatchQuery { limit: 10, ..Default::default() }).await,
        Err(StoreError::NotFound)
    ));
    assert!(chains.tree().await.unwrap().is_empty());
    db
});

store_test!(chambers_come_with_the_match, |db: TestDb| async move {
    let (_county, c) = cast(&db.store).await;
    let p = page(&db.store, &c.admin, c.node, "深圳", 0, 1).await;
    let first = p.rows[0].fellow.id;
    let chambers = db.store.chambers(&c.admin, Permission::ChamberWrite).unwrap();
    let sz = chambers.create(remote_chamber("深圳岳阳商会", "深圳")).await.unwrap();
    let position = guichao_domain::chambers::MemberPosition::ALL[0];
    chambers.add_member(sz, first, position, None).await.unwrap();
    let p = page(&db.store, &c.admin, c.node, "深圳", 0, 1).await;
    assert_eq!(p.rows[0].chambers, ["深圳岳阳商会"]);
    db
});

store_test!(only_a_county_wide_writer_changes_the_tree, |db: TestDb| async move {
    let (county, c) = cast(&db.store).await;
    let store = &db.store;
    // Township staff have no project.write; a project officer writes only their own projects.
    assert!(matches!(store.chains(&c.xinqiang, Permission::ProjectWrite), Err(StoreError::Forbidden)));
    let officer = county.user(store, "po", BuiltinRole::ProjectOfficer, "岳阳县").await;
    let by_officer = store.chains(&officer, Permission::ProjectWrite).unwrap();
    let refused = by_officer.create_chain(ChainDraft { name: "文旅".into(), notes: String::new() }).await;
    assert!(matches!(refused, Err(StoreError::Forbidden)));
    assert!(matches!(by_officer.update_node(c.node, node("改名", &["C39"], &[])).await, Err(StoreError::Forbidden)));
    // A read handle cannot write, but every reader sees the whole tree.
    let read = store.chains(&c.xinqiang, Permission::ProjectRead).unwrap();
    assert!(matches!(
        read.create_chain(ChainDraft { name: "文旅".into(), notes: String::new() }).await,
        Err(StoreError::Forbidden)
    ));
    let tree = read.tree().await.unwrap();
    assert_eq!((tree.len(), tree[0].nodes.len(), tree[0].nodes[0].codes.clone()), (1, 1, vec!["C39".to_string()]));
    db
});

store_test!(writes_are_checked_and_audited, |db: TestDb| async move {
    let (county, c) = cast(&db.store).await;
    let store = &db.store;
    let auditor = county.user(store, "sys", BuiltinRole::AuditAdmin, "岳阳县").await;
    let chains = store.chains(&c.admin, Permission::ProjectWrite).unwrap();
    let same = chains.create_chain(ChainDraft { name: "电子信息".into(), notes: String::new() }).await;
    assert!(matches!(same, Err(StoreError::Fields(ref f)) if f[0].field == "name"));
    let chain = store.chains(&c.admin, Permission::ProjectRead).unwrap().tree().await.unwrap()[0].id;
    let bad = chains.add_node(chain, node("芯片", &["C99"], &[])).await;
    assert!(matches!(bad, Err(StoreError::Fields(ref f)) if f[0].field == "codes"));
    let twice = chains.add_node(chain, node("电子制造", &["C39"], &[])).await;
    assert!(matches!(twice, Err(StoreError::Fields(ref f)) if f[0].field == "name"));
    assert!(matches!(chains.add_node(Uuid::now_v7(), node("芯片", &["C39"], &[])).await, Err(StoreError::NotFound)));
    let gap = NodeDraft {
        gap: true,
        gap_note: "缺芯片设计企业".into(),
        segment: Segment::Upstream,
        ..node("芯片设计", &["39"], &["集成电路"])
    };
    let added = chains.add_node(chain, gap).await.unwrap();
    let read = store.chains(&c.admin, Permission::ProjectRead).unwrap();
    let seen = read.node(added).await.unwrap();
    assert_eq!(
        (seen.gap, seen.gap_note.as_str(), seen.segment, seen.codes.clone()),
        (true, "缺芯片设计企业", Segment::Upstream, vec!["C39".to_string()])
    );
    chains.update_node(added, node("芯片设计", &["C39"], &["芯片"])).await.unwrap();
    assert_eq!(read.node(added).await.unwrap().keywords, ["芯片"]);
    chains.remove_node(added).await.unwrap();
    assert!(matches!(read.node(added).await, Err(StoreError::NotFound)));
    let q = |action: &str| AuditQuery { action: Some(action.into()), limit: 50, ..Default::default() };
    let audit = store.audit(&auditor).unwrap();
    assert_eq!(audit.list(&q("chain.create")).await.unwrap().len(), 1);
    assert_eq!(audit.list(&q("chain.node")).await.unwrap().len(), 4, "the first node, add, edit, remove");
    db
});

store_test!(an_export_masks_phones_unless_revealed_and_is_audited, |db: TestDb| async move {
    let (county, c) = cast(&db.store).await;
    let store = &db.store;
    let mut form = county.fellow_form("郑八", "新墙镇", None);
    form.industry = "电子信息".into();
    form.phone = "13812345678".into();
    county.fellow(store, &c.admin, form).await;
    let chains = store.chains(&c.xinqiang, Permission::ProjectRead).unwrap();
    let masked = chains.export_matches(c.node, "深圳", false).await.unwrap();
    let zheng = masked.iter().find(|r| r.row.fellow.name == "郑八").unwrap();
    assert_eq!(zheng.phone.as_deref(), Some("138****5678"));
    assert_eq!(masked.iter().map(|r| r.rank).collect::<Vec<_>>(), (1..=masked.len() as u64).collect::<Vec<_>>());
    let shown = chains.export_matches(c.node, "深圳", true).await.unwrap();
    assert_eq!(shown.iter().find(|r| r.row.fellow.name == "郑八").unwrap().phone.as_deref(), Some("13812345678"));
    let leader = county.user(store, "leader", BuiltinRole::Leader, "岳阳县").await;
    let by_leader = store.chains(&leader, Permission::ProjectRead).unwrap();
    assert!(matches!(by_leader.export_matches(c.node, "", true).await, Err(StoreError::Forbidden)));
    let q = AuditQuery { action: Some("fellow.export".into()), limit: 50, ..Default::default() };
    let auditor = county.user(store, "sys", BuiltinRole::AuditAdmin, "岳阳县").await;
    assert_eq!(store.audit(&auditor).unwrap().list(&q).await.unwrap().len(), 2);
    db
});
