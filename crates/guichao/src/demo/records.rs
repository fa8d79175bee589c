//! The fellow generator: one plausible synthetic fellow at a time, spread over
//! the townships by weight and over the three categories (工商企 ~55%,
//! 党政军 ~20%, 文化教育艺术 ~25%), with an employer, title and industry that
//! fit the category, companies (with valid synthetic credit codes) for most
//! 工商企 fellows, and synthetic phones and ID numbers. Deterministic in its
//! seed; `first` numbers the personal data so that a second run adds new people.

use super::names::name;
use super::people;
use super::pick::{Weighted, one, pick};
use super::places::{CITIES, City};
use guichao_domain::fellows::{Category, CompanyRole, CreditCode, FellowDraft, FellowStatus, Gender};
use guichao_store::fellows::{BulkCompany, BulkFellow};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// A home township, its villages and its weight.
#[derive(Debug, Clone)]
pub struct Home {
    pub township_id: Uuid,
    pub weight: u32,
    pub villages: Vec<Uuid>,
}

const CATEGORIES: &[(Category, u32)] =
    &[(Category::IndustryCommerce, 55), (Category::PartyGovMilitary, 20), (Category::CultureEducationArts, 25)];

/// Industries of 工商企 fellows: (industry, the word in a company name).
const INDUSTRIES: &[(&str, &str)] = &[
    ("电子信息", "电子科技"),
    ("建筑工程", "建设工程"),
    ("现代物流", "物流"),
    ("仓储", "仓储服务"),
    ("食品加工", "食品"),
    ("预制菜", "食品科技"),
    ("纺织服装", "服饰"),
    ("鞋材制造", "鞋材"),
    ("木材加工", "木业"),
    ("工艺礼品", "工艺品"),
    ("新材料", "新材料科技"),
    ("生物医药", "生物医药"),
    ("汽车零部件", "汽车内饰"),
    ("房地产", "置业"),
    ("商贸零售", "商贸"),
    ("互联网", "网络科技"),
    ("金融投资", "投资管理"),
    ("餐饮", "餐饮管理"),
];

const BRAND_HEADS: [&str; 20] = [
    "华", "湘", "岳", "洞", "巴", "楚", "鑫", "恒", "宏", "金", "瑞", "天", "德", "盛", "新", "中", "兴", "嘉", "卓",
    "博",
];
const BRAND_TAILS: [&str; 20] = [
    "湘", "达", "庭", "陵", "源", "泰", "远", "桥", "丰", "岳", "辉", "创", "汇", "美", "信", "诚", "宇", "航", "锦",
    "通",
];

const BUSINESS_TITLES: &[&str] = &["董事长", "总经理", "执行董事", "创始人", "副总经理", "总裁", "合伙人", "董事"];
const OFFICIAL_TITLES: &[&str] = &["处长", "副处长", "科长", "副局长", "主任", "副主任", "调研员", "二级巡视员"];
const ARMY_TITLES: &[&str] = &["团长", "政委", "参谋", "副师长"];
const ACADEMIC_TITLES: &[&str] = &["教授", "副教授", "研究员", "特级教师", "校长", "高级教师"];
const MEDIA_TITLES: &[&str] = &["主任编辑", "记者", "主持人", "制片人"];
const ARTS_TITLES: &[&str] = &["画家", "作家", "书法家", "演奏家", "研究馆员", "导演"];

const BUSINESS_TAGS: &[&str] = &["有投资意向", "重点联系", "返乡创业", "商会骨干", "捐资助学", "热心公益"];
const OTHER_TAGS: &[&str] = &["重点联系", "乡贤", "青年人才", "热心公益", "捐资助学", "专家人才"];

const STATUSES: &[(FellowStatus, u32)] =
    &[(FellowStatus::Active, 970), (FellowStatus::LostContact, 22), (FellowStatus::Deceased, 8)];

/// Makes fellows one after another.
pub struct Generator {
    rng: StdRng,
    /// The number of the next fellow, for phones, ID numbers and credit codes.
    next: u64,
    homes: Vec<(usize, u32)>,
    home_list: Vec<Home>,
    /// The last company made, which the next business fellow sometimes joins.
    last_company: Option<BulkCompany>,
}

impl Generator {
    pub fn new(seed: u64, first: u64, homes: Vec<Home>) -> Generator {
        let weights = homes.iter().enumerate().map(|(i, h)| (i, h.weight.max(1))).collect();
        Generator {
            rng: StdRng::seed_from_u64(seed),
            next: first,
            homes: weights,
            home_list: homes,
            last_company: None,
        }
    }

    /// The generator's random numbers, for callers that pick among the fellows.
    pub fn rng(&mut self) -> &mut StdRng {
        &mut self.rng
    }

