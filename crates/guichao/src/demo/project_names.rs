//! The words of the demo county's investment projects: the industries they
//! belong to (with the industry fellows record, so an investor can be found
//! among fellows of that trade), what each industry builds, the cities
//! investors come from, the officers' departments, and the reasons a lead
//! came to nothing. Every company and project name made from them is
//! synthetic.

use guichao_domain::projects::ProjectKind;

/// An industry the county brings projects into.
#[derive(Debug)]
pub struct Industry {
    /// As fellows record their industry (电子信息, 鞋材制造 ...), or the
    /// county's word for one no fellow records (装备制造, 现代农业).
    pub label: &'static str,
    pub kind: ProjectKind,
    /// The word in an investor company's name (…电子科技有限公司).
    pub company_word: &'static str,
    /// What a project of the industry builds: the project's name without 项目.
    pub products: &'static [&'static str],
    /// How often the county signs one, relative to the others; 0 for the
    /// industries of headline projects only.
    pub weight: u32,
    /// A typical agreed investment, in 万元: (least, most).
    pub wan: (i64, i64),
}

pub const INDUSTRIES: &[Industry] = &[
    Industry {
        label: "汽车零部件",
        kind: ProjectKind::Manufacturing,
        company_word: "汽车零部件",
        products: &["汽车座椅面料生产", "汽车线束加工", "汽车顶棚及地毯生产", "新能源汽车电机配件生产"],
        weight: 6,
        wan: (3_000, 15_000),
    },
    Industry {
        label: "电子信息",
        kind: ProjectKind::Manufacturing,
        company_word: "电子科技",
        products: &["电子元器件生产", "智能穿戴设备组装", "印制线路板生产", "LED照明灯具生产", "电源适配器生产"],
        weight: 10,
        wan: (3_000, 12_000),
    },
    Industry {
        label: "新材料",
        kind: ProjectKind::Manufacturing,
        company_word: "新材料科技",
        products: &["环保型涂料生产", "玻璃纤维制品生产", "改性塑料生产", "功能性薄膜生产"],
        weight: 6,
        wan: (4_000, 15_000),
    },
    Industry {
        label: "鞋材制造",
        kind: ProjectKind::Manufacturing,
        company_word: "鞋材",
        products: &["鞋底生产", "鞋面材料生产", "休闲鞋生产"],
        weight: 7,
        wan: (2_000, 8_000),
    },
    Industry {
        label: "纺织服装",
        kind: ProjectKind::Manufacturing,
        company_word: "服饰",
        products: &["针织服装加工", "校服及职业装生产", "无纺布制品生产"],
        weight: 6,
        wan: (2_000, 8_000),
    },
    Industry {
        label: "木材加工",
        kind: ProjectKind::Manufacturing,
        company_word: "木业",
        products: &["进口木材精深加工", "实木家具生产", "全屋定制家居生产"],
        weight: 5,
        wan: (2_500, 10_000),
    },
    Industry {
        label: "工艺礼品",
        kind: ProjectKind::Manufacturing,
        company_word: "工艺品",
        products: &["竹木工艺品生产", "节庆礼品生产"],
        weight: 3,
        wan: (1_500, 5_000),
    },
    Industry {
        label: "生物医药",
        kind: ProjectKind::Manufacturing,
        company_word: "生物医药",
        products: &["中药饮片加工", "医用敷料生产", "二类医疗器械生产"],
        weight: 4,
        wan: (4_000, 15_000),
    },
    Industry {
        label: "食品加工",
        kind: ProjectKind::Manufacturing,
        company_word: "食品",
        products: &["休闲食品生产", "菜籽油精深加工", "茶叶精深加工", "优质大米加工"],
        weight: 6,
        wan: (2_000, 8_000),
    },
    Industry {
        label: "预制菜",
        kind: ProjectKind::Manufacturing,
        company_word: "食品科技",
        products: &["预制菜中央厨房", "小龙虾预制菜加工", "净菜加工配送中心"],
        weight: 6,
        wan: (3_000, 12_000),
    },
    Industry {
        label: "装备制造",
        kind: ProjectKind::Manufacturing,
        company_word: "智能装备",
        products: &["农机装备制造", "环保设备制造", "钢结构件生产", "电梯配件生产"],
        weight: 6,
        wan: (4_000, 18_000),
    },
    Industry {
        label: "现代农业",
        kind: ProjectKind::Agriculture,
        company_word: "农业开发",
        products: &["稻虾综合种养基地", "优质稻种植基地", "油茶种植及加工", "设施蔬菜基地", "生猪标准化养殖场"],
        weight: 9,
        wan: (1_000, 6_000),
    },
    Industry {
        label: "现代物流",
        kind: ProjectKind::Services,
        company_word: "物流",
        products: &["冷链物流中心", "城乡物流配送中心"],
        weight: 4,
        wan: (2_000, 10_000),
    },
    Industry {
        label: "商贸零售",
        kind: ProjectKind::Services,
        company_word: "商贸",
        products: &["农产品批发市场", "商贸综合体"],
        weight: 3,
        wan: (2_000, 9_000),
    },
    Industry {
        label: "互联网",
        kind: ProjectKind::Services,
        company_word: "网络科技",
        products: &["电商直播基地", "数字经济产业园", "呼叫中心"],
        weight: 3,
        wan: (1_500, 8_000),
    },
    Industry {
        label: "文旅",
        kind: ProjectKind::Tourism,
        company_word: "文化旅游",
        products: &["乡村旅游综合体", "精品民宿集群", "研学旅行基地", "康养小镇"],
        weight: 5,
        wan: (1_500, 8_000),
    },
    Industry {
        label: "园区开发",
        kind: ProjectKind::Manufacturing,
        company_word: "产业园开发",
        products: &["临港产业园"],
        weight: 0,
        wan: (100_000, 300_000),
    },
    Industry {
        label: "职业教育",
        kind: ProjectKind::Services,
        company_word: "教育投资",
        products: &["职业技术学院"],
        weight: 0,
        wan: (50_000, 300_000),
    },
];

