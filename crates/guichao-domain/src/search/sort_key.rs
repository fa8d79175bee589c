//! The order of names in lists: by pinyin, as a Chinese reader expects
//! (丁 ding, 单 shan, 万 wan, 严 yan, 曾 zeng, 张 zhang), not by code point.
//!
//! A name becomes a key that sorts byte by byte (a store compares it with a
//! binary collation): its syllables first, each character read once (the
//! surname by its surname reading, the given name by the dictionary's most
//! common one), Latin words folded to lower case among them; then the name as
//! written, so that names read alike sort by their characters.

use ::pinyin::ToPinyin;

use super::surnames;
use super::text::{fold_char, is_cjk, normalize};

/// Between syllables: below every letter and digit, so that `li` sorts
/// before `lian` (李四 before 连三).
const SYLLABLE: char = '.';
/// Between the syllables and the name as written: below [`SYLLABLE`], so
/// that 张三 sorts before 张三丰.
const SECTION: char = ' ';

/// The sort key of a name (see the module docs). Characters without a
/// reading sort after `z`, by themselves.
pub fn sort_key(name: &str) -> String {
    let name = name.trim();
    let written: Vec<char> = name.chars().collect();
    let folded: Vec<char> = written.iter().map(|&c| fold_char(c)).collect();
    let mut key = String::with_capacity(name.len() * 3);
    let mut i = 0;
    if let Some((len, readings)) = surnames::lookup_readings(&folded) {
        readings[0].split(' ').for_each(|s| syllable(&mut key, s));
        i = len;
    }
    while i < written.len() {
        if is_cjk(written[i]) {
            match reading(folded[i]).or_else(|| reading(written[i])) {
                Some(r) => syllable(&mut key, &r),
                None => syllable(&mut key, written[i].encode_utf8(&mut [0; 4])),
            }
            i += 1;
            continue;
        }
        let end = written[i..].iter().position(|&c| is_cjk(c)).map_or(written.len(), |n| i + n);
        let run: String = written[i..end].iter().collect();
        normalize(&run)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .for_each(|w| syllable(&mut key, w));
        i = end;
    }
    key.push(SECTION);
    key.push_str(name);
    key
}

fn syllable(key: &mut String, s: &str) {
    if !key.is_empty() {
        key.push(SYLLABLE);
    }
    key.push_str(s);
}

/// The dictionary's most common reading in ASCII, ü written `v` (as input
/// methods do, which also sorts lü after lu as dictionaries do).
fn reading(c: char) -> Option<String> {
    let plain = c.to_pinyin()?.plain();
    let r: String = plain
        .chars()
        .filter_map(|ch| match ch {
            'ü' => Some('v'),
            'ê' => Some('e'),
            ch if ch.is_ascii_lowercase() => Some(ch),
            _ => None,
        })
        .collect();
    (!r.is_empty()).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<&str> = names.to_vec();
        v.sort_by_key(|n| sort_key(n));
        v.into_iter().map(str::to_string).collect()
    }

    #[test]
    fn names_sort_by_pinyin_not_code_point() {
        // By code point: 丁 万 严 单 张 曾.
        assert_eq!(
            sorted(&["万芳", "严明", "丁一", "张三", "曾国藩", "单雄信"]),
            ["丁一", "单雄信", "万芳", "严明", "曾国藩", "张三"]
        );
    }

    #[test]
    fn surnames_take_their_surname_reading() {
        assert!(sort_key("单雄信").starts_with("shan.xiong.xin "));
        assert!(sort_key("曾国藩").starts_with("zeng.guo.fan "));
        assert!(sort_key("长孙无忌").starts_with("zhang.sun.wu.ji "));
        assert!(sort_key("解缙").starts_with("xie."));
    }

    #[test]
    fn a_given_name_takes_the_dictionary_reading() {
        // 长 as a surname is chang (the surname table); in a given name it is
        // read as the dictionary's most common reading, zhang.
        assert!(sort_key("长江").starts_with("chang.jiang "));
        assert!(sort_key("周长").starts_with("zhou.zhang "));
        assert!(sort_key("单长").starts_with("shan.zhang "));
    }

    #[test]
    fn syllable_by_syllable_then_shorter_first() {
        assert_eq!(sorted(&["连三", "李四"]), ["李四", "连三"]);
        assert_eq!(sorted(&["张三丰", "张三"]), ["张三", "张三丰"]);
        assert_eq!(sorted(&["吕布", "陆逊", "罗成"]), ["陆逊", "罗成", "吕布"]);
    }

    #[test]
    fn names_read_alike_sort_by_character() {
        // 伞 and 三 are both san: the character decides, the same every time.
        assert_eq!(sorted(&["张伞", "张三"]), ["张三", "张伞"]);
        assert!(sort_key("張三") > sort_key("张三"));
        assert!(sort_key("張三").starts_with("zhang.san "));
    }

    #[test]
    fn latin_names_fold_into_the_same_sequence() {
        assert_eq!(sorted(&["Zoe Li", "王五", "anna", "Bob"]), ["anna", "Bob", "王五", "Zoe Li"]);
        assert!(sort_key("ＡＮＮＡ").starts_with("anna "));
        assert!(sort_key("阿依古丽·买买提").starts_with("a.yi.gu.li.mai.mai.ti "));
    }

    #[test]
    fn unreadable_characters_sort_after_every_letter() {
        assert!(sort_key("𠮷祥") > sort_key("左右"));
        assert_eq!(sort_key(""), " ");
        assert_eq!(sort_key(" 张三 "), sort_key("张三"));
    }
}
