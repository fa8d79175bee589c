//! A node's matches at scale: not a test but a timing, run by hand
//! (docs/PERFORMANCE.md, issue 11):
//!
//! ```sh
//! GUICHAO_CHAINS_FELLOWS=1000000 cargo test --release -p guichao-store --test chains_scale -- --ignored --nocapture
//! ```
//!
//! Loads (once, into `target/bench/chains-N.db`, or the PostgreSQL database
//! of `GUICHAO_CHAINS_POSTGRES_URL`) a county of N generated fellows with the
//! demo generator's mix (55% in business across 18 industries, most with a
//! company of theirs, a second company now and then; cities weighted as the
//! demo's), then times `Chains::matches` for the 电子信息 node (C39;
//! 电子信息, 电子科技) for a county user and a township user, with and
//! without the city 深圳, and prints the medians.

use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::chains::{ChainDraft, NodeDraft, Segment};
use guichao_domain::fellows::{Category, CompanyRole, FellowDraft, FellowStatus};
use guichao_domain::org::UnitLevel;
use guichao_store::chains::MatchQuery;
use guichao_store::fellows::{BulkCompany, BulkFellow};
use guichao_store::org::UnitRow;
use guichao_store::{Actor, Store};
use std::time::Instant;
use uuid::Uuid;

const INDUSTRIES: [&str; 18] = [
    "电子信息",
    "建筑工程",
    "现代物流",
    "仓储",
    "食品加工",
    "预制菜",
    "纺织服装",
    "鞋材制造",
    "木材加工",
    "工艺礼品",
    "新材料",
    "生物医药",
    "汽车零部件",
    "房地产",
    "商贸零售",
    "互联网",
    "金融投资",
    "餐饮",
];
const OTHERS: [&str; 5] = ["党政机关", "军队", "教育", "新闻传媒", "文化艺术"];
const CITIES: [(&str, u64); 11] = [
    ("长沙市", 24),
    ("深圳市", 18),
    ("岳阳市", 16),
    ("广州市", 12),
    ("上海市", 10),
    ("武汉市", 8),
    ("北京市", 7),
    ("杭州市", 2),
    ("东莞市", 2),
    ("苏州市", 1),
    ("成都市", 1),
];
const TAGS: [&str; 6] = ["有投资意向", "重点联系", "返乡创业", "商会骨干", "捐资助学", "热心公益"];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文斌";

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    fn chars(&mut self, from: &str, n: usize) -> String {
        let all: Vec<char> = from.chars().collect();
        (0..n).map(|_| all[self.below(all.len() as u64) as usize]).collect()
    }
}

fn city(rng: &mut Rng) -> &'static str {
    let mut n = rng.below(CITIES.iter().map(|c| c.1).sum());
    for (c, w) in CITIES {
        if n < w {
            return c;
        }
        n -= w;
    }
    CITIES[0].0
}

