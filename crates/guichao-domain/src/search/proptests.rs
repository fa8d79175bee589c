//! Property tests: names are found however they are written or typed, and
//! nothing a user types escapes the safe alphabet or the bounds.

use proptest::prelude::*;

use super::test_support::matches;
use super::{MAX_QUERY_TERMS, MAX_TOKEN_CHARS, MAX_TOKENS, name_prefix_range, normalize, query_terms, search_tokens};

/// Common surnames: traditional form, simplified form, readings (syllables
/// separated by spaces). Every reading must find the name.
const SURNAMES: &[(&str, &str, &[&str])] = &[
    ("張", "张", &["zhang"]),
    ("陳", "陈", &["chen"]),
    ("劉", "刘", &["liu"]),
    ("黃", "黄", &["huang"]),
    ("趙", "赵", &["zhao"]),
    ("吳", "吴", &["wu"]),
    ("鄭", "郑", &["zheng"]),
    ("王", "王", &["wang"]),
    ("李", "李", &["li"]),
    ("周", "周", &["zhou"]),
    ("楊", "杨", &["yang"]),
    ("孫", "孙", &["sun"]),
    ("馬", "马", &["ma"]),
    ("羅", "罗", &["luo"]),
    ("謝", "谢", &["xie"]),
    ("韓", "韩", &["han"]),
    ("馮", "冯", &["feng"]),
    ("鄧", "邓", &["deng"]),
    ("許", "许", &["xu"]),
    ("蘇", "苏", &["su"]),
    ("葉", "叶", &["ye"]),
    ("鍾", "钟", &["zhong"]),
    ("沈", "沈", &["shen"]),
    ("呂", "吕", &["lv", "lu"]),
    ("曾", "曾", &["zeng", "ceng"]),
    ("單", "单", &["shan", "dan"]),
    ("區", "区", &["ou", "qu"]),
    ("樂", "乐", &["yue", "le"]),
    ("解", "解", &["xie", "jie"]),
    ("歐陽", "欧阳", &["ou yang"]),
    ("司馬", "司马", &["si ma"]),
    ("諸葛", "诸葛", &["zhu ge"]),
    ("長孫", "长孙", &["zhang sun"]),
    ("上官", "上官", &["shang guan"]),
];

/// Common given-name characters: traditional, simplified, reading.
const GIVEN: &[(&str, &str, &str)] = &[
    ("偉", "伟", "wei"),
    ("芳", "芳", "fang"),
    ("娜", "娜", "na"),
    ("敏", "敏", "min"),
    ("靜", "静", "jing"),
    ("麗", "丽", "li"),
    ("強", "强", "qiang"),
    ("磊", "磊", "lei"),
    ("軍", "军", "jun"),
    ("洋", "洋", "yang"),
    ("勇", "勇", "yong"),
    ("豔", "艳", "yan"),
    ("傑", "杰", "jie"),
    ("濤", "涛", "tao"),
    ("明", "明", "ming"),
    ("超", "超", "chao"),
    ("秀", "秀", "xiu"),
    ("霞", "霞", "xia"),
    ("剛", "刚", "gang"),
    ("華", "华", "hua"),
    ("國", "国", "guo"),
    ("建", "建", "jian"),
    ("紅", "红", "hong"),
    ("蘭", "兰", "lan"),
    ("東", "东", "dong"),
    ("龍", "龙", "long"),
    ("鳳", "凤", "feng"),
    ("雲", "云", "yun"),
    ("鵬", "鹏", "peng"),
    ("飛", "飞", "fei"),
    ("輝", "辉", "hui"),
    ("曉", "晓", "xiao"),
    ("寧", "宁", "ning"),
    ("嬌", "娇", "jiao"),
    ("萬", "万", "wan"),
    ("樂", "乐", "le"),
    ("綠", "绿", "lv"),
    ("玲", "玲", "ling"),
];

/// A generated name: how it is written, its simplified form, and one way to
/// read it (surname syllables, given syllables).
#[derive(Debug, Clone)]
struct Name {
    written: String,
    simplified: String,
    surname: Vec<&'static str>,
    given: Vec<&'static str>,
}

