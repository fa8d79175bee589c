//! Synthetic Chinese names: surnames weighted roughly as in Hunan, with the
//! compound surnames (欧阳, 司马, 诸葛, 上官) and the surnames read several
//! ways (曾, 单, 解, 区, 仇) that search must handle; given names of one or
//! two characters; and a few names written in traditional characters, as
//! older rosters and fellows from Hong Kong and Taiwan write them.

use super::pick::{Weighted, pick};
use rand::Rng;

/// Surnames and their weights (per mille, roughly).
const SURNAMES: &[(&str, u32)] = &[
    ("李", 60),
    ("王", 55),
    ("张", 55),
    ("刘", 50),
    ("陈", 50),
    ("杨", 35),
    ("黄", 30),
    ("周", 25),
    ("吴", 22),
    ("彭", 22),
    ("谭", 20),
    ("易", 18),
    ("曾", 18),
    ("邓", 18),
    ("胡", 16),
    ("赵", 15),
    ("毛", 14),
    ("方", 14),
    ("徐", 14),
    ("孙", 12),
    ("朱", 12),
    ("何", 12),
    ("罗", 12),
    ("贺", 12),
    ("谢", 12),
    ("郭", 10),
    ("唐", 10),
    ("许", 10),
    ("邹", 10),
    ("廖", 10),
    ("龙", 9),
    ("蒋", 9),
    ("袁", 9),
    ("冯", 8),
    ("韩", 8),
    ("郑", 8),
    ("叶", 8),
    ("钟", 8),
    ("汤", 7),
    ("严", 7),
    ("龚", 7),
    ("苏", 7),
    ("卢", 7),
    ("陆", 6),
    ("萧", 6),
    ("顾", 5),
    ("钱", 5),
    ("姚", 6),
    ("任", 6),
    ("熊", 6),
    ("文", 6),
    ("向", 6),
    ("付", 5),
    ("石", 5),
    ("万", 5),
    ("夏", 5),
    ("单", 4),
    ("解", 3),
    ("区", 3),
    ("仇", 3),
    ("欧阳", 5),
    ("司马", 2),
    ("诸葛", 2),
    ("上官", 2),
];

const MALE: &[&str] = &[
    "伟", "强", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宇", "浩",
    "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "国", "建", "志", "文", "东", "海", "湘", "岳", "峰", "磊", "松",
    "亮", "庆", "荣", "贤", "进", "宝", "德", "立", "卫", "红", "长", "春",
];

const FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "燕", "婷", "红", "梅", "琳", "莉", "兰", "凤", "洁",
    "琴", "雪", "慧", "颖", "倩", "萍", "媛", "丹", "晶", "蓉", "佳", "华", "英", "春", "湘", "月", "云",
];

/// Simplified characters with their traditional forms (the ones the name
/// lists use; the rest are written alike in both).
const TRADITIONAL: &[(char, char)] = &[
    ('张', '張'),
    ('陈', '陳'),
    ('刘', '劉'),
    ('杨', '楊'),
    ('黄', '黃'),
    ('吴', '吳'),
    ('谭', '譚'),
    ('邓', '鄧'),
    ('赵', '趙'),
    ('孙', '孫'),
    ('罗', '羅'),
    ('贺', '賀'),
    ('谢', '謝'),
    ('许', '許'),
    ('邹', '鄒'),
    ('龙', '龍'),
    ('蒋', '蔣'),
    ('冯', '馮'),
    ('韩', '韓'),
    ('郑', '鄭'),
    ('叶', '葉'),
    ('钟', '鍾'),
    ('汤', '湯'),
    ('严', '嚴'),
    ('龚', '龔'),
    ('苏', '蘇'),
    ('卢', '盧'),
    ('陆', '陸'),
    ('萧', '蕭'),
    ('顾', '顧'),
    ('钱', '錢'),
    ('万', '萬'),
    ('单', '單'),
    ('区', '區'),
    ('欧', '歐'),
    ('阳', '陽'),
    ('马', '馬'),
    ('诸', '諸'),
    ('伟', '偉'),
    ('强', '強'),
    ('军', '軍'),
    ('杰', '傑'),
    ('涛', '濤'),
    ('刚', '剛'),
    ('辉', '輝'),
    ('鹏', '鵬'),
    ('华', '華'),
    ('飞', '飛'),
    ('国', '國'),
    ('东', '東'),
    ('庆', '慶'),
    ('荣', '榮'),
    ('贤', '賢'),
    ('进', '進'),
    ('宝', '寶'),
    ('卫', '衛'),
    ('长', '長'),
    ('静', '靜'),
    ('丽', '麗'),
    ('艳', '艷'),
    ('红', '紅'),
    ('兰', '蘭'),
    ('凤', '鳳'),
    ('洁', '潔'),
    ('颖', '穎'),
    ('云', '雲'),
];

