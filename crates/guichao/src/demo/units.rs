//! The demo county's units — 岳阳县's 14 townships (PROGRAM.md) with generated
//! villages — and, for scale data, generated counties of 14 townships with
//! about 15 villages each. Every village name is generated.

use guichao_domain::org::UnitLevel;
use guichao_store::org::UnitRow;
use rand::Rng;
use rand::SeedableRng;
use rand::rngs::StdRng;

/// The 14 townships after the 2015 merger, with a weight for how many fellows
/// come from each: 荣家湾镇, the county seat, the most.
pub const TOWNSHIPS: [(&str, u32); 14] = [
    ("荣家湾镇", 18),
    ("黄沙街镇", 9),
    ("新墙镇", 9),
    ("柏祥镇", 7),
    ("筻口镇", 8),
    ("公田镇", 7),
    ("毛田镇", 6),
    ("月田镇", 7),
    ("张谷英镇", 6),
    ("新开镇", 5),
    ("步仙镇", 5),
    ("杨林镇", 5),
    ("长湖乡", 4),
    ("中洲乡", 4),
];

/// Stems for generated village and township names.
const STEMS: [&str; 47] = [
    "清水", "荷塘", "枫树", "石桥", "桃花", "杨柳", "新屋", "大塘", "长岭", "白沙", "青山", "金盆", "黄泥", "竹林",
    "马鞍", "高桥", "龙湾", "凤形", "双港", "三和", "丰收", "向阳", "光明", "团结", "和平", "永兴", "新华", "东湖",
    "西塘", "南岳", "北港", "中和", "梅子", "桂花", "樟树", "茶园", "柘林", "港口", "湖滨", "洞庭", "望江", "长坡",
    "八一", "红旗", "建新", "民主", "联合",
];

/// First characters of generated county names (…县).
const COUNTY_HEADS: [&str; 24] = [
    "清", "安", "永", "宁", "平", "华", "丰", "兴", "新", "长", "泰", "和", "东", "西", "南", "北", "云", "湘", "桃",
    "临", "宜", "武", "资", "沅",
];

/// Townships and villages of 岳阳县: 8 to 15 villages each, the first village
/// of a township named after it (新墙镇 -> 新墙村).
pub fn units() -> Vec<UnitRow> {
    let mut rows = Vec::new();
    for (i, (township, _)) in TOWNSHIPS.iter().enumerate() {
        rows.push(UnitRow { name: township.to_string(), level: UnitLevel::Township, parent: None });
        let stem = township.trim_end_matches(['镇', '乡']);
        let mut names = vec![format!("{stem}村")];
        let count = 8 + (i * 5) % 8;
        let mut k = i * 7;
        while names.len() < count {
            let name = format!("{}村", STEMS[k % STEMS.len()]);
            if !names.contains(&name) {
                names.push(name);
            }
            k += 3;
        }
        for name in names {
            rows.push(UnitRow { name, level: UnitLevel::Village, parent: Some(township.to_string()) });
        }
    }
    rows
}

/// A generated county: its name, code (99nnnn, no real county's) and units.
pub struct County {
    pub name: String,
    pub code: String,
    pub units: Vec<UnitRow>,
}

/// The `n`-th generated county: 14 townships of 12 to 18 villages, names
/// unique within the county. Deterministic in `n`.
pub fn county(n: u32) -> County {
    let mut rng = StdRng::seed_from_u64(0x5ca1e + u64::from(n));
    let name = format!(
        "{}{}县",
        COUNTY_HEADS[n as usize % COUNTY_HEADS.len()],
        STEMS[(n as usize / COUNTY_HEADS.len()) % STEMS.len()]
    );
    let mut townships: Vec<String> = Vec::new();
    while townships.len() < 14 {
        let stem = STEMS[rng.random_range(0..STEMS.len())];
        let suffix = if rng.random_range(0..4) == 0 { "乡" } else { "镇" };
        if !townships.iter().any(|t| t.starts_with(stem)) {
            townships.push(format!("{stem}{suffix}"));
        }
    }
    let mut units = Vec::new();
    for township in &townships {
        units.push(UnitRow { name: township.clone(), level: UnitLevel::Township, parent: None });
        let count = rng.random_range(12..=18);
        let mut villages: Vec<String> = Vec::new();
        while villages.len() < count {
            let a = STEMS[rng.random_range(0..STEMS.len())];
            let name = if villages.is_empty() {
                format!("{}村", township.trim_end_matches(['镇', '乡']))
            } else if rng.random_range(0..3) == 0 {
                format!("{a}社区")
            } else {
                format!("{a}村")
            };
            if !villages.contains(&name) {
                villages.push(name);
            }
        }
        units.extend(villages.into_iter().map(|name| UnitRow {
            name,
            level: UnitLevel::Village,
            parent: Some(township.clone()),
        }));
    }
    County { name, code: format!("99{:04}", n + 1), units }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn villages_unique_per_township(rows: &[UnitRow], townships: &[String], min: usize) {
        for township in townships {
            let villages: Vec<_> =
                rows.iter().filter(|r| r.parent.as_deref() == Some(township)).map(|r| &r.name).collect();
            assert!(villages.len() >= min, "{township}");
            let mut unique = villages.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), villages.len(), "{township}");
        }
    }

    #[test]
    fn every_township_has_villages_with_unique_names() {
        let rows = units();
        let townships: Vec<String> = TOWNSHIPS.iter().map(|t| t.0.to_string()).collect();
        villages_unique_per_township(&rows, &townships, 8);
        assert!(rows.iter().any(|r| r.name == "新墙村"));
    }

    #[test]
    fn generated_counties_are_deterministic_and_well_formed() {
        let a = county(3);
        assert_eq!(a.units.len(), county(3).units.len());
        assert_eq!(a.code, "990004");
        let townships: Vec<String> =
            a.units.iter().filter(|u| u.level == UnitLevel::Township).map(|u| u.name.clone()).collect();
        assert_eq!(townships.len(), 14);
        villages_unique_per_township(&a.units, &townships, 12);
        let names: std::collections::HashSet<String> = (0..200).map(|n| county(n).name).collect();
        assert_eq!(names.len(), 200, "county names are distinct");
    }
}