/// Names of two to four characters, each character written traditional or
/// simplified at random.
fn name() -> impl Strategy<Value = Name> {
    let surname = (0..SURNAMES.len()).prop_flat_map(|i| {
        let readings = SURNAMES[i].2.len();
        (Just(i), 0..readings)
    });
    let given = proptest::collection::vec(0..GIVEN.len(), 0..=3);
    let forms = proptest::collection::vec(any::<bool>(), 4);
    (surname, given, forms).prop_filter_map("two to four characters", |((s, r), given, forms)| {
        let (trad, simp, readings) = SURNAMES[s];
        let len = simp.chars().count() + given.len();
        if !(2..=4).contains(&len) {
            return None;
        }
        let mut written = String::new();
        for (i, (t, s)) in trad.chars().zip(simp.chars()).enumerate() {
            written.push(if forms[i] { t } else { s });
        }
        let offset = simp.chars().count();
        for (i, g) in given.iter().enumerate() {
            written.push_str(if forms[offset + i] { GIVEN[*g].0 } else { GIVEN[*g].1 });
        }
        Some(Name {
            written,
            simplified: simp.to_string() + &given.iter().map(|g| GIVEN[*g].1).collect::<String>(),
            surname: readings[r].split(' ').collect(),
            given: given.iter().map(|g| GIVEN[*g].2).collect(),
        })
    })
}

fn is_safe(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || super::text::is_cjk(c)
}

proptest! {
    #[test]
    fn a_name_is_found_by_its_characters_pinyin_and_initials(name in name()) {
        let tokens = search_tokens(&name.written, &["某某公司"]);
        let full = name.surname.concat() + &name.given.concat();
        let initials: String = name
            .surname
            .iter()
            .chain(&name.given)
            .map(|s| &s[..1])
            .collect();
        let spaced = format!("{} {}", name.surname.concat(), name.given.concat());
        for query in [&name.simplified, &name.written, &full, &initials, &spaced] {
            let terms = query_terms(query);
            prop_assert!(matches(&tokens, &terms), "{query:?} -> {terms:?} not in {tokens}");
        }
    }

    #[test]
    fn a_name_matches_every_start_of_it(name in name(), tail in "[a-z ·]{0,3}", company in "[华为深圳a-z ]{0,6}") {
        // What lets a store page a surname from a name index: a name that
        // starts with CJK text (in its range) matches that text as a query.
        let written = format!("{}{tail}", name.written);
        let tokens = search_tokens(&written, &[&company]);
        for end in written.char_indices().map(|(i, _)| i).skip(1).chain([written.len()]) {
            let typed = &written[..end];
            let Some((from, to)) = name_prefix_range(typed) else { continue };
            prop_assert!(from.as_str() <= written.as_str() && written.as_str() < to.as_str(), "{typed:?} {written:?}");
            let terms = query_terms(typed);
            prop_assert!(matches(&tokens, &terms), "{typed:?} -> {terms:?} not in {tokens}");
        }
    }

    #[test]
    fn traditional_and_simplified_names_index_alike(name in name()) {
        prop_assert_eq!(search_tokens(&name.written, &[]), search_tokens(&name.simplified, &[]));
    }

    #[test]
    fn a_text_is_found_by_itself(text in "[a-zA-Z0-9 ,.张三李四華為深圳公司ＡＢ１２]{0,24}") {
        let terms = query_terms(&text);
        prop_assume!(!terms.is_empty());
        prop_assert!(matches(&search_tokens("", &[&text]), &terms));
        prop_assert!(matches(&search_tokens(&text, &[]), &terms));
    }

    #[test]
    fn tokens_and_terms_stay_safe_and_bounded(
        name in any::<String>(),
        extra in proptest::collection::vec(any::<String>(), 0..4),
        query in any::<String>(),
    ) {
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let tokens = search_tokens(&name, &extra);
        let list: Vec<&str> = tokens.split(' ').filter(|t| !t.is_empty()).collect();
        prop_assert_eq!(list.join(" "), tokens.clone(), "one space between tokens");
        prop_assert!(list.len() <= MAX_TOKENS);
        let mut unique = list.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), list.len(), "duplicates in {}", tokens);
        for token in &list {
            prop_assert!(token.chars().all(is_safe), "{token:?}");
            prop_assert!(token.chars().count() <= MAX_TOKEN_CHARS);
        }
        let terms = query_terms(&query);
        prop_assert!(terms.len() <= MAX_QUERY_TERMS);
        for term in &terms {
            prop_assert!(!term.text.is_empty() && term.text.chars().all(is_safe), "{term:?}");
        }
    }

    #[test]
    fn normalizing_twice_changes_nothing(text in any::<String>()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn cjk_folding_is_idempotent(text in "[\u{4e00}-\u{9fff}\u{3400}-\u{4dbf}]{1,16}") {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }
}
