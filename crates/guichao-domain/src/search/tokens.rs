//! The document side: the one `search_tokens` string a record is indexed by.

use std::collections::HashSet;

use super::pinyin;
use super::text::{Kind, clip, fold_char, is_cjk, normalize, normalize_unfolded, runs};
use super::{MAX_TEXT_CHARS, MAX_TOKEN_CHARS, MAX_TOKENS};

/// At most this many tokens come from one extra text, so that one long
/// company name or tag list cannot crowd out the others.
const MAX_TOKENS_PER_TEXT: usize = 64;

/// The search tokens of a record whose person name is `name` and whose other
/// searchable texts (companies, city, employer, tags) are `extra`, as one
/// string of space-separated tokens for the full-text index.
///
/// From every text, after [`normalize`]: the unigrams and
/// bigrams of each CJK run, and each word of ASCII letters and digits (also
/// split into its letter and digit parts when it mixes them). From the name
/// also its pinyin: full (`zhangsan`), initials (`zs`), surname (`zhang`),
/// given name (`san`) and every syllable, for each reading of a surname that
/// has several (曾 gives `zeng…` and `ceng…`).
///
/// Tokens contain only CJK ideographs, `a-z` and `0-9`; there are no
/// duplicates, the order is deterministic (name first) and there are at most
/// [`MAX_TOKENS`] tokens of at most [`MAX_TOKEN_CHARS`] characters each.
pub fn search_tokens(name: &str, extra: &[&str]) -> String {
    let mut out = TokenList::default();

    let written = normalize_unfolded(clip(name, MAX_TEXT_CHARS));
    let folded: String = written.chars().map(fold_char).collect();
    // Folding maps char to char, so the written and folded names line up.
    let (f, w): (Vec<char>, Vec<char>) = folded.chars().zip(written.chars()).filter(|(f, _)| is_cjk(*f)).unzip();
    // A name's characters are one run even when written 张 三 or 阿不都·买买提:
    // people type them together.
    out.extend(cjk_grams(&f), MAX_TOKENS);
    out.extend(
        runs(&folded).into_iter().filter(|(kind, _)| *kind == Kind::Word).flat_map(|(_, run)| word(run)).collect(),
        MAX_TOKENS,
    );
    out.extend(pinyin::name_tokens(&f, &w), MAX_TOKENS);

    for text in extra {
        let text = normalize(clip(text, MAX_TEXT_CHARS));
        out.extend(text_tokens(&text), MAX_TOKENS_PER_TEXT);
    }
    out.tokens.join(" ")
}

/// Unigrams and bigrams of the CJK runs and the words of normalised `text`,
/// in reading order so that a cut keeps the start of the text.
fn text_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (kind, run) in runs(text) {
        match kind {
            Kind::Cjk => out.extend(cjk_grams(&run.chars().collect::<Vec<_>>())),
            Kind::Word => out.extend(word(run)),
        }
    }
    out
}

/// A word, and its letter and digit parts when it mixes them: "huawei2024"
/// is also found by "2024", "3m" by "3".
fn word(run: &str) -> Vec<String> {
    let parts = split_letters_digits(run);
    let mut out = vec![run.to_string()];
    if parts.len() > 1 {
        out.extend(parts.into_iter().map(String::from));
    }
    out
}

/// Each character and each adjacent pair, interleaved in reading order.
fn cjk_grams(chars: &[char]) -> Vec<String> {
    let mut out = Vec::with_capacity(chars.len() * 2);
    for (i, c) in chars.iter().enumerate() {
        out.push(c.to_string());
        if let Some(next) = chars.get(i + 1) {
            out.push([*c, *next].iter().collect());
        }
    }
    out
}

fn split_letters_digits(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = word.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit() {
            parts.push(&word[start..i]);
            start = i;
        }
    }
    parts.push(&word[start..]);
    parts
}

/// Tokens in first-seen order without duplicates, capped in count and length.
#[derive(Default)]
struct TokenList {
    tokens: Vec<String>,
    seen: HashSet<String>,
}