fn fellow(rng: &mut Rng, k: u64, townships: &[(Uuid, Vec<Uuid>)]) -> BulkFellow {
    let (township, villages) = &townships[rng.below(townships.len() as u64) as usize];
    let business = rng.below(100) < 55;
    let industry = if business { rng.pick(&INDUSTRIES) } else { rng.pick(&OTHERS) };
    let city = city(rng);
    let mut companies = Vec::new();
    if business && rng.below(100) < 85 {
        let company = |name: String, industry: &str| BulkCompany {
            name,
            credit_code: None,
            industry: industry.to_string(),
            city: city.to_string(),
            role: CompanyRole::Owner,
        };
        companies.push(company(format!("{city}华湘{k}有限公司"), industry));
        if rng.below(12) == 0 {
            companies.push(company(format!("{city}岳辉{k}有限公司"), rng.pick(&INDUSTRIES)));
        }
    }
    let tags: Vec<String> = (0..rng.below(3))
        .map(|_| rng.pick(&TAGS).to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let n = 1 + rng.below(2) as usize;
    let draft = FellowDraft {
        name: format!("{}{}", rng.chars(SURNAMES, 1), rng.chars(GIVEN, n)),
        gender: None,
        birth_date: None,
        category: if business { Category::IndustryCommerce } else { Category::PartyGovMilitary },
        township_id: *township,
        village_id: (!villages.is_empty() && rng.below(100) < 85)
            .then(|| villages[rng.below(villages.len() as u64) as usize]),
        province: String::new(),
        city: city.to_string(),
        district: String::new(),
        employer: companies.first().map(|c| c.name.clone()).unwrap_or_default(),
        title: String::new(),
        industry: industry.to_string(),
        phone: None,
        id_number: None,
        wechat: None,
        email: None,
        tags,
        status: FellowStatus::Active,
        source: "bench".into(),
        notes: String::new(),
        consent: true,
    };
    BulkFellow { companies, ..BulkFellow::new(draft) }
}

/// A user of the county with `role` at `unit`, made on first use.
async fn user(store: &Store, tenant: Uuid, name: &str, role: BuiltinRole, unit: Uuid) -> Actor {
    let sys = store.system();
    let id = match sys.user_id_by_name(tenant, name).await.unwrap() {
        Some(id) => id,
        None => sys.bootstrap_user(tenant, name, name, unit, &[role], "Bench-pass-1").await.unwrap(),
    };
    sys.actor(tenant, id).await.unwrap()
}

/// The county with `n` fellows (loaded when the database is new), a county
/// user, a township user and the 电子制造 node.
async fn county(store: &Store, n: u64) -> (Actor, Actor, Uuid) {
    let sys = store.system();
    let tenant = match store.tenants().await.unwrap().first() {
        Some(t) => t.clone(),
        None => {
            let t = sys.create_tenant("430621", "岳阳县").await.unwrap();
            let mut rows = Vec::new();
            for i in 0..14 {
                let township = format!("第{i}镇");
                rows.push(UnitRow { name: township.clone(), level: UnitLevel::Township, parent: None });
                for j in 0..20 {
                    let village = format!("{township}{j}村");
                    rows.push(UnitRow { name: village, level: UnitLevel::Village, parent: Some(township.clone()) });
                }
            }
            sys.import_units(t.id, &rows).await.unwrap();
            let mut townships = Vec::new();
            for i in 0..14 {
                let id = sys.unit_ids_by_name(t.id, &format!("第{i}镇")).await.unwrap()[0];
                let mut villages = Vec::new();
                for j in 0..20 {
                    villages.push(sys.unit_ids_by_name(t.id, &format!("第{i}镇{j}村")).await.unwrap()[0]);
                }
                townships.push((id, villages));
            }
            let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
            let started = Instant::now();
            let mut k = 0;
            while k < n {
                let batch: Vec<BulkFellow> =
                    (k..(k + 20_000).min(n)).map(|i| fellow(&mut rng, i, &townships)).collect();
                k += batch.len() as u64;
                sys.bulk_insert_fellows(t.id, batch, &|_| {}).await.unwrap();
            }
            println!("loaded {n} fellows in {:.1} s", started.elapsed().as_secs_f64());
            t
        }
    };
    let township = sys.unit_ids_by_name(tenant.id, "第0镇").await.unwrap()[0];
    let county = user(store, tenant.id, "county", BuiltinRole::CountyAdmin, tenant.root_unit_id).await;
    let township = user(store, tenant.id, "township", BuiltinRole::TownshipStaff, township).await;
    let tree = store.chains(&county, Permission::ProjectRead).unwrap().tree().await.unwrap();
    let node = match tree.first().and_then(|c| c.nodes.first()) {
        Some(n) => n.id,
        None => {
            let chains = store.chains(&county, Permission::ProjectWrite).unwrap();
            let chain =
                chains.create_chain(ChainDraft { name: "电子信息".into(), notes: String::new() }).await.unwrap();
            let draft = NodeDraft {
                name: "电子制造".into(),
                segment: Segment::Midstream,
                gap: false,
                gap_note: String::new(),
                codes: vec!["C39".into()],
                keywords: vec!["电子信息".into(), "电子科技".into()],
            };
            chains.add_node(chain, draft).await.unwrap()
        }
    };
    (county, township, node)
}

/// The median and the slowest of `runs` timings of a page, in ms, and its total.
async fn time(store: &Store, who: &Actor, node: Uuid, city: &str, offset: u64) -> (f64, f64, u64) {
    let chains = store.chains(who, Permission::ProjectRead).unwrap();
    let q = MatchQuery { city: city.into(), offset, limit: 50 };
    let total = chains.matches(node, &q).await.unwrap().total;
    let mut ms: Vec<f64> = Vec::new();
    for _ in 0..21 {
        let started = Instant::now();
        chains.matches(node, &q).await.unwrap();
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    (ms[ms.len() / 2], ms[ms.len() - 1], total)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a timing at scale, run by hand"]
async fn node_matches_at_scale() {
    let n: u64 = std::env::var("GUICHAO_CHAINS_FELLOWS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let url = match std::env::var("GUICHAO_CHAINS_POSTGRES_URL") {
        Ok(url) => url,
        Err(_) => {
            std::fs::create_dir_all("../../target/bench").unwrap();
            format!("sqlite://../../target/bench/chains-{n}.db")
        }
    };
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let store = store.with_field_key(guichao_store::testing::test_key());
    let (county, township, node) = county(&store, n).await;
    println!("{url}: {n} fellows");
    for (who, name) in [(&county, "county"), (&township, "township")] {
        for city in ["", "深圳"] {
            for offset in [0, 1000] {
                let (p50, max, total) = time(&store, who, node, city, offset).await;
                println!("{name:8} city={city:4} offset={offset:5} total={total:7} p50={p50:7.2} ms max={max:7.2} ms");
            }
        }
    }
}

/// What m0021's two indexes cost the bulk writer: the same fellows loaded
/// into a fresh SQLite database with and without them, in turn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a timing, run by hand"]
async fn bulk_write_cost_of_the_indexes() {
    use sea_orm::ConnectionTrait;
    let n: u64 = std::env::var("GUICHAO_CHAINS_WRITE_FELLOWS").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000);
    for round in 0..2 {
        for with in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("w.db").display());
            let store = Store::connect(&url).await.unwrap();
            store.migrate().await.unwrap();
            let store = store.with_field_key(guichao_store::testing::test_key());
            if !with {
                let db = store.system().connection();
                db.execute_unprepared("DROP INDEX fellows_industry").await.unwrap();
                db.execute_unprepared("DROP INDEX companies_industry").await.unwrap();
            }
            let sys = store.system();
            let t = sys.create_tenant("430621", "岳阳县").await.unwrap();
            let rows: Vec<UnitRow> = (0..14)
                .map(|i| UnitRow { name: format!("第{i}镇"), level: UnitLevel::Township, parent: None })
                .collect();
            sys.import_units(t.id, &rows).await.unwrap();
            let mut townships = Vec::new();
            for i in 0..14 {
                townships.push((sys.unit_ids_by_name(t.id, &format!("第{i}镇")).await.unwrap()[0], vec![]));
            }
            let mut rng = Rng(0x2545_f491_4f6c_dd1d);
            let batches: Vec<Vec<BulkFellow>> = (0..n)
                .step_by(20_000)
                .map(|k| (k..(k + 20_000).min(n)).map(|i| fellow(&mut rng, i, &townships)).collect())
                .collect();
            let started = Instant::now();
            for batch in batches {
                sys.bulk_insert_fellows(t.id, batch, &|_| {}).await.unwrap();
            }
            let s = started.elapsed().as_secs_f64();
            println!(
                "round {round} with indexes: {with:5} {n} fellows in {s:.1} s ({:.1} µs a fellow)",
                s * 1e6 / n as f64
            );
        }
    }
}
