//! What an industry written in words means in GB/T 4754 terms: the terms a
//! county's registry uses for a fellow's or a company's industry (电子信息,
//! 汽车零部件, 预制菜…) and the major classes each stands for, and the exact
//! texts that stand for a major class (its name and its codes as written).
//!
//! Matching is on the text as stored (a fellow's industry is trimmed when it
//! is written), so that the database can find the texts with an index: the
//! rule is "the text is one of these", never a pattern.

use super::gbt::{MAJORS, Major, major};

/// Registry terms and the major classes they stand for.
pub const KEYWORDS: &[(&str, &[&str])] = &[
    ("电子信息", &["39"]),
    ("电子科技", &["39"]),
    ("电子元器件", &["39"]),
    ("半导体", &["39"]),
    ("集成电路", &["39"]),
    ("智能终端", &["39"]),
    ("通信设备", &["39"]),
    ("互联网", &["64"]),
    ("软件", &["65"]),
    ("信息技术", &["65"]),
    ("汽车零部件", &["36"]),
    ("汽车内饰", &["36"]),
    ("汽车制造", &["36"]),
    ("新能源汽车", &["36"]),
    ("预制菜", &["14"]),
    ("食品加工", &["13", "14"]),
    ("食品", &["14"]),
    ("农产品加工", &["13"]),
    ("酒水饮料", &["15"]),
    ("茶叶", &["15"]),
    ("纺织服装", &["17", "18"]),
    ("服装", &["18"]),
    ("鞋材制造", &["19"]),
    ("皮革", &["19"]),
    ("木材加工", &["20"]),
    ("家具", &["21"]),
    ("包装印刷", &["22", "23"]),
    ("工艺礼品", &["24"]),
    ("化工", &["26"]),
    ("新材料", &["26", "29", "30"]),
    ("塑料制品", &["29"]),
    ("建材", &["30"]),
    ("生物医药", &["27"]),
    ("医药", &["27"]),
    ("中药", &["27"]),
    ("医疗器械", &["35"]),
    ("装备制造", &["34", "35"]),
    ("机械制造", &["34"]),
    ("电气设备", &["38"]),
    ("再生资源", &["42"]),
    ("新能源", &["44"]),
    ("建筑工程", &["47", "48", "49", "50"]),
    ("装饰装修", &["50"]),
    ("商贸零售", &["51", "52"]),
    ("批发", &["51"]),
    ("电商", &["52"]),
    ("医药流通", &["51", "52"]),
    ("现代物流", &["58", "59"]),
    ("冷链物流", &["59"]),
    ("仓储", &["59"]),
    ("酒店民宿", &["61"]),
    ("民宿", &["61"]),
    ("餐饮", &["62"]),
    ("金融投资", &["66", "67", "69"]),
    ("房地产", &["70"]),
    ("文化旅游", &["78", "88"]),
    ("旅游", &["78"]),
    ("文化艺术", &["88"]),
    ("文化创意", &["88"]),
    ("新闻传媒", &["86", "87"]),
    ("教育", &["83"]),
    ("医疗健康", &["84"]),
    ("种植", &["01"]),
    ("中药材种植", &["01"]),
    ("养殖", &["03"]),
    ("水产养殖", &["04"]),
];

/// The major classes an industry text stands for: a registry term of
/// [`KEYWORDS`], a major class's name, or a code as stored (`39`, `C39`,
/// `391`, `C3911`: the text exactly, see [`code_forms`]).
pub fn codes_of(text: &str) -> Vec<&'static Major> {
    if let Some((_, codes)) = KEYWORDS.iter().find(|(term, _)| *term == text) {
        return codes.iter().filter_map(|c| major(c)).collect();
    }
    if let Some(m) = MAJORS.iter().find(|m| m.name == text) {
        return vec![m];
    }
    MAJORS.iter().filter(|m| code_forms(m).iter().any(|f| f == text)).take(1).collect()
}

/// Every way a code under `m` is written as stored: the two digits, the
/// medium (three digits) and small (four digits) classes under it, each
/// with and without the door letter (`39`, `C39`, `391`, `C3911`…).
pub fn code_forms(m: &Major) -> Vec<String> {
    let mut forms = vec![m.code.to_string()];
    forms.extend((0..10).map(|d| format!("{}{d}", m.code)));
    forms.extend((0..100).map(|d| format!("{}{d:02}", m.code)));
    let with_door: Vec<String> = forms.iter().map(|f| format!("{}{f}", m.door)).collect();
    forms.extend(with_door);
    forms
}

/// Every text that stands for `m`: its name, its codes, and the registry
/// terms that include it.
pub fn texts_for(m: &Major) -> Vec<String> {
    let mut texts = vec![m.name.to_string()];
    texts.extend(code_forms(m));
    texts.extend(KEYWORDS.iter().filter(|(_, codes)| codes.contains(&m.code)).map(|(term, _)| term.to_string()));
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_names_known_classes() {
        for (term, codes) in KEYWORDS {
            assert!(!codes.is_empty(), "{term}");
            assert!(codes.iter().all(|c| major(c).is_some()), "{term}");
        }
    }

    #[test]
    fn the_demo_industries_have_codes() {
        for term in ["电子信息", "汽车零部件", "预制菜", "新材料", "生物医药", "食品加工", "仓储", "工艺礼品"]
        {
            assert!(!codes_of(term).is_empty(), "{term}");
        }
        assert_eq!(codes_of("电子信息")[0].code, "39");
        assert_eq!(codes_of("计算机、通信和其他电子设备制造业")[0].code, "39");
        assert_eq!(codes_of("C3911")[0].code, "39");
        assert!(codes_of("党政机关").is_empty());
        assert!(codes_of(" 电子信息").is_empty(), "the stored text, exactly");
    }

    #[test]
    fn a_class_is_found_by_each_of_its_texts() {
        let m = major("36").unwrap();
        let texts = texts_for(m);
        assert_eq!(code_forms(m).len(), 222);
        for text in &texts {
            assert!(codes_of(text).contains(&m), "{text}");
        }
        assert!(texts.contains(&"汽车零部件".to_string()) && texts.contains(&"C3670".to_string()));
    }
}