impl TokenList {
    /// Adds at most `budget` of `tokens` (counting duplicates, so the work is
    /// bounded too), never going past [`MAX_TOKENS`] in all.
    fn extend(&mut self, tokens: Vec<String>, budget: usize) {
        for mut token in tokens.into_iter().take(budget) {
            if self.tokens.len() >= MAX_TOKENS {
                return;
            }
            // Tokens are ASCII words or one or two ideographs: truncating the
            // long ones by chars is safe and matches `query_terms`.
            if let Some((i, _)) = token.char_indices().nth(MAX_TOKEN_CHARS) {
                token.truncate(i);
            }
            if !token.is_empty() && self.seen.insert(token.clone()) {
                self.tokens.push(token);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{has, matches};
    use super::*;
    use crate::search::query_terms;

    #[test]
    fn zhang_san_is_found_every_way_people_type_it() {
        let tokens = search_tokens("张三", &[]);
        assert_eq!(tokens, "张 张三 三 zhangsan zs zhang san");
        for query in ["张", "张三", "張三", "zhangsan", "zhang", "zs", "san", "ZHANG SAN", "zha"] {
            assert!(matches(&tokens, &query_terms(query)), "{query}");
        }
        for query in ["李", "张四", "lisi", "zx"] {
            assert!(!matches(&tokens, &query_terms(query)), "{query}");
        }
    }

    #[test]
    fn a_traditional_name_gives_the_same_tokens_as_its_simplified_form() {
        assert_eq!(search_tokens("張三", &[]), search_tokens("张三", &[]));
        assert_eq!(search_tokens("歐陽娜娜", &[]), search_tokens("欧阳娜娜", &[]));
    }

    #[test]
    fn zeng_guofan_is_found_by_both_readings_of_the_surname() {
        let tokens = search_tokens("曾国藩", &[]);
        for query in ["zengguofan", "zeng", "cengguofan", "ceng", "zgf", "cgf", "guofan", "曾国"] {
            assert!(matches(&tokens, &query_terms(query)), "{query}");
        }
    }

    #[test]
    fn shan_and_dan_both_find_the_surname_dan() {
        let tokens = search_tokens("单雄信", &[]);
        for query in ["shanxiongxin", "danxiongxin", "shan", "dan", "sxx", "dxx", "單雄信"] {
            assert!(matches(&tokens, &query_terms(query)), "{query}");
        }
    }

    #[test]
    fn compound_surnames_are_one_surname() {
        let tokens = search_tokens("欧阳娜娜", &[]);
        for token in ["ouyangnana", "ouyang", "nana", "oynn", "欧阳", "阳娜"] {
            assert!(has(&tokens, token), "{token} in {tokens}");
        }
        let tokens = search_tokens("司马光", &[]);
        for token in ["simaguang", "sima", "guang", "smg"] {
            assert!(has(&tokens, token), "{token} in {tokens}");
        }
        assert!(has(&search_tokens("長孫無忌", &[]), "zhangsunwuji"));
    }

    #[test]
    fn extras_give_cjk_grams_words_and_digits() {
        let tokens =
            search_tokens("李四", &["深圳市华为技术有限公司", "Huawei", "深圳 Shenzhen", "2024届", "3M中国", "ＩＢＭ"]);
        for token in ["华为", "华", "技术", "huawei", "shenzhen", "2024", "届", "3m", "3", "m", "ibm"] {
            assert!(has(&tokens, token), "{token} in {tokens}");
        }
        for query in ["华为技术", "huawei 深圳", "2024", "shen", "李四 华为", "lisi huawei"] {
            assert!(matches(&tokens, &query_terms(query)), "{query}");
        }
        // Extras are not names: no pinyin from them.
        assert!(!has(&tokens, "shenzhenshi"));
    }

    #[test]
    fn a_name_without_cjk_still_gives_its_words() {
        let tokens = search_tokens("Tom O'Brien", &[]);
        assert_eq!(tokens, "tom o brien");
    }

    #[test]
    fn a_name_written_with_separators_is_still_one_run() {
        let tokens = search_tokens("张 三", &[]);
        assert!(has(&tokens, "张三") && has(&tokens, "zhangsan"));
        let tokens = search_tokens("阿不都热合曼·买买提", &[]);
        assert!(matches(&tokens, &query_terms("买买提")) && matches(&tokens, &query_terms("阿不都")));
        // Extras are different texts: no pair across a separator.
        assert!(!has(&search_tokens("", &["深圳 华为"]), "圳华"));
    }

    #[test]
    fn a_rare_character_without_pinyin_still_gives_unigrams() {
        let tokens = search_tokens("𠮷祥", &[]);
        assert!(has(&tokens, "𠮷") && has(&tokens, "𠮷祥") && has(&tokens, "xiang"));
    }

    #[test]
    fn hostile_input_is_bounded() {
        let long = "张三李四王五赵六abc123 ".repeat(10_000);
        let tokens = search_tokens(&long, &[&long, &long, &long, &long, &long]);
        let list: Vec<&str> = tokens.split(' ').collect();
        assert!(list.len() <= MAX_TOKENS);
        let word = "a".repeat(10_000);
        let tokens = search_tokens("", &[&word]);
        assert_eq!(tokens.len(), MAX_TOKEN_CHARS);
        assert!(matches(&tokens, &query_terms(&word)));
    }

    #[test]
    fn empty_input_gives_an_empty_string() {
        assert_eq!(search_tokens("", &[]), "");
        assert_eq!(search_tokens(" ,.!", &["", "  "]), "");
    }

    #[test]
    fn letters_and_digits_split() {
        assert_eq!(split_letters_digits("a1b22"), ["a", "1", "b", "22"]);
        assert_eq!(split_letters_digits("abc"), ["abc"]);
    }
}
