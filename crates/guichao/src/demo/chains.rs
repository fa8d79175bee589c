//! The demo county's industry chains (岳阳县's 产业链招商): 预制菜, 汽车内饰,
//! 新材料, 电子信息, 文旅 and 医药, each with nodes upstream, midstream and
//! downstream, the gaps the county wants filled, GB/T 4754 classes and the
//! registry's own terms, so that nodes match the demo fellows (电子信息's
//! 电子制造 finds the fellows in electronics living in 深圳). Written through
//! the chains handle as the county's admin, as a user's would be.

use anyhow::Context;
use guichao_domain::access::Permission;
use guichao_domain::chains::{ChainDraft, NodeDraft, Segment};
use guichao_store::Store;
use uuid::Uuid;

use Segment::{Downstream as Down, Midstream as Mid, Upstream as Up};

/// A node: segment, name, gap note (empty: not a gap), codes, keywords.
type Node = (Segment, &'static str, &'static str, &'static [&'static str], &'static [&'static str]);

/// Each chain: its name, what the county wants from it, its nodes.
const CHAINS: &[(&str, &str, &[Node])] = &[
    (
        "预制菜",
        "预制菜产业十三条：依托本地稻虾、生猪和淡水鱼，打造湖南预制菜产业基地。",
        &[
            (Up, "农产品种植养殖", "", &["A01", "A03", "A04"], &["水产养殖", "养殖", "种植"]),
            (Up, "食品包装材料", "本县尚无食品级包装企业，菜品包装依赖外购", &["C22", "C29"], &["包装印刷"]),
            (Mid, "预制菜加工", "", &["C13", "C14"], &["预制菜", "食品加工"]),
            (Mid, "冷链物流", "缺少冷链仓储和配送企业", &["G59"], &["冷链物流", "仓储", "现代物流"]),
            (Down, "商超与电商销售", "", &["F51", "F52"], &["商贸零售", "电商"]),
            (Down, "餐饮连锁", "", &["H62"], &["餐饮"]),
        ],
    ),
    (
        "汽车内饰",
        "承接长株潭汽车产业转移，已有内饰件项目落地，补齐面料和座椅配套。",
        &[
            (Up, "纺织面料与皮革", "", &["C17", "C19"], &["纺织服装", "鞋材制造", "皮革"]),
            (Up, "改性塑料", "", &["C29"], &["塑料制品"]),
            (Mid, "内饰件制造", "", &["C36"], &["汽车内饰", "汽车零部件"]),
            (Mid, "座椅与线束", "座椅骨架、线束尚无配套企业", &["C36", "C38"], &["电气设备"]),
            (Down, "整车配套", "希望引进整车厂一级供应商", &["C36"], &["汽车制造", "新能源汽车"]),
        ],
    ),
    (
        "新材料",
        "依托岳阳石化产业基础，发展化工新材料和新型建材。",
        &[
            (Up, "基础化工原料", "", &["C26"], &["化工"]),
            (Mid, "高分子与复合材料", "", &["C28", "C29"], &["新材料"]),
            (Mid, "新型建材", "", &["C30"], &["建材"]),
            (Down, "资源循环利用", "缺少废旧材料回收再生企业", &["C42"], &["再生资源"]),
        ],
    ),
    (
        "电子信息",
        "数字经济十条：引进电子元器件和智能终端配套，对接深圳、东莞电子产业转移。",
        &[
            (Up, "电子元器件", "本县尚无元器件企业，优先引进", &["C39"], &["电子元器件", "半导体", "集成电路"]),
            (Mid, "电子制造", "", &["C39"], &["电子信息", "电子科技"]),
            (Mid, "软件与信息服务", "", &["I64", "I65"], &["互联网", "软件", "信息技术"]),
            (Down, "智能终端", "缺少整机和智能终端品牌企业", &["C39"], &["智能终端", "通信设备"]),
        ],
    ),
    (
        "文旅",
        "张谷英村、洞庭湖湿地与新墙河，发展全域旅游和文创。",
        &[
            (Up, "文化创意", "", &["R88", "C24"], &["文化艺术", "文化创意", "工艺礼品"]),
            (Mid, "景区运营", "景区运营管理缺专业企业", &["N78"], &["旅游", "文化旅游"]),
            (Mid, "酒店民宿", "高品质民宿不足", &["H61"], &["酒店民宿", "民宿"]),
            (Down, "餐饮与特产", "", &["H62", "C15"], &["餐饮", "茶叶"]),
        ],
    ),
    (
        "医药",
        "医药产业基地：中药材种植、原料药和制剂，补齐医疗器械。",
        &[
            (Up, "中药材种植", "道地药材种植基地待建", &["A01"], &["中药材种植"]),
            (Mid, "医药制造", "", &["C27"], &["生物医药", "医药", "中药"]),
            (Mid, "医疗器械", "本县尚无医疗器械生产企业", &["C35"], &["医疗器械"]),
            (Down, "医药流通与健康服务", "", &["F51", "F52", "Q84"], &["医药流通", "医疗健康"]),
        ],
    ),
];