/// A generated name, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub written: String,
    pub male: bool,
}

/// One name for a person of the given gender. About one in twenty-five is
/// written in traditional characters.
pub fn name(rng: &mut impl Rng, male: bool) -> Name {
    let surname = pick(rng, &Weighted(SURNAMES));
    let pool = if male { MALE } else { FEMALE };
    let mut written = surname.to_string();
    written.push_str(pool[rng.random_range(0..pool.len())]);
    // Two-character given names are the norm; one in four has one character.
    if rng.random_range(0..4) != 0 {
        written.push_str(pool[rng.random_range(0..pool.len())]);
    }
    if rng.random_range(0..25) == 0 {
        written = traditional(&written);
    }
    Name { written, male }
}

/// `text` with every character the table knows in its traditional form.
pub fn traditional(text: &str) -> String {
    text.chars().map(|c| TRADITIONAL.iter().find(|(s, _)| *s == c).map_or(c, |(_, t)| *t)).collect()
}

/// Whether `text` changes when written traditionally (so it can stand for a
/// traditional query).
pub fn has_traditional(text: &str) -> bool {
    traditional(text) != text
}

/// Every surname the generator uses.
pub fn surnames() -> impl Iterator<Item = &'static str> {
    SURNAMES.iter().map(|(s, _)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn many(seed: u64, n: usize) -> Vec<String> {
        let mut rng = StdRng::seed_from_u64(seed);
        (0..n).map(|i| name(&mut rng, i % 2 == 0).written).collect()
    }

    #[test]
    fn names_are_deterministic() {
        assert_eq!(many(7, 500), many(7, 500));
        assert_ne!(many(7, 500), many(8, 500));
    }

    #[test]
    fn names_include_compound_many_reading_and_traditional_surnames() {
        let names = many(1, 20_000);
        for surname in ["欧阳", "司马", "诸葛", "上官", "曾", "单", "解", "区", "仇"] {
            assert!(names.iter().any(|n| n.starts_with(surname)), "{surname}");
        }
        for traditional in ["張", "陳", "劉", "歐陽"] {
            assert!(names.iter().any(|n| n.starts_with(traditional)), "{traditional}");
        }
        let written_traditionally =
            names.iter().filter(|n| n.chars().any(|c| TRADITIONAL.iter().any(|t| t.1 == c && t.0 != c))).count();
        assert!((300..1500).contains(&written_traditionally), "{written_traditionally}");
        for n in &names {
            assert!(guichao_domain::fellows::PersonName::parse(n).is_ok(), "{n}");
            assert!((2..=4).contains(&n.chars().count()), "{n}");
        }
    }

    #[test]
    fn traditional_forms_fold_back_for_search() {
        for (s, t) in TRADITIONAL {
            assert_eq!(guichao_domain::search::normalize(&t.to_string()), s.to_string(), "{t}");
        }
        assert_eq!(traditional("张伟"), "張偉");
        assert_eq!(traditional("欧阳静"), "歐陽靜");
        assert!(has_traditional("陈静") && !has_traditional("李明"));
    }
}