    /// The next fellow.
    pub fn fellow(&mut self) -> BulkFellow {
        let k = self.next;
        self.next += 1;
        let rng = &mut self.rng;
        let home = &self.home_list[pick(rng, &Weighted(&self.homes))];
        let village_id =
            (rng.random_range(0..100) < 85 && !home.villages.is_empty()).then(|| *one(rng, &home.villages));
        let male = rng.random_range(0..100) < 78;
        let birth = people::birth_date(rng);
        let category = pick(rng, &Weighted(CATEGORIES));
        let city = *one(rng, CITY_DRAWS.as_slice());
        let city: &City = city;
        let district = one(rng, city.districts).to_string();
        let mut companies = Vec::new();
        let (employer, title, industry) = match category {
            Category::IndustryCommerce => {
                let joins = rng.random_range(0..10) == 0 && self.last_company.is_some();
                let company = match (joins, &self.last_company) {
                    (true, Some(c)) => BulkCompany { role: CompanyRole::Executive, ..c.clone() },
                    _ => company(rng, city, k),
                };
                let title =
                    if company.role == CompanyRole::Executive { "副总经理" } else { *one(rng, BUSINESS_TITLES) };
                let employer = company.name.clone();
                let industry = company.industry.clone();
                // Most business fellows have their company on file, some a second one.
                if rng.random_range(0..100) < 85 {
                    self.last_company = Some(company.clone());
                    companies.push(company);
                    if rng.random_range(0..12) == 0 {
                        companies.push(BulkCompany { role: CompanyRole::Owner, ..company_at(rng, city, k, 1) });
                    }
                }
                (employer, title.to_string(), industry)
            }
            Category::PartyGovMilitary => {
                let employer = one(rng, city.official).to_string();
                let army = employer.contains("军") || employer.contains("战区") || employer.contains("部队");
                let title = one(rng, if army { ARMY_TITLES } else { OFFICIAL_TITLES });
                (employer, title.to_string(), if army { "军队" } else { "党政机关" }.to_string())
            }
            Category::CultureEducationArts => {
                let employer = one(rng, city.cultural).to_string();
                let (titles, industry) = if ["大学", "学院", "中学"].iter().any(|w| employer.contains(w)) {
                    (ACADEMIC_TITLES, "教育")
                } else if ["报", "电视", "传媒"].iter().any(|w| employer.contains(w)) {
                    (MEDIA_TITLES, "新闻传媒")
                } else {
                    (ARTS_TITLES, "文化艺术")
                };
                (employer, one(rng, titles).to_string(), industry.to_string())
            }
        };
        let pool = if category == Category::IndustryCommerce { BUSINESS_TAGS } else { OTHER_TAGS };
        let mut tags: Vec<String> = Vec::new();
        for _ in 0..rng.random_range(0..3) {
            let tag = one(rng, pool).to_string();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        let with_id = rng.random_range(0..100) < 70;
        let draft = FellowDraft {
            name: name(rng, male).written,
            gender: Some(if male { Gender::Male } else { Gender::Female }),
            birth_date: Some(birth),
            category,
            township_id: home.township_id,
            village_id,
            province: city.province.to_string(),
            city: city.city.to_string(),
            district,
            employer,
            title,
            industry,
            phone: (rng.random_range(0..100) < 95).then(|| people::phone(k)),
            id_number: with_id.then(|| people::id_number(k, birth, male)),
            wechat: (rng.random_range(0..100) < 40).then(|| people::wechat(k)),
            email: (rng.random_range(0..100) < 20).then(|| people::email(k)),
            tags,
            status: pick(rng, &Weighted(STATUSES)),
            source: "演示数据".to_string(),
            notes: String::new(),
            consent: rng.random_range(0..100) < 90,
        };
        BulkFellow { companies, ..BulkFellow::new(draft) }
    }
}

/// Each city as often as its weight: a uniform draw from this is a weighted one.
static CITY_DRAWS: std::sync::LazyLock<Vec<&'static City>> =
    std::sync::LazyLock::new(|| CITIES.iter().flat_map(|(c, w)| std::iter::repeat_n(c, *w as usize)).collect());

/// A new company for fellow `k` in `city`.
fn company(rng: &mut impl Rng, city: &City, k: u64) -> BulkCompany {
    company_at(rng, city, k, 0)
}

/// The `j`-th company of fellow `k`: 深圳市华湘电子科技有限公司 and a credit
/// code 91 99nnnn ... that is no company's (area 99) and distinct per (k, j).
fn company_at(rng: &mut impl Rng, city: &City, k: u64, j: u64) -> BulkCompany {
    let (industry, word) = one(rng, INDUSTRIES);
    let brand = format!("{}{}", one(rng, &BRAND_HEADS), one(rng, &BRAND_TAILS));
    BulkCompany {
        name: format!("{}{brand}{word}有限公司", city.company_prefix),
        credit_code: Some(credit_code(city.code, k * 4 + j)),
        industry: industry.to_string(),
        city: city.city.to_string(),
        role: CompanyRole::Owner,
    }
}

/// A valid synthetic unified social credit code: 91 (a company), area
/// 99 + `area` (no real area's), `MA` and seven characters numbering `n`, and
/// the check character.
pub fn credit_code(area: &str, mut n: u64) -> CreditCode {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut serial = [b'0'; 7];
    for slot in serial.iter_mut().rev() {
        *slot = ALPHABET[(n % 31) as usize];
        n /= 31;
    }
    let body = format!("9199{area}MA{}", std::str::from_utf8(&serial).expect("ASCII"));
    let check = CreditCode::check_char(&body).expect("17 characters of the alphabet");
    CreditCode::parse(&format!("{body}{check}")).expect("a valid code")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn homes() -> Vec<Home> {
        (0..14)
            .map(|i| Home {
                township_id: Uuid::from_u128(i + 1),
                weight: if i == 0 { 18 } else { 6 },
                villages: (0..10).map(|v| Uuid::from_u128(1000 * (i + 1) + v)).collect(),
            })
            .collect()
    }

    fn sample(seed: u64, n: usize) -> Vec<BulkFellow> {
        let mut g = Generator::new(seed, 0, homes());
        (0..n).map(|_| g.fellow()).collect()
    }

    #[test]
    fn the_generator_is_deterministic() {
        let key = |f: &BulkFellow| (f.draft.name.clone(), f.draft.employer.clone(), f.draft.township_id);
        let a: Vec<_> = sample(11, 300).iter().map(key).collect();
        let b: Vec<_> = sample(11, 300).iter().map(key).collect();
        assert_eq!(a, b);
    }

    #[test]
    fn categories_townships_and_cities_are_spread_plausibly() {
        let fellows = sample(1, 10_000);
        let share = |c: Category| fellows.iter().filter(|f| f.draft.category == c).count() * 100 / fellows.len();
        assert!((50..=60).contains(&share(Category::IndustryCommerce)));
        assert!((16..=24).contains(&share(Category::PartyGovMilitary)));
        assert!((21..=29).contains(&share(Category::CultureEducationArts)));
        let mut by_township: HashMap<Uuid, usize> = HashMap::new();
        for f in &fellows {
            *by_township.entry(f.draft.township_id).or_default() += 1;
        }
        let biggest = by_township[&Uuid::from_u128(1)];
        assert!(by_township.values().all(|n| *n <= biggest), "the weighted township is the biggest");
        let main = ["长沙市", "深圳市", "上海市", "广州市", "武汉市", "北京市", "岳阳市"];
        let in_main = fellows.iter().filter(|f| main.contains(&f.draft.city.as_str())).count();
        assert!(in_main * 100 / fellows.len() >= 90);
        for f in &fellows {
            let (city, _) = CITIES.iter().find(|(c, _)| c.city == f.draft.city).unwrap();
            assert_eq!(city.province, f.draft.province);
            assert!(city.districts.contains(&f.draft.district.as_str()));
            assert!(!f.draft.employer.is_empty() && !f.draft.title.is_empty() && !f.draft.industry.is_empty());
        }
    }

    #[test]
    fn most_business_fellows_have_companies_with_valid_codes() {
        let fellows = sample(2, 5_000);
        let business: Vec<_> = fellows.iter().filter(|f| f.draft.category == Category::IndustryCommerce).collect();
        let with = business.iter().filter(|f| !f.companies.is_empty()).count();
        assert!(with * 100 / business.len() >= 80, "{with} of {}", business.len());
        let mut codes: HashMap<String, String> = HashMap::new();
        for c in business.iter().flat_map(|f| &f.companies) {
            let code = c.credit_code.as_ref().unwrap();
            assert!(CreditCode::parse(code.as_str()).is_ok());
            assert!(code.area_code().starts_with("99"));
            assert!(
                c.name.ends_with("有限公司")
                    && c.name.starts_with(['深', '长', '岳', '广', '上', '武', '北', '杭', '东', '苏', '成'])
            );
            // A code names one company (partners share the company, code and all).
            assert_eq!(codes.entry(code.as_str().to_string()).or_insert(c.name.clone()), &c.name);
        }
        assert!(
            fellows.iter().filter(|f| f.draft.category != Category::IndustryCommerce).all(|f| f.companies.is_empty())
        );
    }

    #[test]
    fn personal_data_is_valid_and_distinct() {
        let fellows = sample(3, 5_000);
        let mut phones = HashSet::new();
        for f in &fellows {
            if let Some(p) = &f.draft.phone {
                assert!(guichao_domain::fellows::Phone::parse(p.as_str()).is_ok());
                assert!(phones.insert(p.as_str().to_string()), "phones are distinct");
            }
            if let Some(id) = &f.draft.id_number {
                let parsed = guichao_domain::fellows::IdNumber::parse(id.as_str()).unwrap();
                assert_eq!(Some(parsed.birth_date()), f.draft.birth_date);
                assert_eq!(Some(parsed.gender()), f.draft.gender);
            }
        }
        assert!(phones.len() > 4_500);
    }

    #[test]
    fn credit_codes_are_distinct_per_number() {
        let codes: HashSet<String> = (0..50_000).map(|n| credit_code("0201", n).as_str().to_string()).collect();
        assert_eq!(codes.len(), 50_000);
    }
}