/// Adds the demo chains with their nodes. Returns how many nodes.
pub async fn add(store: &Store, tenant_id: Uuid) -> anyhow::Result<usize> {
    let admin = store
        .system()
        .user_id_by_name(tenant_id, super::SEEDER)
        .await?
        .context("the demo county has no county staff")?;
    let actor = store.system().actor(tenant_id, admin).await?;
    let chains = store.chains(&actor, Permission::ProjectWrite)?;
    let mut nodes = 0;
    for (name, notes, list) in CHAINS {
        let chain = chains.create_chain(ChainDraft { name: name.to_string(), notes: notes.to_string() }).await?;
        for (segment, node, gap, codes, keywords) in *list {
            let draft = NodeDraft {
                name: node.to_string(),
                segment: *segment,
                gap: !gap.is_empty(),
                gap_note: gap.to_string(),
                codes: codes.iter().map(|c| c.to_string()).collect(),
                keywords: keywords.iter().map(|k| k.to_string()).collect(),
            };
            chains.add_node(chain, draft).await?;
            nodes += 1;
        }
    }
    Ok(nodes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichao_domain::chains::{FellowFacts, NodeTerms, fit};

    #[test]
    fn every_node_is_valid_and_each_chain_spans_its_segments() {
        for (name, _, list) in CHAINS {
            assert!((3..=6).contains(&list.len()), "{name}");
            for s in Segment::ALL {
                assert!(list.iter().any(|n| n.0 == s), "{name} has {s:?}");
            }
            assert!(list.iter().any(|n| !n.2.is_empty()), "{name} has a gap");
            for (segment, node, gap, codes, keywords) in *list {
                let draft = NodeDraft {
                    name: node.to_string(),
                    segment: *segment,
                    gap: !gap.is_empty(),
                    gap_note: gap.to_string(),
                    codes: codes.iter().map(|c| c.to_string()).collect(),
                    keywords: keywords.iter().map(|k| k.to_string()).collect(),
                };
                assert!(draft.check().is_ok(), "{name} · {node}");
            }
        }
    }

    #[test]
    fn the_demo_industries_fit_their_nodes() {
        // The generator's industries (records.rs) each fit a node of a chain.
        let fits = |industry: &str| {
            CHAINS.iter().flat_map(|(_, _, l)| l.iter()).any(|(_, _, _, codes, keywords)| {
                let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
                let keywords: Vec<String> = keywords.iter().map(|k| k.to_string()).collect();
                let facts = FellowFacts { industry, company_industries: &[], tags: &[] };
                fit(&NodeTerms::new(&codes, &keywords), facts).is_some()
            })
        };
        for industry in ["电子信息", "汽车零部件", "预制菜", "新材料", "生物医药", "食品加工", "仓储", "工艺礼品"]
        {
            assert!(fits(industry), "{industry}");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_demo_electronics_node_finds_fellows_in_shenzhen() {
        use guichao_store::chains::MatchQuery;
        let db = guichao_store::testing::TestDb::new(guichao_store::Backend::Sqlite).await.unwrap();
        let store = &db.store;
        crate::demo::ensure(store, "Demo-pass-1").await.unwrap();
        let tenant = store.tenant_by_code(crate::demo::CODE).await.unwrap().unwrap();
        let admin = store.system().user_id_by_name(tenant.id, crate::demo::SEEDER).await.unwrap().unwrap();
        let actor = store.system().actor(tenant.id, admin).await.unwrap();
        let chains = store.chains(&actor, Permission::ProjectRead).unwrap();
        let tree = chains.tree().await.unwrap();
        let names: Vec<&str> = tree.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["预制菜", "汽车内饰", "新材料", "电子信息", "文旅", "医药"]);
        let node = tree[3].nodes.iter().find(|n| n.name == "电子制造").unwrap();
        let q = MatchQuery { city: "深圳".into(), offset: 0, limit: 50 };
        let page = chains.matches(node.id, &q).await.unwrap();
        assert!(page.total >= 10, "{} fellows in electronics in 深圳", page.total);
        assert!(page.rows.iter().all(|r| r.fellow.city.starts_with("深圳")));
        assert_eq!(page.rows[0].evidence[0], guichao_domain::chains::Evidence::Industry);
        // Every chain has a node some demo fellow fits.
        for c in &tree {
            let mut found = 0;
            for n in &c.nodes {
                found += chains.matches(n.id, &MatchQuery { limit: 1, ..Default::default() }).await.unwrap().total;
            }
            assert!(found > 0, "{}", c.name);
        }
        db.cleanup().await;
    }
}
