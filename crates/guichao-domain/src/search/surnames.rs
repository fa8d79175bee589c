//! Surname readings: the pinyin dictionaries give a character's most common
//! reading, which for many surnames is the wrong one (曾 is ceng in words but
//! zeng as a surname, 单 is dan but shan), and they know nothing of compound
//! surnames (欧阳, 长孙 read zhangsun).
//!
//! This table is authoritative for the first character(s) of a name. A
//! surname with several readings lists them all, the surname reading first:
//! people search by whichever they believe is right.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use super::text::CharHasher;

/// Surnames (simplified, after folding) and their readings, syllables
/// separated by spaces. Two-character keys are compound surnames.
const SURNAMES: &[(&str, &[&str])] = &[
    // Compound surnames.
    ("欧阳", &["ou yang"]),
    ("司马", &["si ma"]),
    ("诸葛", &["zhu ge"]),
    ("上官", &["shang guan"]),
    ("司徒", &["si tu"]),
    ("东方", &["dong fang"]),
    ("皇甫", &["huang fu"]),
    ("夏侯", &["xia hou"]),
    ("慕容", &["mu rong"]),
    ("令狐", &["ling hu"]),
    ("宇文", &["yu wen"]),
    ("长孙", &["zhang sun"]),
    ("尉迟", &["yu chi"]),
    ("公孙", &["gong sun"]),
    ("轩辕", &["xuan yuan"]),
    ("端木", &["duan mu"]),
    ("独孤", &["du gu"]),
    ("南宫", &["nan gong"]),
    ("西门", &["xi men"]),
    ("澹台", &["tan tai"]),
    ("司空", &["si kong"]),
    ("呼延", &["hu yan"]),
    ("闻人", &["wen ren"]),
    ("赫连", &["he lian"]),
    ("百里", &["bai li"]),
    ("东郭", &["dong guo"]),
    ("申屠", &["shen tu"]),
    ("太史", &["tai shi"]),
    ("钟离", &["zhong li"]),
    ("拓跋", &["tuo ba"]),
    ("公冶", &["gong ye"]),
    ("濮阳", &["pu yang"]),
    ("淳于", &["chun yu"]),
    ("单于", &["chan yu", "shan yu"]),
    ("万俟", &["mo qi"]),
    ("宗政", &["zong zheng"]),
    ("鲜于", &["xian yu"]),
    ("闾丘", &["lv qiu", "lu qiu"]),
    ("乐正", &["yue zheng"]),
    ("左丘", &["zuo qiu"]),
    ("谷梁", &["gu liang"]),
    ("第五", &["di wu"]),
    ("梁丘", &["liang qiu"]),
    ("仲孙", &["zhong sun"]),
    ("公羊", &["gong yang"]),
    ("亓官", &["qi guan"]),
    ("完颜", &["wan yan"]),
    // Single surnames whose surname reading differs from the dictionary's
    // most common one, or that have several readings in use.
    ("曾", &["zeng", "ceng"]),
    ("单", &["shan", "dan"]),
    ("解", &["xie", "jie"]),
    ("区", &["ou", "qu"]),
    ("仇", &["qiu", "chou"]),
    ("朴", &["piao", "pu"]),
    ("查", &["zha", "cha"]),
    ("盖", &["ge", "gai"]),
    ("乐", &["yue", "le"]),
    ("覃", &["qin", "tan"]),
    ("缪", &["miao", "mou"]),
    ("尉", &["yu", "wei"]),
    ("种", &["chong", "zhong"]),
    ("秘", &["bi", "mi"]),
    ("员", &["yun", "yuan"]),
    ("折", &["she", "zhe"]),
    ("万", &["wan", "mo"]),
    ("黑", &["he", "hei"]),
    ("召", &["shao", "zhao"]),
    ("繁", &["po", "fan"]),
    ("能", &["nai", "neng"]),
    ("任", &["ren"]),
    ("沈", &["shen"]),
    ("翟", &["zhai", "di"]),
    ("柏", &["bai", "bo"]),
    ("贾", &["jia"]),
    ("褚", &["chu"]),
    ("牟", &["mou", "mu"]),
    ("隗", &["wei", "kui"]),
    ("句", &["gou", "ju"]),
    ("都", &["du", "dou"]),
    ("莘", &["shen", "xin"]),
    ("谌", &["chen", "shen"]),
    ("粘", &["nian", "zhan"]),
    ("长", &["chang", "zhang"]),
    ("重", &["chong", "zhong"]),
    ("宿", &["su"]),
    ("藏", &["zang"]),
    ("华", &["hua"]),
    ("纪", &["ji"]),
    ("薄", &["bo"]),
    ("曲", &["qu"]),
    ("应", &["ying"]),
    ("蕃", &["pi", "fan"]),
    ("隽", &["juan", "jun"]),
    ("炅", &["gui", "jiong"]),
    ("郇", &["xun", "huan"]),
    ("那", &["na", "nuo"]),
    ("朝", &["chao", "zhao"]),
    ("宓", &["mi", "fu"]),
    ("叶", &["ye"]),
    ("石", &["shi"]),
    ("车", &["che"]),
];