/// The industry labelled `label`.
pub fn industry(label: &str) -> &'static Industry {
    INDUSTRIES.iter().find(|i| i.label == label).unwrap_or_else(|| panic!("no demo industry {label}"))
}

/// Where investor companies are registered: (the name's prefix, the city
/// as fellows record it, weight).
pub const INVESTOR_CITIES: &[(&str, &str, u32)] = &[
    ("深圳", "深圳市", 30),
    ("长沙", "长沙市", 25),
    ("广州", "广州市", 12),
    ("东莞", "东莞市", 10),
    ("上海", "上海市", 8),
    ("岳阳", "岳阳市", 15),
];

/// The first and second characters of a company's brand (华湘, 鑫源 ...).
pub const BRAND_HEADS: [&str; 16] =
    ["华", "湘", "岳", "巴", "楚", "鑫", "恒", "宏", "瑞", "德", "盛", "嘉", "卓", "博", "汇", "锦"];
pub const BRAND_TAILS: [&str; 16] =
    ["达", "源", "泰", "远", "丰", "辉", "创", "美", "信", "诚", "宇", "航", "通", "邦", "联", "润"];

/// The county departments the generated project officers come from.
pub const OFFICER_DEPARTMENTS: [&str; 4] = ["县发改局", "县工信局", "县商务局", "县自然资源局"];

/// Why a lead or a signed project was dropped.
pub const DROP_REASONS: &[&str] = &[
    "投资方资金链紧张，暂缓投资",
    "投资方转投外省园区",
    "用地规划条件未能达成一致",
    "环评要求较高，投资方放弃",
    "市场行情变化，投资方调整布局",
    "投资方股东意见分歧",
];

/// What a lead's first record says of where it came from.
pub const LEAD_NOTES: &[&str] = &[
    "在外乡友座谈会上提出投资意向",
    "商会推荐，投资方有意考察",
    "招商专班赴外地拜访获得线索",
    "网上洽谈获得线索",
    "乡友引荐，待安排考察",
];