/// [`lookup_readings`] with each reading split into its syllables.
#[cfg(test)]
pub(crate) fn lookup(name: &[char]) -> Option<(usize, Vec<Vec<&'static str>>)> {
    let (len, readings) = lookup_readings(name)?;
    Some((len, readings.iter().map(|r| r.split(' ').collect()).collect()))
}

/// The surname at the start of `name` (folded CJK characters): how many
/// characters it takes and its readings as the table writes them, syllables
/// separated by spaces. `None` when the table does not know it; the caller
/// then asks the dictionary.
///
/// A compound surname is only taken when something follows it: a two-
/// character name such as 上官 is more likely surname 上 and given name 官.
pub(crate) fn lookup_readings(name: &[char]) -> Option<(usize, &'static [&'static str])> {
    let first = name.first()?;
    // Compound surnames come first in the table, so 单于 wins over 单.
    let (key, readings) = KEYS.get(first)?.iter().find(|(key, _)| {
        let w = key.len();
        (w == 1 || w < name.len()) && key.iter().zip(name).all(|(k, n)| k == n)
    })?;
    Some((key.len(), readings))
}

/// [`SURNAMES`] by the first character of the key, the keys as characters, in
/// the table's order.
type Keys = HashMap<char, Vec<(Vec<char>, &'static [&'static str])>, BuildHasherDefault<CharHasher>>;
static KEYS: LazyLock<Keys> = LazyLock::new(|| {
    let mut keys = Keys::default();
    for (key, readings) in SURNAMES {
        let key: Vec<char> = key.chars().collect();
        // (An empty key would match every name; the table has none.)
        assert!(!key.is_empty(), "an empty surname");
        keys.entry(key[0]).or_default().push((key, *readings));
    }
    keys
});

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn compound_surnames_take_two_characters() {
        let (len, readings) = lookup(&chars("欧阳娜娜")).unwrap();
        assert_eq!(len, 2);
        assert_eq!(readings, vec![vec!["ou", "yang"]]);
        assert_eq!(lookup(&chars("长孙无忌")).unwrap().1, vec![vec!["zhang", "sun"]]);
    }

    #[test]
    fn a_two_character_name_is_not_all_surname() {
        // 上 is not in the table: the dictionary will read it.
        assert_eq!(lookup(&chars("上官")), None);
        assert_eq!(lookup(&chars("单于")).unwrap().0, 1);
    }

    #[test]
    fn many_reading_surnames_list_the_surname_reading_first() {
        assert_eq!(lookup(&chars("曾国藩")).unwrap(), (1, vec![vec!["zeng"], vec!["ceng"]]));
        assert_eq!(lookup(&chars("单雄信")).unwrap().1[0], vec!["shan"]);
    }

    #[test]
    fn unknown_surnames_and_empty_names_are_left_to_the_dictionary() {
        assert_eq!(lookup(&chars("张三")), None);
        assert_eq!(lookup(&[]), None);
    }

    #[test]
    fn every_key_is_one_or_two_characters_and_readings_are_ascii() {
        for (key, readings) in SURNAMES {
            assert!((1..=2).contains(&key.chars().count()), "{key}");
            assert!(!readings.is_empty(), "{key}");
            for r in *readings {
                assert_eq!(r.split(' ').count(), key.chars().count(), "{key} {r}");
                assert!(r.chars().all(|c| c.is_ascii_lowercase() || c == ' '), "{r}");
            }
        }
    }
}
